"""Collective bargaining (集体协商): a collective contract or a special wage agreement, from the written
request through the reply, preparation, rounds, the congress vote, signing, filing, effect, publication,
implementation checks and renewal, with the periods of 《集体合同规定》 and 《工资集体协商试行办法》.

The numbers come from the ``[bargaining]`` table of the config; each case records the rules it started
under, so a change of configuration never moves a running case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from config import Settings
from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import (
    Field,
    Notify,
    Overdue,
    Period,
    Start,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)
from engine.time.calendar import TZ

if TYPE_CHECKING:
    from workflows.bargaining.settings import BargainingTable

NAME = "bargaining"
VERSION = 1
KINDS = {"collective_contract": Label("集体合同", "Collective contract"),
         "wage_agreement": Label("工资专项集体合同", "Special wage agreement")}
SIDES = {"union": Label("工会方", "Union side"), "employer": Label("企业方", "Employer side")}
SIDE_ROLE = {"union": "union_office", "employer": "employer"}
UNION, EMPLOYER = "union", "employer"


@dataclass(frozen=True)
class Policy:
    """A union's numbers for bargaining (config ``[bargaining]``)."""

    reply_days: int = 20  # 《集体合同规定》 art. 32
    filing_days: dict[str, int] = field(default_factory=lambda: {"collective_contract": 10, "wage_agreement": 7})
    effect_days: int = 15  # art. 47
    min_negotiators: int = 3  # art. 19
    check_every_days: int = 182  # implementation checks, about every 6 months
    renewal_months: int = 3  # art. 40
    max_term_years: int = 3  # art. 38

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy from the ``[bargaining]`` table (validated when the settings were loaded)."""
        table: BargainingTable = settings.section("bargaining")
        return cls(**table.model_dump())


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _last_day(ctx: ActionContext, start: date, days: int) -> date:
    """The last day of a period of ``days`` counted from the day after ``start`` (moved past a holiday)."""
    return ctx.db.last_day(datetime.combine(start, time(12), TZ), days, "days")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


# -- guards -------------------------------------------------------------------------------------------------------
def initiator_side(ctx: ActionContext) -> dict[str, Label] | None:
    wanted = ctx.form.get("initiator", ctx.data.get("initiator"))
    if ctx.actor_id is not None and not ctx.db.holds(ctx.actor_id, SIDE_ROLE[wanted], ctx.organisation_id):
        return {"initiator": L("只能以本方名义提出协商要约。", "You can only make the request for your own side.")}
    return None


def received_not_future(ctx: ActionContext) -> dict[str, Label] | None:
    for name in ("received_on", "replied_on", "signed_on", "submitted_on", "held_on", "published_on",
                 "checked_on"):
        if name in ctx.form and _day(ctx.form[name]) > ctx.now.astimezone(TZ).date():
            return {name: L("日期不能晚于今天。", "The date cannot be in the future.")}
    return None


RULE_19 = L("《集体合同规定》第十九条、第二十条：双方协商代表人数应当对等，每方至少 {n} 人，并各确定一名首席代表。",
            "Collective Contract Provisions arts. 19–20: each side has the same number of negotiators, at least "
            "{n}, and one chief negotiator.")


def negotiators_valid(ctx: ActionContext) -> dict[str, Label] | None:
    """One side's appointment: at least the minimum, the chief among them."""
    need = ctx.data["policy"]["min_negotiators"]
    people, chief = ctx.form["negotiators"], ctx.form["chief"]
    if len(people) < need:
        return {"negotiators": RULE_19.format(n=need)}
    if chief not in people:
        return {"chief": L("首席代表须是本方协商代表之一。", "The chief negotiator must be one of this side's "
                           "negotiators.")}
    return None


def sides_equal(ctx: ActionContext) -> Label | None:
    """Both sides appointed: equal numbers, at least the minimum each, a chief each."""
    need = ctx.data["policy"]["min_negotiators"]
    union, employer = ctx.data.get("union_negotiators", []), ctx.data.get("employer_negotiators", [])
    if len(union) < need or len(employer) < need or len(union) != len(employer) or not (
            ctx.data.get("union_chief") and ctx.data.get("employer_chief")):
        rule = RULE_19.format(n=need)
        return L(f"{rule.zh}（现为工会方 {len(union)} 人、企业方 {len(employer)} 人）",
                 f"{rule.en} (now {len(union)} for the union, {len(employer)} for the employer)")
    return None


def has_draft(ctx: ActionContext) -> Label | None:
    return None if ctx.data.get("drafts") else L("请先保存合同草案。", "Save a draft agreement first.")


def term_in_range(ctx: ActionContext) -> dict[str, Label] | None:
    most = ctx.data["policy"]["max_term_years"]
    if not 1 <= ctx.form["term_years"] <= most:
        return {"term_years": L(f"《集体合同规定》第三十八条：期限为 1 至 {most} 年。",
                                f"Collective Contract Provisions art. 38: the term is 1 to {most} years.")}
    return None


def session_of_union(ctx: ActionContext) -> dict[str, Label] | None:
    session = ctx.db.use("congress").congress_session(ctx.form["session_id"])
    phase = ctx.db.use("congress").session_phase(ctx.form["session_id"])
    if session is None or phase is None or session.organisation_id != ctx.organisation_id:
        return {"session_id": L("请选择本单位的职代会会议。", "Choose a congress session of this organisation.")}
    if phase.closed:
        return {"session_id": L("这次会议已闭会。", "This session is closed.")}
    return None


def vote_passed(ctx: ActionContext) -> Label | None:
    if (ctx.data.get("vote") or {}).get("passed"):
        return None
    return L("《集体合同规定》第三十六条、第三十七条：草案须经职工代表大会（或全体职工）讨论通过后，"
             "方可由双方首席代表签字。",
             "Collective Contract Provisions arts. 36–37: the chief negotiators sign only after the congress (or the "
             "staff assembly) has passed the draft.")


def my_signature_missing(ctx: ActionContext) -> Label | None:
    side = _chief_side(ctx)
    if side is None:
        return L("只有双方首席代表可以签字。", "Only the two chief negotiators sign.")
    if side in ctx.data.get("signatures", {}):
        return L("您已签字。", "You have signed already.")
    return None


def both_signed(ctx: ActionContext) -> Label | None:
    return None if set(ctx.data.get("signatures", {})) == {UNION, EMPLOYER} else L("尚待另一方签字。",
                                                                                   "Waiting for the other signature.")


def _chief_side(ctx: ActionContext) -> str | None:
    if ctx.actor_id == ctx.data.get("union_chief"):
        return UNION
    if ctx.actor_id == ctx.data.get("employer_chief"):
        return EMPLOYER
    return None


def resume_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    if _day(ctx.form["resume_on"]) <= ctx.now.astimezone(TZ).date():
        return {"resume_on": L("恢复协商的日期应晚于今天。", "The date to resume must be after today.")}
    return None


def renewal_allowed(ctx: ActionContext) -> dict[str, Label] | None:
    old_id = ctx.form.get("renews")
    if old_id is None:
        return None
    old = ctx.db.peek(old_id)
    if old is None or old.workflow != NAME or old.organisation_id != ctx.organisation_id:
        return {"renews": L("请选择本单位的集体合同。", "Choose an agreement of this organisation.")}
    if old.state != "renewal_window":
        return {"renews": L("《集体合同规定》第四十条：只能在期满前三个月内提出续订要求。",
                            "Collective Contract Provisions art. 40: renewal is requested in the three months "
                            "before expiry.")}
    return None


# -- effects ------------------------------------------------------------------------------------------------------
def make_policy_effect(policy: Policy):  # noqa: ANN201 - returns an effect
    def apply_policy(ctx: ActionContext) -> None:
        ctx.data["policy"] = {"reply_days": policy.reply_days, "filing_days": policy.filing_days[ctx.data["kind"]],
                              "effect_days": policy.effect_days, "min_negotiators": policy.min_negotiators,
                              "check_every_days": policy.check_every_days, "renewal_months": policy.renewal_months,
                              "max_term_years": policy.max_term_years}
        if ctx.form.get("renews"):
            ctx.follow(ctx.form["renews"])
    return apply_policy


def request_sent(ctx: ActionContext) -> None:
    ctx.data["reply_due"] = _last_day(ctx, _day(ctx.form["received_on"]), ctx.data["policy"]["reply_days"]).isoformat()


def refused(ctx: ActionContext) -> None:
    ctx.data["dispute"] = {"reason": "refused", "on": ctx.now.astimezone(TZ).date().isoformat()}


def no_reply(ctx: ActionContext) -> None:
    ctx.data["dispute"] = {"reason": "no_reply", "on": ctx.now.astimezone(TZ).date().isoformat()}


def appoint(side: str):  # noqa: ANN201 - returns an effect
    def apply(ctx: ActionContext) -> None:
        ctx.data[f"{side}_negotiators"] = ctx.form["negotiators"]
        ctx.data[f"{side}_chief"] = ctx.form["chief"]
        ctx.data["chiefs"] = [c for c in (ctx.data.get("union_chief"), ctx.data.get("employer_chief")) if c]
        ctx.data["negotiators"] = [*ctx.data.get("union_negotiators", []), *ctx.data.get("employer_negotiators", [])]
    return apply


def record_round(ctx: ActionContext) -> None:
    entry = {k: ctx.form.get(k) for k in ("held_on", "attendance", "minutes", "positions") if k in ctx.form}
    entry["number"] = len(ctx.data.get("rounds", [])) + 1
    entry["by"] = ctx.actor_id
    if ctx.trigger == "suspend":
        entry["suspended_to"] = ctx.form["resume_on"]
        ctx.data["resume_on"] = ctx.form["resume_on"]
    ctx.data["rounds"] = [*ctx.data.get("rounds", []), entry]


def save_draft(ctx: ActionContext) -> None:
    drafts = ctx.data.get("drafts", [])
    ctx.data["drafts"] = [*drafts, {"version": len(drafts) + 1, "text": ctx.form["text"],
                                    "note": ctx.form.get("note", ""), "by": ctx.actor_id,
                                    "on": ctx.now.astimezone(TZ).date().isoformat()}]


def to_congress(ctx: ActionContext) -> None:
    draft = ctx.data["drafts"][-1]
    ctx.data["term_years"] = ctx.form["term_years"]
    ctx.data["vote_item"] = ctx.db.use("congress").put_to_ballot(
        ctx.form["session_id"], f"关于《{ctx.data.get('agreement_title') or ''}》草案（第 {draft['version']} 稿）的表决"
        if ctx.data.get("agreement_title") else f"集体协商合同草案（第 {draft['version']} 稿）表决",
        ctx.case_id, draft["text"])
    ctx.data["vote"] = None


def vote_recorded(ctx: ActionContext) -> None:
    item = ctx.db.use("congress").ballot_item(ctx.data["vote_item"])
    ctx.data["vote"] = {"item_id": ctx.data["vote_item"], "passed": bool(item and item.passed),
                        "on": ctx.now.astimezone(TZ).date().isoformat()}
    ctx.data["votes"] = [*ctx.data.get("votes", []), ctx.data["vote"]]


def sign(ctx: ActionContext) -> None:
    side = _chief_side(ctx)
    assert side is not None
    ctx.data["signatures"] = {**ctx.data.get("signatures", {}), side: {"by": ctx.actor_id,
                                                                        "on": ctx.form["signed_on"]}}


def signed(ctx: ActionContext) -> None:
    signed_on = max(_day(s["on"]) for s in ctx.data["signatures"].values())
    ctx.data["signed_on"] = signed_on.isoformat()
    ctx.data["filing_due"] = _last_day(ctx, signed_on, ctx.data["policy"]["filing_days"]).isoformat()


def filed(ctx: ActionContext) -> None:
    received = _day(ctx.form["received_on"])
    ends = _last_day(ctx, received, ctx.data["policy"]["effect_days"])
    ctx.data["review_ends"] = ends.isoformat()
    ctx.data["effective_on"] = (ends + timedelta(days=1)).isoformat()


def objection(ctx: ActionContext) -> None:
    ctx.data["objections"] = [*ctx.data.get("objections", []), {"received_on": ctx.form["received_on"],
                                                                 "points": ctx.form["points"]}]
    ctx.data["signatures"] = {}
    ctx.data["vote"] = None
    for key in ("signed_on", "filing_due", "review_ends", "effective_on"):
        ctx.data.pop(key, None)


def took_effect(ctx: ActionContext) -> None:
    effective = _day(ctx.data["effective_on"])
    expires = add_months(effective, 12 * ctx.data["term_years"]) - timedelta(days=1)
    ctx.data["expires_on"] = expires.isoformat()
    ctx.data["renewal_opens"] = add_months(expires, -ctx.data["policy"]["renewal_months"]).isoformat()


def published(ctx: ActionContext) -> None:
    ctx.data["published"] = {"on": ctx.form["published_on"], "how": ctx.form.get("how", "")}


def check_recorded(ctx: ActionContext) -> None:
    ctx.data["checks"] = [*ctx.data.get("checks", []), {"on": ctx.form["checked_on"],
                                                         "findings": ctx.form["findings"],
                                                         "issues": ctx.form.get("issues", "")}]


def renewal_opened(ctx: ActionContext) -> None:
    for role in ("union_office", "employer"):
        ctx.notify(Recipient(role=role, organisation_id=ctx.organisation_id), "bargaining_renewal_window",
                   expires_on=ctx.data["expires_on"])


# -- the spec -------------------------------------------------------------------------------------------------------
def build(policy: Policy | None = None) -> WorkflowSpec:
    policy = policy or Policy()
    both = ("union_office", "employer")
    chiefs = ("data:union_chief", "data:employer_chief")
    negotiators = ("data:negotiators", "union_office")
    date_field = lambda name, zh, en: Field(name, L(zh, en), "date")  # noqa: E731
    round_fields = (date_field("held_on", "会议日期", "Held on"),
                    Field("attendance", L("出席人员", "Attendance"), "text", max_length=2000),
                    Field("minutes", L("会议纪要", "Minutes"), "text", max_length=20000),
                    Field("positions", L("各议题双方意见", "Positions on each topic"), "text", max_length=20000,
                          required=False))
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("集体协商", "Collective bargaining"),
        roles={"union_office": L("工会", "Union"), "employer": L("企业方", "Employer"),
               "union_chair": L("工会主席", "Union chair"), "representative": L("职工代表", "Representative")},
        initial="request",
        start=Start(roles=both, fields=(
            Field("kind", L("协商类型", "Kind"), "choice", choices=tuple(KINDS), choice_labels=KINDS),
            Field("initiator", L("要约方", "Requesting side"), "choice", choices=tuple(SIDES), choice_labels=SIDES),
            Field("counterpart", L("对方名称", "The other side"), "str", max_length=200),
            Field("topics", L("协商议题", "Topics proposed"), "text", max_length=5000),
            Field("renews", L("续订的合同", "Agreement renewed"), "case", required=False),
        ), guards=("initiator_side", "renewal_allowed"), effects=("apply_policy",), title_max=200),
        states=(
            State("request", L("拟定要约", "Written request"), tasks=(TaskSpec("starter"),)),
            State("awaiting_employer_reply", L("等待企业方书面回应", "Awaiting the employer's reply"),
                  tasks=(TaskSpec("employer", label=L("在规定期限内书面回应协商要约", "Reply in writing within the "
                                                      "period")),),
                  timers=(TimerSpec(due="data:reply_due", trigger="no_reply", remind_before=(Period(3, "days"),)),)),
            State("awaiting_union_reply", L("等待工会书面回应", "Awaiting the union's reply"),
                  tasks=(TaskSpec("union_office", label=L("在规定期限内书面回应协商要约", "Reply in writing within "
                                                          "the period")),),
                  timers=(TimerSpec(due="data:reply_due", trigger="no_reply", remind_before=(Period(3, "days"),)),)),
            State("dispute", L("争议待协调", "Dispute: coordination to request"),
                  tasks=(TaskSpec("union_office", label=L("提请上级工会和劳动保障行政部门协调处理",
                                                          "Ask the higher-level union and the labour "
                                                          "administration to coordinate")),)),
            State("coordination", L("协调处理中", "Under coordination"), tasks=(TaskSpec("union_office"),)),
            State("preparation", L("协商准备", "Preparation"), tasks=(TaskSpec("union_office"), TaskSpec("employer"))),
            State("negotiating", L("协商会议", "Negotiation rounds"), tasks=(TaskSpec("union_office"),)),
            # Both chiefs hold the task, so the reminder before the agreed date reaches both of them.
            State("suspended", L("协商中止", "Suspended"),
                  tasks=(TaskSpec("union_office", users="data:chiefs", label=L("按约定日期恢复协商",
                                                                             "Resume on the agreed date")),),
                  timers=(TimerSpec(due="data:resume_on", remind_before=(Period(2, "workdays"),)),)),
            State("congress_vote", L("提交职代会审议", "Before the congress"), tasks=(TaskSpec("union_office"),)),
            State("signing", L("首席代表签字", "Signing"),
                  tasks=(TaskSpec("union_office", users="data:chiefs",
                                  label=L("签署集体合同", "Sign the agreement")),)),
            State("filing", L("报送审查", "Filing"), tasks=(TaskSpec("union_office"),),
                  timers=(TimerSpec(due="data:filing_due", remind_before=(Period(2, "days"), Period(0, "days")),
                                    overdue=Overdue(supervise=TaskSpec("union_chair"),
                                                    notify=(Notify("union_office", "bargaining_filing_overdue"),
                                                            Notify("union_chair", "bargaining_filing_overdue")))),)),
            State("under_review", L("审查期", "Under review"), tasks=(TaskSpec("union_office"),),
                  timers=(TimerSpec(due="data:review_ends", trigger="take_effect"),)),
            State("in_effect", L("已生效待公布", "In effect: to publish"),
                  tasks=(TaskSpec("union_office", label=L("向全体职工公布", "Publish to all staff")),)),
            State("in_force", L("履行中", "In force"),
                  timers=(TimerSpec(period=Period(policy.check_every_days, "days"), trigger="check_due"),
                          TimerSpec(due="data:renewal_opens", trigger="open_renewal"))),
            State("implementation_check", L("履约检查", "Implementation check"),
                  tasks=(TaskSpec("union_office", label=L("开展履约检查并填写检查结果",
                                                          "Check implementation and record the findings")),),
                  timers=(TimerSpec(due="data:renewal_opens", trigger="open_renewal"),)),
            State("renewal_window", L("续订期", "Renewal window"),
                  tasks=(TaskSpec("union_office"), TaskSpec("employer")),
                  timers=(TimerSpec(due="data:expires_on", trigger="expire"),)),
            State("ended", L("协商终止", "Ended without agreement"), final=True),
            State("expired", L("已期满", "Expired"), final=True),
        ),
        transitions=(
            Transition("send_request", ("request",), "awaiting_employer_reply", L("发出书面要约", "Send the request"),
                       ("starter", "union_office"), guards=("initiator_side", "received_not_future", "union_initiated"),
                       fields=(date_field("received_on", "对方收到日期", "Received by the other side on"),),
                       effects=("request_sent",)),
            Transition("send_request_to_union", ("request",), "awaiting_union_reply",
                       L("发出书面要约", "Send the request"), ("starter", "employer"),
                       guards=("initiator_side", "received_not_future", "employer_initiated"),
                       fields=(date_field("received_on", "对方收到日期", "Received by the other side on"),),
                       effects=("request_sent",)),
            Transition("agree_to_negotiate", ("awaiting_employer_reply",), "preparation",
                       L("书面同意协商", "Agree in writing"), ("employer",),
                       fields=(date_field("replied_on", "回应日期", "Replied on"),
                               Field("reply", L("书面回应", "Written reply"), "text", max_length=5000)),
                       guards=("received_not_future",)),
            Transition("agree_to_negotiate", ("awaiting_union_reply",), "preparation",
                       L("书面同意协商", "Agree in writing"), ("union_office",),
                       fields=(date_field("replied_on", "回应日期", "Replied on"),
                               Field("reply", L("书面回应", "Written reply"), "text", max_length=5000)),
                       guards=("received_not_future",)),
            Transition("refuse", ("awaiting_employer_reply",), "dispute", L("拒绝协商", "Refuse"), ("employer",),
                       fields=(Field("reason", L("理由", "Reason"), "text", max_length=5000),), effects=("refused",),
                       notify=(Notify("union_office", "bargaining_dispute"),)),
            Transition("refuse", ("awaiting_union_reply",), "dispute", L("拒绝协商", "Refuse"), ("union_office",),
                       fields=(Field("reason", L("理由", "Reason"), "text", max_length=5000),), effects=("refused",)),
            Transition("no_reply", ("awaiting_employer_reply", "awaiting_union_reply"), "dispute",
                       L("逾期未回应", "No reply within the period"), ("system",), effects=("no_reply",),
                       notify=(Notify("union_office", "bargaining_dispute"), Notify("union_chair",
                                                                                    "bargaining_dispute"))),
            Transition("request_coordination", ("dispute",), "coordination",
                       L("提请协调处理", "Ask for coordination"), ("union_office",),
                       fields=(date_field("requested_on", "提请日期", "Requested on"),
                               Field("bodies", L("提请单位", "Asked"), "str", max_length=300),
                               Field("note", L("情况说明", "Account"), "text", max_length=5000))),
            Transition("resume_talks", ("coordination",), "preparation", L("经协调进入协商", "Talks agreed after "
                       "coordination"), ("union_office",),
                       fields=(Field("outcome", L("协调结果", "Outcome"), "text", max_length=5000),)),
            Transition("end_without_agreement", ("coordination", "dispute"), "ended",
                       L("终止协商", "End without agreement"), ("union_office",),
                       fields=(Field("reason", L("理由", "Reason"), "text", max_length=5000),)),
            Transition("appoint_union_negotiators", ("preparation",), "preparation",
                       L("确定工会方协商代表", "Appoint the union's negotiators"), ("union_office",),
                       fields=(Field("negotiators", L("协商代表", "Negotiators"), "users", store=False),
                               Field("chief", L("首席代表", "Chief negotiator"), "user", store=False)),
                       guards=("negotiators_valid",), effects=("appoint_union",)),
            Transition("appoint_employer_negotiators", ("preparation",), "preparation",
                       L("确定企业方协商代表", "Appoint the employer's negotiators"), ("employer",),
                       fields=(Field("negotiators", L("协商代表", "Negotiators"), "users", store=False),
                               Field("chief", L("首席代表", "Chief negotiator"), "user", store=False)),
                       guards=("negotiators_valid",), effects=("appoint_employer",)),
            Transition("record_data", ("preparation", "negotiating"), "preparation", L("录入协商资料",
                       "Enter the data for the talks"), ("union_office",), fields=(
                           Field("average_wage", L("职工平均工资（元/月）", "Average wage (yuan/month)"), "int",
                                 min_value=0),
                           Field("last_increase", L("上年工资增长率（‰）", "Last year's increase (‰)"), "int",
                                 min_value=-1000, max_value=1000),
                           Field("guideline_baseline", L("工资指导线基准线（‰）", "Wage guideline baseline (‰)"),
                                 "int"),
                           Field("guideline_upper", L("工资指导线上线（‰）", "Wage guideline upper line (‰)"), "int"),
                           Field("guideline_lower", L("工资指导线下线（‰）", "Wage guideline lower line (‰)"), "int"),
                           Field("cpi", L("居民消费价格指数涨幅（‰）", "CPI increase (‰)"), "int"),
                           Field("results", L("企业经营状况", "The enterprise's results"), "text", max_length=5000),
                           Field("sources", L("资料来源", "Sources"), "text", max_length=2000))),
            Transition("start_talks", ("preparation",), "negotiating", L("开始协商", "Start the talks"), both,
                       guards=("sides_equal",)),
            Transition("record_round", ("negotiating",), "negotiating", L("记录协商会议", "Record a round"),
                       negotiators, fields=round_fields, guards=("received_not_future",), effects=("record_round",)),
            Transition("suspend", ("negotiating",), "suspended", L("中止协商", "Suspend the talks"), negotiators,
                       fields=(*round_fields, date_field("resume_on", "约定恢复日期", "Resume on")),
                       guards=("received_not_future", "resume_ahead"), effects=("record_round",)),
            Transition("resume", ("suspended",), "negotiating", L("恢复协商", "Resume"), negotiators),
            Transition("save_draft", ("negotiating",), "negotiating", L("保存合同草案", "Save a draft"), negotiators,
                       fields=(Field("text", L("草案文本", "Draft text"), "text", max_length=100000, store=False),
                               Field("note", L("修改说明", "What changed"), "str", max_length=300, required=False,
                                     store=False)),
                       effects=("save_draft",)),
            Transition("put_to_congress", ("negotiating",), "congress_vote", L("提交职代会审议", "Put to the congress"),
                       ("union_office",), fields=(
                           Field("session_id", L("职代会会议", "Congress session"), "int", min_value=1),
                           Field("term_years", L("合同期限（年）", "Term (years)"), "int", min_value=1),
                           Field("agreement_title", L("合同名称", "Agreement title"), "str", max_length=150)),
                       guards=("has_draft", "term_in_range", "session_of_union"), offer_if=("has_draft",),
                       effects=("to_congress",)),
            Transition("ballot_passed", ("congress_vote",), "signing", L("职代会通过", "Passed by the congress"),
                       ("system",), effects=("vote_recorded",),
                       notify=(Notify("union_office", "bargaining_vote_passed"),)),
            Transition("ballot_failed", ("congress_vote",), "negotiating",
                       L("职代会未通过", "Not passed by the congress"),
                       ("system",), effects=("vote_recorded",),
                       notify=(Notify("union_office", "bargaining_vote_failed"),)),
            Transition("sign", ("negotiating",), "negotiating", L("签字", "Sign"), chiefs, guards=("vote_passed",),
                       offer_if=("vote_passed",), fields=(date_field("signed_on", "签字日期", "Signed on"),)),
            Transition("sign", ("congress_vote",), "congress_vote", L("签字", "Sign"), chiefs,
                       guards=("vote_passed",), offer_if=("vote_passed",),
                       fields=(date_field("signed_on", "签字日期", "Signed on"),)),
            Transition("sign", ("signing",), "signing", L("签字", "Sign"), chiefs, completes_task=True,
                       guards=("my_signature_missing", "received_not_future"), offer_if=("my_signature_missing",),
                       fields=(date_field("signed_on", "签字日期", "Signed on"),), effects=("sign",)),
            Transition("all_signed", ("signing",), "filing", L("双方签字完毕", "Both signed"), ("system",), auto=True,
                       guards=("both_signed",), effects=("signed",)),
            Transition("file", ("filing",), "under_review", L("报送劳动保障行政部门审查", "File with the labour "
                       "administration"), ("union_office",),
                       fields=(date_field("submitted_on", "报送日期", "Submitted on"),
                               Field("received_on", L("行政部门收到日期", "Received by the administration on"), "date",
                                     store=False)),
                       guards=("received_not_future",), effects=("filed",)),
            Transition("record_objection", ("under_review",), "negotiating", L("收到审查意见", "Objection received"),
                       ("union_office",),
                       fields=(Field("received_on", L("收到日期", "Received on"), "date", store=False),
                               Field("points", L("审查意见", "Points raised"), "text", max_length=10000)),
                       effects=("objection",)),
            Transition("take_effect", ("under_review",), "in_effect", L("审查期满生效", "Takes effect"), ("system",),
                       effects=("took_effect",), notify=(Notify("union_office", "bargaining_in_effect"),)),
            Transition("publish", ("in_effect",), "in_force", L("向全体职工公布", "Publish to all staff"),
                       ("union_office",),
                       fields=(date_field("published_on", "公布日期", "Published on"),
                               Field("how", L("公布方式", "How"), "str", max_length=300)),
                       guards=("received_not_future",), effects=("published",),
                       notify=(Notify("representative", "bargaining_published"),
                               Notify("union_office", "bargaining_published"))),
            Transition("check_due", ("in_force",), "implementation_check", L("履约检查到期", "Check due"), ("system",)),
            Transition("record_check", ("implementation_check",), "in_force", L("记录履约检查", "Record the check"),
                       ("union_office",),
                       fields=(date_field("checked_on", "检查日期", "Checked on"),
                               Field("findings", L("检查结果", "Findings"), "text", max_length=10000),
                               Field("issues", L("发现的问题及整改要求", "Problems and what must change"), "text",
                                     max_length=10000, required=False)),
                       guards=("received_not_future",), effects=("check_recorded",)),
            Transition("open_renewal", ("in_force", "implementation_check"), "renewal_window",
                       L("进入续订期", "Renewal window opens"), ("system",), effects=("renewal_opened",)),
            Transition("expire", ("renewal_window",), "expired", L("合同期满", "Expires"), ("system",)),
        ),
        guards={"initiator_side": initiator_side, "received_not_future": received_not_future,
                "negotiators_valid": negotiators_valid, "sides_equal": sides_equal,
                "has_draft": has_draft, "term_in_range": term_in_range, "session_of_union": session_of_union,
                "vote_passed": vote_passed, "my_signature_missing": my_signature_missing, "both_signed": both_signed,
                "resume_ahead": resume_ahead, "renewal_allowed": renewal_allowed,
                "union_initiated": lambda ctx: None if ctx.data["initiator"] == UNION else L(
                    "企业方提出的要约请用“向工会发出要约”。", "The employer's request goes to the union."),
                "employer_initiated": lambda ctx: None if ctx.data["initiator"] == EMPLOYER else L(
                    "工会提出的要约请用“向企业方发出要约”。", "The union's request goes to the employer.")},
        effects={"apply_policy": make_policy_effect(policy), "request_sent": request_sent, "refused": refused,
                 "no_reply": no_reply, "appoint_union": appoint(UNION), "appoint_employer": appoint(EMPLOYER),
                 "record_round": record_round, "save_draft": save_draft, "to_congress": to_congress,
                 "vote_recorded": vote_recorded, "sign": sign, "signed": signed, "filed": filed,
                 "objection": objection, "took_effect": took_effect, "published": published,
                 "check_recorded": check_recorded, "renewal_opened": renewal_opened},
    )
