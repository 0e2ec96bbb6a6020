"""The higher union's view over its member unions, read-only, for its staff (``federation_office``): the
federations one staffs, each member union's figures of a year (those needing attention first, a page at a time),
one union's figures with its sessions and filed agreements, the filings register and the invitations sent.
Anyone else is told the federation does not exist (404), as on the pages; so is a union not below it."""

from __future__ import annotations

from typing import Any

from engine import services
from web.api import schemas as s
from web.api.common import blueprint, caller, problem_responses, t
from web.api.problems import lang
from web.api.schemas import federation as fs
from web.context import env
from web.unions import today
from workflows.federation import services as federation

bp = blueprint("federation", "Federation", "A federation's member unions, for its staff: each union's figures of a "
               "year, one union's figures and lists, the filings register and the invitations sent.")
FIGURES = tuple(c.key for c in federation.UNION_COLUMNS)
# A ``year`` outside the calendar's years is refused before the operation reads it (web.guard), with a 400.
BY_YEAR = {**problem_responses(404, 422),
           400: {**problem_responses(400)[400], "description": "A year outside 1900 to 2200 (errors names it)."}}


def staffed() -> list[services.OrgView]:
    """The federations the caller staffs: where they hold the federation's role, and those below them."""
    held = federation.federations_of(env(), caller().id)
    found = {o.id: o for o in held}
    for f in held:
        found.update({o.id: o for o in services.list_organisations(env(), kind="federation", under=f.id)})
    return sorted(found.values(), key=lambda o: o.id)


def federation_out(org: services.OrgView) -> dict[str, Any]:
    return {"id": org.id, "name": org.name, "parent_id": org.parent_id}


def year_of(query: dict[str, Any]) -> int:
    return query.get("year") or today().year


def figures_out(row: dict[str, Any]) -> dict[str, Any]:
    """A union's line of the overview table, typed: ``past_term`` a boolean, or null with no term recorded."""
    out = {"id": row["id"], **{key: row[key] for key in FIGURES}}
    out.update(past_term=bool(row["flagged"]) if row["term_ends"] is not None else None)
    return out


def filing_out(f: Any, names: dict[int, str]) -> dict[str, Any]:
    return {"case_id": f.case_id, "organisation_id": f.organisation_id, "union": names.get(f.organisation_id, ""),
            "kind": f.kind, "title": f.title, "step": f.step, "signed_on": f.signed_on, "filed_on": f.filed_on,
            "review": f.review, "effective_on": f.effective_on, "expires_on": f.expires_on}


def names_under(federation_id: int) -> dict[int, str]:
    """The names of the federation and every organisation below it (asked once the caller is known as staff)."""
    names = {o.id: o.name for o in services.list_organisations(env(), under=federation_id)}
    names[federation_id] = services.get_organisation(env(), federation_id).name
    return names


@bp.get("/federations")
@bp.output(fs.FederationList)
@bp.doc(operation_id="listFederations")
def federations() -> dict[str, Any]:
    """The federations the caller staffs (and those below them); none for anyone else"""
    return {"items": [federation_out(o) for o in staffed()]}


@bp.get("/federations/<int:federation_id>/unions")
@bp.input(fs.MemberUnionQuery, location="query", arg_name="query")
@bp.output(fs.MemberUnionPage)
@bp.doc(operation_id="listMemberUnions", responses=BY_YEAR)
def unions(federation_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """Each member union's figures of a year, as the federation's overview table has them: the unions with most
    overdue work first, then those past their committee's term, then those with unfiled agreements"""
    year = year_of(query)
    view = federation.overview(env(), caller().id, federation_id, year, lang=lang(), page=query["page"],
                               per_page=query["per_page"])
    found = view.unions
    return {"federation": federation_out(view.federation), "year": year,
            "summary": [{"label": label, "value": value} for label, value in view.summary],
            "items": [figures_out(row) for row in found.items], "page": found.page, "per_page": found.per_page,
            "total": found.total, "pages": found.pages}


@bp.get("/federations/<int:federation_id>/unions/<int:union_id>")
@bp.input(fs.YearQuery, location="query", arg_name="query")
@bp.output(fs.MemberUnionDetail)
@bp.doc(operation_id="getMemberUnion", responses=BY_YEAR)
def union(federation_id: int, union_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """One member union's figures of a year, its committee's term, its congress sessions of the year (no ballot,
    no name), its filed agreements and the regional ones covering it"""
    year = year_of(query)
    d = federation.union_detail(env(), caller().id, federation_id, union_id, year, lang=lang())
    term = d.union.term
    names = names_under(federation_id)
    return {"federation": federation_out(d.federation), "year": year, "figures": figures_out(d.row),
            "supervision": d.union.supervision,
            # keywords, not quoted keys: web/ quotes no word that names a workflow's state (approved, closed…)
            "term": None if term is None else dict(
                elected_on=term.elected_on, term_years=term.term_years, ends_on=term.ends_on, approved=term.approved,
                past_term=d.union.past_term, ending_soon=d.union.term_ending, case_id=d.term_case),
            "sessions": [dict(id=s.id, name=s.name, opens_on=s.opens_on, held=s.held, closed=s.closed,
                              secret_ballots=s.secret_ballots, eligible=s.eligible, present=s.present,
                              quorum_met=s.quorum_met) for s in d.sessions],
            "filings": [filing_out(f, names) for f in d.filings],
            "regional": [filing_out(f, names) for f in d.regional]}


@bp.get("/federations/<int:federation_id>/filings")
@bp.input(s.PageQuery, location="query", arg_name="query")
@bp.output(fs.FilingPage)
@bp.doc(operation_id="listFilings", responses=problem_responses(404, 422))
def filings(federation_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """The filings register (集体合同备案登记): the member unions' agreements from filing on, newest change first,
    and the regional or industry agreements the federation led"""
    found = federation.filings(env(), caller().id, federation_id, lang(), page=query["page"],
                               per_page=query["per_page"])
    regional = federation.regional_filings(env(), caller().id, federation_id, lang())
    names = names_under(federation_id)
    return {"items": [filing_out(f, names) for f in found.items], "regional": [filing_out(f, names) for f in regional],
            "page": found.page, "per_page": found.per_page, "total": found.total, "pages": found.pages,
            "exact": found.exact}


@bp.get("/federations/<int:federation_id>/invitations")
@bp.output(fs.InvitationList)
@bp.doc(operation_id="listInvitations", responses=problem_responses(404))
def invitations(federation_id: int) -> dict[str, Any]:
    """The federation's invitations to join, newest first, with their answers"""
    return {"items": [{"id": i.id, "union_id": i.union_id, "union": i.union, "status": i.status,
                       "status_label": t(i.status_label), "note": i.note, "invited_by": i.invited_by,
                       "invited_at": i.invited_at, "answered_by": i.answered_by, "answered_at": i.answered_at,
                       "answer_note": i.answer_note}
                      for i in federation.sent(env(), caller().id, federation_id)]}
