"""Congress sessions and their secret ballots: status and quorum, documents and check-in, items opened and
closed by the office, paper voters and tellers' counts, the vote with its receipt, and the results.

Who may do what is what the congress pages allow: anyone of the session's union sees it; representatives
confirm, check in and vote; the union office and chair run it; tellers enter paper counts."""

from __future__ import annotations

import re
from typing import Any

from engine import services
from engine.core.i18n import Label
from web.api import schemas as s
from web.api.common import actor, blueprint, caller, problem_responses, t
from web.api.problems import Problem
from web.context import env
from web.unions import sessions_of, unions_of
from workflows.congress import services as congress

bp = blueprint("congress", "Congress", "Congress sessions, check-in and secret ballots.")
NO_RECEIPT = Label("没有与该回执码相符的选票。", "No vote in this session has that receipt code.")
UNKNOWN_COUNTER = Label("该表决事项没有这一计数项。", "This item has no such count.")
FIXED_COUNTS = ("ballots", "invalid")


# -- who may ------------------------------------------------------------------------------------------------------
def forbidden(action: str, roles: tuple[str, ...]) -> services.PermissionDenied:
    return services.PermissionDenied(action, roles)


def session_of(session_id: int) -> tuple[congress.CongressSessionStatus, congress.MyStatus]:
    """A session and the caller's place in it; 403 unless they belong to its union (a role there or below,
    on its roster, its office or a teller)."""
    session = congress.session_status(env(), session_id)
    mine = congress.my_status(env(), caller().id, session_id)
    if not (mine.representative or mine.office or mine.teller or session.organisation_id in unions_of(caller())):
        raise forbidden("view", ("representative", *congress.OFFICE_ROLES, "teller"))
    return session, mine


def representative_of(session_id: int, action: str) -> congress.CongressSessionStatus:
    """A session for one of a representative's own steps; 403 citing the roster rule unless the caller is on
    the roster of its term (someone taken off it may no longer belong to the union at all)."""
    session = congress.session_status(env(), session_id)
    if not congress.my_status(env(), caller().id, session_id).representative:
        raise congress.NotOnRoster(action, session.term)
    return session


def office_of(session_id: int) -> congress.CongressSessionStatus:
    session, mine = session_of(session_id)
    if not mine.office:
        raise forbidden("run_session", congress.OFFICE_ROLES)
    return session


def item_of(item_id: int) -> tuple[congress.ItemView, congress.MyStatus]:
    item = congress.get_item(env(), item_id)
    _session, mine = session_of(item.session_id)
    return item, mine


# -- shapes -------------------------------------------------------------------------------------------------------
def quorum_out(q: congress.Quorum) -> dict[str, Any]:
    return {"eligible": q.eligible, "present": q.present, "needed": q.needed, "met": q.met}


def mine_out(m: congress.MyStatus) -> dict[str, Any]:
    return {"representative": m.representative, "confirmed": m.confirmed, "checked_in": m.checked_in,
            "office": m.office, "teller": m.teller}


def session_out(session: congress.CongressSessionStatus, mine: congress.MyStatus) -> dict[str, Any]:
    return {"id": session.id, "organisation_id": session.organisation_id, "name": session.name, "term": session.term,
            "term_id": session.term_id, "kind": session.kind, "case_id": session.case_id,
            "opens_on": session.opens_on, "phase": session.phase, "quorum": quorum_out(session.quorum),
            "confirmed": session.confirmed, "me": mine_out(mine)}


def item_out(item: congress.ItemView) -> dict[str, Any]:
    return {"id": item.id, "session_id": item.session_id, "case_id": item.case_id, "position": item.position,
            "kind": item.kind, "kind_label": t(item.kind_label), "title": item.title,
            "description": item.description, "options": item.options, "pass_rule": item.pass_rule,
            "reserved": item.reserved, "status": item.status, "eligible": item.eligible,
            "opened_at": item.opened_at, "closes_at": item.closes_at, "closed_at": item.closed_at,
            "result": item.result, "participants": item.participants}


# -- sessions -----------------------------------------------------------------------------------------------------
@bp.get("/congress/sessions")
@bp.output(s.CongressSessionList)
@bp.doc(operation_id="listSessions")
def sessions() -> dict[str, Any]:
    """The congress sessions of the caller's unions, newest first"""
    found = []
    for view in sessions_of(unions_of(caller())):
        found.append(session_out(congress.session_status(env(), view.id),
                                 congress.my_status(env(), caller().id, view.id)))
    return {"items": found}


@bp.get("/congress/sessions/<int:session_id>")
@bp.output(s.CongressSessionOut)
@bp.doc(operation_id="getSession", responses=problem_responses(403, 404))
def session(session_id: int) -> dict[str, Any]:
    """A session: its phase, the quorum, documents confirmed, and the caller's place in it"""
    return session_out(*session_of(session_id))


@bp.post("/congress/sessions/<int:session_id>/documents")
@bp.output(s.CongressSessionOut)
@bp.doc(operation_id="confirmDocuments", responses=problem_responses(400, 403, 404, 409))
def confirm_documents(session_id: int) -> dict[str, Any]:
    """A representative confirms receiving the session's documents"""
    representative_of(session_id, "confirm_documents")
    congress.confirm_documents(env(), actor(), session_id)
    return session_out(*session_of(session_id))


@bp.post("/congress/sessions/<int:session_id>/check-in")
@bp.input(s.CheckInIn, arg_name="body")
@bp.output(s.CheckedIn)
@bp.doc(operation_id="checkIn", responses=problem_responses(400, 403, 404, 409, 422))
def check_in(session_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Check in: a representative themself, or the union office for those who signed in on paper (user_ids)"""
    if body.get("user_ids") is None:
        representative_of(session_id, "check_in")
    else:
        session_of(session_id)
    done = congress.check_in(env(), actor(), session_id, body.get("user_ids"))
    return {"checked_in": done, "quorum": quorum_out(congress.session_status(env(), session_id).quorum)}


@bp.get("/congress/sessions/<int:session_id>/missing")
@bp.input(s.MissingQuery, location="query", arg_name="query")
@bp.output(s.PersonList)
@bp.doc(operation_id="listMissing", responses=problem_responses(403, 404, 422))
def missing(session_id: int, query: dict[str, Any]) -> dict[str, Any]:
    """For the union office: who has not yet confirmed the documents, checked in, or voted on an item"""
    office_of(session_id)
    rows = congress.missing(env(), actor(), session_id, query["step"], query.get("item_id"))
    return {"items": [{"user_id": u, "name": name, "delegation": delegation} for u, name, delegation in rows]}


@bp.post("/congress/sessions/<int:session_id>/reminders")
@bp.input(s.RemindIn, arg_name="body")
@bp.output(s.Sent)
@bp.doc(operation_id="remind", responses=problem_responses(400, 403, 404, 422))
def remind(session_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """For the union office: remind everyone who has not yet done a step"""
    office_of(session_id)
    return {"sent": congress.remind(env(), actor(), session_id, body["step"], body.get("item_id"))}


# -- items --------------------------------------------------------------------------------------------------------
@bp.get("/congress/sessions/<int:session_id>/items")
@bp.output(s.ItemList)
@bp.doc(operation_id="listItems", responses=problem_responses(403, 404))
def items(session_id: int) -> dict[str, Any]:
    """A session's ballot items in order, with turnout; results only of closed items"""
    session_of(session_id)
    return {"items": [item_out(i) for i in congress.list_items(env(), session_id)]}


@bp.post("/congress/sessions/<int:session_id>/items")
@bp.input(s.ItemIn, arg_name="body")
@bp.output(s.ItemOut, status_code=201)
@bp.doc(operation_id="addItem", responses=problem_responses(400, 403, 404, 409, 422))
def add_item(session_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """For the union office: put an item on the session's ballot"""
    office_of(session_id)
    item_id = congress.add_item(
        env(), actor(), session_id, kind=body["kind"], title=body["title"], description=body["description"],
        candidates=body.get("candidates"), max_choices=body.get("max_choices"), managers=body.get("managers"),
        pass_rule=body.get("pass_rule"), reserved=body["reserved"], closes_at=body.get("closes_at"))
    return item_out(congress.get_item(env(), item_id))


@bp.get("/congress/items/<int:item_id>")
@bp.output(s.ItemOut)
@bp.doc(operation_id="getItem", responses=problem_responses(403, 404))
def item(item_id: int) -> dict[str, Any]:
    """One ballot item"""
    return item_out(item_of(item_id)[0])


@bp.post("/congress/items/<int:item_id>/open")
@bp.output(s.ItemOut)
@bp.doc(operation_id="openItem", responses=problem_responses(400, 403, 404, 409))
def open_item(item_id: int) -> dict[str, Any]:
    """For the union office: open an item for voting (the quorum present, no other item open)"""
    _found, mine = item_of(item_id)
    if not mine.office:
        raise forbidden("open_item", congress.OFFICE_ROLES)
    congress.open_item(env(), actor(), item_id)
    return item_out(congress.get_item(env(), item_id))


@bp.post("/congress/items/<int:item_id>/close")
@bp.output(s.ItemOut)
@bp.doc(operation_id="closeItem", responses=problem_responses(400, 403, 404, 409))
def close_item(item_id: int) -> dict[str, Any]:
    """For the union office: close an item, count it and publish its result"""
    _found, mine = item_of(item_id)
    if not mine.office:
        raise forbidden("close_item", congress.OFFICE_ROLES)
    congress.close_item(env(), actor(), item_id)
    return item_out(congress.get_item(env(), item_id))


@bp.post("/congress/items/<int:item_id>/paper-voters")
@bp.input(s.UserIds, arg_name="body")
@bp.output(s.Recorded)
@bp.doc(operation_id="recordPaperVoters", responses=problem_responses(400, 403, 404, 409, 422))
def paper_voters(item_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """For the union office: who voted on paper for an open item (not what they chose)"""
    _found, mine = item_of(item_id)
    if not mine.office:
        raise forbidden("record_paper_voters", congress.OFFICE_ROLES)
    return {"recorded": congress.record_paper_voters(env(), actor(), item_id, body["user_ids"])}


@bp.post("/congress/items/<int:item_id>/tally")
@bp.input(s.TallyIn, arg_name="body")
@bp.output({}, status_code=204)
@bp.doc(operation_id="enterTally", responses=problem_responses(400, 403, 404, 409, 422))
def enter_tally(item_id: int, body: dict[str, Any]) -> tuple[str, int]:
    """For a teller: the count of one paper ballot box (two tellers' equal counts confirm it)"""
    found, mine = item_of(item_id)
    if not mine.teller:
        raise forbidden("enter_tally", ("teller",))
    known = {*FIXED_COUNTS, *congress.counter_keys(found.kind, found.options)}
    unknown = sorted(k for k in body["counts"] if k not in known)
    if unknown:
        raise Problem(422, "validation", detail=t(UNKNOWN_COUNTER),
                      errors={f"counts.{k}": [t(UNKNOWN_COUNTER)] for k in unknown})
    congress.enter_tally(env(), actor(), item_id, body["box"], body["counts"])
    return "", 204


@bp.get("/congress/items/<int:item_id>/paper-boxes")
@bp.output(s.PaperBoxes)
@bp.doc(operation_id="listPaperBoxes", responses=problem_responses(403, 404))
def paper_boxes(item_id: int) -> dict[str, Any]:
    """For tellers and the union office: where the count of each paper box stands"""
    item_of(item_id)
    return {"items": [{"box": b.box, "status": b.status, "tellers": b.tellers, "mine": b.mine}
                      for b in congress.paper_boxes(env(), actor(), item_id)]}


@bp.post("/congress/items/<int:item_id>/vote")
@bp.input(s.VoteIn, arg_name="body")
@bp.output(s.Receipt, status_code=201)
@bp.doc(operation_id="vote", responses=problem_responses(400, 403, 404, 409, 422))
def vote(item_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """A representative's secret vote; the answer holds the receipt code, shown this once

    `choice`: for a motion agree, disagree or abstain; for an election a list of candidate positions
    (at most max_choices); for an evaluation one rating key (or null) per manager.
    """
    representative_of(congress.get_item(env(), item_id).session_id, "vote")
    return {"item_id": item_id, "receipt": congress.vote(env(), actor(), item_id, body["choice"])}


# -- results ------------------------------------------------------------------------------------------------------
def typed_code(raw: str) -> str:
    """A receipt code as printed (groups of four joined by dashes), however it was typed."""
    plain = re.sub(r"[^0-9A-Za-z]", "", raw).upper()
    return "-".join(plain[i:i + 4] for i in range(0, len(plain), 4))


@bp.get("/congress/sessions/<int:session_id>/results")
@bp.output(s.ItemList)
@bp.doc(operation_id="listResults", responses=problem_responses(403, 404))
def results(session_id: int) -> dict[str, Any]:
    """The closed items of a session with their counts, turnout and outcome"""
    session_of(session_id)
    return {"items": [item_out(i) for i in congress.list_items(env(), session_id) if i.status == "closed"]}


@bp.post("/congress/sessions/<int:session_id>/receipts")
@bp.input(s.ReceiptIn, arg_name="body")
@bp.output(s.ReceiptOut)
@bp.doc(operation_id="checkReceipt", responses=problem_responses(400, 403, 404, 422))
def check_receipt(session_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Check a receipt code: the vote it proves was counted (or is in the box), and its choice

    Sent in the body rather than the address, so that the code stays out of access logs.
    """
    session_of(session_id)
    found = congress.check_receipt(env(), session_id, typed_code(body["code"]))
    if found is None:
        raise Problem(404, "not-found", detail=t(NO_RECEIPT))
    return {"item_id": found.item_id, "item_title": found.item_title, "counted": found.counted,
            "choice": found.choice}
