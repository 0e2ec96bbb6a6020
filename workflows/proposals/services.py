"""Proposals' public services, for the pages and the API: the public register, the committee's list and its
assign form, a proposal's details and the proposal it was merged into, each for an explicit actor; the report on
the handling of a session's proposals (page and Word)."""

from __future__ import annotations

from workflows.proposals.details import Details, Due, Person, Shown, details, overdue
from workflows.proposals.handling_report import HandlingReport
from workflows.proposals.handling_report import build as handling_report
from workflows.proposals.handling_report import write_docx as write_handling_report
from workflows.proposals.oversight import ProposalFigures, figures_below
from workflows.proposals.similar import Similar, autosaved_action, review_similar, similar
from workflows.proposals.spec import NAME
from workflows.proposals.views import (
    ASSIGN,
    INVITATION_ANSWERS,
    REASON_TRIGGERS,
    SESSION_FIELD,
    Assignment,
    CommitteeFilters,
    CommitteeRow,
    MainCase,
    MyProposals,
    Register,
    RegisterLabels,
    RegisterRow,
    assignable,
    assignment,
    categories,
    committee_cases,
    committee_rows,
    committee_states,
    handling_days,
    invitations,
    main_case,
    my_proposals,
    public_register,
    public_states,
    register_rows,
    session_of,
)

__all__ = [
    "ProposalFigures", "figures_below",  # a year's figures of many unions, for the level above
    "NAME", "ASSIGN", "INVITATION_ANSWERS", "REASON_TRIGGERS", "SESSION_FIELD", "Assignment", "CommitteeFilters",
    "CommitteeRow", "Details", "Due", "MainCase", "MyProposals", "Person", "Register", "RegisterLabels",
    "RegisterRow", "Shown", "assignable", "assignment", "categories", "committee_cases", "committee_rows",
    "committee_states", "details", "handling_days", "invitations", "main_case", "my_proposals", "overdue",
    "public_register", "public_states", "register_rows", "session_of",
    # proposals like the one written or reviewed
    "Similar", "similar", "review_similar",
    # the case page's form saved as it is typed
    "autosaved_action",
    # the report on the handling of a session's proposals
    "HandlingReport", "handling_report", "write_handling_report",
]
