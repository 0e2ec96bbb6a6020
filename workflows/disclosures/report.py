"""The yearly report on disclosure to the congress (厂务公开情况报告): the items of the year made, published on
time, late or not yet, the questions asked and how they were answered, with a table of what went overdue, as
a page and as a Word document (.docx) the union office edits before the session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import IO

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.output.documents import write_report_docx
from engine.time.calendar import TZ
from workflows.disclosures.terms import CATEGORIES, NAME, QUESTION, REPORT_READERS, L

COLUMNS = (L("事项", "Item"), L("责任部门", "Department"), L("期限", "Due"), L("情况", "What happened"))


@dataclass(frozen=True)
class YearReport:
    union_id: int
    year: int
    title: str
    paragraphs: list[str]
    columns: list[str]
    rows: list[tuple[str, str, str, str]]
    counts: dict[str, int]


def _year(value: str) -> int:
    return int(value[:4]) if value else 0


def build(env: services.Env, actor: Actor, union_id: int, year: int, lang: str = "zh") -> YearReport:
    """The report of one year's items (by their deadline's year) and questions (by the day asked), for the union
    office, the chair and the employer."""
    services.require_roles(env, actor, union_id, REPORT_READERS, "report_disclosures")
    today = env.clock.now().astimezone(TZ).date().isoformat()
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    counts: Counter[str] = Counter()
    rows: list[tuple[str, str, str, str]] = []
    zh = lang == "zh"
    for batch in services.case_batches(env, SYSTEM_ACTOR, workflow=NAME, organisation_id=union_id):
        for c in batch:
            d = c.data
            if _year(d.get("due_on", "")) != year or c.state == "cancelled":
                continue
            counts["items"] += 1
            counts[f"category:{d.get('category')}"] += 1
            dept = orgs.get(d.get("department"), "")
            if c.state == "to_publish":
                late = d["due_on"] < today
                counts["overdue" if late else "pending"] += 1
                if late:
                    rows.append((c.title, dept, d["due_on"], "逾期未公开" if zh else "Overdue, not published"))
            elif d.get("published_late"):
                counts["late"] += 1
                rows.append((c.title, dept, d["due_on"], (f"逾期公开（{d.get('published_on')}）" if zh
                                                          else f"Published late ({d.get('published_on')})")))
            else:
                counts["on_time"] += 1
            if len(d.get("versions", [])) > 1:
                counts["corrected"] += 1
    for batch in services.case_batches(env, SYSTEM_ACTOR, workflow=QUESTION, organisation_id=union_id):
        for c in batch:
            d = c.data
            if _year(d.get("asked_on", "")) != year:
                continue
            counts["questions"] += 1
            dept = orgs.get(d.get("department"), "")
            if c.state == "asked":
                late = d["answer_due"] < today
                counts["unanswered_late" if late else "unanswered"] += 1
                if late:
                    rows.append((f"提问：{c.title}" if zh else f"Question: {c.title}", dept, d["answer_due"],
                                 "逾期未答复" if zh else "Not answered in time"))
            elif d.get("answered_late"):
                counts["answered_late"] += 1
                rows.append((f"提问：{c.title}" if zh else f"Question: {c.title}", dept, d["answer_due"],
                             "逾期答复" if zh else "Answered late"))
            else:
                counts["answered_on_time"] += 1
    by_category = "、".join(f"{CATEGORIES[k](lang)} {counts[f'category:{k}']} 项" if zh else
                           f"{CATEGORIES[k](lang)}: {counts[f'category:{k}']}"
                           for k in CATEGORIES if counts[f"category:{k}"])
    paragraphs = [
        (f"{year}年，按厂务公开目录应公开事项 {counts['items']} 项（{by_category or '无'}）。其中按期公开 "
         f"{counts['on_time']} 项，逾期公开 {counts['late']} 项，逾期仍未公开 {counts['overdue']} 项，尚在公开期限内 "
         f"{counts['pending']} 项；公开后更正 {counts['corrected']} 项，更正前的内容均保留备查。" if zh else
         f"In {year} the register called for {counts['items']} items ({by_category or 'none'}): "
         f"{counts['on_time']} published on time, {counts['late']} published late, {counts['overdue']} overdue and "
         f"not published, {counts['pending']} still within their period; {counts['corrected']} were corrected "
         "after publication, the earlier texts kept."),
        (f"职工对公开事项提问 {counts['questions']} 件，按期答复 {counts['answered_on_time']} 件，逾期答复 "
         f"{counts['answered_late']} 件，逾期未答复 {counts['unanswered_late']} 件，尚在答复期限内 "
         f"{counts['unanswered']} 件。逾期事项均已转工会办公室督办，明细如下表。" if zh else
         f"Staff asked {counts['questions']} questions: {counts['answered_on_time']} answered on time, "
         f"{counts['answered_late']} answered late, {counts['unanswered_late']} not answered in time, "
         f"{counts['unanswered']} still within their period. Everything overdue went to the union office, as the "
         "table lists."),
    ]
    title = f"关于{year}年厂务公开情况的报告" if zh else f"Report on disclosure in {year}"
    return YearReport(union_id, year, title, paragraphs, [c(lang) for c in COLUMNS], rows, dict(counts))


def write_docx(report: YearReport, out: IO[bytes], printed: date | None = None) -> None:
    """The report as a Word document: the title, a paragraph each, the table of what went overdue."""
    write_report_docx(out, report.title, report.paragraphs, [(None, report.columns, report.rows)], printed)

