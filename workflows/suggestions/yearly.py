"""The yearly register of rationalisation suggestions (合理化建议台账) and the year's award list (奖励名单): for a
page and as Excel, each listing only the suggestions the reader may read (the office reads them all)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.output.tables import Column, Sheet
from workflows.suggestions.terms import FIELDS, GRADES, NAME, OUTCOMES, L

BATCH = 500
READERS = ("union_office",)  # who downloads the register of their union
REGISTER_COLUMNS = (
    Column("id", L("编号", "No."), "int", 8),
    Column("title", L("建议名称", "Suggestion"), "text", 36),
    Column("sender", L("建议人", "Sender"), "text", 12),
    Column("field", L("类别", "Field"), "text", 10),
    Column("step", L("当前环节", "Step"), "text", 14),
    Column("department", L("承办部门", "Department"), "text", 16),
    Column("sent_on", L("提出日期", "Sent"), "date", 12),
    Column("assess_due", L("评估期限", "Assess by"), "date", 12),
    Column("outcome", L("评估结果", "Assessment"), "text", 12),
    Column("assessed_on", L("评估日期", "Assessed"), "date", 12),
    Column("implementation_due", L("实施期限", "Implement by"), "date", 12),
    Column("implemented_on", L("实施日期", "Implemented"), "date", 12),
    Column("benefit_amount", L("核定效益（元）", "Benefit (yuan)"), "int", 14),
    Column("benefit", L("效益说明", "Benefit"), "text", 30),
    Column("grade", L("奖励等级", "Award"), "text", 10),
)
AWARD_COLUMNS = (
    Column("grade", L("奖励等级", "Award"), "text", 10),
    Column("title", L("建议名称", "Suggestion"), "text", 36),
    Column("sender", L("建议人", "Sender"), "text", 12),
    Column("department", L("实施部门", "Department"), "text", 16),
    Column("implemented_on", L("实施日期", "Implemented"), "date", 12),
    Column("benefit_amount", L("核定效益（元）", "Benefit (yuan)"), "int", 14),
    Column("benefit", L("效益说明", "Benefit"), "text", 30),
)
GRADE_ORDER = {grade: n for n, grade in enumerate(GRADES)}


def _label(labels: dict[str, Label], value: Any, lang: str) -> str:
    return labels[value](lang) if value in labels else ""


@dataclass
class YearRegister:
    """One union's suggestions sent in a year (the register), or awarded for a year (the award list), as
    ``actor`` may read them."""

    env: services.Env
    actor: services.Actor
    union_id: int
    year: int
    lang: str = "zh"

    def _cases(self, data: dict[str, Any], states: tuple[str, ...] = ()) -> Iterator[list[services.CaseSummary]]:
        for batch in services.case_batches(self.env, self.actor, workflow=NAME, organisation_id=self.union_id,
                                           data=data, batch=BATCH):
            chosen = [c for c in batch if not states or c.state in states]
            if chosen:
                yield chosen

    def _row(self, case: services.CaseSummary, people: dict[int, str], orgs: dict[int, str]) -> dict[str, Any]:
        d, lang = case.data, self.lang
        return {"id": case.id, "title": case.title, "sender": people.get(case.created_by or 0, ""),
                "field": _label(FIELDS, d.get("field"), lang), "step": case.state_label(lang),
                "state": case.state, "department": orgs.get(d.get("department"), ""),
                "sent_on": case.created_at, "assess_due": d.get("assess_due"),
                "outcome": _label(OUTCOMES, d.get("outcome"), lang), "outcome_key": d.get("outcome"),
                "assessed_on": d.get("assessed_on"), "implementation_due": d.get("implementation_due"),
                "implemented_on": d.get("implemented_on"), "benefit_amount": d.get("benefit_amount"),
                "benefit": d.get("benefit") or "", "grade": _label(GRADES, d.get("grade"), lang),
                "grade_key": d.get("grade"), "award_year": d.get("award_year")}

    def _rows(self, batches: Iterator[list[services.CaseSummary]]) -> Iterator[dict[str, Any]]:
        orgs = {o.id: o.name for o in services.list_organisations(self.env)}
        for batch in batches:
            people = services.user_names(self.env, sorted({c.created_by for c in batch if c.created_by}))
            for case in batch:
                yield self._row(case, people, orgs)

    def register_rows(self) -> Iterator[dict[str, Any]]:
        """The suggestions sent in the year, oldest first."""
        return self._rows(self._cases({"year": self.year}))

    def award_rows(self) -> list[dict[str, Any]]:
        """The suggestions awarded for the year, the first prizes first."""
        rows = list(self._rows(self._cases({"award_year": self.year}, ("awarded",))))
        return sorted(rows, key=lambda r: (GRADE_ORDER.get(r["grade_key"], 9), r["id"]))

    def sheets(self) -> list[Sheet]:
        return [Sheet(L(f"{self.year} 年合理化建议台账", f"Suggestions {self.year}"), REGISTER_COLUMNS,
                      self.register_rows()),
                Sheet(L(f"{self.year} 年度奖励名单", f"Awards {self.year}"), AWARD_COLUMNS, self.award_rows())]


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The register's headline figures: sent, adopted (in whole or part), implemented, and the benefit in yuan."""
    adopted = sum(1 for r in rows if r["outcome_key"] in ("adopted", "adopted_in_part"))
    implemented = sum(1 for r in rows if r["implemented_on"])
    benefit = sum(r["benefit_amount"] or 0 for r in rows)
    return {"sent": len(rows), "adopted": adopted, "implemented": implemented, "benefit": benefit}


def build(env: services.Env, actor: services.Actor, lang: str, union_id: int, year: int) -> services.Report:
    """The register and award list of a union's year, for its suggestions office."""
    services.require_roles(env, actor, union_id, READERS, "report_suggestions")
    title = L("合理化建议台账", "Suggestion register")(lang)
    return services.Report(f"{title} · {year}", f"{title}-{year}", union_id,
                           sheets=YearRegister(env, actor, union_id, year, lang).sheets())


REPORT = services.ReportSpec("suggestion_register", L("合理化建议台账", "Suggestion register"), build, READERS)
