"""The inbox as indexed reads: from the user's memberships (a handful of rows) to the principals they act as
(a role in each organisation it covers, and the user themself), then each principal's open tasks in the inbox's
order straight off an index, so a page reads about as many rows as it shows however many tasks are open."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import STARTER
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


def task_roles(env: Env) -> set[str]:
    """The roles the registered workflows open tasks for (a step's tasks, an overdue case's supervision): only
    these can have tasks waiting, so only these are read."""
    found: set[str] = set()
    for entry in env.registry:
        for state in entry.spec.states:
            found |= {t.role for t in state.tasks if t.users is None and t.role != STARTER}
            found |= {timer.overdue.supervise.role for timer in state.timers
                      if timer.overdue is not None and timer.overdue.supervise is not None}
    return found


def _principals(conn: sa.Connection, env: Env, user_id: int, organisation_id: int | None) -> list[tuple[str, int]]:
    """The (role, organisation) pairs the user acts as, each an equality prefix of the open-task index."""
    wanted = task_roles(env)
    return [(role, org) for role, orgs in roles.covered(conn, user_id).items() if role in wanted
            for org in orgs if organisation_id is None or org == organisation_id]


@cache
def _sql(pairs: int, own_org: bool, state: bool, workflow: bool, what: str) -> sa.Executable:
    """The inbox's statement for this shape: per principal (``:r<i>``/``:o<i>``, then the user ``:u``) its first
    ``:n`` open tasks in the inbox's order straight off the index (dated by due date, then undated), in one UNION
    that drops a task two principals share; then the page (``what="page"``) in order, the bounded count
    (``"count"``), or the steps and organisations there are (``"filters"``, every row, from the index alone).
    Built once per shape (how many principals, which filters), as the hot path's statements are."""
    extra = (" AND t.state = :state" if state else "") + (
        " AND EXISTS (SELECT 1 FROM cases c WHERE c.id = t.case_id AND c.workflow = :workflow)" if workflow else "")
    who = [f"t.role = :r{i} AND t.organisation_id = :o{i}" for i in range(pairs)]
    who.append("t.user_id = :u" + (" AND t.organisation_id = :uo" if own_org else ""))
    if len(who) > MAX_BRANCHES:  # very wide roles: one scan of all their tasks, sorted
        who = ["(" + " OR ".join(f"({w})" for w in who) + ")"]
    where = [f"t.status = 'open' AND {w}{extra}" for w in who]
    if what == "filters":
        return sa.text(" UNION ".join(f"SELECT DISTINCT t.state, t.organisation_id FROM tasks t WHERE {w}"
                                      for w in where))
    cols = "SELECT t.id, t.due_at, t.created_at FROM tasks t WHERE"
    found = " UNION ".join(
        f"SELECT * FROM ({cols} {w} AND t.due_at IS NOT NULL ORDER BY t.due_at, t.created_at, t.id LIMIT :n) d{i} "
        # the same ORDER BY undated, where due_at is all NULL: so PostgreSQL too sees the index's order serve it
        f"UNION SELECT * FROM ({cols} {w} AND t.due_at IS NULL ORDER BY t.due_at, t.created_at, t.id LIMIT :n) u{i}"
        for i, w in enumerate(where))
    if what == "count":  # in no order: each principal's first :n rows off the index, as few as the cap needs
        counted = " UNION ".join(f"SELECT * FROM (SELECT t.id FROM tasks t WHERE {w} LIMIT :n) c{i}"
                                 for i, w in enumerate(where))
        return sa.text(f"SELECT count(*) FROM (SELECT 1 FROM ({counted}) f LIMIT :n) c")
    return sa.text(f"SELECT f.id FROM ({found}) f ORDER BY f.due_at IS NULL, f.due_at, f.created_at, f.id "
                   "LIMIT :per_page OFFSET :offset")


def _run(conn: sa.Connection, pairs: list[tuple[str, int]], user_id: int, what: str, *, state: str | None = None,
         organisation_id: int | None = None, workflow: str | None = None, **params: Any) -> sa.CursorResult[Any]:
    binds: dict[str, Any] = {"u": user_id, "uo": organisation_id, "state": state, "workflow": workflow, **params}
    for i, (role, org) in enumerate(pairs):
        binds[f"r{i}"], binds[f"o{i}"] = role, org
    statement = _sql(len(pairs), organisation_id is not None, state is not None, workflow is not None, what)
    return conn.execute(statement, binds)


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
        offset, limit = (page - 1) * per_page, count_limit(page, per_page)
        filters = {"state": state, "organisation_id": organisation_id, "workflow": workflow}
        pairs = _principals(conn, env, user_id, organisation_id)
        ids = list(_run(conn, pairs, user_id, "page", n=offset + per_page, per_page=per_page, offset=offset,
                        **filters).scalars())
        rows = {r.id: r for r in conn.execute(
            sa.select(*task_columns()).join(cases, cases.c.id == tasks.c.case_id).where(tasks.c.id.in_(ids)))
        } if ids else {}
        counted = _run(conn, pairs, user_id, "count", n=limit, **filters).scalar_one()
        now = env.clock.now()
        total, exact = bounded(counted, page, per_page)
        return Page([task_view(env, rows[i], now) for i in ids], page, per_page, total, exact)


def inbox_filters(env: Env, user_id: int) -> tuple[dict[str, Label], list[int]]:
    """What the user's open tasks can be filtered by: their steps (name → label) and the organisations they are
    addressed to, grouped over the same indexed rows as the inbox (read from the index alone)."""
    with env.db.read() as conn:
        if not _active(conn, user_id):
            return {}, []
        pairs = _run(conn, _principals(conn, env, user_id, None), user_id, "filters").all()
    labels: dict[str, Label] = {}
    for entry in env.registry:  # in the workflows' order; a later version's label wins for a step it renames
        for s in entry.spec.states:
            labels[s.name] = s.label
    open_steps = {s for s, _ in pairs}
    steps = {name: label for name, label in labels.items() if name in open_steps}
    steps |= {name: Label(name, name) for name in sorted(open_steps - set(labels))}
    return steps, sorted({o for _, o in pairs if o is not None})
