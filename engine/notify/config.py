"""Notification settings: the ``[notify]`` config tables (SMTP server, chat robots) and ``[web] base_url``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from config import Settings, load_settings
from engine.notify.texts import TEXTS, Text

SECURITY = ("none", "starttls", "ssl")
ROBOT_KINDS = ("wecom", "dingtalk")
_CACHE = "_notify_config"


@dataclass(frozen=True)
class Smtp:
    """``[notify.smtp]``: where e-mail goes out."""

    host: str = "127.0.0.1"
    port: int = 25
    security: str = "none"  # "starttls" | "ssl" | "none"
    username: str | None = None
    password: str | None = None
    sender: str = "unionflow@localhost"
    timeout: float = 30.0


@dataclass(frozen=True)
class Robot:
    """One ``[[notify.robots]]`` entry: a group chat robot told about an organisation's role notifications."""

    name: str
    organisation: int
    kind: str  # "wecom" | "dingtalk"
    url: str
    secret: str | None = None  # DingTalk's signing secret ("SEC…")
    language: str = "zh"


@dataclass(frozen=True)
class NotifyConfig:
    smtp: Smtp = field(default_factory=Smtp)
    robots: tuple[Robot, ...] = ()
    base_url: str = "http://127.0.0.1:5000"
    max_attempts: int = 8  # failed tries before a delivery is given up (``failed``)
    http_timeout: float = 10.0
    robot_per_minute: int = 20  # WeCom and DingTalk block a robot that posts more
    texts: Mapping[str, Text] = field(default_factory=lambda: TEXTS, compare=False, repr=False)

    def robot(self, name: str | None) -> Robot | None:
        return next((r for r in self.robots if r.name == name), None)

    def robots_for(self, organisation_id: int | None) -> list[Robot]:
        return [r for r in self.robots if r.organisation == organisation_id]

    @classmethod
    def from_settings(cls, settings: Settings) -> NotifyConfig:
        raw: dict[str, Any] = dict(settings.extra.get("notify", {}))
        smtp = _build(Smtp, raw.pop("smtp", {}), "[notify.smtp]")
        if smtp.security not in SECURITY:
            raise ValueError(f"[notify.smtp] security must be one of {', '.join(SECURITY)}, not {smtp.security!r}")
        robots = tuple(_build(Robot, r, "[[notify.robots]]") for r in raw.pop("robots", []))
        for r in robots:
            if r.kind not in ROBOT_KINDS:
                raise ValueError(f"[[notify.robots]] {r.name!r}: kind must be wecom or dingtalk, not {r.kind!r}")
            if not r.url.startswith(("http://", "https://")):
                raise ValueError(f"[[notify.robots]] {r.name!r}: url must start with http:// or https://")
            if r.language not in ("zh", "en"):
                raise ValueError(f"[[notify.robots]] {r.name!r}: language must be zh or en")
        names = [r.name for r in robots]
        if len(set(names)) != len(names):
            raise ValueError("[[notify.robots]] names must differ: deliveries find their robot by name")
        base_url = str(settings.extra.get("web", {}).get("base_url", cls.base_url)).rstrip("/")
        options = _build(cls, raw, "[notify]", skip=("smtp", "robots", "base_url"))
        if options.max_attempts < 1 or options.robot_per_minute < 1 or options.http_timeout <= 0:
            raise ValueError("[notify] max_attempts, robot_per_minute and http_timeout must be positive")
        return cls(smtp, robots, base_url, options.max_attempts, options.http_timeout, options.robot_per_minute)


def _build(kind: type, raw: Any, where: str, skip: tuple[str, ...] = ()) -> Any:
    if not isinstance(raw, dict):
        raise ValueError(f"{where} in the config must be a table")
    known = {f.name: f.type for f in fields(kind)} if hasattr(kind, "__dataclass_fields__") else {}
    unknown = sorted(set(raw) - set(known) | (set(raw) & set(skip)))
    if unknown:
        raise ValueError(f"{where} in the config has unknown settings: {', '.join(unknown)}")
    values = {}
    for name, value in raw.items():
        wanted = str(known[name])
        try:
            values[name] = (int(value) if wanted == "int" else float(value) if wanted == "float"
                            else str(value) if value is not None else None)
        except (TypeError, ValueError):
            raise ValueError(f"{where} {name} must be a number, got {value!r}") from None
    try:
        return kind(**values)
    except TypeError as err:  # a required setting is missing
        raise ValueError(f"{where} in the config is incomplete: {err}") from None


def configure(env: Any, settings: Settings | NotifyConfig) -> NotifyConfig:
    """Give an ``Env`` its notification settings (``services.open_env`` does this with the loaded config)."""
    found = settings if isinstance(settings, NotifyConfig) else NotifyConfig.from_settings(settings)
    # The registry's texts, which its workflows fill as they register (possibly after this call).
    found = replace(found, texts=env.registry.texts) if hasattr(env, "registry") else found
    env.__dict__[_CACHE] = found
    return found


def config_of(env: Any) -> NotifyConfig:
    """The env's notification settings; an env nobody configured reads the process's config file once."""
    found = env.__dict__.get(_CACHE)
    if found is None:
        settings = getattr(env, "settings", None)
        found = configure(env, settings if isinstance(settings, Settings) else load_settings())
    return found
