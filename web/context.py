"""Per-request context: who is signed in, their language, and the template helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request, session
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

from engine import services
from engine.core.i18n import Label
from engine.services import Env

TZ = ZoneInfo("Asia/Shanghai")
LANGS = {"zh": "zh_Hans_CN", "en": "en"}
LANG_COOKIE = "lang"


@dataclass
class WebUser:
    """The signed-in user, for Flask-Login."""

    view: services.UserView
    token: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.view.id)

    @property
    def id(self) -> int:
        return self.view.id

    def holds(self, role: str, organisation_id: int | None = None) -> bool:
        """Holds ``role`` anywhere, or in ``organisation_id`` or above it (the engine's one rule)."""
        if organisation_id is None:
            return self.view.holds(role)
        return services.holds_role(env(), self.id, role, organisation_id)


def env() -> Env:
    return current_app.extensions["unionflow"]


def load_user(_request: Any) -> WebUser | None:
    """Flask-Login's request loader: the server-side session named in the signed cookie."""
    if "user" in g:
        return g.user
    token = session.get("token")
    with services.primary_reads():  # a session ended or an account disabled stops at once, never a replica late
        user_id = services.session_user(env(), token)
        g.user = WebUser(services.get_user(env(), user_id), token) if user_id is not None else None
    return g.user


def actor() -> services.Actor:
    user = load_user(None)
    return services.Actor(user.id if user else None)


def lang() -> str:
    """``zh`` or ``en``: the user's choice, else the cookie, else the browser's, else Chinese."""
    user = load_user(None) if request else None
    if user is not None:
        return user.view.language
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    # Babel matches zh-CN, zh-Hans and zh-TW browsers on "zh"; anything else unmatched stays Chinese.
    best = request.accept_languages.best_match(["zh", "en"], default="zh")
    return "en" if best == "en" else "zh"


def locale() -> str:
    return LANGS[lang()]


def text(value: Any) -> str:
    """A bilingual label in the page's language; anything else as it is."""
    if isinstance(value, Label):
        return value(lang())
    return "" if value is None else str(value)


def when(value: datetime | date | str | None, fmt: str = "short") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        return format_datetime(value.astimezone(TZ), "yyyy-MM-dd HH:mm" if fmt == "short" else fmt)
    if fmt == "short":  # what Babel writes for yyyy-MM-dd in either language, without its look-ups (a list's rows)
        return value.isoformat()
    return format_date(value, fmt)


# The menu: (endpoint, label, roles of which one is needed, or a report whose readers those are); an entry shows
# when its page exists and the user may use it.
NAV = (
    ("proposals.mine", _l("My proposals"), ("representative",)),
    ("proposals.new", _l("New proposal"), ("representative",)),
    ("proposals.invitations", _l("Invitations"), ("representative",)),
    ("proposals.register", _l("Proposal register"), None),
    ("proposals.committee", _l("Committee register"), ("proposal_committee",)),
    ("requests.mine", _l("My requests"), ("staff", "representative")),
    ("requests.office", _l("Worker requests"), ("union_office", "union_chair")),
    ("congress.index", _l("Congress"), ("representative", "union_office", "union_chair", "teller")),
    ("congress.terms", _l("Rosters"), ("union_office", "union_chair")),
    ("bargaining.index", _l("Collective bargaining"), None),
    ("bargaining.regional", _l("Regional bargaining"), ("federation_office", "employer_association")),
    ("agenda.index", _l("Agenda topics"), None),
    ("disclosures.index", _l("Disclosure"), None),
    ("inspections.index", _l("Inspections"), ("representative", "union_office", "union_chair", "handler",
                                              "department_head")),
    ("suggestions.index", _l("Suggestions"), None),
    ("elections.index", _l("Elections"), ("union_office", "union_chair", "federation_office", "representative")),
    ("members.register", _l("Members"), ("union_office",)),
    ("members.counts", _l("Member figures"), ("federation_office",)),
    ("returns.index", _l("Statistical returns"), ("union_office", "union_chair", "federation_office")),
    ("reports.dashboard", _l("Dashboard"), "report:dashboard"),
    ("federation.overview", _l("Member unions"), ("federation_office",)),
    ("federation.joining", _l("Higher union"), ("union_office",)),
    ("admin.index", _l("Administration"), ("union_office",)),
)


def nav_items(app: Flask, user: WebUser | None) -> list[dict[str, Any]]:
    if user is None:
        return []
    from flask import url_for

    def allowed(roles: tuple[str, ...] | str | None) -> bool:
        if isinstance(roles, str):  # "report:NAME": whoever may read that report
            roles = services.report_readers(env(), roles.removeprefix("report:"))
        return roles is None or any(user.holds(r) for r in roles)

    return [{"url": url_for(endpoint), "label": label, "endpoint": endpoint}
            for endpoint, label, roles in NAV if endpoint in app.view_functions and allowed(roles)]


def due(value: datetime | None) -> str:
    """A deadline: one that ends at 24:00 is shown as its last day, the way people count periods."""
    if value is None:
        return ""
    local = value.astimezone(TZ)
    if local.time() == time(0):
        return format_date((local - timedelta(days=1)).date(), "yyyy-MM-dd")
    return format_datetime(local, "yyyy-MM-dd HH:mm")


def unread_count() -> int:
    """The bell's badge: the signed-in user's unread notifications, counted once per request on the
    deliveries' (user, channel, read_at) index, and only by the pages that show it."""
    if "unread_count" not in g:
        user = load_user(None)
        g.unread_count = services.unread_count(env(), user.id) if user is not None else 0
    return g.unread_count


def init_app(app: Flask) -> None:
    app.jinja_env.filters["t"] = text
    app.jinja_env.filters["due"] = due
    app.jinja_env.filters["when"] = when
    app.jinja_env.globals["lang"] = lang

    @app.context_processor
    def inject() -> dict[str, Any]:
        user = load_user(None)
        return {"user": user, "nav_items": nav_items(app, user), "unread_count": unread_count}
