"""Committee elections (工会换届选举): the elections page (the committee terms a union office, its chair or the
federation above oversees, and the elections the reader may read), and the plan form, new or revised, with its
errors beside the fields. The election's own page is the case page (``cases/_committee_election.html``); the
federation's approvals wait in its inbox."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, collect, errors_in
from web.cases import viewed
from web.context import actor, env, lang
from web.unions import chosen_union, signed_in, today, unions_of
from workflows.elections import services as elections

bp = Blueprint("elections", __name__)


@bp.app_template_global("election_panel")
def election_panel(view: services.CaseView) -> elections.Panel | None:
    return elections.panel(view)


@bp.app_template_global("election_revision")
def election_revision(view: services.CaseView) -> str | None:
    """Whether the signed-in user may revise the plan now (the form's address is built from it)."""
    return elections.revision(view)


@bp.route("/elections")
@login_required
def index() -> str:
    """The committee terms the user oversees, the elections they read, and the way to plan one."""
    found = elections.overview(env(), signed_in().id, today())
    names = {o.id: o.name for o in services.list_organisations(env(), kind="union")}
    return render_template("elections/index.html", found=found, union_names=names)


def _form(union_id: int | None, case_id: int | None, values: dict, status: int = 200,
          errors: dict | None = None, version: int | None = None) -> tuple[str, int]:
    return render_template("elections/plan.html", fields=elections.plan_form()[1:], title_field=elections.TITLE,
                           state=FormState(values=values, errors=errors or {}), union_id=union_id,
                           case_id=case_id, version=version), status


@bp.route("/elections/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    """The union office drafts the election plan: term, seats, candidates, date."""
    union_id = chosen_union(unions_of(signed_in(), ("union_office",), below=False))
    if request.method == "GET":
        return _form(union_id, None, elections.plan_defaults(env()))
    fields = elections.plan_form()[1:]
    values = collect(fields, request.form)
    title = request.form.get("title", "")
    try:
        outcome = services.start_case(env(), actor(), elections.ELECTION, union_id, title, values)
    except services.ValidationFailed as err:
        return _form(union_id, None, {**values, "title": title}, 422, errors_in(err, lang()))
    except services.PermissionDenied:
        abort(403)
    flash(_("The election plan is saved as a draft. Send it to the higher union from its page."), "success")
    return redirect(url_for("cases.show", case_id=outcome.case_id))


@bp.route("/elections/<int:case_id>/plan", methods=["GET", "POST"])
@login_required
def revise(case_id: int) -> Response | tuple[str, int]:
    """The office revises a draft or returned plan, its fields filled with what the case holds."""
    view = viewed(case_id)
    trigger = elections.revision(view)
    if trigger is None:
        abort(404 if view.summary.workflow != elections.ELECTION else 403)
    if request.method == "GET":
        return _form(None, case_id, elections.plan_values(view), version=view.version)
    fields = elections.plan_form()[1:]
    values = collect(fields, request.form)
    shown = request.form.get("expected_version", "")
    expected = int(shown) if shown.isdigit() else -1  # the version the form was filled in on: a later change wins
    try:
        services.fire(env(), actor(), case_id, trigger, values, expected_version=expected)
    except services.ValidationFailed as err:
        return _form(None, case_id, values, 422, errors_in(err, lang()), expected)
    except (services.Conflict, services.TransitionNotAllowed) as err:
        flash(err.label(lang()), "danger")
        return _form(None, case_id, values, 409, version=view.version)
    flash(_("The plan is revised."), "success")
    return redirect(url_for("cases.show", case_id=case_id))
