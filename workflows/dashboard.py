"""The figures at a glance for a union's office, chair and proposal committee: proposals by step and by category,
overdue and answer times by lead department, satisfaction, the bargaining calendar, and recent ballots' turnout;
each chart with the table behind it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.output.tables import Column
from engine.time.calendar import TZ
from workflows.bargaining import spec as bargaining
from workflows.bargaining import views as bargaining_views
from workflows.congress import services as congress
from workflows.proposals import spec as proposal
from workflows.proposals.report import PRIVATE, READERS, Tally, _day

# Steps where a passed deadline makes a proposal overdue now.
DEADLINE_STATES = ("handling", "extension_requested")
# Bargaining steps where an agreement is in force (it has an expiry date and has not expired).
IN_FORCE = bargaining_views.AGREEMENT
RECENT_ITEMS = 12
# The calendar's axis: three years, the longest term of a collective contract (《集体合同规定》 art. 38).
CALENDAR_DAYS = 3 * 365
L = Label

COUNT = Column("count", L("件数", "Proposals"), "int", 10)
DEPARTMENT = Column("name", L("主办部门", "Lead department"), "text", 22)


@dataclass
class Department:
    """One lead department's figures: the register's tally, the days from assignment to answer, overdue now."""

    tally: Tally
    days: services.Days = services.Days(0, None, None)
    overdue_now: int = 0


def _pct(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _days_row(name: str, days: services.Days) -> dict[str, Any]:
    return {"name": name, "answered": days.count,
            "median": round(days.median, 1) if days.median is not None else None,
            "mean": round(days.mean, 1) if days.mean is not None else None}


# What the proposals are counted by: the database groups them, so no proposal is loaded.
GROUPS = ("state", "data.category", "data.lead_department", "data.due_date", "data.result", "has.accept",
          "has.assign", "day.answer")


class Proposals:
    """A union's proposals (of one session, or of all) that the actor may read, counted by the database."""

    def __init__(self, env: services.Env, actor: services.Actor, organisation_id: int, session_id: int | None,
                 lang: str, today: date) -> None:
        self.env, self.lang, self.today = env, lang, today
        self.info = services.describe(env, proposal.NAME)
        self.orgs = {o.id: o.name for o in services.list_organisations(env, under=organisation_id)}
        self.states: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        self.departments: dict[int, Department] = {}
        self.total = Department(Tally(L("合计", "Total")(lang)))
        self.accepted = 0
        scope = services.Scope(proposal.NAME, organisation_id,
                               (("session_id", session_id),) if session_id is not None else (), PRIVATE)
        for group in services.count_cases(env, actor, scope, GROUPS):
            self._count(group)
        days = services.days_between(env, actor, scope, "assign", "answer", group_by="data.lead_department")
        for lead, department in self.departments.items():
            department.days = days.get(lead, department.days)
        self.total.days = days[None]

    def _count(self, group: dict[str, Any]) -> None:
        n, state = group["count"], group["state"]
        self.states[state] += n
        self.categories[group["data.category"] or ""] += n
        if group["has.accept"]:
            self.accepted += n
        lead = group["data.lead_department"]
        if lead is None or not group["has.assign"]:
            return
        department = self.departments.setdefault(lead, Department(Tally(self.orgs.get(lead, str(lead)))))
        due = _day(group["data.due_date"])
        for figures in (department, self.total):
            figures.tally.add(due, group["day.answer"], group["data.result"], self.today, n)
            if state in DEADLINE_STATES and due is not None and due < self.today:
                figures.overdue_now += n

    def _sorted(self) -> list[Department]:
        return sorted(self.departments.values(), key=lambda f: f.tally.name)

    def charts(self) -> list[services.Chart]:
        lang, fields = self.lang, self.info.fields
        step = Column("step", L("环节", "Step"), "text", 22)
        states = [{"step": label(lang), "count": self.states[name]}
                  for name, label in self.info.states.items() if self.states[name]]
        category = fields["category"]
        categories = [{"category": category.choice_label(c)(lang), "count": self.categories[c]}
                      for c in (*category.choices, *sorted(set(self.categories) - set(category.choices)))
                      if c in category.choices or self.categories[c]]
        departments = self._sorted()
        overdue = [{"name": f.tally.name, "assigned": f.tally.assigned, "overdue_now": f.overdue_now,
                    "answered_late": f.tally.answered - f.tally.on_time,
                    "overdue": f.overdue_now + f.tally.answered - f.tally.on_time} for f in departments]
        days = [_days_row(f.tally.name, f.days) for f in departments] + [
            _days_row(self.total.tally.name, self.total.days)]
        satisfaction = [f.tally.row() for f in (*departments, self.total)]
        return [
            services.Chart("states", L("提案办理环节", "Proposals by step"), (step, COUNT), states, "step", "count"),
            services.Chart("categories", L("提案类别", "Proposals by category"),
                           (Column("category", category.label, "text", 22), COUNT), categories, "category",
                           "count"),
            services.Chart("overdue", L("各主办部门逾期情况", "Overdue by lead department"), (
                DEPARTMENT, Column("assigned", L("交办件数", "Assigned"), "int", 10),
                Column("overdue_now", L("逾期未答复", "Overdue, not answered"), "int", 12),
                Column("answered_late", L("逾期答复", "Answered late"), "int", 10),
                Column("overdue", L("逾期合计", "Overdue in all"), "int", 10)), overdue, "name", "overdue"),
            services.Chart("answer_days", L("答复用时（交办至答复，天）", "Days from assignment to answer"), (
                DEPARTMENT, Column("answered", L("已答复", "Answered"), "int", 10),
                Column("median", L("中位数（天）", "Median (days)"), "number", 12),
                Column("mean", L("平均（天）", "Average (days)"), "number", 12)), days, "name", "median",
                note=L("以天计（精确到 0.1 天），按交办与首次答复的时间差计算。",
                       "In days (to the tenth), from the assignment to the first answer.")),
            services.Chart("satisfaction", L("提案人满意率", "Proposers' satisfaction"), (
                DEPARTMENT, Column("rated", L("已评价", "Rated"), "int", 10),
                Column("satisfied", L("满意", "Satisfied"), "int", 10),
                Column("basically_satisfied", L("基本满意", "Basically satisfied"), "int", 10),
                Column("unsatisfied", L("不满意", "Unsatisfied"), "int", 10),
                Column("satisfaction", L("满意率", "Satisfaction rate"), "percent", 10)),
                satisfaction, "name", "satisfaction",
                note=L("满意率 =（满意 + 基本满意）÷ 已评价件数，以办理结果评价计。",
                       "Satisfaction = (satisfied + basically satisfied) ÷ rated, by the rating of the result.")),
        ]

    def summary(self) -> list[tuple[str, str]]:
        lang, t = self.lang, self.total.tally
        rate = t.row()["satisfaction"]
        median = _days_row("", self.total.days)["median"]
        return [(L("提案", "Proposals")(lang), str(sum(self.states.values()))),
                (L("立案", "Accepted")(lang), str(self.accepted)),
                (L("已交办", "Assigned")(lang), str(t.assigned)),
                (L("已答复", "Answered")(lang), str(t.answered)),
                (L("逾期未答复", "Overdue, not answered")(lang), str(self.total.overdue_now)),
                (L("满意率", "Satisfaction")(lang), f"{100 * rate:.1f}%" if rate is not None else "—"),
                (L("答复用时中位数（天）", "Median days to answer")(lang),
                 f"{median:.1f}" if median is not None else "—")]


def calendar_chart(env: services.Env, actor: services.Actor, organisation_id: int, lang: str, today: date
                   ) -> services.Chart:
    """The union's agreements in force that the actor may read, by expiry date: when each expires and when its
    renewal window opens (a union has a few bargaining cases, read whole)."""
    rows: list[dict[str, Any]] = []
    known = {entry.spec.name for entry in env.registry}
    if bargaining.NAME in known:
        kind = services.describe(env, bargaining.NAME).fields["kind"]
        regional = bargaining_views.regional_covering(env, actor, organisation_id)
        for batch in [*services.case_batches(env, actor, workflow=bargaining.NAME, organisation_id=organisation_id),
                      regional]:
            for case in batch:
                expires = _day(case.data.get("expires_on"))
                if case.state not in IN_FORCE or expires is None:
                    continue
                name = case.data.get("agreement_title") or case.title
                if bargaining_views.is_regional(case):  # a regional or industry agreement covering the union
                    leader = services.get_organisation(env, case.organisation_id).name
                    name = f"{name}（{bargaining_views.REGIONAL_MARK(lang)} · {leader}）"
                rows.append({"name": name, "kind": kind.choice_label(case.data.get("kind", ""))(lang),
                             "step": case.state_label(lang), "effective_on": case.data.get("effective_on"),
                             "renewal_opens": case.data.get("renewal_opens"), "expires_on": expires,
                             "days_left": (expires - today).days,
                             "heading": f"{name} · {expires.isoformat()}", "case_id": case.id})
    rows.sort(key=lambda r: (r["expires_on"], r["name"]))
    return services.Chart("bargaining", L("集体合同到期日历", "Agreements by expiry date"), (
        Column("name", L("合同名称", "Agreement"), "text", 30), Column("kind", L("协商类型", "Kind"), "text", 16),
        Column("step", L("当前环节", "Step"), "text", 14), Column("effective_on", L("生效日期", "In effect"), "date"),
        Column("renewal_opens", L("续订期开始", "Renewal opens"), "date"),
        Column("expires_on", L("到期日期", "Expires"), "date"),
        Column("days_left", L("距到期（天）", "Days left"), "int", 12)), rows, "heading", "days_left",
        note=L("条形长度为距到期天数（满格为三年）。到期前进入续订期，应及时提出续订要约。",
               "Bars show the days left (a full bar is three years). The renewal window opens before expiry: "
               "send the request to renew in time."),
        top=max([CALENDAR_DAYS, *(r["days_left"] for r in rows)]))


def turnout_chart(env: services.Env, organisation_id: int, lang: str) -> services.Chart:
    """The most recent ballot items put to the vote: how many of the representatives entitled took part."""
    rows: list[dict[str, Any]] = []
    sessions = sorted(congress.list_congress_sessions(env, organisation_id),
                      key=lambda s: (s.opens_on or s.collection_opens, s.term, s.number), reverse=True)
    for session in sessions:
        items = [i for i in congress.list_items(env, session.id) if i.status != "draft" and i.eligible]
        for item in sorted(items, key=lambda i: i.opened_at or datetime.min.replace(tzinfo=TZ), reverse=True):
            rows.append({"session": session.name, "item": item.title, "kind": item.kind_label(lang),
                         "participants": item.participants, "eligible": item.eligible,
                         "turnout": _pct(item.participants, item.eligible or 0), "heading": item.title})
        if len(rows) >= RECENT_ITEMS:
            break
    return services.Chart("turnout", L("近期表决参与率", "Turnout of recent ballots"), (
        Column("session", L("会议", "Session"), "text", 24), Column("item", L("表决事项", "Item"), "text", 30),
        Column("kind", L("类型", "Kind"), "text", 10), Column("participants", L("参加人数", "Took part"), "int", 10),
        Column("eligible", L("应参加人数", "Entitled"), "int", 10),
        Column("turnout", L("参与率", "Turnout"), "percent", 10)), rows[:RECENT_ITEMS], "heading", "turnout")


def build(env: services.Env, actor: services.Actor, lang: str, organisation_id: int,
          session_id: int | None = None) -> services.Report:
    """The dashboard of a union; the proposal figures of one session, or of every session when none is named."""
    services.require_roles(env, actor, organisation_id, READERS, "dashboard")
    session = congress.get_congress_session(env, session_id) if session_id is not None else None
    if session is not None and session.organisation_id != organisation_id:
        raise services.NotFound("congress session", session_id)
    today = env.clock.now().astimezone(TZ).date()
    charts: list[services.Chart] = []
    summary: list[tuple[str, str]] = []
    if proposal.NAME in {entry.spec.name for entry in env.registry}:
        figures = Proposals(env, actor, organisation_id, session_id, lang, today)
        charts += figures.charts()
        summary = figures.summary()
    charts += [calendar_chart(env, actor, organisation_id, lang, today), turnout_chart(env, organisation_id, lang)]
    title = L("统计看板", "Dashboard")(lang)
    union = services.get_organisation(env, organisation_id).name
    scope = session.name if session else L("全部会议", "all sessions")(lang)
    return services.Report(f"{title} · {union}", f"{title}-{union}-{scope}", organisation_id,
                           sheets=[c.sheet() for c in charts], charts=charts, summary=summary)


REPORT = services.ReportSpec("dashboard", L("统计看板", "Dashboard"), build, READERS)
