"""The elections' public services, for the pages, the API and other domains: each union's committee term, the
election workflow's names, and what its pages show."""

from __future__ import annotations

from workflows.elections.committee import CommitteeTerm, add_months, add_years, committee_terms, record_term
from workflows.elections.terms import ELECTION, REMINDER_MONTHS, TERM, TERM_YEARS
from workflows.elections.views import (
    STANDINGS,
    TITLE,
    Ballot,
    ElectionLine,
    Overview,
    Panel,
    TermLine,
    overview,
    panel,
    plan_defaults,
    plan_form,
    plan_values,
    revision,
)
from workflows.elections.watch import open_watches

__all__ = ["CommitteeTerm", "add_months", "add_years", "committee_terms", "record_term", "ELECTION", "TERM",
           "TERM_YEARS", "REMINDER_MONTHS", "open_watches", "STANDINGS", "TITLE", "Ballot", "ElectionLine", "Overview",
           "Panel", "TermLine", "overview", "panel", "plan_defaults", "plan_form", "plan_values", "revision"]
