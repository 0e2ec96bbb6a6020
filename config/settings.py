"""Load settings: built-in defaults < TOML config file < ``UNIONFLOW_*`` environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Settings:
    """Everything that varies between installations; no business logic."""

    instance_path: Path = field(default_factory=lambda: Path("instance").resolve())
    database_url: str = ""
    sqlite_busy_timeout_ms: int = 5000
    timezone: str = TIMEZONE
    config_file: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or the default SQLite file in the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_path / 'unionflow.db'}"


_ENV_PREFIX = "UNIONFLOW_"
_KNOWN = {f.name for f in fields(Settings)} - {"extra", "config_file"}


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if name == "instance_path":
        return Path(value).resolve()
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"setting {name!r} must be a whole number, got {value!r}") from None
    return str(value)


def load_settings(
    config_file: str | os.PathLike[str] | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Build settings from defaults, the config file (``UNIONFLOW_CONFIG`` or given) and the environment.

    The config file is TOML with the setting names as keys at the top level; tables with other names are
    kept in ``extra`` for the parts of the product that own them (workflow policies, channels).
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    path = config_file or env.get(_ENV_PREFIX + "CONFIG")
    if path is None:
        candidate = settings.instance_path / "unionflow.toml"
        path = candidate if candidate.exists() else None
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ValueError(f"config file {path} does not exist") from None
        except tomllib.TOMLDecodeError as err:
            raise ValueError(f"config file {path} is not valid TOML: {err}") from None
        for key, value in data.items():
            if key in _KNOWN:
                values[key] = _coerce(key, value)
            else:
                extra[key] = value
    for name in _KNOWN:
        raw = env.get(_ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _coerce(name, raw)
    if values.get("timezone", TIMEZONE) != TIMEZONE:
        raise ValueError("timezone is fixed to Asia/Shanghai: deadlines follow mainland China's calendar")
    return replace(settings, config_file=Path(path) if path else None, extra=extra, **values)
