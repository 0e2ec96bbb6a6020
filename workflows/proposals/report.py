"""The proposal register (提案汇编) and handling statistics of a congress session: the figures the proposal
committee reports at the next congress (提案工作报告), as Excel or CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.output.tables import Column, Sheet
from engine.time.calendar import TZ
from workflows.congress import services as congress
from workflows.proposals.spec import CATEGORIES, CLASSIFICATIONS, NAME
from workflows.proposals.terms import NOT_RATED, PRIVATE, RATING_LABELS

# Not yet sent on by the proposer: left out of the register.
OUTCOMES = {
    "submitted": Label("待审查", "Awaiting review"), "returned": Label("退回修改", "Returned for revision"),
    "not_accepted": Label("不予立案", "Not accepted"), "merged": Label("并案", "Merged"),
    "suggestion": Label("转为意见建议", "Converted to a suggestion"),
    "suggestion_answered": Label("转为意见建议", "Converted to a suggestion"),
    "suggestion_closed": Label("转为意见建议", "Converted to a suggestion"),
}
ACCEPTED = Label("立案", "Accepted")
TRIGGERS = ("submit", "accept", "assign", "answer", "close", "close_after_review", "answer_suggestion",
            "report_completion", "close_follow_up")
FOLLOWING_UP = "following_up"  # the step of an answer followed up until it is solved

REGISTER_COLUMNS = (
    Column("number", Label("提案号", "No."), "int", 8),
    Column("title", Label("案由", "Subject"), "text", 40),
    Column("proposer", Label("提案人", "Proposer"), "text", 12),
    Column("co_signers", Label("附议人", "Co-signers"), "text", 24),
    Column("category", Label("类别", "Category"), "text", 14),
    Column("step", Label("当前环节", "Step"), "text", 14),
    Column("outcome", Label("审查结果", "Review outcome"), "text", 14),
    Column("lead_department", Label("主办部门", "Lead department"), "text", 16),
    Column("co_departments", Label("协办部门", "Co-handling departments"), "text", 20),
    Column("due_date", Label("办理期限", "Due"), "date", 12),
    Column("classification", Label("答复类别", "Answer"), "text", 20),
    Column("rating", Label("提案人评价", "Proposer's rating"), "text", 12),
    Column("submitted_on", Label("提交日期", "Submitted"), "date", 12),
    Column("accepted_on", Label("立案日期", "Accepted"), "date", 12),
    Column("assigned_on", Label("交办日期", "Assigned"), "date", 12),
    Column("answered_on", Label("答复日期", "Answered"), "date", 12),
    Column("closed_on", Label("办结日期", "Closed"), "date", 12),
    Column("follow_up_due", Label("预计解决日期", "Expected solved by"), "date", 12),
    Column("completed_on", Label("落实完成日期", "Reported solved"), "date", 12),
)
STAT_COLUMNS = (
    Column("name", Label("部门 / 类别", "Department / category"), "text", 22),
    Column("assigned", Label("交办件数", "Assigned"), "int", 10),
    Column("answered", Label("已答复", "Answered"), "int", 10),
    Column("on_time", Label("按期答复", "Answered on time"), "int", 10),
    Column("overdue", Label("逾期", "Overdue"), "int", 10),
    Column("rated", Label("已评价", "Rated"), "int", 10),
    Column("satisfied", Label("满意", "Satisfied"), "int", 10),
    Column("basically_satisfied", Label("基本满意", "Basically satisfied"), "int", 10),
    Column("unsatisfied", Label("不满意", "Unsatisfied"), "int", 10),
    Column("satisfaction", Label("满意率", "Satisfaction rate"), "percent", 10),
    Column("not_rated", Label("未评价", "Not rated"), "int", 10),
    Column("following_up", Label("跟踪落实中", "Followed up"), "int", 10),
    Column("completed", Label("落实完成", "Reported solved"), "int", 10),
)
BATCH = 500
# Who may download the register and statistics of their union's sessions.
READERS = ("proposal_committee", "union_office", "union_chair")


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(TZ).date()
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


@dataclass
class Tally:
    """Handling figures of one department or category."""

    name: str
    assigned: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: {k: 0 for k in RATING_LABELS})
    following_up: int = 0  # answers in the plan or not solvable now, still followed up
    completed: int = 0  # such answers reported solved

    def add(self, due: date | None, answered: date | None, rating: str | None, today: date, n: int = 1) -> None:
        """Count ``n`` assigned proposals alike: answered (on time or late), overdue (answered late, or not
        answered and past its deadline), and how their proposers rated them."""
        self.assigned += n
        if answered is not None:
            self.answered += n
            if due is None or answered <= due:
                self.on_time += n
        if due is not None and ((answered is None and today > due) or (answered and answered > due)):
            self.overdue += n
        if rating in self.ratings:
            self.ratings[rating] += n

    def row(self) -> dict[str, Any]:
        rated = sum(n for k, n in self.ratings.items() if k != NOT_RATED)
        liked = self.ratings["satisfied"] + self.ratings["basically_satisfied"]
        return {"name": self.name, "assigned": self.assigned, "answered": self.answered, "on_time": self.on_time,
                "overdue": self.overdue, "rated": rated, **self.ratings,
                "satisfaction": liked / rated if rated else None, "following_up": self.following_up,
                "completed": self.completed}


class Register:
    """One session's proposals, read once in batches; rows for the register and the statistics as it goes."""

    def __init__(self, env: services.Env, session_id: int, lang: str = "zh", today: date | None = None) -> None:
        self.env, self.session_id, self.lang = env, session_id, lang
        self.session = congress.get_congress_session(env, session_id)
        self.today = today or env.clock.now().astimezone(TZ).date()
        self.orgs = {o.id: o.name for o in services.list_organisations(env)}
        self.info = services.describe(env, NAME)
        self.departments: dict[int, Tally] = {}
        self.categories: dict[str, Tally] = {}
        self.read = False  # the register was read to its end (the statistics are complete)

    def rows(self) -> Iterator[dict[str, Any]]:
        """The register, in proposal number order within each batch (unnumbered ones last)."""
        lang, orgs = self.lang, self.orgs
        # Each label in the language asked for, looked up once (a register may list tens of thousands of rows).
        categories = {k: v(lang) for k, v in CATEGORIES.items()}
        classifications = {k: v(lang) for k, v in CLASSIFICATIONS.items()}
        ratings = {k: v(lang) for k, v in RATING_LABELS.items()}
        outcomes = {k: v(lang) for k, v in OUTCOMES.items()}
        accepted, steps = ACCEPTED(lang), {}
        for batch, people, times in self._batches():
            for case in sorted(batch, key=lambda c: (c.data.get("number") is None, c.data.get("number") or 0, c.id)):
                d, when, state = case.data, times[case.id], case.state
                step = steps.get((case.spec_version, state))
                if step is None:
                    step = steps[case.spec_version, state] = case.state_label(lang)
                category = d.get("category")
                row = {
                    "number": d.get("number"), "title": case.title,
                    "proposer": people.get(case.created_by, "") if case.created_by else "",
                    "co_signers": [people.get(u, str(u)) for u in d.get("co_signers", [])],
                    "category": categories[category] if category in categories else Label(category or "", "")(lang),
                    "step": step,
                    "outcome": outcomes.get(state) or (accepted if "accept" in when else ""),
                    "lead_department": orgs.get(d.get("lead_department"), ""),
                    "co_departments": [orgs.get(o, str(o)) for o in d.get("co_departments", [])],
                    "due_date": d.get("due_date"),
                    "classification": classifications.get(d.get("classification"), ""),
                    "rating": ratings.get(d.get("result"), ""),
                    "submitted_on": _day(when.get("submit")), "accepted_on": _day(when.get("accept")),
                    "assigned_on": _day(when.get("assign")),
                    "answered_on": _day(when.get("answer") or when.get("answer_suggestion")),
                    "closed_on": _day(when.get("close") or when.get("close_after_review")
                                      or when.get("report_completion") or when.get("close_follow_up")),
                    "follow_up_due": d.get("follow_up_due"), "completed_on": _day(d.get("completed_on")),
                }
                self._count(case, row)
                yield row
        self.read = True

    def _batches(self) -> Iterator[tuple[list[services.CaseSummary], dict[int, str], dict[int, dict[str, Any]]]]:
        """The session's proposals in batches, each with its people's names and its cases' first action times."""
        for batch in services.case_batches(self.env, services.SYSTEM_ACTOR, workflow=NAME,
                                           organisation_id=self.session.organisation_id,
                                           data={"session_id": self.session_id}, exclude_states=PRIVATE,
                                           batch=BATCH):
            people = services.user_names(self.env, sorted({u for c in batch for u in (
                [c.created_by] if c.created_by else []) + list(c.data.get("co_signers", []))}))
            yield batch, people, services.first_times(self.env, [c.id for c in batch], TRIGGERS)

    def _count(self, case: services.CaseSummary, row: dict[str, Any]) -> None:
        d = case.data
        if "assigned_on" not in row or row["assigned_on"] is None or d.get("lead_department") is None:
            return
        department, category = self.departments.get(d["lead_department"]), self.categories.get(row["category"])
        if department is None:  # a tally made only when its first row comes (not one thrown away for each row)
            department = self.departments[d["lead_department"]] = Tally(row["lead_department"])
        if category is None:
            category = self.categories[row["category"]] = Tally(row["category"])
        due, following_up, completed = _day(d.get("due_date")), case.state == FOLLOWING_UP, bool(d.get("completed_on"))
        for t in (department, category):
            t.add(due, row["answered_on"], d.get("result"), self.today)
            t.following_up += following_up
            t.completed += completed

    def statistics(self) -> Iterator[dict[str, Any]]:
        """Per lead department, then per category, then the total (call after the register was read)."""
        total = Tally(Label("合计", "Total")(self.lang))
        for name, group in ((Label("【按部门】", "[By department]"), self.departments),
                            (Label("【按类别】", "[By category]"), self.categories)):
            yield {"name": name(self.lang)}
            for tally in sorted(group.values(), key=lambda t: t.name):
                yield tally.row()
        for tally in self.departments.values():
            total.assigned += tally.assigned
            total.answered += tally.answered
            total.on_time += tally.on_time
            total.overdue += tally.overdue
            total.following_up += tally.following_up
            total.completed += tally.completed
            for k, v in tally.ratings.items():
                total.ratings[k] += v
        yield total.row()

    def sheets(self) -> list[Sheet]:
        return [Sheet(Label("提案汇编", "Proposal register"), REGISTER_COLUMNS, self.rows()),
                Sheet(Label("办理情况统计", "Handling statistics"), STAT_COLUMNS, _after(self))]


def _after(register: Register) -> Iterator[dict[str, Any]]:
    """The statistics, computed once the register's rows were written (both come from one pass); when only the
    statistics are wanted, the register is read for them here."""
    if not register.read:
        for _ in register.rows():
            pass
    yield from register.statistics()


def build(env: services.Env, actor: services.Actor, lang: str, session_id: int) -> services.Report:
    """The register and statistics of a session, for its union's proposal committee, office and chair."""
    session = congress.get_congress_session(env, session_id)
    services.require_roles(env, actor, session.organisation_id, READERS, "report_proposals")
    register = Register(env, session_id, lang)
    title = Label("提案汇编", "Proposal register")(lang)
    return services.Report(f"{title} · {session.name}", f"{title}-{session.name}", session.organisation_id,
                           sheets=register.sheets())


def count(env: services.Env, actor: services.Actor, session_id: int) -> int:
    """How many proposals the register of a session lists (one count query), for those who may read it."""
    session = congress.get_congress_session(env, session_id)
    services.require_roles(env, actor, session.organisation_id, READERS, "report_proposals")
    return services.count_batches(env, actor, workflow=NAME, organisation_id=session.organisation_id,
                                  data={"session_id": session_id}, exclude_states=PRIVATE)


REPORT = services.ReportSpec("proposal_register", Label("提案汇编", "Proposal register"), build, READERS, count)
