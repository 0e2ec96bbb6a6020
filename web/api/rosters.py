"""Congress terms and their rosters, for the union office: the roster, the rule checks with their figures, and
the CSV import (every row checked; nothing imported when one is wrong)."""

from __future__ import annotations

from typing import Any

from engine import services
from web.api import problems
from web.api import schemas as s
from web.api.common import blueprint, caller, problem_responses, t
from web.context import env
from web.unions import unions_of
from workflows.congress import services as congress

bp = blueprint("rosters", "Rosters", "Congress terms and their rosters of representatives, for the union office.")


def offices() -> list[int]:
    """The unions where the caller is the union office or chair."""
    return unions_of(caller(), congress.OFFICE_ROLES, below=False)


def term_of(term_id: int) -> congress.TermView:
    term = congress.get_term(env(), term_id)
    if term.organisation_id not in offices():
        raise services.PermissionDenied("roster", congress.OFFICE_ROLES)
    return term


def term_out(term: congress.TermView) -> dict[str, Any]:
    size = sum(1 for r in congress.list_roster(env(), term.id) if r.active)
    return {"id": term.id, "organisation_id": term.organisation_id, "number": term.number, "name": term.name,
            "staff_count": term.staff_count, "women_staff_count": term.women_staff_count, "size": size}


@bp.get("/congress/terms")
@bp.output(s.TermList)
@bp.doc(operation_id="listTerms", responses=problem_responses(403))
def terms() -> dict[str, Any]:
    """The terms of the unions where the caller is the union office or chair"""
    unions = offices()
    if not unions:
        raise services.PermissionDenied("roster", congress.OFFICE_ROLES)
    return {"items": [term_out(term) for u in unions for term in congress.list_terms(env(), u)]}


@bp.post("/congress/terms")
@bp.input(s.TermIn, arg_name="body")
@bp.output(s.TermOut, status_code=201)
@bp.doc(operation_id="saveTerm", responses=problem_responses(400, 403, 404, 422))
def save_term(body: dict[str, Any]) -> Any:
    """Create a term, or set the staff figures of an existing one (the rule checks need them)"""
    if body["organisation_id"] not in offices():
        raise services.PermissionDenied("roster", congress.OFFICE_ROLES)
    try:
        term_id = congress.ensure_term(env(), body["organisation_id"], body["number"],
                                       staff_count=body.get("staff_count"),
                                       women_staff_count=body.get("women_staff_count"))
    except services.ValidationFailed as err:
        renamed = services.ValidationFailed({("number" if k == "term" else k): v for k, v in err.errors.items()})
        return problems.of_engine(renamed)
    return term_out(congress.get_term(env(), term_id))


@bp.get("/congress/terms/<int:term_id>")
@bp.output(s.TermOut)
@bp.doc(operation_id="getTerm", responses=problem_responses(403, 404))
def term(term_id: int) -> dict[str, Any]:
    """A term with its staff figures and the size of its roster"""
    return term_out(term_of(term_id))


@bp.get("/congress/terms/<int:term_id>/roster")
@bp.output(s.Roster)
@bp.doc(operation_id="getRoster", responses=problem_responses(403, 404))
def roster(term_id: int) -> dict[str, Any]:
    """The term's representatives by delegation"""
    term_of(term_id)
    return {"items": [{"user_id": r.user_id, "username": r.username, "name": r.name, "delegation": r.delegation,
                       "category": r.category, "sex": r.sex, "department": r.department, "active": r.active}
                      for r in congress.list_roster(env(), term_id)]}


@bp.get("/congress/terms/<int:term_id>/checks")
@bp.output(s.RuleChecks)
@bp.doc(operation_id="checkRoster", responses=problem_responses(403, 404))
def checks(term_id: int) -> dict[str, Any]:
    """The roster against the rules: enough representatives, managers at most their share, women's share"""
    term_of(term_id)
    return {"items": [{"name": c.name, "label": t(c.label), "met": c.met, "figures": t(c.figures)}
                      for c in congress.check_rules(env(), term_id)]}


@bp.post("/congress/terms/<int:term_id>/roster")
@bp.input(s.RosterUpload, location="files", arg_name="upload")
@bp.output(s.Imported)
@bp.doc(operation_id="importRoster", responses=problem_responses(400, 403, 404, 413, 422))
def import_roster(term_id: int, upload: dict[str, Any]) -> dict[str, Any]:
    """Replace the roster with a CSV file's rows, all or nothing

    A rejected file answers 422 with each wrong cell in `rows` (row 2 is the first after the header).
    """
    term_of(term_id)
    done = congress.import_roster(env(), term_id, upload["file"].read())
    return {"term_id": done.term_id, "added": done.added, "updated": done.updated, "removed": done.removed,
            "users_created": done.users_created}
