"""The report on the handling of a session's proposals (上次会议提案办理情况), read out at the next session: the
figures from the data, in sentences the office may edit, and the proposals still followed up, as a page and as a
Word document (.docx) the office edits before the session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import IO

from engine import services
from engine.core.i18n import Label
from engine.output.documents import write_report_docx
from engine.time.calendar import TZ
from workflows.congress import services as congress
from workflows.proposals.report import READERS
from workflows.proposals.terms import CLASSIFICATIONS, FOLLOWED_UP, NAME, NOT_RATED, PRIVATE, L

ACCEPTED = ("endorsement", "assignment", "handling", "extension_requested", "answered", "rated",
            "committee_decision", "following_up", "closed")
COLUMNS = (L("提案号", "No."), L("案由", "Subject"), L("主办部门", "Lead department"), L("答复类别", "Answer"),
           L("预计解决日期", "Expected solved by"), L("落实情况", "Follow-up"))


@dataclass(frozen=True)
class FollowUpRow:
    """A proposal answered 列入计划 or 暂不能解决, and where its follow-up stands."""

    number: int | None
    title: str
    department: str
    classification: str
    expected: str
    status: str


@dataclass(frozen=True)
class HandlingReport:
    """The report's title, its paragraphs and the table of the proposals followed up."""

    session_id: int
    title: str
    paragraphs: list[str]
    follow_ups: list[FollowUpRow]
    columns: list[str]


def _count(env: services.Env, session: congress.CongressSessionView) -> tuple[Counter[str], list]:
    counts: Counter[str] = Counter()
    followed = []
    for batch in services.case_batches(env, services.SYSTEM_ACTOR, workflow=NAME,
                                       organisation_id=session.organisation_id, data={"session_id": session.id},
                                       exclude_states=PRIVATE):
        for case in batch:
            d = case.data
            counts["received"] += 1
            counts[case.state if case.state not in ACCEPTED else "accepted"] += 1
            if case.state in ACCEPTED and d.get("classification"):
                counts["answered"] += 1
                counts[d["classification"]] += 1
            if case.state in ("closed", "following_up") and d.get("result"):
                counts[f"rated:{d['result']}"] += 1
            if d.get("classification") in FOLLOWED_UP and case.state in ("following_up", "closed"):
                followed.append(case)
    return counts, followed


def build(env: services.Env, actor: services.Actor, session_id: int, lang: str = "zh") -> HandlingReport:
    """The report on a session's proposals, for its union's proposal committee, office and chair."""
    session = congress.get_congress_session(env, session_id)
    services.require_roles(env, actor, session.organisation_id, READERS, "report_proposals")
    counts, followed = _count(env, session)
    zh = lang == "zh"
    rated = sum(counts[f"rated:{k}"] for k in ("satisfied", "basically_satisfied", "unsatisfied"))
    liked = counts["rated:satisfied"] + counts["rated:basically_satisfied"]
    rate = f"{100 * liked / rated:.1f}%" if rated else "—"
    done = sum(1 for c in followed if c.data.get("completed_on"))
    converted = counts["suggestion"] + counts["suggestion_answered"] + counts["suggestion_closed"]
    paragraphs = [
        (f"{session.name}共收到提案 {counts['received']} 件。经提案工作委员会审查，立案 {counts['accepted']} 件，"
         f"并案 {counts['merged']} 件，转为意见建议 {converted} 件，"
         f"不予立案 {counts['not_accepted']} 件。" if zh else
         f"{session.name} received {counts['received']} proposals. The proposal committee accepted "
         f"{counts['accepted']}, merged {counts['merged']}, converted {converted} to "
         f"suggestions and did not accept {counts['not_accepted']}."),
        (f"立案提案已答复 {counts['answered']} 件，其中已解决（采纳）{counts['solved']} 件，列入计划 "
         f"{counts['in_plan']} 件，因条件限制暂不能解决 {counts['not_now']} 件。" if zh else
         f"{counts['answered']} accepted proposals were answered: {counts['solved']} solved or adopted, "
         f"{counts['in_plan']} in the plan, {counts['not_now']} not solvable for now."),
        (f"提案人评价：满意 {counts['rated:satisfied']} 件，基本满意 {counts['rated:basically_satisfied']} 件，"
         f"不满意 {counts['rated:unsatisfied']} 件，逾期未评价 {counts[f'rated:{NOT_RATED}']} 件；满意率 {rate}。"
         if zh else
         f"The proposers rated {counts['rated:satisfied']} satisfied, {counts['rated:basically_satisfied']} "
         f"basically satisfied, {counts['rated:unsatisfied']} unsatisfied; {counts[f'rated:{NOT_RATED}']} were not "
         f"rated in time. Satisfaction: {rate}."),
        (f"列入计划和暂不能解决的 {len(followed)} 件中，已落实完成 {done} 件，仍在跟踪落实 {len(followed) - done} 件，"
         "明细如下表。" if zh else
         f"Of the {len(followed)} proposals in the plan or not solvable for now, {done} are reported solved and "
         f"{len(followed) - done} are still followed up, as the table lists."),
    ]
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    today = env.clock.now().astimezone(TZ).date().isoformat()
    rows = []
    for case in sorted(followed, key=lambda c: (c.data.get("number") or 0, c.id)):
        d = case.data
        if d.get("completed_on"):
            status = (f"已落实完成（{d['completed_on']}）" if zh else f"Solved ({d['completed_on']})")
        elif d.get("follow_up_due") and d["follow_up_due"] < today:
            status = L("跟踪落实中，已逾期", "Followed up, overdue")(lang)
        else:
            status = L("跟踪落实中", "Followed up")(lang)
        rows.append(FollowUpRow(d.get("number"), case.title, orgs.get(d.get("lead_department"), ""),
                                CLASSIFICATIONS[d["classification"]](lang), d.get("follow_up_due") or "", status))
    title = (f"关于{session.name}提案办理情况的报告" if zh
             else f"Report on the handling of the proposals of {session.name}")
    return HandlingReport(session.id, title, paragraphs, rows, [c(lang) for c in COLUMNS])


def write_docx(report: HandlingReport, out: IO[bytes], printed: date | None = None) -> None:
    """The report as a Word document the office edits: the title, a paragraph each, the follow-up table."""
    rows = [(str(r.number or ""), r.title, r.department, r.classification, r.expected, r.status)
            for r in report.follow_ups]
    write_report_docx(out, report.title, report.paragraphs, [(None, report.columns, rows)], printed)


def label() -> Label:
    return L("上次会议提案办理情况", "Handling of the last session's proposals")
