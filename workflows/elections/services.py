"""The elections' public services, for the pages, the API and other domains: each union's committee term."""

from __future__ import annotations

from workflows.elections.committee import CommitteeTerm, add_months, add_years, committee_terms, record_term

__all__ = ["CommitteeTerm", "add_months", "add_years", "committee_terms", "record_term"]
