"""Who may read a case: worked out from its workflow when an action moves it, stored beside it in the action's
transaction (``case_readers``), and the one filter every read path applies."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.permissions import ids, resolve_orgs
from engine.core.spec import DATA, MEMBERS, STARTER, SYSTEM, Reader, WorkflowSpec
from engine.identity import roles
from engine.store.database import RawTransaction
from engine.store.models import CaseReader, Membership, Organisation, User

Row = tuple[int | None, str | None, int | None]  # (user, role, organisation)
WIDE = 500  # a role covering more organisations than this is matched through a subquery, not a list of ids
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


# Aliases made once (each alias copies its table's columns; readable is built on every request's hot path).
_READER, _HELD, _TARGET = readers_table.alias("reader"), orgs.alias("held"), orgs.alias("target")


def readable(user_id: int | sa.ColumnElement[Any], case_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """The user may read the case ``case_id``: named as a reader, or holding a reader's role where it is read
    (there or above), or, for ``members``, holding any role there, above it or below it. ``user_id`` may be a
    column of an enclosing query's users (whom of them may read it)."""
    r, m, held, target = _READER, memberships.c, _HELD, _TARGET
    below = sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path
    above = sa.func.substr(held.c.path, 1, sa.func.length(target.c.path)) == target.c.path
    by_role = sa.exists().where(
        m.user_id == user_id, held.c.id == m.organisation_id, target.c.id == r.c.organisation_id,
        sa.or_(sa.and_(m.role == r.c.role, below), sa.and_(r.c.role == "members", sa.or_(below, above))),
    ).select_from(memberships, held, target).correlate_except(memberships, held, target)
    table = getattr(user_id, "table", None)
    if table is not None and table.is_derived_from(users):  # a column of the enclosing query's users: its own flag
        active: sa.ColumnElement[bool] = table.c.is_active.is_(True)
    else:
        active = sa.exists().where(users.c.id == user_id, users.c.is_active.is_(True)).correlate_except(users)
    return sa.and_(active, sa.exists().where(r.c.case_id == case_id, sa.or_(r.c.user_id == user_id, by_role))
                   .correlate_except(r))


def _matching(conn: sa.Connection, user_id: int) -> sa.ColumnElement[bool] | None:
    """The reader rows that let the user read: the user's memberships are read first (a handful of rows) and
    opened into the (role, organisation) pairs they cover and the organisations they belong to, so reader rows
    are compared with these few values and no paths are compared per row; None for an inactive user."""
    r = readers_table.c
    covered = roles.covered(conn, user_id)
    if not covered and not conn.execute(sa.select(users.c.is_active).where(users.c.id == user_id)).scalar():
        return None
    by_role = [sa.and_(r.role == role, r.organisation_id.in_(
        orgs if len(orgs) <= WIDE else roles.covered_select(user_id, role))) for role, orgs in covered.items()]
    belongs = roles.belongs(conn, user_id)
    if belongs:
        by_role.append(sa.and_(r.role == MEMBERS, r.organisation_id.in_(belongs) if len(belongs) <= WIDE
                               else roles.belongs_condition(conn, user_id, r.organisation_id)))
    return sa.or_(r.user_id == user_id, *by_role)


def readable_by(conn: sa.Connection, user_id: int, case_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """``readable`` for a list: each case is checked by looking up its reader rows by case."""
    match = _matching(conn, user_id)
    return sa.false() if match is None else sa.exists().where(readers_table.c.case_id == case_id, match)


def readable_cases(conn: sa.Connection, user_id: int) -> sa.Select[Any]:
    """The ids of the cases the user may read, as one set for many cases at once (a report over thousands)."""
    match = _matching(conn, user_id)
    return sa.select(readers_table.c.case_id).where(sa.false() if match is None else match)


def reads_every(conn: sa.Connection, env: Env, user_id: int, workflow: str, organisation_id: int,
                exclude_states: tuple[str, ...] = ()) -> bool:
    """Whether the user reads every case of the workflow in the organisation, whatever its data, in every step
    but those excluded (of every registered version): each step is read by a role the user holds there or above,
    or by its members while the user belongs to it. Figures counted for everyone may then be shown to them."""
    covered, belongs = roles.covered(conn, user_id), None
    for entry in env.registry:
        spec = entry.spec
        if spec.name != workflow:
            continue
        for state in spec.states:
            if state.name in exclude_states:
                continue
            found = False
            for r in declared(spec, state.name):
                if r.org != "case" or r.role == STARTER or r.role.startswith(DATA):
                    continue
                if r.role == MEMBERS:
                    belongs = roles.belongs(conn, user_id) if belongs is None else belongs
                    found = organisation_id in belongs
                else:
                    found = organisation_id in covered.get(r.role, ())
                if found:
                    break
            if not found:
                return False
    return True


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


def _who(spec: WorkflowSpec, reader: Reader) -> str:
    if reader.role == STARTER:
        return "starter"
    if reader.role == "members":
        name = "members"
    elif reader.role.startswith(DATA):
        return f"users in `{reader.role[len(DATA):]}`"
    else:
        name = reader.role
    return name if reader.org == "case" else f"{name} @ `{reader.org}`"


def access_table(spec: WorkflowSpec) -> str:
    """Who reads a case and who acts on it, step by step, as a Markdown table (the README shows it, a test
    keeps the two the same)."""
    lines = [f"**{spec.label.en}** (`{spec.name}` v{spec.version})", "", "| step | read by | actions (by) |",
             "|---|---|---|"]
    for state in spec.states:
        reads = ", ".join(dict.fromkeys(_who(spec, r) for r in declared(spec, state.name)))
        acts = "; ".join(f"{t.trigger} ({', '.join(_who(spec, Reader(r, t.org)) for r in t.roles)})"
                         for t in spec.transitions_from(state.name))
        lines.append(f"| {state.name} | {reads} | {acts or '—'} |")
    return "\n".join(lines)
