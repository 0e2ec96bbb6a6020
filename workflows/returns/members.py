"""The members' lines of the return, from the member register (``workflows.members``)."""

from __future__ import annotations

from datetime import date

from engine import services
from workflows.members import services as members


def member_figures(env: services.Env, union_id: int, year: int, today: date) -> dict[str, int]:
    """On the register at the year's end (or ``today`` in a year not over), women among them, and the year's
    admissions, transfers in, and those who left or transferred out."""
    on = min(date(year, 12, 31), today)
    c = members.member_counts(env, [union_id], on)[union_id]
    return {"members_total": c.total, "members_women": c.women, "members_admitted": c.admitted,
            "members_transferred_in": c.transferred_in, "members_left": c.left + c.transferred_out}
