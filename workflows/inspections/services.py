"""The inspections' public services, for the pages and the API: the inspections and findings a person may read,
who may record a finding, the current term's representatives to choose from, and the report to the congress."""

from __future__ import annotations

from dataclasses import dataclass

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from workflows.congress import services as congress
from workflows.inspections.report import READERS, InspectionReport, outcome
from workflows.inspections.report import build as report
from workflows.inspections.report import write_docx as write_report
from workflows.inspections.rules import RECORDING
from workflows.inspections.terms import FINDING, INSPECTION, OUTCOMES, L

__all__ = ["FINDING", "INSPECTION", "OUTCOMES", "READERS", "InspectionReport", "SUBJECT", "SUMMARY", "FindingLine",
           "InspectionLine", "findings_of", "inspection_of", "inspections", "may_record", "open_findings", "outcome",
           "report", "roster", "write_report"]

# The case's title as each form asks for it: an inspection's subject, a finding's one-line summary.
SUBJECT = Field("title", L("巡视主题", "Subject"), "str", max_length=100)
SUMMARY = Field("title", L("发现的问题（一句话）", "What was found, in a line"), "str", max_length=100)


@dataclass(frozen=True, slots=True)
class FindingLine:
    """A finding as a list shows it: where, which department, by when, and whether it is overdue."""

    id: int
    title: str
    state_label: Label
    final: bool
    place: str
    department_id: int | None
    due_date: str
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class InspectionLine:
    """An inspection as the list shows it."""

    id: int
    title: str
    state_label: Label
    final: bool
    date: str
    may_record: bool = False  # the reader is one of its representatives and it is recording


def _line(c: services.CaseSummary, overdue: bool = False) -> FindingLine:
    d = c.data
    return FindingLine(c.id, c.title, c.state_label, c.final, str(d.get("place", "")), d.get("department"),
                       str(d.get("due_date", "")), overdue)


def findings_of(env: services.Env, actor: services.Actor, inspection_id: int) -> list[FindingLine]:
    """The inspection's findings the actor may read (a department: its own), in the order they were recorded."""
    found = services.search_cases(env, actor, workflow=FINDING, data={"inspection_id": inspection_id},
                                  oldest_first=True, per_page=services.MAX_PER_PAGE)
    return [_line(c) for c in sorted(found.items, key=lambda c: c.id)]


def open_findings(env: services.Env, actor: services.Actor) -> list[FindingLine]:
    """The open findings the actor may read (a department: its own), overdue ones marked."""
    found = services.search_cases(env, actor, workflow=FINDING, open_only=True, per_page=50)
    late = {c.id for c in services.search_cases(env, actor, workflow=FINDING, overdue=True, per_page=50).items}
    return [_line(c, c.id in late) for c in found.items]


def inspections(env: services.Env, actor: services.Actor, page: int = 1) -> services.Page[InspectionLine]:
    """The inspections the actor may read, the latest change first."""
    found = services.search_cases(env, actor, workflow=INSPECTION, page=page, per_page=20)
    lines = [InspectionLine(c.id, c.title, c.state_label, c.final, str(c.data.get("inspection_date", "")),
                            c.state == RECORDING and actor.user_id in c.data.get("representatives", []))
             for c in found.items]
    return services.Page(lines, found.page, found.per_page, found.total, found.exact)


def inspection_of(env: services.Env, actor: services.Actor, view: services.CaseView) -> tuple[int | None, str]:
    """The inspection a finding belongs to: its id when the actor may read it (a department may not), and its
    subject."""
    inspection_id = int(view.data.get("inspection_id", 0))
    try:
        services.case_view(env, actor, inspection_id)
    except (services.NotFound, services.PermissionDenied):
        return None, str(view.data.get("inspection_title", ""))
    return inspection_id, str(view.data.get("inspection_title", ""))


def may_record(actor: services.Actor, view: services.CaseView) -> bool:
    """Whether the actor records findings on this inspection now: one of its representatives, while it records."""
    return (view.summary.workflow == INSPECTION and view.summary.state == RECORDING
            and actor.user_id in view.data.get("representatives", []))


def roster(env: services.Env, organisation_id: int) -> list[congress.RepresentativeView]:
    """The active representatives on the roster of the organisation's current (newest) congress term."""
    terms = congress.list_terms(env, organisation_id)
    return [r for r in congress.list_roster(env, terms[0].id) if r.active] if terms else []
