"""The members' lines of the return, from the membership register (``workflows.members``)."""

from __future__ import annotations

from datetime import date

from engine import services


def member_figures(env: services.Env, union_id: int, year: int, today: date) -> dict[str, int]:
    """Members on the register at the year's end (or ``today``), women among them, admitted and left in the year."""
    return {}
