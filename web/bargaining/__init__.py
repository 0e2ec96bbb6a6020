"""Collective bargaining pages: the dashboard, the case page's panel, draft comparison, staff opinions, and the
documents to print."""

from __future__ import annotations

from web.bargaining import dashboard, documents, drafts, opinions, panel, regional
from web.bargaining.common import bp

__all__ = ["bp", "dashboard", "documents", "drafts", "opinions", "panel", "regional"]
