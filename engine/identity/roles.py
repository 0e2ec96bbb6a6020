"""Whether a user holds a role: the one rule every check uses (a role covers the organisations below)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from engine.store import paths
from engine.store.models import Membership, Organisation, User

memberships, orgs, users = Membership.__table__, Organisation.__table__, User.__table__


def covers(user_id: int, org_column: sa.ColumnElement[Any], role: sa.ColumnElement[Any] | None = None) -> sa.Exists:
    """The user holds a role (``role`` if given) in the organisation ``org_column`` or one above it."""
    held, target = orgs.alias("held"), orgs.alias("target")
    m = memberships.c
    cond = [m.user_id == user_id, held.c.id == m.organisation_id, target.c.id == org_column,
            sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path]
    if role is not None:
        cond.append(m.role == role)
    return sa.exists().where(*cond).select_from(memberships, held, target)


def member(user_id: int, org_column: sa.ColumnElement[Any]) -> sa.Exists:
    """The user holds some role in the organisation ``org_column``, above it, or in one below it (a department's
    people belong to their organisation as much as its officers do)."""
    held, target = orgs.alias("held"), orgs.alias("target")
    m = memberships.c
    above = sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path
    below = sa.func.substr(held.c.path, 1, sa.func.length(target.c.path)) == target.c.path
    return sa.exists().where(m.user_id == user_id, held.c.id == m.organisation_id, target.c.id == org_column,
                             sa.or_(above, below)).select_from(memberships, held, target)


def holds_any(conn: sa.Connection, user_id: int | None, organisation_id: int, roles: tuple[str, ...]) -> bool:
    """The user is active and holds one of ``roles`` in the organisation or one above it."""
    if user_id is None:
        return False
    active = sa.exists().where(users.c.id == user_id, users.c.is_active.is_(True))
    held = covers(user_id, sa.literal(organisation_id)).where(memberships.c.role.in_(roles))
    return bool(conn.execute(sa.select(sa.and_(active, held))).scalar())


def _held(conn: sa.Connection, user_id: int, roles: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(role, path of the organisation) of each of an active user's memberships: a handful of rows."""
    m = memberships.c
    query = (sa.select(m.role, orgs.c.path).select_from(memberships)
             .join(users, sa.and_(users.c.id == m.user_id, users.c.is_active.is_(True)))
             .join(orgs, orgs.c.id == m.organisation_id).where(m.user_id == user_id))
    if roles is not None:
        query = query.where(m.role.in_(roles))
    return [(role, path) for role, path in conn.execute(query)]


def _branches(conn: sa.Connection, held_paths: set[str]) -> list[tuple[int, str]]:
    """(id, path) of the organisations at or below any of these paths, each branch a range of the path index."""
    if not held_paths:
        return []
    return [(i, p) for i, p in conn.execute(sa.select(orgs.c.id, orgs.c.path).where(
        sa.or_(*[paths.below(orgs.c.path, held) for held in sorted(held_paths)])))]


def unions_where(conn: sa.Connection, user_id: int, roles: tuple[str, ...] | None = None, *,
                 below: bool = True) -> list[int]:
    """The unions where an active user holds one of ``roles`` (any role if None): at the union or above it,
    or, when ``below``, in an organisation under it (a department)."""
    held = {path for _, path in _held(conn, user_id, roles)}
    if not held:
        return []
    found = [sa.or_(*[paths.below(orgs.c.path, p) for p in sorted(held)])]
    if below:
        found.append(orgs.c.id.in_(sorted({a for p in held for a in paths.ancestors(p)})))
    return list(conn.execute(sa.select(orgs.c.id).where(orgs.c.kind == "union", sa.or_(*found))
                             .order_by(orgs.c.id)).scalars())


def covered(conn: sa.Connection, user_id: int) -> dict[str, list[int]]:
    """Role → the organisations where an active user holds it: each membership's organisation and every one
    below it (by the materialised path, ranges of its index). A handful of memberships open a handful of
    organisations, so the lists that read tasks and readers start here and reach their rows through an index."""
    held = _held(conn, user_id)
    found: dict[str, set[int]] = {}
    for org, path in _branches(conn, {p for _, p in held}):
        for role, at in held:
            if path.startswith(at):
                found.setdefault(role, set()).add(org)
    return {role: sorted(ids) for role, ids in sorted(found.items())}


def covered_select(user_id: int, role: str) -> sa.Select[Any]:
    """``covered``'s organisations of one role as a subquery, for a role held high in a wide tree (a city's
    federation covers tens of thousands): each membership's branch read as a range of the path index."""
    held, target = orgs.alias("held"), orgs.alias("target")
    m = memberships.c
    return (sa.select(target.c.id).select_from(memberships)
            .join(users, sa.and_(users.c.id == m.user_id, users.c.is_active.is_(True)))
            .join(held, held.c.id == m.organisation_id)
            .join(target, paths.below(target.c.path, held.c.path))
            .where(m.user_id == user_id, m.role == role))


def belongs(conn: sa.Connection, user_id: int) -> list[int]:
    """The organisations an active user belongs to: where they hold a role, those above and those below."""
    held = {path for _, path in _held(conn, user_id)}
    found = {org for org, _ in _branches(conn, held)} | {a for p in held for a in paths.ancestors(p)}
    return sorted(found)


def belongs_condition(conn: sa.Connection, user_id: int, column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """``belongs`` as a condition on an organisation column, for a user whose branch is wide (a city's federation
    staff belong to tens of thousands): the organisations above as a list, those below as ranges of the path
    index, so no list of every organisation is sent."""
    held = {path for _, path in _held(conn, user_id)}
    if not held:
        return sa.false()
    above = sorted({a for p in held for a in paths.ancestors(p)})
    below = sa.select(orgs.c.id).where(sa.or_(*[paths.below(orgs.c.path, p) for p in sorted(held)]))
    return sa.or_(column.in_(above), column.in_(below))
