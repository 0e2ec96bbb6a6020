"""What the bargaining pages share: the blueprint and finding a case and who may see it."""

from __future__ import annotations

from flask import Blueprint, abort

from engine import services
from web.context import actor, env
from workflows.bargaining import services as bargaining

bp = Blueprint("bargaining", __name__, url_prefix="/bargaining")
WORKFLOW = bargaining.NAME
SIDE_ROLES, STARTERS = bargaining.SIDE_ROLES, bargaining.STARTERS


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
