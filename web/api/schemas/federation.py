"""The federation's view over its member unions: the federations one staffs, each member union's figures of a
year (a page at a time, those needing attention first), one union's figures with its sessions and filed
agreements, the filings register and the invitations sent."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Float, Integer, List, Nested, String
from apiflask.validators import Range

from engine.services import YEARS
from web.api.schemas.common import MAX_PER_PAGE, PageMeta, PageQuery
from web.api.schemas.reports import Figure

YEAR_HELP = "The calendar year (Asia/Shanghai) the figures are for; this year by default."


class FederationOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    parent_id = Integer(allow_none=True, required=True, metadata={"description": "The federation above it."})


class FederationList(Schema):
    items = List(Nested(FederationOut), required=True)


class YearQuery(Schema):
    year = Integer(validate=Range(min=YEARS[0], max=YEARS[1]), metadata={"description": YEAR_HELP})


class MemberUnionQuery(PageQuery):
    year = Integer(validate=Range(min=YEARS[0], max=YEARS[1]), metadata={"description": YEAR_HELP})
    per_page = Integer(load_default=50, validate=Range(min=1, max=MAX_PER_PAGE),
                       metadata={"description": f"Unions per page, 1 to {MAX_PER_PAGE}."})


class MemberUnionFigures(Schema):
    """One member union's line of the overview table."""

    id = Integer(required=True)
    name = String(required=True)
    federation = String(required=True, metadata={"description": "The federation it sits directly under."})
    congress_held = Integer(required=True, metadata={"description": "Congress sessions held in the year."})
    secret_ballot = Integer(required=True, metadata={"description": "Of which with a secret ballot."})
    quorum_met = Integer(required=True, metadata={"description": "Of which with two thirds present."})
    proposals = Integer(required=True)
    answered = Integer(required=True)
    on_time = Integer(required=True, metadata={"description": "Answered by the due date."})
    satisfaction = Float(allow_none=True, required=True,
                         metadata={"description": "Share of rated proposals rated satisfied (0 to 1); null: none "
                                                  "rated."})
    in_force = Integer(required=True, metadata={"description": "Agreements in force (regional ones included)."})
    expiring = Integer(required=True, metadata={"description": "In force, expiring within three months."})
    expired = Integer(required=True)
    unfiled = Integer(required=True, metadata={"description": "Signed, not yet filed for review."})
    filing_overdue = Integer(required=True, metadata={"description": "Of which past the ten days to file."})
    term_ends = Date(allow_none=True, required=True,
                     metadata={"description": "When the committee's term ends; null: no term recorded."})
    past_term = Boolean(allow_none=True, required=True,
                        metadata={"description": "The committee is past its term; null: no term recorded."})
    overdue = Integer(required=True, metadata={"description": "Open tasks past their due time."})


class MemberUnionPage(PageMeta):
    federation = Nested(FederationOut, required=True)
    year = Integer(required=True)
    summary = List(Nested(Figure), required=True, metadata={"description": "The totals, as the page heads them."})
    items = List(Nested(MemberUnionFigures), required=True,
                 metadata={"description": "Most overdue work first, then past their term, then unfiled agreements."})


class CommitteeTermOut(Schema):
    elected_on = Date(required=True)
    term_years = Integer(required=True)
    ends_on = Date(required=True)
    approved = Boolean(required=True, metadata={"description": "The election was approved by the higher union."})
    past_term = Boolean(required=True)
    ending_soon = Boolean(required=True, metadata={"description": "The term ends within six months."})
    case_id = Integer(allow_none=True, required=True,
                      metadata={"description": "The election behind the term, when the caller may read it."})


class SessionHeldOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    opens_on = Date(allow_none=True, required=True)
    held = Boolean(required=True)
    closed = Boolean(required=True)
    secret_ballots = Integer(required=True, metadata={"description": "Ballot items closed."})
    eligible = Integer(required=True)
    present = Integer(required=True)
    quorum_met = Boolean(required=True)


class FilingOut(Schema):
    case_id = Integer(required=True, metadata={"description": "The agreement's case, which the caller may read."})
    organisation_id = Integer(required=True)
    union = String(required=True)
    kind = String(required=True)
    title = String(required=True)
    step = String(required=True)
    signed_on = String(allow_none=True, required=True)
    filed_on = String(allow_none=True, required=True)
    review = String(required=True)
    effective_on = String(allow_none=True, required=True)
    expires_on = String(allow_none=True, required=True)


class MemberUnionDetail(Schema):
    federation = Nested(FederationOut, required=True)
    year = Integer(required=True)
    figures = Nested(MemberUnionFigures, required=True)
    supervision = Integer(required=True, metadata={"description": "Overdue tasks under supervision (督办)."})
    term = Nested(CommitteeTermOut, allow_none=True, required=True)
    sessions = List(Nested(SessionHeldOut), required=True, metadata={"description": "Its sessions of the year."})
    filings = List(Nested(FilingOut), required=True)
    regional = List(Nested(FilingOut), required=True,
                    metadata={"description": "Regional or industry agreements covering it."})


class FilingPage(PageMeta):
    items = List(Nested(FilingOut), required=True, metadata={"description": "Newest change first."})
    regional = List(Nested(FilingOut), required=True,
                    metadata={"description": "The regional or industry agreements the federation (or one below it) "
                                             "led, on every page."})


class InvitationOut(Schema):
    id = Integer(required=True)
    union_id = Integer(required=True)
    union = String(required=True)
    status = String(required=True, metadata={
        "description": "invited (awaiting the answer), accepted, declined or withdrawn; status_label in words."})
    status_label = String(required=True)
    note = String(required=True)
    invited_by = String(required=True)
    invited_at = DateTime(required=True)
    answered_by = String(allow_none=True, required=True)
    answered_at = DateTime(allow_none=True, required=True)
    answer_note = String(required=True)


class InvitationList(Schema):
    items = List(Nested(InvitationOut), required=True, metadata={"description": "Newest first."})
