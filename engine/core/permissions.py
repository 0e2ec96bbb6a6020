"""Who may act on a case: the organisations a scope names (``case``, ``parent``, ``data:<field>``), the roles a
user holds in one, and whether an actor holds one of the roles an action or a start needs."""

from __future__ import annotations

from typing import Any

from engine.core import i18n
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import ValidationFailed
from engine.core.spec import BUILTIN_ROLES, DATA, MEMBERS, STARTER, SYSTEM
from engine.store.database import RawTransaction


def ids(value: Any) -> list[int]:
    """The ids a data field holds: one id or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]



def resolve_orgs(tx: RawTransaction, env: Env, scope: str, case_org: int, data: dict[str, Any]) -> list[int]:
    """The organisations a scope names: ``case``, ``parent``, or ``data:<field>`` (one or a list)."""
    if scope == "case":
        return [case_org]
    if scope == "parent":
        row = tx.one(env.sql.org_row, {"id": case_org})
        return [row[1] if row and row[1] is not None else case_org]
    return ids(data.get(scope[len(DATA):]))


def resolve_org(tx: RawTransaction, env: Env, scope: str, case_org: int, data: dict[str, Any]) -> int:
    """The one organisation a role is checked in; a missing ``data:<field>`` is a missing form value."""
    found = resolve_orgs(tx, env, scope, case_org, data)
    if not found:
        raise ValidationFailed({scope[len(DATA):]: [i18n.REQUIRED]})
    return found[0]


def held_roles(tx: RawTransaction, env: Env, user_id: int, org: int) -> set[str]:
    return {r for (r,) in tx.all(env.sql.roles_in, {"user": user_id, "org": org})}


def may_act(tx: RawTransaction, env: Env, actor: Actor, roles: tuple[str, ...], orgs: list[int],
            starter: int | None, data: dict[str, Any] | None = None) -> bool:
    if actor.system:
        return SYSTEM in roles
    if actor.user_id is None:
        return False
    if STARTER in roles and starter is not None and actor.user_id == starter:
        return True
    for role in roles:
        if role.startswith(DATA) and data is not None and actor.user_id in ids(data.get(role[len(DATA):])):
            return True
    if MEMBERS in roles and any(tx.one(env.sql.member_of, {"user": actor.user_id, "org": org}) for org in orgs):
        return True
    wanted = {r for r in roles if r not in BUILTIN_ROLES and r != MEMBERS and not r.startswith(DATA)}
    return bool(wanted) and any(held_roles(tx, env, actor.user_id, org) & wanted for org in orgs)
