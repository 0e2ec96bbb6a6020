"""Collective bargaining (集体协商): a collective contract or a special wage agreement, from the written
request through the reply, preparation, rounds, the congress vote, signing, filing, effect, publication,
implementation checks and renewal, with the periods of 《集体合同规定》 and 《工资集体协商试行办法》.

The numbers come from the ``[bargaining]`` table of the config; each case records the rules it started
under, so a change of configuration never moves a running case.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from config import Settings
from engine.core.spec import (
    MEMBERS,
    Field,
    Milestone,
    Notify,
    Overdue,
    Period,
    Reader,
    Start,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)
from workflows.bargaining import amendments, disputes, terms
from workflows.bargaining.kinds import EARLIER, KINDS, LABELS
from workflows.bargaining.migrations import migration_1_to_2, migration_2_to_3
from workflows.bargaining.rules import GUARDS, effects

__all__ = ["Policy", "build", "migration_1_to_2", "migration_2_to_3"]
from workflows.bargaining.terms import AWAITING_PUBLICATION, EFFECTIVE_NOTICE, NAME, SIDES, VERSION, L

if TYPE_CHECKING:
    from workflows.bargaining.settings import BargainingTable


@dataclass(frozen=True)
class Policy:
    """A union's numbers for bargaining (config ``[bargaining]``)."""

    reply_days: int = 20  # 《集体合同规定》 art. 32
    filing_days: dict[str, int] = field(default_factory=lambda: {c: k.filing_days.default for c, k in KINDS.items()})
    publication_days: dict[str, int] = field(default_factory=lambda: {c: k.publication_days.default
                                                                      for c, k in KINDS.items()})
    effect_days: int = 15  # art. 47; 《工资集体协商试行办法》 art. 22
    min_negotiators: int = 3  # art. 19
    check_every_months: int = 6  # implementation checks, every six calendar months
    renewal_months: int = 3  # art. 38 para. 2
    wage_renewal_days: int = 60  # 《工资集体协商试行办法》 art. 24
    max_term_years: int = 3  # art. 38 para. 1
    office_closes: str = "17:00"  # filing ends when the administration closes (《民法典》 art. 203(2))
    coordination_days: int = 30  # art. 53
    coordination_extension_days: int = 15  # art. 53

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy from the ``[bargaining]`` table (validated when the settings were loaded)."""
        table: BargainingTable = settings.section("bargaining")
        return cls(**table.model_dump())


# -- who acts, and fields several actions share -------------------------------------------------------------------
BOTH = ("union_office", "employer")
CHIEFS = ("data:union_chief", "data:employer_chief")
NEGOTIATORS = ("data:negotiators", "union_office")
ROLES = {"union_office": L("工会", "Union"), "employer": L("企业方", "Employer"),
         "union_chair": L("工会主席", "Union chair"), "representative": L("职工代表", "Representative")}


def date_field(name: str, zh: str, en: str) -> Field:
    return Field(name, L(zh, en), "date")


ROUND_FIELDS = (date_field("held_on", "会议日期", "Held on"),
                Field("attendance", L("出席人员", "Attendance"), "text", max_length=2000),
                Field("minutes", L("会议纪要", "Minutes"), "text", max_length=20000),
                Field("positions", L("各议题双方意见", "Positions on each topic"), "text", max_length=20000,
                      required=False))


SIDE_FIELDS = (Field("negotiators", L("协商代表", "Negotiators"), "users", store=False),
               Field("chief", L("首席代表", "Chief negotiator"), "user", store=False))
OUTSIDE = Field("outside", L("其中本单位以外的专业人员", "Of whom outside advisers"), "users", required=False,
                store=False)


class Phase(NamedTuple):
    """The states a stretch of the talks passes through and the actions taken there."""

    states: tuple[State, ...]
    transitions: tuple[Transition, ...]


# -- the written request, the reply, and a dispute when it is refused or not answered ------------------------------
REQUEST = Phase(states=(
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
), transitions=(
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
))


def _request(version: int) -> Phase:
    """Version 3 takes disputes to the labour administration by either side (arts. 49–55, ``disputes``)."""
    if version < 3:
        return REQUEST
    replaced = {s.name for s in disputes.STATES}
    kept = tuple(t for t in REQUEST.transitions if t.trigger not in disputes.REPLACED
                 and not (t.trigger == "refuse" and t.source == ("awaiting_union_reply",)))
    return Phase(states=(*(s for s in REQUEST.states if s.name not in replaced), *disputes.STATES),
                 transitions=(*kept, *disputes.TRANSITIONS))


# -- preparation: each side appoints its negotiators; the data for the talks ---------------------------------------
PREPARATION = Phase(states=(
    State("preparation", L("协商准备", "Preparation"), tasks=(TaskSpec("union_office"), TaskSpec("employer"))),
), transitions=(
    Transition("appoint_union_negotiators", ("preparation",), "preparation",
               L("确定工会方协商代表", "Appoint the union's negotiators"), ("union_office",),
               fields=(*SIDE_FIELDS, Field("chief_mandate", L("工会主席的书面委托（首席代表不是工会主席时填写）",
                                                       "The union chair's written designation (when the chief "
                                                       "is not the chair)"), "text", max_length=2000,
                                           required=False, store=False), OUTSIDE),
               guards=("negotiators_valid",), effects=("appoint_union",)),
    Transition("appoint_employer_negotiators", ("preparation",), "preparation",
               L("确定企业方协商代表", "Appoint the employer's negotiators"), ("employer",),
               fields=(*SIDE_FIELDS, OUTSIDE), guards=("negotiators_valid",), effects=("appoint_employer",)),
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
    Transition("start_talks", ("preparation",), "negotiating", L("开始协商", "Start the talks"), BOTH,
               guards=("sides_equal",)),
))


# -- negotiation: rounds, suspension, drafts, and the draft put to the congress ------------------------------------
NEGOTIATION = Phase(states=(
    State("negotiating", L("协商会议", "Negotiation rounds"), tasks=(TaskSpec("union_office"),)),
    # Both CHIEFS hold the task, so the reminder before the agreed date reaches BOTH of them.
    State("suspended", L("协商中止", "Suspended"),
          tasks=(TaskSpec("union_office", users="data:chiefs", label=L("按约定日期恢复协商",
                                                                     "Resume on the agreed date")),),
          timers=(TimerSpec(due="data:resume_on", remind_before=(Period(2, "workdays"),)),)),
), transitions=(
    Transition("record_round", ("negotiating",), "negotiating", L("记录协商会议", "Record a round"),
               NEGOTIATORS, fields=ROUND_FIELDS, guards=("received_not_future",), effects=("record_round",)),
    # Suspending and resuming need both sides (art. 35): one proposes, the other agrees.
    Transition("suspend", ("negotiating",), "negotiating", L("提议中止协商", "Propose to suspend the talks"),
               NEGOTIATORS, fields=(*ROUND_FIELDS, date_field("resume_on", "约定恢复日期", "Resume on")),
               guards=("received_not_future", "resume_ahead"), effects=("propose_suspension",)),
    Transition("agree_to_suspend", ("negotiating",), "suspended", L("同意中止协商", "Agree to suspend"),
               NEGOTIATORS, guards=("other_side_proposed",), offer_if=("other_side_proposed",),
               effects=("suspension_agreed",)),
    Transition("resume", ("suspended",), "suspended", L("同意恢复协商", "Agree to resume"), NEGOTIATORS,
               guards=("my_side_not_resumed",), offer_if=("my_side_not_resumed",), effects=("resume_asked",)),
    Transition("resumed", ("suspended",), "negotiating", L("双方同意恢复协商", "Both sides resume"), ("system",),
               auto=True, guards=("both_resumed",), effects=("resumed",)),
    Transition("save_draft", ("negotiating",), "negotiating", L("保存合同草案", "Save a draft"), NEGOTIATORS,
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
))


# -- the congress votes; the two chief negotiators sign ------------------------------------------------------------
SIGN_CONFIRM = L("签字后不能撤回；双方首席代表都签字后，协议即进入报送审查。",
                 "A signature cannot be withdrawn; once both chiefs have signed, the agreement goes to filing.")
VOTE_AND_SIGNING = Phase(states=(
    State("congress_vote", L("提交职代会审议", "Before the congress"), tasks=(TaskSpec("union_office"),)),
    State("signing", L("首席代表签字", "Signing"),
          tasks=(TaskSpec("union_office", users="data:chiefs",
                          label=L("签署集体合同", "Sign the agreement")),)),
), transitions=(
    Transition("ballot_passed", ("congress_vote",), "signing", L("职代会通过", "Passed by the congress"),
               ("system",), effects=("vote_recorded",),
               notify=(Notify("union_office", "bargaining_vote_passed"),)),
    Transition("ballot_failed", ("congress_vote",), "negotiating",
               L("职代会未通过", "Not passed by the congress"),
               ("system",), effects=("vote_recorded",),
               notify=(Notify("union_office", "bargaining_vote_failed"),)),
    Transition("sign", ("negotiating",), "negotiating", L("签字", "Sign"), CHIEFS, guards=("vote_passed",),
               confirm=SIGN_CONFIRM,
               offer_if=("vote_passed",), fields=(date_field("signed_on", "签字日期", "Signed on"),)),
    Transition("sign", ("congress_vote",), "congress_vote", L("签字", "Sign"), CHIEFS, confirm=SIGN_CONFIRM,
               guards=("vote_passed",), offer_if=("vote_passed",),
               fields=(date_field("signed_on", "签字日期", "Signed on"),)),
    Transition("sign", ("signing",), "signing", L("签字", "Sign"), CHIEFS, completes_task=True,
               confirm=SIGN_CONFIRM,
               guards=("my_signature_missing", "received_not_future"), offer_if=("my_signature_missing",),
               fields=(date_field("signed_on", "签字日期", "Signed on"),), effects=("sign",)),
    Transition("all_signed", ("signing",), "filing", L("双方签字完毕", "Both signed"), ("system",), auto=True,
               guards=("both_signed",), effects=("signed",)),
))


# -- filing with the labour administration, its review, and publication --------------------------------------------
def _filing(version: int) -> Phase:
    awaiting, notice = AWAITING_PUBLICATION[version], EFFECTIVE_NOTICE[version]
    return Phase(states=(
        # Filing is the employer's act (art. 42; wage rules art. 21); the union office may record it for the
        # employer, who often has no account, and follows it.
        State("filing", L("报送审查", "Filing"),
              tasks=(TaskSpec("employer", label=L("由企业方报送劳动保障行政部门审查", "File with the labour "
                                                  "administration (the employer's duty)")),
                     TaskSpec("union_office", label=L("督促企业方报送（可代为登记）", "See that the employer "
                                                      "files (you may record it for them)"))),
              timers=(TimerSpec(due="data:filing_due", remind_before=(Period(2, "days"), Period(0, "days")),
                                closes_from="data:policy.office_closes",  # an act at an office: art. 203(2)
                                overdue=Overdue(supervise=TaskSpec("union_chair"),
                                                notify=(Notify("union_office", "bargaining_filing_overdue"),
                                                        Notify("union_chair", "bargaining_filing_overdue"),
                                                        Notify("employer", "bargaining_filing_overdue")))),)),
        State("under_review", L("审查期", "Under review"), tasks=(TaskSpec("union_office"),),
              timers=(TimerSpec(due="data:review_ends", trigger="take_effect"),)),
        State(awaiting, L("已生效待公布", "In effect: to publish"),
              tasks=(TaskSpec("union_office", label=L("向全体职工公布", "Publish to all staff")),),
              timers=(TimerSpec(due="data:publish_due", remind_before=(Period(2, "days"), Period(0, "days")),
                                overdue=Overdue(notify=(Notify("union_office", "bargaining_publication_overdue"),
                                                        Notify("union_chair", "bargaining_publication_overdue")))),)),
    ), transitions=(
        Transition("file", ("filing",), "under_review", L("报送劳动保障行政部门审查", "File with the labour "
                   "administration"), ("employer", "union_office"),
                   fields=(date_field("submitted_on", "报送日期", "Submitted on"),
                           Field("received_on", L("行政部门收到日期", "Received by the administration on"), "date",
                                 store=False)),
                   guards=("received_not_future", "filed_after_signing"), effects=("filed",)),
        Transition("record_objection", ("under_review",), "negotiating", L("收到审查意见", "Objection received"),
                   ("union_office",),
                   fields=(Field("received_on", L("收到日期", "Received on"), "date", store=False),
                           Field("points", L("审查意见", "Points raised"), "text", max_length=10000)),
                   effects=("objection",)),
        Transition("take_effect", ("under_review",), awaiting, L("审查期满生效", "Takes effect"), ("system",),
                   effects=("took_effect",), notify=(Notify("union_office", notice),)),
        Transition("publish", (awaiting,), "in_force", L("向全体职工公布", "Publish to all staff"),
                   ("union_office",),
                   fields=(date_field("published_on", "公布日期", "Published on"),
                           Field("how", L("公布方式", "How"), "str", max_length=300)),
                   guards=("received_not_future",), effects=("published",),
                   confirm=L("协议将向全体职工公布并通知每一位代表，公布后不能撤回。",
                             "The agreement is shown to all staff and every representative is told; publishing "
                             "cannot be undone."),
                   notify=(Notify("representative", "bargaining_published"),
                           Notify("union_office", "bargaining_published"))),
    ))


# -- in force: implementation checks every so often, then the renewal window and expiry ---------------------------
def _in_force(policy: Policy) -> Phase:
    return Phase(states=(
        State("in_force", L("履行中", "In force"),
              timers=(TimerSpec(due="data:next_check", trigger="check_due"),
                      TimerSpec(due="data:renewal_opens", trigger="open_renewal"))),
        State("implementation_check", L("履约检查", "Implementation check"),
              tasks=(TaskSpec("union_office", label=L("开展履约检查并填写检查结果",
                                                      "Check implementation and record the findings")),),
              timers=(TimerSpec(due="data:renewal_opens", trigger="open_renewal"),)),
        State("renewal_window", L("续订期", "Renewal window"),
              tasks=(TaskSpec("union_office"), TaskSpec("employer")),
              timers=(TimerSpec(due="data:expires_on", trigger="expire"),)),
    ), transitions=(
        Transition("check_due", ("in_force",), "implementation_check", L("履约检查到期", "Check due"), ("system",),
                   effects=("check_due",)),
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
    ))


# Where talks end without an agreement in force.
ENDINGS = (
    State("ended", L("协商终止", "Ended without agreement"), final=True),
    State("expired", L("已期满", "Expired"), final=True),
)


# Who reads a bargaining case: both sides' offices and negotiators and the union chair, all along; once the
# agreement is published, every member of the union (PUBLISHED); once it is filed, the higher union (FILED).
READERS = (Reader("union_office"), Reader("union_chair"), Reader("employer"), Reader("data:negotiators"))
PUBLISHED, FILED = terms.PUBLISHED, terms.FILED

# The written reply either side awaits: one step of the progress line, whichever side was asked.
REPLY = Milestone(("awaiting_employer_reply", "awaiting_union_reply"), L("等待书面回应", "Awaiting the written reply"))


def _published(state: State) -> State:
    readers = ((Reader(MEMBERS),) if state.name in PUBLISHED else state.readers) + (
        (Reader(terms.FEDERATION),) if state.name in FILED else ())
    return replace(state, readers=readers) if readers != state.readers else state


def build(policy: Policy | None = None, version: int = VERSION) -> WorkflowSpec:
    """The workflow as ``version`` draws it (1: the step awaiting publication was ``in_effect``; 3: four kinds
    of agreement, disputes coordinated by the labour administration, change and termination)."""
    policy = policy or Policy()
    phases = (_request(version), PREPARATION, NEGOTIATION, VOTE_AND_SIGNING, _filing(version), _in_force(policy))
    return WorkflowSpec(
        name=NAME, version=version, label=L("集体协商", "Collective bargaining"), roles={**ROLES, **terms.READ_ONLY},
        initial="request",
        start=Start(roles=BOTH, fields=(
            Field("kind", L("协商类型", "Kind"), "choice", choices=tuple(KINDS) if version >= 3 else EARLIER,
                  choice_labels=LABELS),
            Field("initiator", L("要约方", "Requesting side"), "choice", choices=tuple(SIDES), choice_labels=SIDES),
            Field("counterpart", L("对方名称", "The other side"), "str", max_length=200),
            Field("topics", L("协商议题", "Topics proposed"), "text", max_length=5000),
            Field("renews", L("续订的合同", "Agreement renewed"), "case", required=False),
            *(amendments.START_FIELDS if version >= 3 else ()),
        ), guards=("initiator_side", "renewal_allowed", *(("amendment_allowed",) if version >= 3 else ())),
            effects=("apply_policy", *(("apply_coordination", "amendment_recorded") if version >= 3 else ())),
            title_max=200),
        states=tuple(_published(s) for s in (*(s for phase in phases for s in phase.states), *ENDINGS,
                                             *(amendments.STATES if version >= 3 else ()))),
        transitions=(*(transition for phase in phases for transition in phase.transitions),
                     *(amendments.TRANSITIONS if version >= 3 else ())),
        guards={**GUARDS, **disputes.GUARDS, **amendments.GUARDS},
        effects={**effects(policy), **disputes.EFFECTS, **amendments.EFFECTS,
                 **({"took_effect": amendments.took_effect} if version >= 3 else {})},
        readers=READERS,
        milestones=("request", REPLY, "preparation", "negotiating", "congress_vote", "signing", "filing",
                    "under_review", AWAITING_PUBLICATION[version], "in_force", "renewal_window", "expired"),
    )
