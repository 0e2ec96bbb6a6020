"""The proposal committee's text templates (reasons for returning, rejecting or converting a proposal), as on its
templates page: only the committee of the union keeps them."""

from __future__ import annotations

from typing import Any

from apiflask.schemas import EmptySchema

from engine import services
from engine.core.i18n import Label
from web.api import schemas as s
from web.api.common import blueprint, caller, problem_responses, t
from web.api.problems import Problem
from web.context import env
from web.unions import unions_of

bp = blueprint("committee", "Committee", "The proposal committee's text templates.")
COMMITTEE = "proposal_committee"
KIND = "committee"
NOT_YOUR_UNION = Label("请选择您担任提案工作委员会的工会。", "Choose a union where you are on the proposal committee.")
NO_TEMPLATE = Label("没有这个模板。", "No such template.")


def committees() -> list[int]:
    """The unions whose proposal committee the caller sits on; 403 when none."""
    found = unions_of(caller(), (COMMITTEE,), below=False)
    if not found:
        raise services.PermissionDenied("templates", (COMMITTEE,))
    return found


def template_out(view: services.TemplateView) -> dict[str, Any]:
    return {"id": view.id, "organisation_id": view.organisation_id, "title": view.title, "body": view.body}


@bp.get("/committee/templates")
@bp.input(s.TemplateQuery, location="query", arg_name="query")
@bp.output(s.TemplateList)
@bp.doc(operation_id="listTemplates", responses=problem_responses(403, 422))
def templates(query: dict[str, Any]) -> dict[str, Any]:
    """The templates of the committees the caller sits on"""
    unions = committees()
    wanted = query.get("organisation_id")
    return {"items": [template_out(v) for u in unions if wanted in (None, u)
                      for v in services.list_templates(env(), u, KIND)]}


@bp.post("/committee/templates")
@bp.input(s.TemplateIn, arg_name="body")
@bp.output(s.TemplateOut, status_code=201)
@bp.doc(operation_id="saveTemplate", responses=problem_responses(400, 403, 422))
def save(body: dict[str, Any]) -> dict[str, Any]:
    """Add a template"""
    if body["organisation_id"] not in committees():
        message = t(NOT_YOUR_UNION)
        raise Problem(422, "validation", detail=message, errors={"organisation_id": [message]})
    template_id = services.save_template(env(), body["organisation_id"], KIND, body["title"], body["body"],
                                         caller().id)
    found = next(v for v in services.list_templates(env(), body["organisation_id"], KIND) if v.id == template_id)
    return template_out(found)


@bp.delete("/committee/templates/<int:template_id>")
@bp.output(EmptySchema, status_code=204)
@bp.doc(operation_id="deleteTemplate", responses=problem_responses(403, 404))
def delete(template_id: int) -> tuple[str, int]:
    """Delete a template"""
    mine = {v.id for u in committees() for v in services.list_templates(env(), u, KIND)}
    if template_id not in mine:
        raise Problem(404, "not-found", detail=t(NO_TEMPLATE))
    services.delete_template(env(), template_id)
    return "", 204
