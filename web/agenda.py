"""Agenda topic pages: the sessions collecting topics with the send form, the topics a person sent, and a
session's topics as the union office sorts them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, collect, errors_in
from web.context import actor, env, lang
from web.unions import page_arg, sessions_of, signed_in, today, unions_of
from workflows.agenda import services as agenda

bp = Blueprint("agenda", __name__, url_prefix="/agenda")


@bp.route("")
@login_required
def index() -> str:
    """Sessions collecting topics now, the form's way in, and the topics the user sent."""
    union_ids = unions_of(signed_in())
    now = today()
    every = sessions_of(union_ids)
    office = set(unions_of(signed_in(), ("union_office", "union_chair"), below=False))
    return render_template("agenda/index.html", collecting=[s for s in every if s.collecting(now)],
                           sorting=[s for s in every if s.organisation_id in office],
                           mine=agenda.my_topics(env(), actor(), page=page_arg()), today=now)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    union_ids = unions_of(signed_in())
    if not union_ids:
        abort(403)
    now = today()
    every = sessions_of(union_ids)
    sessions = [s for s in every if s.collecting(now)]
    by_id = {str(s.id): s for s in every}
    info = services.describe(env(), agenda.NAME)
    state = FormState(values={agenda.SESSION_FIELD: str(sessions[0].id)} if sessions else {})
    status = 200
    if request.method == "POST":
        values = collect(info.start_fields, request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title}
        chosen = by_id.get(str(values.get(agenda.SESSION_FIELD, "")))
        try:
            outcome = services.start_case(env(), actor(), agenda.NAME, organisation_id=chosen.organisation_id
                                          if chosen else union_ids[0], title=title, form=values)
        except services.ValidationFailed as err:
            state.errors = errors_in(err, lang())
        except services.PermissionDenied:
            abort(403)
        else:
            flash(_("Your topic was sent to the union office. You will be told what becomes of it."), "success")
            return redirect(url_for("cases.show", case_id=outcome.case_id))
        status = 422
    return render_template("agenda/new.html", info=info, sessions=sessions, any_session=bool(every), state=state,
                           session_field=agenda.SESSION_FIELD,
                           fields=[f for f in info.start_fields if f.name != agenda.SESSION_FIELD]), status


@bp.route("/sessions/<int:session_id>")
@login_required
def session(session_id: int) -> str:
    """The session's topics for the union office and the chair (others read only what the topics open to them:
    the page lists what they may read)."""
    found = next((s for s in sessions_of(unions_of(signed_in())) if s.id == session_id), None)
    if found is None:
        abort(404)
    return render_template("agenda/session.html", session=found,
                           topics=agenda.session_topics(env(), actor(), session_id))
