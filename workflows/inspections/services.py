"""The inspections' public services, for the pages and the API: the inspections and findings a person may read,
who may record a finding, the current term's representatives to choose from, and the report to the congress."""

from __future__ import annotations

from engine import services
from engine.core.spec import Field
from workflows.congress import services as congress
from workflows.inspections.report import READERS, InspectionReport, outcome
from workflows.inspections.report import build as report
from workflows.inspections.report import write_docx as write_report
from workflows.inspections.rules import RECORDING
from workflows.inspections.terms import FINDING, INSPECTION, OUTCOMES, L

__all__ = ["FINDING", "INSPECTION", "OUTCOMES", "READERS", "InspectionReport", "SUBJECT", "SUMMARY", "findings_of",
           "inspections", "may_record", "outcome", "report", "roster", "write_report"]

# The case's title as each form asks for it: an inspection's subject, a finding's one-line summary.
SUBJECT = Field("title", L("巡视主题", "Subject"), "str", max_length=100)
SUMMARY = Field("title", L("发现的问题（一句话）", "What was found, in a line"), "str", max_length=100)


def findings_of(env: services.Env, actor: services.Actor, inspection_id: int) -> list[services.CaseSummary]:
    """The inspection's findings the actor may read (a department: its own), in the order they were recorded."""
    found = services.search_cases(env, actor, workflow=FINDING, data={"inspection_id": inspection_id},
                                  oldest_first=True, per_page=services.MAX_PER_PAGE)
    return sorted(found.items, key=lambda c: c.id)


def inspections(env: services.Env, actor: services.Actor, page: int = 1) -> services.Page[services.CaseSummary]:
    """The inspections the actor may read, the latest change first."""
    return services.search_cases(env, actor, workflow=INSPECTION, page=page, per_page=20)


def may_record(actor: services.Actor, view: services.CaseView) -> bool:
    """Whether the actor records findings on this inspection now: one of its representatives, while it records."""
    return (view.summary.workflow == INSPECTION and view.summary.state == RECORDING
            and actor.user_id in view.data.get("representatives", []))


def roster(env: services.Env, organisation_id: int) -> list[congress.RepresentativeView]:
    """The active representatives on the roster of the organisation's current (newest) congress term."""
    terms = congress.list_terms(env, organisation_id)
    return [r for r in congress.list_roster(env, terms[0].id) if r.active] if terms else []
