"""The ``[demo]`` config table: whether the sign-in page lists the demo union's accounts, and their password."""

from __future__ import annotations

from config import Section, declare_section


class DemoTable(Section):
    """Written by ``unionflow demo`` into ``instance/unionflow.toml``."""

    enabled: bool = False
    password: str | None = None  # else the demo's default


declare_section("demo", DemoTable)
