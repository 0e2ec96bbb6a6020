"""An organisation and those below it, by path: the organisations of a branch of the tree, and the overdue work in
each of them counted by the database (open tasks past their due time), for a view over many organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound
from engine.store.models import Case, Organisation, Task

orgs, cases, tasks = Organisation.__table__, Case.__table__, Task.__table__


@dataclass(frozen=True, slots=True)
class Branch:
    """One organisation below another: its kind, name, parent and path."""

    id: int
    parent_id: int | None
    kind: str
    name: str
    path: str

    def ancestors(self) -> list[int]:
        """The organisations above it, nearest first."""
        return [int(part) for part in reversed(self.path.strip("/").split("/")[:-1])]


@dataclass(frozen=True, slots=True)
class Overdue:
    """Open tasks past their due time in one organisation: all of them, and those that are supervision (督办)."""

    tasks: int = 0
    supervision: int = 0
    cases: int = 0


def _path(conn: sa.Connection, organisation_id: int) -> str:
    path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == organisation_id)).scalar()
    if path is None:
        raise NotFound("organisation", organisation_id)
    return path


def branch(env: Env, organisation_id: int) -> Branch:
    """One organisation with its path (NotFound if there is none)."""
    with env.db.read() as conn:
        o = orgs.c
        row = conn.execute(sa.select(o.id, o.parent_id, o.kind, o.name, o.path).where(o.id == organisation_id)).first()
    if row is None:
        raise NotFound("organisation", organisation_id)
    return Branch(*row)


def below(env: Env, organisation_id: int, kind: str | None = None) -> list[Branch]:
    """Every organisation below ``organisation_id`` (not itself), of ``kind`` when named, in path order."""
    with env.db.read() as conn:
        path = _path(conn, organisation_id)
        o = orgs.c
        query = sa.select(o.id, o.parent_id, o.kind, o.name, o.path).where(o.path.like(f"{path}%"),
                                                                          o.id != organisation_id)
        if kind is not None:
            query = query.where(o.kind == kind)
        return [Branch(*row) for row in conn.execute(query.order_by(o.path))]


def overdue_below(env: Env, organisation_id: int, now: datetime | None = None) -> dict[int, Overdue]:
    """The open tasks past their due time on the cases of each organisation below (and of) ``organisation_id``,
    grouped by the case's organisation in one query; organisations with none are left out."""
    now = now or env.clock.now()
    t, c = tasks.c, cases.c
    with env.db.read() as conn:
        path = _path(conn, organisation_id)
        under = sa.select(orgs.c.id).where(orgs.c.path.like(f"{path}%"))
        rows = conn.execute(
            sa.select(c.organisation_id, sa.func.count(),
                      sa.func.sum(sa.case((t.kind == "supervision", 1), else_=0)),
                      sa.func.count(sa.distinct(c.id)))
            .select_from(tasks.join(cases, cases.c.id == t.case_id))
            .where(t.status == "open", t.due_at.is_not(None), t.due_at < now, c.organisation_id.in_(under))
            .group_by(c.organisation_id)).all()
    return {org: Overdue(int(n), int(sup or 0), int(k)) for org, n, sup, k in rows}
