"""The disclosure register's public services, for the pages and the API: the register's entries, items made
from them, an item's panel and its answered questions, asking a question, the office's overdue list and the
yearly report to the congress."""

from __future__ import annotations

from workflows.disclosures.entries import (
    Entry,
    add_entry,
    get_entry,
    list_entries,
    make_due_items,
    make_item,
    update_entry,
)
from workflows.disclosures.periods import label as period_label
from workflows.disclosures.report import YearReport, write_docx
from workflows.disclosures.report import build as year_report
from workflows.disclosures.terms import CATEGORIES, CHANNELS, FREQUENCIES, KEEPERS, NAME, QUESTION, REPORT_READERS
from workflows.disclosures.views import (
    QUESTION_MAX,
    Answered,
    ItemPanel,
    Overdue,
    answered,
    ask,
    items,
    overdue,
    panel,
)

__all__ = ["Entry", "add_entry", "get_entry", "list_entries", "make_due_items", "make_item", "update_entry",
           "period_label", "YearReport", "write_docx", "year_report", "CATEGORIES", "CHANNELS", "FREQUENCIES",
           "KEEPERS", "NAME", "QUESTION", "REPORT_READERS", "QUESTION_MAX", "Answered", "ItemPanel", "Overdue",
           "answered", "ask", "items", "overdue", "panel"]
