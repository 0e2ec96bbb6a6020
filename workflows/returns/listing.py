"""A federation's list of its unions' returns for a year, a page at a time: every union below it, where its return
stands and the day it is due, those still to come first (no return, not submitted, returned, to review), then the
accepted, each group by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.store.models import Case, Organisation
from workflows.returns.settings import DEFAULT_DUE, due_on
from workflows.returns.terms import ACCEPTED, DRAFT, DUE_POLICY, NAME, RETURNED, SUBMITTED

cases, orgs = Case.__table__, Organisation.__table__
NOT_STARTED = "none"
ORDER = {DRAFT: 1, RETURNED: 2, SUBMITTED: 3, ACCEPTED: 4}  # no return: 0
OPEN = (NOT_STARTED, DRAFT, RETURNED)  # the union still has to submit


@dataclass(frozen=True, slots=True)
class UnionReturn:
    """One union's return for the year: its step (``none`` without one), the case when the federation may open it
    (submitted once), the day it is due and whether that day has passed with the return not submitted."""

    union_id: int
    name: str
    state: str
    case_id: int | None
    due: date
    overdue: bool
    to_come: bool  # the union has still to submit it
    accepted: bool


def due_of(env: services.Env, year: int, data: dict[str, Any] | None = None) -> date:
    """The day a return of ``year`` is due: the one its case recorded, else ``[return] due`` of the next year."""
    recorded = (data or {}).get("due_on")
    return date.fromisoformat(recorded) if recorded else due_on(year, env.registry.policy(DUE_POLICY, DEFAULT_DUE))


def is_overdue(state: str, due: date, today: date) -> bool:
    return state in OPEN and today > due


def _due_text(env: services.Env) -> sa.ColumnElement[Any]:
    if env.db.sqlite:
        return sa.func.json_extract(cases.c.data, "$.due_on")
    return sa.func.jsonb_extract_path_text(cases.c.data, "due_on")


def union_returns(env: services.Env, federation_id: int, year: int, today: date, page: int = 1,
                  per_page: int = 50) -> services.Page[UnionReturn]:
    """A page of the unions below the federation with their returns for ``year``; who may see it is the services'
    business."""
    u, c = orgs.alias("u"), cases.c
    page = max(1, page)
    with env.db.read() as conn:
        path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == federation_id)).scalar_one()
        below = sa.and_(u.c.path.like(path + "%"), u.c.kind == "union")
        total = conn.execute(sa.select(sa.func.count()).select_from(u).where(below)).scalar_one()
        rank = sa.case(ORDER, value=c.state, else_=0)
        rows = conn.execute(
            sa.select(u.c.id, u.c.name, c.state, c.id.label("case_id"), _due_text(env).label("due_on"))
            .select_from(u.outerjoin(cases, sa.and_(c.organisation_id == u.c.id, c.workflow == NAME,
                                                    c.key1 == str(year))))
            .where(below).order_by(rank, u.c.name, u.c.id).limit(per_page).offset((page - 1) * per_page)).all()
    items = []
    for r in rows:
        state = NOT_STARTED if r.state is None else r.state
        due = due_of(env, year, {"due_on": r.due_on})
        items.append(UnionReturn(r.id, r.name, state, None if state in (NOT_STARTED, DRAFT) else r.case_id, due,
                                 is_overdue(state, due, today), state in OPEN, state == ACCEPTED))
    return services.Page(items, page, per_page, total)
