"""The monthly statistics of worker requests (职工诉求统计): by topic and by department, how many were sent,
replied, replied on time, the average days from sending to reply, and the ratings (satisfaction counted over those
rated); for the union office and chair, as a page and an Excel workbook. No sender is named."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.time.calendar import TZ
from workflows.requests.terms import CHAIR, NAME, NOT_RATED, OFFICE, RATINGS, TOPICS, L

READERS = (OFFICE, CHAIR)
COLUMNS = (
    services.Column("name", L("分组", "Group"), "text", 18),
    services.Column("sent", L("收到", "Received"), "int", 8),
    services.Column("replied", L("已答复", "Replied"), "int", 8),
    services.Column("on_time", L("按期答复", "On time"), "int", 8),
    services.Column("open", L("办理中", "Open"), "int", 8),
    services.Column("days", L("平均答复天数", "Average days to reply"), "number", 10),
    services.Column("satisfied", L("满意", "Satisfied"), "int", 8),
    services.Column("basically_satisfied", L("基本满意", "Basically satisfied"), "int", 8),
    services.Column("unsatisfied", L("不满意", "Unsatisfied"), "int", 8),
    services.Column("not_rated", L("未评价", "Not rated"), "int", 8),
    services.Column("rate", L("满意率", "Satisfaction"), "percent", 8),
)


@dataclass
class Tally:
    name: str
    sent: int = 0
    replied: int = 0
    on_time: int = 0
    open: int = 0
    days: list[float] = field(default_factory=list)
    ratings: Counter[str] = field(default_factory=Counter)

    def add(self, case: services.CaseSummary) -> None:
        d = case.data
        self.sent += 1
        self.open += not case.final
        if d.get("replied_on"):
            self.replied += 1
            sent = case.created_at.astimezone(TZ).date()
            self.days.append((date.fromisoformat(d["replied_on"]) - sent).days)
            self.on_time += bool(d.get("on_time", True))
        if d.get("rating") in (*RATINGS, NOT_RATED):
            self.ratings[d["rating"]] += 1

    def row(self) -> dict[str, Any]:
        rated = sum(self.ratings[k] for k in RATINGS)
        happy = self.ratings["satisfied"] + self.ratings["basically_satisfied"]
        return {"name": self.name, "sent": self.sent, "replied": self.replied, "on_time": self.on_time,
                "open": self.open, "days": round(sum(self.days) / len(self.days), 1) if self.days else None,
                **{k: self.ratings[k] for k in (*RATINGS, NOT_RATED)}, "rate": happy / rated if rated else None}


def _month(value: str) -> tuple[date, date]:
    try:
        first = datetime.strptime(value, "%Y-%m").date().replace(day=1)
    except ValueError:
        raise services.ValidationFailed({"month": [L("月份写作 2026-11。", "Write the month as 2026-11.")]}) from None
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return first, following


def statistics(env: services.Env, actor: services.Actor, organisation_id: int, month: str,
               lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Rows by topic and by department, and the month's total, for the office and the chair."""
    services.require_roles(env, actor, organisation_id, READERS, "request_statistics")
    first, following = _month(month)
    names = {o.id: o.name for o in services.list_organisations(env)}
    topics: dict[str, Tally] = {}
    departments: dict[int | None, Tally] = {}
    total = Tally(L("合计", "Total")(lang))
    for batch in services.case_batches(env, actor, workflow=NAME, organisation_id=organisation_id):
        for case in batch:
            if not first <= case.created_at.astimezone(TZ).date() < following:
                continue
            topic = case.data.get("topic", "other")
            topics.setdefault(topic, Tally(TOPICS.get(topic, Label(topic, topic))(lang))).add(case)
            dept = case.data.get("department")
            departments.setdefault(dept, Tally(names.get(dept, "") if dept else L("工会办公室直接答复", "Union office")
                                               (lang))).add(case)
            total.add(case)
    return ([t.row() for t in topics.values()], [t.row() for t in sorted(departments.values(), key=lambda t: t.name)],
            total.row())


def build(env: services.Env, actor: services.Actor, lang: str, organisation_id: int, month: str) -> services.Report:
    by_topic, by_department, total = statistics(env, actor, organisation_id, month, lang)
    title = f"{L('职工诉求统计', 'Worker request statistics')(lang)} {month}"
    return services.Report(title, title, organisation_id, sheets=(
        services.Sheet(L("按涉及方面", "By topic"), COLUMNS, [*by_topic, total]),
        services.Sheet(L("按承办部门", "By department"), COLUMNS, [*by_department, total])),
        summary=((L("收到", "Received")(lang), str(total["sent"])),
                 (L("已答复", "Replied")(lang), str(total["replied"]))))


REPORT = services.ReportSpec("request_statistics", L("职工诉求统计", "Worker request statistics"), build, READERS)
