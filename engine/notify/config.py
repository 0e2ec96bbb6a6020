"""Notification settings as a process uses them: the ``[notify]`` tables, ``[web] base_url`` and the texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from config import Settings, load_settings
from engine.notify.settings import NotifyTable, Robot, Smtp
from engine.notify.texts import TEXTS, Text

__all__ = ["NotifyConfig", "Robot", "Smtp", "config_of", "configure"]
_CACHE = "_notify_config"


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
        table: NotifyTable = settings.section("notify")
        return cls(table.smtp, table.robots, settings.web.base_url.rstrip("/"), table.max_attempts,
                   table.http_timeout, table.robot_per_minute)


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
