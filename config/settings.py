"""Typed settings: built-in defaults < TOML config file < ``UNIONFLOW_*`` environment < keyword arguments."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, Field, NonNegativeInt, ValidationError, create_model, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings import SettingsError as SourceError

from config.explain import explain
from config.sections import Section, declared, defaults

TIMEZONE = "Asia/Shanghai"
ENV_PREFIX = "UNIONFLOW_"
NESTED = "__"


class SettingsError(ValueError):
    """Settings refused: the message names where each bad value came from and its dotted key."""


class Web(Section):
    """``[web]``: the address people reach the product at, and the key that signs its cookies."""

    base_url: str = "http://127.0.0.1:5000"  # the links in e-mails and chat messages
    secret_key: str | None = None  # else generated once into the instance folder
    # A download of more rows than this is written in the background (the page follows its progress).
    export_background_rows: NonNegativeInt = 2000
    # Reverse proxies in front that append to X-Forwarded-For / X-Forwarded-Proto; 0 (the default) trusts no
    # such header, so the client address that sign-in throttling counts is the connection's.
    trusted_proxies: NonNegativeInt = 0
    # Cookies only over HTTPS (Secure) and Strict-Transport-Security; unset: when base_url is https://.
    https: bool | None = None
    # Who reads the public proposal register (提案公开): signed-in staff, or anyone, without signing in (only the
    # proposals at its public steps, as the register lists them; nothing else becomes readable).
    public_register: Literal["staff", "anyone"] = "staff"

    @property
    def uses_https(self) -> bool:
        return self.https if self.https is not None else self.base_url.lower().startswith("https://")


@dataclass(frozen=True)
class _Loading:
    """What ``load_settings`` reads besides the keyword arguments: the environment and the file's tables."""

    environ: Mapping[str, str]
    table: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


_LOADING: ContextVar[_Loading | None] = ContextVar("unionflow_settings_loading", default=None)


class _Environment(EnvSettingsSource):
    """``UNIONFLOW_*`` variables from a given mapping (``load_settings(environ=…)``), not only ``os.environ``."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {k.lower(): v for k, v in self._environ.items() if k.upper().startswith(ENV_PREFIX)}


class _TomlFile(InitSettingsSource):
    """The config file's tables, read by ``load_settings`` (so that a missing or broken file is named)."""

    def __repr__(self) -> str:
        return "TomlFile"


class Settings(BaseSettings):
    """Everything that varies between installations; no business logic.

    Built in code (``Settings(database_url=…, congress={…})``) it holds what it is given over the defaults;
    ``load_settings`` adds the environment and the config file. Besides the core keys it has one table per
    ``declare_section`` made before it was built; ``section(name)`` reads one.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter=NESTED, extra="forbid",
                                      frozen=True, case_sensitive=False)

    instance_path: Path = Field(default_factory=lambda: Path("instance").resolve())
    database_url: str = ""
    # Several web processes: the URL above may lead through PgBouncer in transaction mode (then set
    # database_pooled, so no server-side prepared statements are made); the scheduler holds a session-level
    # advisory lock, so it connects past the pooler: database_scheduler_url, else database_url.
    database_pooled: bool = False
    database_scheduler_url: str = ""
    # A streaming replica that dashboards, federation views, reports and exports read from; after a user's own
    # write their reads go to the primary for database_read_your_writes_seconds.
    database_read_url: str = ""
    database_read_your_writes_seconds: float = Field(default=5.0, ge=0)
    sqlite_busy_timeout_ms: int = 5000
    timezone: str = TIMEZONE
    config_file: Path | None = None
    web: Web = Field(default_factory=Web)

    def __new__(cls, *args: Any, **kwargs: Any) -> Settings:
        # Settings(...) gives an instance of the class that knows every table declared so far.
        return super().__new__(_with_sections() if cls is Settings else cls)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as err:
            raise SettingsError(explain(err, _origin)) from None
        except SourceError as err:  # an environment variable that is not valid JSON for its table
            raise SettingsError(f"environment: {err}") from None

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   **_others: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        loading = _LOADING.get()
        if loading is None:  # built in code: exactly what it is given, never the process's environment
            return (init_settings,)
        return init_settings, _Environment(settings_cls, loading.environ), _TomlFile(settings_cls, loading.table)

    @field_validator("instance_path")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @field_validator("timezone")
    @classmethod
    def _fixed_timezone(cls, value: str) -> str:
        if value != TIMEZONE:
            raise ValueError("fixed to Asia/Shanghai: deadlines follow mainland China's calendar")
        return value

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or the default SQLite file in the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_path / 'unionflow.db'}"

    @property
    def scheduler_database_url(self) -> str:
        """Where the scheduler connects: past any pooler, since its lock is a session's."""
        return self.database_scheduler_url or self.effective_database_url

    def section(self, name: str) -> Any:
        """The table ``[name]`` as its declared model (its defaults if it was declared after these settings)."""
        found = getattr(self, name, None) if name in type(self).model_fields else None
        return found if isinstance(found, BaseModel) else defaults(name)

    @property
    def extra(self) -> Mapping[str, Any]:
        """Transitional, read-only: the declared tables that were set, as plain values; use ``section``."""
        names = [n for n in declared() if n in self.model_fields_set]
        return MappingProxyType({n: getattr(self, n).model_dump(exclude_unset=True) for n in names})


@cache
def _class_for(tables: tuple[tuple[str, type[BaseModel]], ...]) -> type[Settings]:
    fields: dict[str, Any] = {name: (model, Field(default_factory=model)) for name, model in tables}
    return create_model("Settings", __base__=Settings, __module__=__name__, **fields)


def _with_sections() -> type[Settings]:
    return _class_for(tuple(sorted(declared().items())))


def _origin(loc: tuple[str | int, ...]) -> str:
    """Where a bad value came from: the environment variable that set it, else the config file."""
    loading = _LOADING.get()
    if loading is None:  # built in code: the key says it all
        return ""
    names = {k.upper() for k in loading.environ}
    for end in range(len(loc), 0, -1):
        name = ENV_PREFIX + NESTED.join(str(part) for part in loc[:end]).upper()
        if name in names:
            return f"environment variable {name}"
    return f"config file {loading.path}" if loading.path else ""


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"config file {path} is not valid TOML: {err}") from None


def load_settings(config_file: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the defaults, the config file (given, ``UNIONFLOW_CONFIG``, or ``instance/unionflow.toml``
    when present) and the ``UNIONFLOW_*`` environment, nested keys as ``UNIONFLOW_NOTIFY__SMTP__PASSWORD``.

    The file has the core keys at its top level and one table per declared section; an unknown key or table,
    or a value of the wrong type, is refused with a ``SettingsError`` naming the file (or variable) and the key.
    Packages declare their tables when imported: import them before loading.
    """
    env = os.environ if environ is None else environ
    given = config_file or env.get(ENV_PREFIX + "CONFIG")
    if given is None:
        candidate = Path("instance").resolve() / "unionflow.toml"
        given = candidate if candidate.exists() else None
    path = Path(given) if given is not None else None
    table = _read(path) if path is not None else {}
    token = _LOADING.set(_Loading(env, table, path))
    try:
        return _with_sections()(config_file=path)
    finally:
        _LOADING.reset(token)
