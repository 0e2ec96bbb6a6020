"""The ``[notify]`` config tables: the SMTP server, the chat robots and the delivery limits."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import ConfigDict, PositiveFloat, PositiveInt, field_validator, model_validator
from pydantic.dataclasses import dataclass

from config import Section, declare_section

_TABLE = ConfigDict(extra="forbid")


@dataclass(frozen=True, config=_TABLE)
class Smtp:
    """``[notify.smtp]``: where e-mail goes out."""

    host: str = "127.0.0.1"
    port: int = 25
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    password: str | None = None  # or UNIONFLOW_NOTIFY__SMTP__PASSWORD, to keep it out of the file
    sender: str = "unionflow@localhost"
    timeout: PositiveFloat = 30.0
    allow_plaintext: bool = False  # a login over an unencrypted connection to another host

    @model_validator(mode="after")
    def _no_plaintext_login(self) -> Smtp:
        """Local security practice: the SMTP password never crosses the network in clear text."""
        if self.username and self.security == "none" and not _loopback(self.host) and not self.allow_plaintext:
            raise ValueError(
                f"logging in to {self.host} without TLS would send the password in clear text (local security "
                "practice): set security = \"starttls\" or \"ssl\", or allow_plaintext = true")
        return self


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, config=_TABLE)
class Robot:
    """One ``[[notify.robots]]`` entry: a group chat robot told about an organisation's role notifications."""

    name: str
    organisation: int
    kind: Literal["wecom", "dingtalk"]
    url: str
    secret: str | None = None  # DingTalk's signing secret ("SEC…")
    language: Literal["zh", "en"] = "zh"

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value


class NotifyTable(Section):
    """``[notify]``: how often a delivery is tried, the robots' limits, the server and the robots."""

    smtp: Smtp = Smtp()
    robots: tuple[Robot, ...] = ()
    max_attempts: PositiveInt = 8  # failed tries before a delivery is given up (``failed``)
    http_timeout: PositiveFloat = 10.0
    robot_per_minute: PositiveInt = 20  # WeCom and DingTalk block a robot that posts more

    @model_validator(mode="after")
    def _names_differ(self) -> NotifyTable:
        names = [r.name for r in self.robots]
        if len(set(names)) != len(names):
            raise ValueError("robot names must differ: deliveries find their robot by name")
        return self


declare_section("notify", NotifyTable)
