"""The return's figures computed from what the system holds for one union and year: each domain asked through its
public services, the cases counted by the database (grouped, never loaded one by one)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from engine import services
from engine.time.calendar import TZ
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress
from workflows.disclosures import services as disclosures
from workflows.proposals import services as proposals
from workflows.requests import services as requests
from workflows.returns.lines import COUNTS
from workflows.returns.members import member_figures

LIKED = ("satisfied", "basically_satisfied")  # a proposer's ratings counted as satisfied


def _groups(env: services.Env, workflow: str, union_id: int, keys: Sequence[str]) -> list[dict[str, Any]]:
    scope = services.Scope(workflow, union_id)
    return services.count_cases(env, services.SYSTEM_ACTOR, scope, keys, from_rollups=False)


def _in(year: int, day: Any) -> bool:
    return isinstance(day, date) and day.year == year


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _proposals(env: services.Env, union_id: int, year: int) -> dict[str, int]:
    found = dict.fromkeys(("proposals_submitted", "proposals_accepted", "proposals_answered", "proposals_on_time",
                           "proposals_satisfied"), 0)
    keys = ("day.submit", "has.accept", "day.answer", "data.due_date", "data.result")
    for g in _groups(env, proposals.NAME, union_id, keys):
        if not _in(year, g["day.submit"]):
            continue
        n, answered, due = g["count"], g["day.answer"], _day(g["data.due_date"])
        found["proposals_submitted"] += n
        found["proposals_accepted"] += n if g["has.accept"] else 0
        if answered is not None:
            found["proposals_answered"] += n
            found["proposals_on_time"] += n if due is None or answered <= due else 0
        found["proposals_satisfied"] += n if g["data.result"] in LIKED else 0
    return found


def _bargaining(env: services.Env, union_id: int, year: int, today: date) -> dict[str, int]:
    """In force as the level above counts them (the union's own and the regional or industry agreements covering
    it, none past its expiry); filed: the union's own filed in the year (a regional one is filed by its leader)."""
    agreements = bargaining.figures_below(env, union_id, today)
    found = {"agreements_in_force": sum(f.in_force for f in agreements.values()), "agreements_filed": 0}
    for g in _groups(env, bargaining.NAME, union_id, ("day.file",)):
        found["agreements_filed"] += g["count"] if _in(year, g["day.file"]) else 0
    return found


def _disclosures(env: services.Env, union_id: int, year: int) -> dict[str, int]:
    return {"disclosures_published": sum(g["count"] for g in _groups(env, disclosures.NAME, union_id, ("day.publish",))
                                         if _in(year, g["day.publish"]))}


def _requests(env: services.Env, union_id: int, year: int) -> dict[str, int]:
    found = {"requests_received": 0, "requests_answered": 0}
    for g in _groups(env, requests.NAME, union_id, ("day.start", "has.reply", "has.send_reply")):
        if _in(year, g["day.start"]):
            found["requests_received"] += g["count"]
            found["requests_answered"] += g["count"] if g["has.reply"] or g["has.send_reply"] else 0
    return found


def _congress(env: services.Env, union_id: int, year: int) -> dict[str, int]:
    c = congress.year_figures(env, union_id, year)
    return {"reps_total": c.representatives, "reps_women": c.women, "reps_managers": c.managers,
            "congress_sessions": c.sessions_held, "congress_quorum_met": c.quorum_met,
            "congress_secret_ballots": c.secret_ballots}


def compute(env: services.Env, union_id: int, year: int, today: date | None = None) -> dict[str, int]:
    """Every count line of the union's return for ``year``, as the system holds it now (a year not over is
    counted up to ``today``)."""
    today = today or env.clock.now().astimezone(TZ).date()
    values: dict[str, int] = {}
    values.update(member_figures(env, union_id, year, today))
    values.update(_congress(env, union_id, year))
    values.update(_proposals(env, union_id, year))
    values.update(_bargaining(env, union_id, year, today))
    values.update(_disclosures(env, union_id, year))
    values.update(_requests(env, union_id, year))
    return {code: int(values.get(code) or 0) for code in COUNTS}
