"""A year's proposals of many unions as the level above sees them: how many were made, assigned, answered,
answered on time, rated, and rated satisfied or basically satisfied, per union, counted by the database. Drafts,
co-signing and withdrawn proposals are the proposers' own and are never counted (``terms.PRIVATE``); no proposal
is read, only counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine import services
from engine.time.calendar import TZ
from workflows.proposals.spec import NAME
from workflows.proposals.terms import NOT_RATED, PRIVATE, RATINGS

LIKED = ("satisfied", "basically_satisfied")


@dataclass
class ProposalFigures:
    """One union's proposals of the year."""

    made: int = 0
    assigned: int = 0
    answered: int = 0
    on_time: int = 0
    rated: int = 0
    liked: int = 0

    @property
    def satisfaction(self) -> float | None:
        return self.liked / self.rated if self.rated else None

    def add(self, other: ProposalFigures) -> None:
        for key in ("made", "assigned", "answered", "on_time", "rated", "liked"):
            setattr(self, key, getattr(self, key) + getattr(other, key))


def figures_below(env: services.Env, under: int, year: int) -> dict[int, ProposalFigures]:
    """Each organisation's proposals sent in ``year`` (started that year, Asia/Shanghai), below ``under``, in one
    grouped query: a few rows per union whatever the number of proposals."""
    scope = services.Scope(NAME, under=under, exclude_states=PRIVATE,
                           created=(datetime(year, 1, 1, tzinfo=TZ), datetime(year + 1, 1, 1, tzinfo=TZ)))
    found: dict[int, ProposalFigures] = {}
    if NAME not in {entry.spec.name for entry in env.registry}:
        return found
    for g in services.count_cases(env, services.SYSTEM_ACTOR, scope,
                                  ("org", "has.assign", "has.answer", "by.answer.due_date", "data.result")):
        f, n = found.setdefault(g["org"], ProposalFigures()), g["count"]
        f.made += n
        f.assigned += n if g["has.assign"] else 0
        if g["has.answer"]:
            f.answered += n
            f.on_time += n if g["by.answer.due_date"] is not False else 0
        if g["data.result"] in RATINGS and g["data.result"] != NOT_RATED:
            f.rated += n
            f.liked += n if g["data.result"] in LIKED else 0
    return found
