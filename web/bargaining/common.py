"""What the bargaining pages share: the blueprint and finding a case and who may see it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, collect, errors_in
from web.context import actor, env, lang
from workflows.bargaining import services as bargaining

bp = Blueprint("bargaining", __name__, url_prefix="/bargaining")
WORKFLOW = bargaining.NAME
SIDE_ROLES, STARTERS = bargaining.SIDE_ROLES, bargaining.STARTERS


def start_from_form(workflow: str, organisation_id: int,
                    page: Callable[[int, FormState, int], tuple[str, int]]) -> Response | tuple[str, int]:
    """Start a case of ``workflow`` from the posted form: the written request is drafted (printed and sent from
    the case page); a wrong field comes back on ``page`` beside it, with what was typed kept."""
    values = collect(services.describe(env(), workflow).start_fields, request.form)
    title = request.form.get("title", "")
    state = FormState(values={**values, "title": title})
    try:
        outcome = services.start_case(env(), actor(), workflow, organisation_id, title, values)
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
    except services.PermissionDenied:
        abort(403)
    else:
        flash(_("The written request is drafted: print it, deliver it, then record the day it was received."),
              "success")
        return redirect(url_for("cases.show", case_id=outcome.case_id))
    return page(organisation_id, state, 422)


def case_of(case_id: int) -> services.CaseView:
    """A bargaining case as the signed-in user may see it: 404 if there is none, 403 if not theirs to see."""
    try:
        view = services.case_view(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    if view.summary.workflow not in (WORKFLOW, bargaining.REGIONAL):
        abort(404)
    return view


def staff_case(case_id: int) -> services.CaseView:
    """A bargaining case for a page every staff member of its organisation may open; 403 for others."""
    try:
        return bargaining.staff_case(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
