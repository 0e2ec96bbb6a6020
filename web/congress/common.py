"""What the congress pages share: the blueprint, who may see a session, and refusals as messages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from engine import services
from engine.core.i18n import Label
from web.context import env, lang, text
from web.unions import sessions_of, signed_in, unions_of
from workflows.congress import services as congress

bp = Blueprint("congress", __name__, url_prefix="/congress")
WORKFLOW = "congress"
OFFICE = congress.OFFICE_ROLES
PHASES = {"planned": _l("Being prepared"), "documents": _l("Documents delivered"), "open": _l("In session"),
          "closed": _l("Closed")}
ITEM_STATUSES = {"draft": _l("Not yet voted"), "open": _l("Being voted on"), "closed": _l("Voting closed")}


def session_of(session_id: int) -> congress.CongressSessionStatus:
    try:
        return congress.session_status(env(), session_id)
    except services.NotFound:
        abort(404)


def item_of(item_id: int) -> congress.ItemView:
    try:
        return congress.get_item(env(), item_id)
    except services.NotFound:
        abort(404)


def me(session: congress.CongressSessionStatus) -> congress.MyStatus:
    return congress.my_status(env(), signed_in().id, session.id)


def office_only(session: congress.CongressSessionStatus) -> congress.MyStatus:
    """The signed-in user's place in the session; 403 unless they are its union office or chair."""
    mine = me(session)
    if not mine.office:
        abort(403)
    return mine


def member_only(session: congress.CongressSessionStatus) -> congress.MyStatus:
    """Anyone of the session's union (a role there or in one of its departments), its representatives,
    office and tellers; 403 for others."""
    mine = me(session)
    if not (mine.representative or mine.office or mine.teller
            or session.organisation_id in unions_of(signed_in())):
        abort(403)
    return mine


def refusal(err: services.EngineError) -> str:
    """A refusal in the page's language."""
    return err.label(lang())


def field_errors(err: services.ValidationFailed) -> dict[str, list[str]]:
    return {name: [m(lang()) if isinstance(m, Label) else str(m) for m in messages]
            for name, messages in err.errors.items()}


@bp.app_template_global("congress_phase")
def phase_label(phase: str) -> str:
    return str(PHASES.get(phase, phase))


def choice_words(item: congress.ItemView, choice: Any) -> list[str]:
    """A choice in words: a motion's answer, the candidates chosen, or each manager's rating."""
    if item.kind == "motion":
        return [text(congress.MOTION_LABELS.get(choice, choice))]
    if item.kind == "election":
        names = item.options["candidates"]
        return [names[i] for i in choice or [] if 0 <= i < len(names)] or [_("No candidate (a blank ballot)")]
    scale = {s[0]: (s[2] if lang() == "en" else s[1]) for s in item.options["scale"]}
    unrated, colon = _("not rated"), (": " if lang() == "en" else "：")
    return [f"{manager}{colon}{scale.get(rating, unrated)}"
            for manager, rating in zip(item.options["managers"], choice or [], strict=False)]


def counter_label(item: congress.ItemView, key: str) -> str:
    """The name of one counter of an item's result (agree, a candidate, a manager's rating)."""
    if item.kind == "motion":
        return text(congress.MOTION_LABELS[key])
    if item.kind == "election":
        return item.options["candidates"][int(key[1:])]
    manager, rating = key[1:].split(":", 1)
    scale = {s[0]: (s[2] if lang() == "en" else s[1]) for s in item.options["scale"]}
    return f"{item.options['managers'][int(manager)]} · {scale.get(rating, rating)}"


@bp.app_template_global("congress_place")
def congress_place(session_id: Any) -> tuple[congress.CongressSessionStatus, congress.MyStatus] | None:
    """A session and the viewer's place in it, for the session's case page and the office's session list;
    None when the id names no session."""
    try:
        session = congress.session_status(env(), int(session_id))
    except (services.NotFound, TypeError, ValueError):
        return None
    return session, me(session)


@bp.app_template_global("ballot_item")
def ballot_item(item_id: Any) -> congress.ItemView | None:
    """A ballot item for a resolution's case page; None if the id names none."""
    try:
        return congress.get_item(env(), int(item_id))
    except (services.NotFound, TypeError, ValueError):
        return None


@bp.route("")
@login_required
def index() -> str:
    """The sessions of the user's unions with the pages each may open."""
    user = signed_in()
    rows = []
    for s in sessions_of(unions_of(user)):
        session = congress.session_status(env(), s.id)
        rows.append((session, me(session), congress.list_items(env(), s.id)))
    offices = unions_of(user, OFFICE, below=False)
    return render_template("congress/index.html", rows=rows, offices=offices, statuses=ITEM_STATUSES)
