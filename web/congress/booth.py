"""The representative's booth, phone first: confirm the documents, check in, then the one open item with big
buttons, a confirmation step, and the receipt code shown once. Never a running result."""

from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from engine import services
from web.congress.common import bp, choice_words, field_errors, item_of, me, refusal, session_of
from web.context import actor, env, lang
from web.unions import signed_in
from workflows.congress import services as congress


def representative_only(session: congress.CongressSessionStatus) -> congress.MyStatus:
    """The reader's place in the session; 403 with the roster rule for anyone not on the term's roster."""
    mine = me(session)
    if not mine.representative:
        refusal = Forbidden(description=congress.not_on_roster(session.term)(lang()))
        refusal.for_reader = True  # type: ignore[attr-defined]  # the error page shows it (web/errors.py)
        raise refusal
    return mine


def documents(session: congress.CongressSessionStatus) -> tuple[str, list[Any]]:
    """The agenda and the files delivered with the session's case, as the representative may see them."""
    if session.case_id is None:
        return "", []
    try:
        view = services.case_view(env(), actor(), session.case_id)
    except (services.NotFound, services.PermissionDenied):
        return "", []
    return str(view.data.get("agenda") or ""), list(view.files)


def where(session: congress.CongressSessionStatus, mine: congress.MyStatus,
          current: congress.ItemView | None, voted: bool) -> str:
    """What the booth shows now; when this changes the waiting page reloads itself."""
    return f"{session.phase}:{int(mine.confirmed)}:{int(mine.checked_in)}:{current.id if current else 0}:{int(voted)}"


def now_open(session_id: int) -> tuple[congress.ItemView | None, bool]:
    current = next((i for i in congress.list_items(env(), session_id) if i.status == "open"), None)
    voted = current is not None and current.id in congress.has_voted(env(), signed_in().id, [current.id])
    return current, voted


def booth_page(session_id: int, *, picked: Any = None, message: str | None = None, status: int = 200
               ) -> tuple[str, int]:
    session = session_of(session_id)
    mine = representative_only(session)
    current, voted = now_open(session_id)
    agenda, files = documents(session)
    closed = [i for i in congress.list_items(env(), session_id) if i.status == "closed"]
    return render_template("congress/booth.html", session=session, mine=mine, current=current, voted=voted,
                           agenda=agenda, files=files, closed=closed, picked=picked, message=message,
                           state=where(session, mine, current, voted), motion=congress.MOTION_CHOICES,
                           motion_labels=congress.MOTION_LABELS), status


@bp.route("/sessions/<int:session_id>/booth")
@login_required
def booth(session_id: int) -> tuple[str, int]:
    return booth_page(session_id)


@bp.route("/sessions/<int:session_id>/booth/state")
@login_required
def booth_state(session_id: int) -> Response:
    """Polled by the booth while the representative waits: reload when an item opens or closes."""
    session = session_of(session_id)
    mine = representative_only(session)
    current, voted = now_open(session_id)
    return jsonify(state=where(session, mine, current, voted))


def own_step(session_id: int, action: Any) -> Response | tuple[str, int]:
    session = session_of(session_id)
    representative_only(session)
    try:
        action()
    except services.EngineError as err:
        return booth_page(session_id, message=refusal(err), status=409)
    return redirect(url_for("congress.booth", session_id=session_id))


@bp.route("/sessions/<int:session_id>/booth/documents", methods=["POST"])
@login_required
def confirm_documents(session_id: int) -> Response | tuple[str, int]:
    return own_step(session_id, lambda: congress.confirm_documents(env(), actor(), session_id))


@bp.route("/sessions/<int:session_id>/booth/check-in", methods=["POST"])
@login_required
def check_in(session_id: int) -> Response | tuple[str, int]:
    return own_step(session_id, lambda: congress.check_in(env(), actor(), session_id))


# -- a vote: choose, confirm, receipt ------------------------------------------------------------------------
class NotChosen(Exception):
    """The ballot was sent without a valid choice; the message says what to do."""


def posted_choice(item: congress.ItemView) -> Any:
    """The choice sent from the ballot or the confirmation step, in the form the engine counts."""
    if item.kind == "motion":
        choice = request.form.get("choice", "")
        if choice not in congress.MOTION_CHOICES:
            raise NotChosen(_("Choose for, against or abstain."))
        return choice
    if item.kind == "election":
        picked = sorted({int(v) for v in request.form.getlist("candidate") if v.strip().isdigit()})
        if len(picked) > int(item.options["max_choices"]):
            raise NotChosen(_("Choose at most %(k)s.", k=item.options["max_choices"]))
        return picked
    return [request.form.get(f"rating-{i}") or None for i in range(len(item.options["managers"]))]


def ballot_item(item_id: int) -> congress.ItemView:
    item = item_of(item_id)
    representative_only(session_of(item.session_id))
    return item


@bp.route("/items/<int:item_id>/review", methods=["POST"])
@login_required
def review(item_id: int) -> tuple[str, int]:
    """The confirmation step: the choice in words before it is cast; "change" goes back to the ballot."""
    item = ballot_item(item_id)
    try:
        choice = posted_choice(item)
    except NotChosen as why:
        return booth_page(item.session_id, message=str(why), status=422)
    if request.form.get("do") == "change":
        return booth_page(item.session_id, picked=choice)
    return render_template("congress/confirm.html", item=item, choice=choice, words=choice_words(item, choice)), 200


@bp.route("/items/<int:item_id>/vote", methods=["POST"])
@login_required
def vote(item_id: int) -> tuple[str, int]:
    """Cast the vote; the receipt code is shown in this answer only, never stored in the clear."""
    item = ballot_item(item_id)
    try:
        choice = posted_choice(item)
        code = congress.vote(env(), actor(), item_id, choice)
    except NotChosen as why:
        return booth_page(item.session_id, message=str(why), status=422)
    except services.ValidationFailed as err:
        messages = [m for ms in field_errors(err).values() for m in ms]
        return booth_page(item.session_id, message=" ".join(messages), status=422)
    except services.EngineError as err:  # already voted, voting closed, not checked in
        return booth_page(item.session_id, message=refusal(err), status=409)
    return render_template("congress/receipt.html", item=item, code=code, words=choice_words(item, choice)), 200
