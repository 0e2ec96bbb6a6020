"""The congress's public services, for the pages, the API and the command line: terms and rosters, sessions
and their collection periods, documents and check-in, ballot items, voting, paper tallies and results."""

from __future__ import annotations

from workflows.congress.attendance import (
    CongressSessionStatus,
    Duty,
    MyStatus,
    Quorum,
    check_in,
    confirm_documents,
    duties,
    missing,
    my_status,
    remind,
)
from workflows.congress.attendance import status as session_status
from workflows.congress.closing import (
    BoxStatus,
    close_due_items,
    close_item,
    enter_tally,
    paper_boxes,
    record_paper_voters,
)
from workflows.congress.items import ItemView, add_item, get_item, list_items, open_item
from workflows.congress.permissions import OFFICE_ROLES, ROSTER_RULE, NotOnRoster, not_on_roster
from workflows.congress.roster import (
    CATEGORIES,
    SEX_LABELS,
    Imported,
    RepresentativeView,
    RosterRejected,
    RowError,
    RuleCheck,
    TermView,
    check_rules,
    ensure_term,
    get_term,
    import_roster,
    list_roster,
    list_terms,
    roster_departments,
)
from workflows.congress.rules import CongressRules, rules_of
from workflows.congress.sessions import (
    CongressSessionView,
    create_congress_session,
    get_congress_session,
    list_congress_sessions,
    update_collection_window,
)
from workflows.congress.spec import RESOLUTION, SESSION
from workflows.congress.tally import KIND_LABELS, MOTION_CHOICES, MOTION_LABELS, counter_keys
from workflows.congress.voting import ReceiptCheck, check_receipt, has_voted, vote
from workflows.congress.yearly import (
    CongressYear,
    SessionHeld,
    YearFigures,
    figures_of_year,
    sessions_of_year,
    year_figures,
)

__all__ = [
    "CongressYear", "year_figures",  # a year of a union's congress, for its statistical return
    "OFFICE_ROLES", "ROSTER_RULE", "NotOnRoster", "not_on_roster", "CongressRules", "rules_of", "SESSION", "RESOLUTION",
    # sessions and their proposal collection periods
    "CongressSessionView", "create_congress_session", "get_congress_session", "list_congress_sessions",
    "update_collection_window",
    # terms and rosters
    "CATEGORIES", "SEX_LABELS", "Imported", "RepresentativeView", "RosterRejected", "RowError", "RuleCheck",
    "TermView", "check_rules", "ensure_term", "get_term", "import_roster", "list_roster", "list_terms",
    "roster_departments",
    # documents, check-in, quorum and duties
    "Duty", "MyStatus", "Quorum", "CongressSessionStatus", "check_in", "confirm_documents", "duties", "missing",
    "my_status", "remind", "session_status",
    # ballot items, votes, paper boxes and results
    "ItemView", "ReceiptCheck", "BoxStatus", "add_item", "check_receipt", "close_due_items", "close_item",
    "enter_tally", "get_item", "has_voted", "list_items", "open_item", "paper_boxes", "record_paper_voters", "vote",
    "KIND_LABELS", "MOTION_CHOICES", "MOTION_LABELS", "counter_keys",
    # a year's sessions of many unions, for the level above: held, secret ballots, quorum
    "SessionHeld", "YearFigures", "figures_of_year", "sessions_of_year",
]
