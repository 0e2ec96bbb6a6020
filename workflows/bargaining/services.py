"""Bargaining's public services, for the pages and the API: the union's dashboard, the cases and agreement the
staff may open, the dates to watch, a case's talks and its written request, staff opinions and the comparison
of drafts."""

from __future__ import annotations

from workflows.bargaining.bodies import passes as congress_passes
from workflows.bargaining.clauses import ClauseChange
from workflows.bargaining.clauses import compare as compare_clauses
from workflows.bargaining.covered import covered_rows
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
from workflows.bargaining.oversight import (
    AgreementFigures,
    Filing,
    covering,
    every_filing,
    figures_below,
    filings,
    kinds,
    regional_filings,
)
from workflows.bargaining.regional import REGIONAL
from workflows.bargaining.regional_views import (
    RegionalBoard,
    RegionalFacts,
    federations_led,
    is_union_side,
    regional_board,
    regional_facts,
    regional_renewable,
    regional_renewal_values,
)
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
from workflows.bargaining.views import AGREEMENT as AGREEMENT_STATES
from workflows.bargaining.views import (
    AMENDMENT_FIELDS,
    AMENDS_FIELD,
    REGIONAL_MARK,
    RENEWS_FIELD,
    SIDE_ROLES,
    STARTERS,
    Agreement,
    Dashboard,
    DateShown,
    Facts,
    agreement,
    agreements_of,
    all_dates,
    amendable,
    collecting,
    dashboard,
    is_regional,
    published,
    regional_covering,
    renewable,
    staff_case,
    start_values,
    watched_dates,
)

__all__ = [# what the level above sees
           "AgreementFigures", "Filing", "covering", "every_filing", "figures_below", "filings", "kinds",
           "regional_filings",
           "ClauseChange", "compare_clauses", "OpinionSummary", "OpinionView", "list_opinions", "submit_opinion",
           "NAME", "AGREEMENT_STATES", "REGIONAL", "REGIONAL_MARK", "agreements_of", "regional_covering", "is_regional",
           "covered_rows",
           "congress_passes", "RegionalBoard", "RegionalFacts", "federations_led", "is_union_side", "regional_board",
           "regional_facts", "regional_renewable", "regional_renewal_values", "AMENDMENT_FIELDS", "AMENDS_FIELD",
           "amendable",
           "RENEWS_FIELD", "SIDE_ROLES", "STARTERS", "Agreement", "Dashboard", "DateShown", "Facts",
           "agreement", "all_dates", "collecting", "dashboard", "published", "renewable", "staff_case",
           "start_values", "watched_dates", "Letter", "Parties", "chinese_date", "enterprise_name", "parties",
           "request_letter", "topic_suggestions", "topics", "Draft", "Figure", "Negotiator", "Round", "Side", "Talks",
           "Vote", "action_defaults", "drafts", "permille", "talks"]
