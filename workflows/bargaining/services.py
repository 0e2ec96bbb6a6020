"""Bargaining's public services, for the pages and the API: the union's dashboard, the cases and agreement the
staff may open, the dates to watch, a case's talks and its written request, staff opinions and the comparison
of drafts."""

from __future__ import annotations

from workflows.bargaining.clauses import ClauseChange
from workflows.bargaining.clauses import compare as compare_clauses
from workflows.bargaining.letter import (
    Letter,
    Parties,
    chinese_date,
    enterprise_name,
    parties,
    request_letter,
    topic_suggestions,
    topics,
)
from workflows.bargaining.opinions import OpinionSummary, OpinionView, list_opinions, submit_opinion
from workflows.bargaining.oversight import AgreementFigures, Filing, figures_below, filings
from workflows.bargaining.spec import NAME
from workflows.bargaining.talks import (
    Draft,
    Figure,
    Negotiator,
    Round,
    Side,
    Talks,
    Vote,
    action_defaults,
    drafts,
    permille,
    talks,
)
from workflows.bargaining.views import (
    AMENDMENT_FIELDS,
    AMENDS_FIELD,
    RENEWS_FIELD,
    SIDE_ROLES,
    STARTERS,
    Agreement,
    Dashboard,
    DateShown,
    Facts,
    agreement,
    all_dates,
    amendable,
    collecting,
    dashboard,
    published,
    renewable,
    staff_case,
    start_values,
    watched_dates,
)

__all__ = ["AgreementFigures", "Filing", "figures_below", "filings",  # what the level above sees
           "ClauseChange", "compare_clauses", "OpinionSummary", "OpinionView", "list_opinions", "submit_opinion",
           "NAME", "AMENDMENT_FIELDS", "AMENDS_FIELD", "amendable",
           "RENEWS_FIELD", "SIDE_ROLES", "STARTERS", "Agreement", "Dashboard", "DateShown", "Facts",
           "agreement", "all_dates", "collecting", "dashboard", "published", "renewable", "staff_case",
           "start_values", "watched_dates", "Letter", "Parties", "chinese_date", "enterprise_name", "parties",
           "request_letter", "topic_suggestions", "topics", "Draft", "Figure", "Negotiator", "Round", "Side", "Talks",
           "Vote", "action_defaults", "drafts", "permille", "talks"]
