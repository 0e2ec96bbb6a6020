"""The report to the congress on the representatives' inspections (职工代表巡视检查情况报告): the inspections of a
year, their findings by department, rectified on time, late, or still open, as a page and as a Word document
(.docx) the union office edits before the session. A finding counts as rectified on time when the rectification
the representatives accepted was reported by the first deadline it was given."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import IO

from engine import services
from engine.output.documents import write_report_docx
from engine.time.calendar import TZ
from workflows.inspections.terms import ACCEPTED, CLOSED_BY_CHAIR, FINDING, INSPECTION, OUTCOMES, L

READERS = ("union_office", "union_chair")
INSPECTION_COLUMNS = (L("巡视日期", "Date"), L("巡视主题", "Subject"), L("参加代表", "Representatives"),
                      L("发现问题", "Findings"))
DEPARTMENT_COLUMNS = (L("责任部门", "Department"), L("问题", "Findings"), *(label for label in OUTCOMES.values()))
OPEN_COLUMNS = (L("问题", "Finding"), L("责任部门", "Department"), L("整改期限", "Deadline"), L("状态", "Status"))


def outcome(finding: services.CaseSummary) -> str:
    """How the report counts a finding: on_time, late, open or closed_by_chair."""
    d = finding.data
    if finding.state == ACCEPTED:
        first = d.get("first_due_date") or d.get("due_date") or ""
        return "on_time" if d.get("reported_on", "") <= first else "late"
    return "closed_by_chair" if finding.state == CLOSED_BY_CHAIR else "open"


@dataclass(frozen=True)
class InspectionReport:
    """The report's title, paragraphs and three tables (inspections, departments, findings still open)."""

    organisation_id: int
    year: int
    title: str
    paragraphs: list[str]
    tables: list[tuple[str, list[str], list[list[str]]]]  # (heading, columns, rows)


def build(env: services.Env, actor: services.Actor, organisation_id: int, year: int,
          lang: str = "zh") -> InspectionReport:
    """The year's report for the union office and chair of ``organisation_id`` (anyone else: PermissionDenied)."""
    services.require_roles(env, actor, organisation_id, READERS, "report_inspections")
    every = [c for batch in services.case_batches(env, services.SYSTEM_ACTOR, workflow=INSPECTION,
                                                  organisation_id=organisation_id) for c in batch]
    inspections = sorted((c for c in every if str(c.data.get("inspection_date", "")).startswith(f"{year}-")),
                         key=lambda c: (c.data["inspection_date"], c.id))
    ids = {c.id for c in inspections}
    findings = [c for batch in services.case_batches(env, services.SYSTEM_ACTOR, workflow=FINDING,
                                                     organisation_id=organisation_id) for c in batch
                if c.data.get("inspection_id") in ids]
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    per_inspection = Counter(f.data["inspection_id"] for f in findings)
    counts = Counter(outcome(f) for f in findings)
    by_department: dict[str, Counter[str]] = {}
    for f in findings:
        by_department.setdefault(orgs.get(f.data.get("department"), "—"), Counter())[outcome(f)] += 1
    today = env.clock.now().astimezone(TZ).date().isoformat()
    zh = lang == "zh"
    paragraphs = [
        (f"{year}年，工会组织职工代表巡视检查 {len(inspections)} 次，共发现问题 {len(findings)} 个，"
         f"交由 {len(by_department)} 个部门整改。" if zh else
         f"In {year} the union organised {len(inspections)} representatives' inspections, which found "
         f"{len(findings)} problems for {len(by_department)} departments to rectify."),
        (f"其中按期整改并经代表验收 {counts['on_time']} 个，逾期整改后经代表验收 {counts['late']} 个，"
         f"尚未整改完成 {counts['open']} 个，两次验收不通过由工会主席决定结案 {counts['closed_by_chair']} 个。"
         if zh else
         f"{counts['on_time']} were rectified on time and accepted by the representatives, {counts['late']} were "
         f"rectified late and accepted, {counts['open']} are still open, and {counts['closed_by_chair']} were "
         "closed by the union chair after two refusals."),
    ]
    names = [c(lang) for c in INSPECTION_COLUMNS]
    inspection_rows = [[c.data["inspection_date"], c.title, str(len(c.data.get("representatives", []))),
                        str(per_inspection[c.id])] for c in inspections]
    department_rows = [[name, str(sum(n.values())), *(str(n[k]) for k in OUTCOMES)]
                       for name, n in sorted(by_department.items())]
    open_rows = []
    for f in sorted((f for f in findings if outcome(f) == "open"), key=lambda f: (f.data.get("due_date", ""), f.id)):
        due = f.data.get("due_date", "")
        status = f.state_label(lang) + ((" · " + L("已逾期", "overdue")(lang)) if due and due < today
                                       and f.state == "rectifying" else "")
        open_rows.append([f.title, orgs.get(f.data.get("department"), "—"), due, status])
    title = f"关于{year}年职工代表巡视检查情况的报告" if zh else f"Report on the representatives' inspections of {year}"
    return InspectionReport(organisation_id, year, title, paragraphs, [
        (L("巡视检查", "Inspections")(lang), names, inspection_rows),
        (L("各部门问题整改情况", "Findings by department")(lang), [c(lang) for c in DEPARTMENT_COLUMNS],
         department_rows),
        (L("尚未整改完成的问题", "Findings still open")(lang), [c(lang) for c in OPEN_COLUMNS], open_rows),
    ])


def write_docx(report: InspectionReport, out: IO[bytes], printed: date | None = None) -> None:
    """The report as a Word document: the title, the paragraphs, and each table under its heading."""
    write_report_docx(out, report.title, report.paragraphs, report.tables, printed)

