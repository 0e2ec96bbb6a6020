"""The disclosure register (厂务公开): its entries, questions on a published item, and the answers under it. The
items and questions themselves are cases (``/cases``)."""

from __future__ import annotations

from typing import Any

from web.api import schemas as s
from web.api.common import actor, blueprint, problem_responses
from web.api.schemas import disclosures as ds
from web.context import env
from workflows.disclosures import services as disclosures

bp = blueprint("disclosures", "Disclosure", "The disclosure register's entries, questions and answers.")


def _entry(e: disclosures.Entry) -> dict[str, Any]:
    return {"id": e.id, "title": e.title, "category": e.category, "frequency": e.frequency, "channel": e.channel,
            "scope": e.scope, "department": e.department, "note": e.note, "active": e.active,
            "starts_on": e.starts_on, "last_period": e.last_period}


@bp.get("/disclosures/entries")
@bp.input(ds.UnionQuery, location="query", arg_name="query")
@bp.output(ds.EntryList)
@bp.doc(operation_id="listDisclosureEntries", responses=problem_responses(404))
def entries(query: dict[str, Any]) -> dict[str, Any]:
    """The union's register, for anyone on its staff"""
    return {"items": [_entry(e) for e in disclosures.list_entries(env(), actor(), query["union"])]}


@bp.post("/disclosures/entries")
@bp.input(ds.UnionQuery, location="query", arg_name="query")
@bp.input(ds.EntryIn, arg_name="body")
@bp.output(s.Created, status_code=201)
@bp.doc(operation_id="addDisclosureEntry", responses=problem_responses(400, 403, 404, 422))
def add_entry(query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """A new entry of the union's register, by the union office or the employer"""
    return {"id": disclosures.add_entry(env(), actor(), query["union"], body)}


@bp.get("/cases/<int:case_id>/answers")
@bp.output(ds.AnsweredList)
@bp.doc(operation_id="listDisclosureAnswers", responses=problem_responses(404))
def answers(case_id: int) -> dict[str, Any]:
    """The questions answered under a disclosure item, for whoever reads the item"""
    return {"items": [{"question": a.question, "asker": a.asker, "asked_on": a.asked_on, "answer": a.answer,
                       "answered_at": a.answered_at} for a in disclosures.answered(env(), actor(), case_id)]}


@bp.post("/cases/<int:case_id>/questions")
@bp.input(ds.QuestionIn, arg_name="body")
@bp.output(s.Created, status_code=201)
@bp.doc(operation_id="askDisclosureQuestion", responses=problem_responses(400, 404, 422))
def ask(case_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Ask a question about a published disclosure item; the department answers within the union's period"""
    return {"id": disclosures.ask(env(), actor(), case_id, body["text"], show_name=body["show_name"])}
