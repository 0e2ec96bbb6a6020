"""Which unions a signed-in user belongs to, their congress sessions, and today's date in Shanghai."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import abort, request

from engine import services
from web.context import TZ, WebUser, env, load_user
from workflows.congress import services as congress


def today() -> date:
    """The date in Asia/Shanghai by the engine's clock (a fixed clock in tests)."""
    return env().clock.now().astimezone(TZ).date()


def signed_in() -> WebUser:
    user = load_user(None)
    if user is None:  # login_required runs first; this keeps type checkers and odd set-ups honest
        abort(401)
    return user


def org_tree() -> dict[int, services.OrgView]:
    return {o.id: o for o in services.list_organisations(env())}


def unions_of(user: WebUser, roles: Iterable[str] | None = None, *, below: bool = True) -> list[int]:
    """The unions where the user holds one of ``roles`` (any role if None): at the union, above it (a role
    covers the organisations below), or, when ``below``, in one of its departments."""
    return services.unions_of(env(), user.id, None if roles is None else tuple(roles), below=below)


def sessions_of(union_ids: Iterable[int]) -> list[congress.CongressSessionView]:
    """The unions' congress sessions, newest first."""
    sessions = [s for u in union_ids for s in congress.list_congress_sessions(env(), u)]
    return sorted(sessions, key=lambda s: (s.collection_opens, s.term, s.number, s.id), reverse=True)


def int_arg(name: str, default: int | None = None) -> int | None:
    """A whole-number GET parameter, or ``default`` when it is missing or not a number."""
    try:
        return int(request.args[name])
    except (KeyError, ValueError):
        return default


def page_arg() -> int:
    return max(1, int_arg("page", 1) or 1)


def chosen_union(union_ids: list[int]) -> int:
    """The union named by ``?union=`` (which must be one of ``union_ids``), else the first; 403 if none."""
    if not union_ids:
        abort(403)
    raw = request.values.get("union", "").strip()
    wanted = int(raw) if raw.isdigit() else union_ids[0]
    if wanted not in union_ids:
        abort(403)
    return wanted
