"""The chair's console: check-in and quorum, items opened and closed one by one, paper check-in and paper
voters, reminders and who is missing. Turnout is live; no result is shown before an item closes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web import confirm
from web.actions import FormState
from web.congress.common import ITEM_STATUSES, WORKFLOW, bp, field_errors, item_of, office_only, refusal, session_of
from web.context import TZ, actor, env, text
from workflows.congress import services as congress

KINDS = ("motion", "election", "evaluation")
STEPS = ("documents", "check_in", "vote")


def ids_posted() -> list[int]:
    return [int(v) for v in request.form.getlist("user_id") if v.strip().isdigit()]


def lines(name: str) -> list[str]:
    return [line.strip() for line in request.form.get(name, "").splitlines() if line.strip()]


def token(items: list[congress.ItemView]) -> str:
    """What the console's item list shows; when it changes, the page is stale."""
    return ",".join(f"{i.id}:{i.status}" for i in items)


def console_page(session_id: int, forms: dict[str, FormState] | None = None, status: int = 200
                 ) -> tuple[str, int]:
    session = session_of(session_id)
    office_only(session)
    items = congress.list_items(env(), session_id)
    current = next((i for i in items if i.status == "open"), None)
    missing: dict[str, list[tuple[int, str, str]]] = {}
    if session.term_id is not None:
        if session.phase in ("documents", "open"):
            missing["documents"] = congress.missing(env(), actor(), session_id, "documents")
        if session.phase == "open":
            missing["check_in"] = congress.missing(env(), actor(), session_id, "check_in")
        if current is not None:
            missing["vote"] = congress.missing(env(), actor(), session_id, "vote", current.id)
    absent = {m[0] for m in missing.get("check_in", [])}
    paper_candidates = [m for m in missing.get("vote", []) if m[0] not in absent]
    boxes = congress.paper_boxes(env(), actor(), current.id) if current is not None else []
    rules = congress.rules_of(env()).pass_rules
    return render_template(
        "congress/console.html", session=session, items=items, current=current, missing=missing,
        paper_candidates=paper_candidates, boxes=boxes, forms=forms or {}, statuses=ITEM_STATUSES,
        kind_options=[(k, text(congress.KIND_LABELS[k])) for k in KINDS], rules=rules,
        rule_options=[(name, text(rule.label)) for name, rule in rules.items()],
        default_rule=congress.rules_of(env()).default_pass_rule, token=token(items),
        page_alert=_page_alert(forms or {})), status


def _page_alert(forms: dict[str, FormState]) -> dict[str, str] | None:
    """A refusal or a form's errors, said again at the top of the console (base.html), with a link to the form."""
    for key, form in forms.items():
        if form.message or form.errors:
            return {"text": form.message or _("The form has errors, marked beside each field."), "link": f"#{key}",
                    "link_text": _("Go to the form")}
    return None


@bp.route("/sessions/<int:session_id>/console")
@login_required
def console(session_id: int) -> tuple[str, int]:
    return console_page(session_id)


@bp.route("/sessions/<int:session_id>/live")
@login_required
def live(session_id: int) -> Response:
    """The console's live figures, polled by a small script: check-in, receipts, turnout per item."""
    session = session_of(session_id)
    office_only(session)
    items = congress.list_items(env(), session_id)
    q = session.quorum
    figures: dict[str, Any] = {"present": q.present, "needed": q.needed, "eligible": q.eligible,
                               "confirmed": session.confirmed}
    for i in items:
        figures[f"item-{i.id}-participants"] = i.participants
    return jsonify(token=token(items), met=q.met, figures=figures)


def attempt(session_id: int, key: str, action: Callable[[], Any], done: Callable[[Any], str], *,
            values: dict[str, Any] | None = None) -> Response | tuple[str, int]:
    """Run a console action; a refusal comes back on the console beside its form, keeping what was typed."""
    form = FormState(values=values or {})
    try:
        result = action()
    except services.ValidationFailed as err:
        form.errors = field_errors(err)
        return console_page(session_id, {key: form}, 422)
    except services.PermissionDenied as err:
        form.message = refusal(err)
        return console_page(session_id, {key: form}, 403)
    except services.EngineError as err:  # Refused, NotFound: the rules forbid it now
        form.message = refusal(err)
        return console_page(session_id, {key: form}, 409)
    flash(done(result), "success")
    return redirect(url_for("congress.console", session_id=session_id) + f"#{key}")


# -- the session's case --------------------------------------------------------------------------------------
@bp.route("/sessions/<int:session_id>/start", methods=["POST"])
@login_required
def start(session_id: int) -> Response | tuple[str, int]:
    """Start preparing a session that has no case yet: its workflow begins at "planned"."""
    session = session_of(session_id)
    office_only(session)
    try:
        outcome = services.start_case(env(), actor(), WORKFLOW, organisation_id=session.organisation_id,
                                      title=session.name, form={"session_id": session_id})
    except services.ValidationFailed as err:
        messages = [m for ms in field_errors(err).values() for m in ms]
        return console_page(session_id, {"start": FormState(message=" ".join(messages))}, 422)
    except services.EngineError as err:
        return console_page(session_id, {"start": FormState(message=refusal(err))}, 409)
    flash(_("The preparation of %(name)s has started: deliver the documents from its page.", name=session.name),
          "success")
    return redirect(url_for("cases.show", case_id=outcome.case_id))


# -- items ---------------------------------------------------------------------------------------------------
def closing_time(raw: str) -> datetime | None:
    """A closing time typed in Beijing time (``datetime-local``), or None when left empty."""
    if not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip()).replace(tzinfo=TZ)
        if not services.YEARS[0] <= moment.year <= services.YEARS[1]:
            raise ValueError(raw)
        return moment
    except ValueError:
        raise services.ValidationFailed({"closes_at": [
            Label("请输入日期和时间。", "Enter a date and a time.")]}) from None


@bp.route("/sessions/<int:session_id>/items", methods=["POST"])
@login_required
def add_item(session_id: int) -> Response | tuple[str, int]:
    office_only(session_of(session_id))
    values = {name: request.form.get(name, "") for name in (
        "kind", "title", "description", "candidates", "max_choices", "managers", "pass_rule", "closes_at")}
    values["reserved"] = "reserved" in request.form

    def add() -> None:
        kind = values["kind"]
        max_choices = None
        if kind == "election" and values["max_choices"].strip():
            try:
                max_choices = int(values["max_choices"])
            except ValueError:
                raise services.ValidationFailed({"max_choices": [
                    Label("请输入整数。", "Enter a whole number.")]}) from None
        congress.add_item(
            env(), actor(), session_id, kind=kind, title=values["title"], description=values["description"],
            candidates=lines("candidates") if kind == "election" else None, max_choices=max_choices,
            managers=lines("managers") if kind == "evaluation" else None,
            pass_rule=values["pass_rule"] or None, reserved=values["reserved"],
            closes_at=closing_time(values["closes_at"]))

    return attempt(session_id, "add", add, lambda _id: _("The item %(title)s is on the ballot.",
                                                         title=values["title"].strip()), values=values)


@bp.route("/items/<int:item_id>/open", methods=["POST"])
@login_required
def open_item(item_id: int) -> Response | tuple[str, int]:
    item = item_of(item_id)
    session = session_of(item.session_id)
    office_only(session)
    q = session.quorum
    if q.met and not confirm.confirmed():  # without the quorum the refusal, with its figures, comes at once
        return confirm.step(
            _("Open the vote on %(title)s?", title=item.title),
            [_("%(present)s of %(eligible)s representatives have checked in; the quorum is %(needed)s.",
               present=q.present, eligible=q.eligible, needed=q.needed),
             _("Once open, representatives vote at once; a vote cannot be taken back, and no other item can open "
               "until this one closes.")],
            button=_("Open the vote"), cancel=_console_url(item))
    return attempt(item.session_id, f"item-{item_id}", lambda: congress.open_item(env(), actor(), item_id),
                   lambda _none: _("Voting on %(title)s is open.", title=item.title))


@bp.route("/items/<int:item_id>/close", methods=["POST"])
@login_required
def close_item(item_id: int) -> Response | tuple[str, int]:
    item = item_of(item_id)
    session = session_of(item.session_id)
    office_only(session)
    if not confirm.confirmed():
        voted = next((i.participants for i in congress.list_items(env(), item.session_id) if i.id == item_id), 0)
        present = session.quorum.present
        return confirm.step(
            _("Close the vote on %(title)s?", title=item.title),
            [_("%(voted)s of %(present)s checked-in representatives have voted.", voted=voted, present=present),
             _("Closing counts the votes now and sends the result to every representative; it cannot be undone: "
               "those who have not voted cannot vote on this item any more.")],
            button=_("Close the vote and count"), cancel=_console_url(item))
    return attempt(item.session_id, f"item-{item_id}",
                   lambda: congress.close_item(env(), actor(), item_id),
                   lambda _result: _("Voting on %(title)s is closed and its result published.", title=item.title))


def _console_url(item: congress.ItemView) -> str:
    return url_for("congress.console", session_id=item.session_id) + f"#item-{item.id}"


# -- paper: check-in and voters ------------------------------------------------------------------------------
@bp.route("/sessions/<int:session_id>/check-in", methods=["POST"])
@login_required
def paper_check_in(session_id: int) -> Response | tuple[str, int]:
    office_only(session_of(session_id))
    picked = ids_posted()
    if not picked:
        return console_page(session_id, {"check_in": FormState(message=_("Tick the representatives present."))},
                            422)
    return attempt(session_id, "check_in", lambda: congress.check_in(env(), actor(), session_id, picked),
                   lambda n: _("Checked in on paper: %(n)s.", n=n), values={"user_id": picked})


@bp.route("/items/<int:item_id>/paper-voters", methods=["POST"])
@login_required
def paper_voters(item_id: int) -> Response | tuple[str, int]:
    item = item_of(item_id)
    office_only(session_of(item.session_id))
    picked = ids_posted()
    if not picked:
        return console_page(item.session_id, {"paper": FormState(
            message=_("Tick the representatives who voted on paper."))}, 422)
    return attempt(item.session_id, "paper", lambda: congress.record_paper_voters(env(), actor(), item_id, picked),
                   lambda n: _("Paper voters recorded: %(n)s.", n=n), values={"user_id": picked})


# -- reminders -----------------------------------------------------------------------------------------------
@bp.route("/sessions/<int:session_id>/remind/<step>", methods=["POST"])
@login_required
def remind(session_id: int, step: str) -> Response | tuple[str, int]:
    office_only(session_of(session_id))
    if step not in STEPS:
        abort(404)
    item_id = None
    if step == "vote":
        current = next((i for i in congress.list_items(env(), session_id) if i.status == "open"), None)
        if current is None:
            return console_page(session_id, {f"remind-{step}": FormState(
                message=_("No item is being voted on."))}, 409)
        item_id = current.id
    return attempt(session_id, f"remind-{step}",
                   lambda: congress.remind(env(), actor(), session_id, step, item_id),  # type: ignore[arg-type]
                   lambda n: _("Reminders sent to %(n)s representatives.", n=n))
