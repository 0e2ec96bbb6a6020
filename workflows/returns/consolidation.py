"""A federation's consolidated return: per line the sum over the accepted returns of every union below it, in one
grouped query (a city's sums take in its districts'), each child federation's part beside it, and the unions whose
return is not accepted yet with where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.store.models import Case, Organisation
from workflows.returns.lines import COUNTS
from workflows.returns.terms import ACCEPTED, DRAFT, NAME

cases, orgs = Case.__table__, Organisation.__table__
NOT_STARTED = "none"


@dataclass(frozen=True, slots=True)
class Part:
    """One child federation's consolidation (a district's, as its city's counts it)."""

    organisation_id: int
    name: str
    accepted: int
    values: dict[str, int]


@dataclass(frozen=True, slots=True)
class Missing:
    """A union below the federation whose return for the year is not accepted: its step (``none`` when it has
    no return; a draft counts as not submitted, since its figures are the union's own until then)."""

    union_id: int
    name: str
    state: str
    case_id: int | None


@dataclass
class Consolidated:
    federation_id: int
    name: str
    year: int
    unions: int = 0
    accepted: int = 0
    values: dict[str, int] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def _value(env: services.Env, code: str) -> sa.ColumnElement[Any]:
    """A count line's reported value in a return's data, as an integer."""
    if env.db.sqlite:
        return sa.func.json_extract(cases.c.data, f"$.values.{code}")
    return sa.cast(sa.func.jsonb_extract_path_text(cases.c.data, "values", code), sa.BigInteger)


def _sums(env: services.Env) -> list[sa.ColumnElement[Any]]:
    return [sa.func.coalesce(sa.func.sum(_value(env, code)), 0).label(code) for code in COUNTS]


def consolidate(env: services.Env, federation_id: int, year: int) -> Consolidated:
    """The federation's consolidation for ``year``; who may see it is the services' business."""
    u, c = orgs.alias("u"), cases.c
    with env.db.read() as conn:
        fed = conn.execute(sa.select(orgs.c.name, orgs.c.path).where(orgs.c.id == federation_id)).one()
        below = u.c.path.like(fed.path + "%")
        accepted = sa.and_(c.workflow == NAME, c.key1 == str(year), c.state == ACCEPTED)
        joined = cases.join(u, u.c.id == c.organisation_id)
        total = conn.execute(sa.select(sa.func.count().label("n"), *_sums(env)).select_from(joined)
                             .where(accepted, below, u.c.kind == "union")).one()
        child = orgs.alias("child")
        parts = conn.execute(
            sa.select(child.c.id, child.c.name, sa.func.count().label("n"), *_sums(env))
            .select_from(joined.join(child, u.c.path.like(child.c.path.concat("%"))))
            .where(accepted, u.c.kind == "union", child.c.parent_id == federation_id,
                   child.c.kind == "federation")
            .group_by(child.c.id, child.c.name).order_by(child.c.name)).all()
        children = conn.execute(sa.select(orgs.c.id, orgs.c.name).where(
            orgs.c.parent_id == federation_id, orgs.c.kind == "federation").order_by(orgs.c.name)).all()
        rows = conn.execute(
            sa.select(u.c.id, u.c.name, c.state, c.id.label("case_id"))
            .select_from(u.outerjoin(cases, sa.and_(c.organisation_id == u.c.id, c.workflow == NAME,
                                                    c.key1 == str(year))))
            .where(below, u.c.kind == "union").order_by(u.c.name, u.c.id)).all()
    found = Consolidated(federation_id, fed.name, year, len({r.id for r in rows}), total.n,
                         {code: int(total._mapping[code] or 0) for code in COUNTS})
    summed = {p.id: p for p in parts}
    for cid, name in children:
        p = summed.get(cid)
        found.parts.append(Part(cid, name, p.n if p else 0,
                                {code: int(p._mapping[code] or 0) if p else 0 for code in COUNTS}))
    for r in rows:
        if r.state != ACCEPTED:
            state = NOT_STARTED if r.state is None else DRAFT if r.state == DRAFT else r.state
            found.missing.append(Missing(r.id, r.name, state, None if state in (NOT_STARTED, DRAFT) else r.case_id))
    return found
