"""Bargaining's public services, for the pages and the API: staff opinions and the comparison of drafts."""

from __future__ import annotations

from workflows.bargaining.clauses import ClauseChange
from workflows.bargaining.clauses import compare as compare_clauses
from workflows.bargaining.opinions import OpinionSummary, OpinionView, list_opinions, submit_opinion

__all__ = ["ClauseChange", "compare_clauses", "OpinionSummary", "OpinionView", "list_opinions", "submit_opinion"]
