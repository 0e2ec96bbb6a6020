"""Bargaining's public services, for the pages and the API: the union's dashboard, the cases and agreement the
staff may open, the dates to watch, staff opinions and the comparison of drafts."""

from __future__ import annotations

from workflows.bargaining.clauses import ClauseChange
from workflows.bargaining.clauses import compare as compare_clauses
from workflows.bargaining.opinions import OpinionSummary, OpinionView, list_opinions, submit_opinion
from workflows.bargaining.spec import NAME
from workflows.bargaining.views import (
    SIDE_ROLES,
    STARTERS,
    Agreement,
    Dashboard,
    DateShown,
    agreement,
    all_dates,
    collecting,
    dashboard,
    published,
    renewable,
    staff_case,
    watched_dates,
)

__all__ = ["ClauseChange", "compare_clauses", "OpinionSummary", "OpinionView", "list_opinions", "submit_opinion",
           "NAME", "SIDE_ROLES", "STARTERS", "Agreement", "Dashboard", "DateShown", "agreement", "all_dates",
           "collecting", "dashboard", "published", "renewable", "staff_case", "watched_dates"]
