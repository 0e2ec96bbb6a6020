"""Around a bargaining case: staff opinions (anonymous by choice) and the clause-by-clause comparison of two
versions of its draft agreement."""

from __future__ import annotations

from typing import Any

from engine import services
from engine.core.i18n import Label
from web.api import schemas as s
from web.api.common import actor, blueprint, problem_responses, t
from web.api.problems import Problem
from web.context import env
from workflows.bargaining import services as bargaining

bp = blueprint("bargaining", "Bargaining", "Staff opinions on a case and the comparison of its drafts.")
NO_DRAFT = Label("该事项没有第 {n} 稿。", "The case has no draft {n}.")


@bp.get("/cases/<int:case_id>/opinions")
@bp.output(s.Opinions)
@bp.doc(operation_id="listOpinions", responses=problem_responses(403, 404))
def opinions(case_id: int) -> dict[str, Any]:
    """For the union office and the case's negotiators: the opinions sent, newest first, counted by topic"""
    found = bargaining.list_opinions(env(), actor(), case_id)
    return {"total": found.total, "by_topic": [{"topic": topic, "count": n} for topic, n in found.by_topic],
            "items": [{"id": o.id, "topic": o.topic, "body": o.body, "author": o.author, "created_at": o.created_at,
                       "on": o.on}
                      for o in found.items]}


@bp.post("/cases/<int:case_id>/opinions")
@bp.input(s.OpinionIn, arg_name="body")
@bp.output(s.Created, status_code=201)
@bp.doc(operation_id="submitOpinion", responses=problem_responses(400, 403, 404, 422))
def submit_opinion(case_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A staff member of the case's organisation sends an opinion; an anonymous one keeps no trace of who"""
    return {"id": bargaining.submit_opinion(env(), actor(), case_id, topic=body["topic"], body=body["body"],
                                          anonymous=body["anonymous"])}


def _draft(drafts: list[bargaining.Draft], version: int, field: str) -> bargaining.Draft:
    found = next((d for d in drafts if d.version == version), None)
    if found is None:
        message = t(NO_DRAFT.format(n=version))
        raise Problem(422, "validation", detail=message, errors={field: [message]})
    return found


@bp.get("/cases/<int:case_id>/drafts/compare")
@bp.input(s.CompareQuery, location="query", arg_name="query")
@bp.output(s.Comparison)
@bp.doc(operation_id="compareDrafts", responses=problem_responses(403, 404, 422))
def compare(case_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """Two versions of the case's draft agreement, clause by clause (the latest and the one before by default)"""
    view = services.case_view(env(), actor(), case_id)
    drafts = bargaining.drafts(env(), view)
    latest = max((d.version for d in drafts), default=0)
    new = _draft(drafts, query.get("new", latest), "new")
    old = _draft(drafts, query.get("old", new.version - 1), "old")

    def out(d: bargaining.Draft) -> dict[str, Any]:
        return {"version": d.version, "note": d.note, "on": d.on}

    return {"case_id": case_id, "old": out(old), "new": out(new),
            "clauses": [{"change": c.change, "heading": c.heading, "old": c.old, "new": c.new}
                        for c in bargaining.compare_clauses(old.text, new.text)]}
