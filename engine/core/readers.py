"""Who may read a case: worked out from its workflow when an action moves it, stored beside it in the action's
transaction (``case_readers``), and the one filter every read path applies."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.permissions import ids, resolve_orgs
from engine.core.spec import DATA, STARTER, SYSTEM, Reader, WorkflowSpec
from engine.store.database import RawTransaction
from engine.store.models import CaseReader, Membership, Organisation, User

Row = tuple[int | None, str | None, int | None]  # (user, role, organisation)
readers_table, memberships, orgs, users = (
    CaseReader.__table__, Membership.__table__, Organisation.__table__, User.__table__)


def declared(spec: WorkflowSpec, state: str) -> tuple[Reader, ...]:
    """Who reads a case in ``state``: whoever started it, the workflow's readers, the step's, and whoever may
    act in it now (an action's roles, a task's holders), so that nobody is asked to act on a case they cannot
    open."""
    step = spec.state(state)
    found: list[Reader] = [Reader(STARTER), *spec.readers, *step.readers]
    for t in spec.transitions_from(state):
        found += [Reader(role, t.org) for role in t.roles if role != SYSTEM]
    for task in step.tasks:
        found.append(Reader(task.users) if task.users is not None else Reader(task.role, task.org))
    return tuple(dict.fromkeys(found))


def rows(tx: RawTransaction, env: Env, spec: WorkflowSpec, state: str, organisation_id: int,
         data: dict[str, Any], starter: int | None) -> set[Row]:
    """The reader rows of a case standing in ``state`` with this data."""
    found: set[Row] = set()
    for r in declared(spec, state):
        if r.role == STARTER:
            if starter is not None:
                found.add((starter, None, None))
        elif r.role.startswith(DATA):
            found |= {(u, None, None) for u in ids(data.get(r.role[len(DATA):]))}
        else:
            found |= {(None, r.role, org) for org in resolve_orgs(tx, env, r.org, organisation_id, data)}
    return found


def write(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: Any) -> None:
    """Replace the case's readers with those of its state and data now (in the action's transaction)."""
    found = rows(tx, env, spec, case.state, case.organisation_id, case.data, case.created_by)
    tx.execute(env.sql.delete_readers, {"case_id": case.id})
    tx.executemany(env.sql.insert_reader, [{"case_id": case.id, "user_id": u, "role": role, "organisation_id": org}
                                           for u, role, org in sorted(found, key=repr)])


def readable(user_id: int, case_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """The user may read the case ``case_id``: named as a reader, or holding a reader's role where it is read
    (there or above), or, for ``members``, holding any role there, above it or below it."""
    r, m = readers_table.alias("reader"), memberships.c
    held, target = orgs.alias("held"), orgs.alias("target")
    below = sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path
    above = sa.func.substr(held.c.path, 1, sa.func.length(target.c.path)) == target.c.path
    by_role = sa.exists().where(
        m.user_id == user_id, held.c.id == m.organisation_id, target.c.id == r.c.organisation_id,
        sa.or_(sa.and_(m.role == r.c.role, below), sa.and_(r.c.role == "members", sa.or_(below, above))),
    ).select_from(memberships, held, target)
    active = sa.exists().where(users.c.id == user_id, users.c.is_active.is_(True))
    return sa.and_(active, sa.exists().where(r.c.case_id == case_id, sa.or_(r.c.user_id == user_id, by_role)))


def readable_cases(conn: sa.Connection, user_id: int) -> sa.Select[Any]:
    """The ids of the cases the user may read, by the same rule as ``readable``, as one set for many cases at
    once (a report over thousands of them): the user's roles are resolved to (role, organisation) pairs here,
    so the database matches reader rows against a short list instead of testing each case's readers."""
    r = readers_table.c
    if not conn.execute(sa.select(users.c.is_active).where(users.c.id == user_id)).scalar():
        return sa.select(r.case_id).where(sa.false())
    paths = dict(conn.execute(sa.select(orgs.c.id, orgs.c.path)).all())
    pairs: dict[str, set[int]] = {}
    for role, held in conn.execute(sa.select(memberships.c.role, memberships.c.organisation_id)
                                   .where(memberships.c.user_id == user_id)):
        top = paths.get(held)
        if top is None:
            continue
        for org, path in paths.items():
            if path.startswith(top):  # at or below where the role is held
                pairs.setdefault(role, set()).add(org)
                pairs.setdefault("members", set()).add(org)
            elif top.startswith(path):  # above it: members only
                pairs.setdefault("members", set()).add(org)
    by_role = [sa.and_(r.role == role, r.organisation_id.in_(sorted(found))) for role, found in pairs.items()]
    return sa.select(r.case_id).where(sa.or_(r.user_id == user_id, *by_role))


def fill_missing(env: Env, batch: int = 500) -> int:
    """Write the readers of every case that has none (the cases a database held before readers were stored),
    a batch per transaction; return how many cases were filled. Cases of an unknown workflow are left out."""
    c = sa.table("cases", sa.column("id"), sa.column("workflow"), sa.column("spec_version"))
    known = {(e.spec.name, e.spec.version) for e in env.registry}
    filled, last = 0, 0
    while True:
        with env.db.read() as conn:
            ids_ = [i for (i,) in conn.execute(
                sa.select(c.c.id).where(c.c.id > last, ~sa.exists().where(readers_table.c.case_id == c.c.id))
                .order_by(c.c.id).limit(batch))]
        if not ids_:
            return filled
        last = ids_[-1]
        with env.db.transaction() as tx:
            for case_id in ids_:
                case, entry = _load(tx, env, case_id, known)
                if case is not None:
                    write(tx, env, entry.spec, case)
                    filled += 1


def _load(tx: RawTransaction, env: Env, case_id: int, known: set[tuple[str, int]]) -> tuple[Any, Any]:
    from engine.core.runtime import load_case  # the runtime writes readers: import it only when filling

    row = tx.one(env.sql.peek_case, {"id": case_id})
    if row is None:
        return None, None
    version = tx.one(env.sql.load_case, {"id": case_id})[1]
    if (row[1], version) not in known:
        return None, None
    return load_case(tx, env, case_id)
