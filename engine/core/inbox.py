"""The inbox as indexed reads: from the user's memberships (a handful of rows) to the principals they act as
(a role in each organisation it covers, and the user themself), then each principal's open tasks in the inbox's
order straight off an index, so a page reads about as many rows as it shows however many tasks are open."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.views import Page, TaskView
from engine.identity import roles
from engine.store.models import Case, Task, Timer, User

cases, tasks, timers, users = Case.__table__, Task.__table__, Timer.__table__, User.__table__
COUNT_CAP = 1000  # a list counts this many at most, then says "more than"
MAX_BRANCHES = 200  # principals read one by one (an index range each); beyond, one filtered scan


def bounded(counted: int, page: int, per_page: int) -> tuple[int, bool]:
    """What a count of at most ``count_limit(page, per_page)`` rows says: the total and whether it is exact."""
    limit = count_limit(page, per_page)
    return (counted, True) if counted < limit else (limit - 1, False)


def count_limit(page: int, per_page: int) -> int:
    """How many rows a list counts: past the cap, or past the page shown, by one (to know there are more)."""
    return max(COUNT_CAP, page * per_page) + 1


def _principals(conn: sa.Connection, user_id: int, organisation_id: int | None) -> list[sa.ColumnElement[bool]]:
    """One condition per principal the user acts as, each an equality prefix of an open-task index."""
    t = tasks.c
    found: list[sa.ColumnElement[bool]] = []
    for role, orgs in roles.covered(conn, user_id).items():
        found += [sa.and_(t.role == role, t.organisation_id == org) for org in orgs
                  if organisation_id is None or org == organisation_id]
    mine = t.user_id == user_id
    found.append(mine if organisation_id is None else sa.and_(mine, t.organisation_id == organisation_id))
    return found


def _open(principal: sa.ColumnElement[bool], state: str | None, workflow: str | None) -> list[Any]:
    t = tasks.c
    cond: list[Any] = [t.status == "open", principal]
    if state is not None:
        cond.append(t.state == state)
    if workflow is not None:
        cond.append(sa.exists().where(cases.c.id == t.case_id, cases.c.workflow == workflow))
    return cond


def _branches(principals: list[sa.ColumnElement[bool]], state: str | None, workflow: str | None, n: int
              ) -> sa.CompoundSelect | sa.Select[Any]:
    """The first ``n`` open tasks of each principal in the inbox's order (dated by due date, then undated), as
    one UNION that drops a task two principals share; the order is restored over these few rows."""
    t = tasks.c
    cols = (t.id, t.due_at, t.created_at)
    if len(principals) > MAX_BRANCHES:  # very wide roles: one scan of their tasks, sorted
        return sa.select(*cols).where(*_open(sa.or_(*principals), state, workflow))
    parts = []
    for p in principals:
        cond = _open(p, state, workflow)
        parts += [sa.select(*cols).where(*cond, t.due_at.is_not(None)).order_by(t.due_at, t.created_at, t.id),
                  sa.select(*cols).where(*cond, t.due_at.is_(None)).order_by(t.created_at, t.id)]
    return sa.union(*[sa.select(*(c for c in sub.c)).select_from(sub)
                      for sub in (q.limit(n).subquery() for q in parts)])


def task_columns() -> list[Any]:
    t, d = tasks.c, timers.c
    # Whether the deadline of the task's step rests on a guessed holiday calendar (no notice loaded yet).
    provisional = sa.exists().where(d.case_id == t.case_id, d.state == t.state, d.status == "pending",
                                    d.kind == "deadline", d.provisional.is_(True)).label("provisional")
    return [t.id, t.case_id, cases.c.title, cases.c.workflow, cases.c.spec_version, t.state, t.role,
            t.organisation_id, t.user_id, t.due_at, t.created_at, provisional]


def task_view(env: Env, row: Any, now: Any) -> TaskView:
    spec = env.registry.get(row.workflow, row.spec_version).spec
    return TaskView(row.id, row.case_id, row.title, row.workflow, row.state, spec.state(row.state).label,
                    row.role, row.organisation_id, row.user_id, row.due_at, row.created_at,
                    row.due_at is not None and row.due_at < now, bool(row.provisional))


def _active(conn: sa.Connection, user_id: int) -> bool:
    return bool(conn.execute(sa.select(users.c.is_active).where(users.c.id == user_id)).scalar())


def inbox(env: Env, user_id: int, page: int, per_page: int, *, state: str | None = None,
          organisation_id: int | None = None, workflow: str | None = None) -> Page[TaskView]:
    """Open tasks addressed to the user or to a role they hold where the task is; oldest due first, undated
    last. Counted up to ``COUNT_CAP`` (``Page.exact`` is False beyond)."""
    with env.db.read() as conn:
        if not _active(conn, user_id):
            return Page([], page, per_page, 0)
        principals = _principals(conn, user_id, organisation_id)
        offset = (page - 1) * per_page
        found = _branches(principals, state, workflow, offset + per_page).subquery()
        ordered = (sa.select(found.c.id)
                   .order_by(found.c.due_at.is_(None), found.c.due_at, found.c.created_at, found.c.id)
                   .limit(per_page).offset(offset))
        ids = list(conn.execute(ordered).scalars())
        rows = {r.id: r for r in conn.execute(
            sa.select(*task_columns()).join(cases, cases.c.id == tasks.c.case_id).where(tasks.c.id.in_(ids)))
        } if ids else {}
        limit = count_limit(page, per_page)
        counted = conn.execute(sa.select(sa.func.count()).select_from(
            sa.select(sa.literal(1)).select_from(_branches(principals, state, workflow, limit).subquery())
            .limit(limit).subquery())).scalar_one()
        now = env.clock.now()
        total, exact = bounded(counted, page, per_page)
        return Page([task_view(env, rows[i], now) for i in ids], page, per_page, total, exact)


def inbox_filters(env: Env, user_id: int) -> tuple[dict[str, Label], list[int]]:
    """What the user's open tasks can be filtered by: their steps (name → label) and the organisations they are
    addressed to, grouped over the same indexed rows as the inbox (read from the index alone)."""
    t = tasks.c
    with env.db.read() as conn:
        if not _active(conn, user_id):
            return {}, []
        parts = [sa.select(t.state, t.organisation_id).where(*_open(p, None, None)).distinct()
                 for p in _principals(conn, user_id, None)]
        found = sa.union(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        pairs = conn.execute(sa.select(found.c.state, found.c.organisation_id)).all()
    labels: dict[str, Label] = {}
    for entry in env.registry:  # in the workflows' order; a later version's label wins for a step it renames
        for s in entry.spec.states:
            labels[s.name] = s.label
    open_steps = {s for s, _ in pairs}
    steps = {name: label for name, label in labels.items() if name in open_steps}
    steps |= {name: Label(name, name) for name in sorted(open_steps - set(labels))}
    return steps, sorted({o for _, o in pairs if o is not None})
