"""Who may come into the administration, and what they manage: their union, its departments and its users."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, g, session

from engine import services
from engine.core.i18n import Label
from web.context import TZ, env, lang, load_user

OFFICE = "union_office"
LANGUAGES = {"zh": "中文", "en": "English"}
NOT_YOURSELF = Label("不能停用自己的账号或撤销自己的工会办公室角色。",
                     "You cannot disable your own account or give up your own union office role.")


def only_the_union_office() -> Any:
    user = load_user(None)
    if user is None:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if not offices():
        abort(403)
    return None


def offices() -> list[services.OrgView]:
    """The unions in which the signed-in user holds the union office role."""
    if "admin_offices" not in g:
        held = {r.organisation_id for r in load_user(None).view.roles if r.role == OFFICE}
        g.admin_offices = [o for o in services.list_organisations(env(), kind="union") if o.id in held]
    return g.admin_offices


def union() -> services.OrgView:
    chosen = session.get("admin_union")
    return next((o for o in offices() if o.id == chosen), offices()[0])


def today() -> date:
    """Today in Beijing time, by the engine's clock (a test's clock in tests)."""
    return env().clock.now().astimezone(TZ).date()


def departments() -> list[services.OrgView]:
    """The union's departments in the order they were added."""
    return sorted(services.list_organisations(env(), kind="department", under=union().id), key=lambda d: d.id)


def scope() -> dict[int, str]:
    """The organisations the office manages: its union and everything under it, by id."""
    if "admin_scope" not in g:
        here = union()
        g.admin_scope = {here.id: here.name} | {o.id: o.name for o in services.list_organisations(env(), under=here.id)}
    return g.admin_scope


def manageable(user: services.UserView) -> bool:
    """Users holding a role here, or no role anywhere yet (just created); not those of other unions."""
    here = scope()
    return not user.roles or any(r.organisation_id in here for r in user.roles)


def managed_user(user_id: int) -> services.UserView:
    try:
        user = services.get_user(env(), user_id)
    except services.NotFound:
        abort(404)
    if not manageable(user):
        abort(404)
    return user


def role_label(role: str) -> str:
    """A role in the page's language (a role no workflow names stays as it is stored)."""
    label = services.role_labels(env()).get(role)
    return role if label is None else label(lang())


def role_options() -> list[tuple[str, str]]:
    return [(r, role_label(r)) for r in services.grantable_roles(env())]
