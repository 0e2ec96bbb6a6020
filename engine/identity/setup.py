"""Set-up of organisations, users and roles; callers check the administrator's rights."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.i18n import Label
from engine.identity.accounts import HASHER, end_sessions
from engine.identity.rules import TAKEN, account_errors
from engine.store.models import Membership, Organisation, User

orgs, users, memberships = Organisation.__table__, User.__table__, Membership.__table__
NOT_GRANTABLE = Label("请从给定角色中选择。", "Choose one of the roles given.")


def create_organisation(env: Env, name: str, kind: str, parent_id: int | None = None) -> int:
    """Add an organisation under ``parent_id``; a department belongs to a union, a union to a federation."""
    allowed_parent = {"federation": (None, "federation"), "union": (None, "federation"),
                      "department": ("union", "department")}
    if kind not in allowed_parent:
        raise ValidationFailed({"kind": [Label("组织类型应为上级工会、企业工会或部门。",
                                               "Kind must be federation, union or department.")]})
    if not name.strip():
        raise ValidationFailed({"name": [Label("此项为必填项。", "This field is required.")]})
    now = env.clock.now()
    with env.db.write() as conn:
        parent = None
        if parent_id is not None:
            parent = conn.execute(sa.select(orgs.c.kind, orgs.c.path).where(orgs.c.id == parent_id)).first()
            if parent is None:
                raise NotFound("organisation", parent_id)
        if (parent.kind if parent else None) not in allowed_parent[kind]:
            raise ValidationFailed({"parent_id": [Label("上级组织类型不符。",
                                                        f"A {kind} cannot sit under this organisation.")]})
        new_id = conn.execute(orgs.insert().values(parent_id=parent_id, kind=kind, name=name.strip(),
                                                   path="", created_at=now)).inserted_primary_key[0]
        path = f"{parent.path if parent else '/'}{new_id}/"
        conn.execute(orgs.update().where(orgs.c.id == new_id).values(path=path))
        return new_id


def create_user(env: Env, username: str, display_name: str, *, email: str | None = None, language: str = "zh",
                password: str | None = None) -> int:
    """Add an account by the account rules (every broken rule reported at once, by field); with ``password``
    the account can sign in from the start, and none is created if the password breaks the rules."""
    errors = account_errors(username=username, display_name=display_name, email=email, password=password,
                            language=language)
    if errors:
        raise ValidationFailed(errors)
    now = env.clock.now()
    # hashed before the write transaction: argon2 takes tens of milliseconds that no other writer should wait
    secret = {} if password is None else {"password_hash": HASHER.hash(password), "password_changed_at": now}
    with env.db.write() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.username == username.strip())).first():
            raise ValidationFailed({"username": [TAKEN]})
        return conn.execute(users.insert().values(
            username=username.strip(), display_name=display_name.strip(), email=(email or "").strip() or None,
            language=language, is_active=True, created_at=now, **secret)).inserted_primary_key[0]


def grantable_roles(env: Env) -> dict[str, Label]:
    """The roles an administrator hands out, with their labels, in the order the installation offered them."""
    return dict(env.registry.offered_roles)


def role_labels(env: Env) -> dict[str, Label]:
    """Every role's label: those an administrator hands out, then those the registered workflows name."""
    labels: dict[str, Label] = {}
    for registered in env.registry:
        labels.update(dict(registered.spec.roles))
    return {**labels, **dict(env.registry.offered_roles)}


def check_grantable(env: Env, role: str) -> Label | None:
    return None if role in env.registry.offered_roles else NOT_GRANTABLE


def grant_role(env: Env, user_id: int, organisation_id: int, role: str) -> None:
    """Give a user a role in an organisation (it covers the organisations below it too); idempotent."""
    with env.db.write() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.id == user_id)).first() is None:
            raise NotFound("user", user_id)
        if conn.execute(sa.select(orgs.c.id).where(orgs.c.id == organisation_id)).first() is None:
            raise NotFound("organisation", organisation_id)
        exists = conn.execute(sa.select(memberships.c.id).where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id,
            memberships.c.role == role)).first()
        if exists is None:
            conn.execute(memberships.insert().values(user_id=user_id, organisation_id=organisation_id,
                                                     role=role))


def revoke_role(env: Env, user_id: int, organisation_id: int, role: str) -> None:
    with env.db.write() as conn:
        conn.execute(memberships.delete().where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id,
            memberships.c.role == role))


def set_user_active(env: Env, user_id: int, active: bool) -> None:
    """Enable or disable an account; a disabled user can neither act nor see tasks, and is signed out."""
    with env.db.write() as conn:
        if conn.execute(users.update().where(users.c.id == user_id).values(is_active=active)).rowcount != 1:
            raise NotFound("user", user_id)
    if not active:
        end_sessions(env, user_id)


def move_organisation(env: Env, organisation_id: int, parent_id: int, *,
                      within: Callable[[sa.Connection], None] | None = None) -> None:
    """Put an organisation (and everything below it) under another, rewriting every path of the branch in one
    transaction; refused when the new parent lies in the branch itself or its kind cannot hold it. ``within``
    writes what goes with the move (the record of why) in the same transaction."""
    with env.db.write() as conn:
        moved = conn.execute(sa.select(orgs.c.kind, orgs.c.path).where(orgs.c.id == organisation_id)).first()
        parent = conn.execute(sa.select(orgs.c.kind, orgs.c.path).where(orgs.c.id == parent_id)).first()
        if moved is None or parent is None:
            raise NotFound("organisation", organisation_id if moved is None else parent_id)
        if parent.path.startswith(moved.path):
            raise ValidationFailed({"parent_id": [Label("不能把组织移到它自己或它的下级之下。",
                                                        "An organisation cannot move under itself or below it.")]})
        allowed = {"federation": ("federation",), "union": ("federation",), "department": ("union", "department")}
        if parent.kind not in allowed.get(moved.kind, ()):
            raise ValidationFailed({"parent_id": [Label("上级组织类型不符。",
                                                        f"A {moved.kind} cannot sit under this organisation.")]})
        new_path = f"{parent.path}{organisation_id}/"
        o = orgs.c
        conn.execute(orgs.update().where(o.path.like(f"{moved.path}%")).values(
            path=sa.literal(new_path) + sa.func.substr(o.path, len(moved.path) + 1)))
        conn.execute(orgs.update().where(o.id == organisation_id).values(parent_id=parent_id))
        if within is not None:
            within(conn)
