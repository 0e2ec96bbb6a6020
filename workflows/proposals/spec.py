"""Congress proposals (职代会提案): drafting, co-signing, committee review, endorsement, assignment,
handling and answer, the proposer's rating, re-handling, and closing.

The structure is versioned data; the numbers (co-signers needed, handling days, re-handling rounds, the
categories, the reminders) come from the ``[proposal]`` table of the config file, and each case records the
rules it started under (``data["policy"]``) so that a change of configuration never moves a running case: its
numbers are read from there by the guards, and its category choices and reminder periods by the engine
(``choices_from``, ``remind_from``, ``repeat_from``), the spec's own values serving cases that recorded none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from config import Settings
from engine.core.i18n import Label
from engine.core.spec import (
    MEMBERS,
    Field,
    Migration,
    Notify,
    Overdue,
    Period,
    Reader,
    Rollup,
    Start,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)
from workflows.proposals import follow_up
from workflows.proposals.rules import GUARDS, effects
from workflows.proposals.terms import (
    CATEGORIES,
    CLASSIFICATIONS,
    NAME,
    PRIVATE,
    RATING_LABELS,
    RATINGS,
    TEXT_KEYS,
    VERSION,
    L,
)

if TYPE_CHECKING:
    from workflows.proposals.settings import ProposalTable


@dataclass(frozen=True)
class Policy:
    """A union's numbers for proposals (config ``[proposal]``)."""

    min_co_signers: int = 2
    endorsement: bool = True
    handling_days: int = 30
    rehandle_limit: int = 1
    # Reminders before the handling deadline, and how often they repeat while it is overdue.
    reminders: tuple[Period, ...] = (Period(3, "workdays"), Period(0, "days"))
    overdue_repeat: Period | None = Period(3, "workdays")
    categories: tuple[str, ...] = tuple(CATEGORIES)
    category_labels: dict[str, Label] = field(default_factory=lambda: dict(CATEGORIES))
    review_workdays: int = 15  # the committee's review, counted from the day after collection closes
    rating_days: int = 15  # the proposer's rating, from the answer; then the rating is recorded as 未评价
    follow_up_days: int = 90  # the follow-up of a 列入计划 or 暂不能解决 answer that gives no date

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy from the ``[proposal]`` table (validated when the settings were loaded)."""
        table: ProposalTable = settings.section("proposal")
        labels = dict(CATEGORIES)
        labels.update({key: Label(names[0], names[-1]) for key, names in table.category_names.items()})
        return cls(table.min_co_signers, table.endorsement, table.handling_days, table.rehandle_limit,
                   table.reminders, table.overdue_repeat, table.categories, labels, table.review_workdays,
                   table.rating_days, table.follow_up_days)


# -- fields several actions share ------------------------------------------------------------------------------
COMMITTEE = ("proposal_committee",)
REASON = Field("reason", L("理由", "Reason"), "text", max_length=2000)
DUE = Field("due_date", L("办理期限", "Handling deadline"), "date")
ANSWER_FIELDS = (
    Field("classification", L("办理类别", "Outcome"), "choice", choices=tuple(CLASSIFICATIONS),
          choice_labels=CLASSIFICATIONS),
    Field("answer", L("答复内容", "Answer"), "text", max_length=5000),
    Field("measures_taken", L("采取的措施", "Measures taken"), "text", required=False, max_length=5000),
    Field("reason_not_now", L("暂不能解决的原因", "Why it cannot be solved now"), "text", required=False,
          max_length=2000),
)
# The committee's hand on a proposal being handled: a supervision note (督办), a new deadline, another lead
# department, or no more waiting for a co-handling department's opinion; each reason stays in the history entry.
NEW_DEADLINE = Field("new_deadline", L("新的办理期限", "New deadline"), "date", store=False)
COMMITTEE_HAND = (
    Transition("supervise", ("handling",), "handling", L("督办", "Supervise"), roles=COMMITTEE,
               effects=("supervise",),
               fields=(Field("supervision_note", L("督办意见", "Supervision note"), "text", max_length=2000,
                             store=False,
                             help=L("发送给主办部门，并记入办理记录。",
                                    "Sent to the lead department and kept in the history.")),)),
    Transition("set_deadline", ("handling",), "handling", L("调整办理期限", "Set a new deadline"), roles=COMMITTEE,
               guards=("new_deadline_ahead",), effects=("set_deadline",), reset_deadlines=True, reopen_tasks=True,
               fields=(NEW_DEADLINE, Field("deadline_reason", L("调整理由", "Why the deadline changes"), "text",
                                           max_length=2000, store=False))),
    Transition("reassign", ("handling",), "handling", L("改派主办部门", "Reassign"), roles=COMMITTEE,
               guards=("another_lead", "new_deadline_ahead"), effects=("reassign",), reset_deadlines=True,
               reopen_tasks=True, notify=(Notify("handler", "proposal_assigned", org="data:lead_department"),),
               fields=(Field("new_lead_department", L("改由主办的部门", "New lead department"), "org", store=False),
                       NEW_DEADLINE,
                       Field("reassign_reason", L("改派理由", "Why it is reassigned"), "text", max_length=2000,
                             store=False))),
    Transition("release_co_department", ("handling",), "handling",
               L("不再等待协办意见", "Stop waiting for an opinion"), roles=COMMITTEE,
               offer_if=("opinion_pending",), guards=("department_pending",), effects=("release_co_department",),
               reopen_tasks=True,
               fields=(Field("released_department", L("协办部门", "Co-handling department"), "org", store=False),
                       Field("release_reason", L("不再等待的理由", "Why it is no longer awaited"), "text",
                             max_length=2000, store=False))),
)
ROLES = {"representative": L("职工代表", "Representative"),
         "proposal_committee": L("提案工作委员会", "Proposal committee"),
         "leader": L("企业领导", "Enterprise leader"), "handler": L("承办人", "Department handler"),
         "department_head": L("部门负责人", "Department head"), "union_chair": L("工会主席", "Union chair"),
         "co_signer": L("附议人", "Co-signer")}


# What the dashboard counts a session's proposals by, kept by every action (``unionflow db upgrade`` counts the
# proposals a database held before): step, category, lead department, due date, result, whether accepted and
# assigned, the day of the first answer, and the days from assignment to answer.
FIGURES = Rollup("figures", ("state", "data.category", "data.lead_department", "data.due_date", "data.result",
                             "has.accept", "has.assign", "day.answer", "span.assign.answer"), scope="session_id")


def _proposal_fields(policy: Policy, *, with_session: bool) -> tuple[Field, ...]:
    # Starting takes today's categories; editing a case takes those it recorded when it started.
    fields = [
        Field("category", L("类别", "Category"), "choice", choices=policy.categories,
              choice_labels=policy.category_labels, choices_from=None if with_session else "data:policy.categories"),
        Field("reasons", L("理由（现状分析）", "Reasons (the situation now)"), "text", max_length=5000,
              help=L("一事一案：一份提案只提一件事。", "One matter per proposal: a proposal raises one thing.")),
        Field("measures", L("建议（办法和措施）", "Proposed measures"), "text", max_length=5000),
        Field("suggested_department", L("建议承办部门", "Suggested handling department"), "org", required=False),
    ]
    if with_session:
        return (Field("session_id", L("职代会会议", "Congress session"), "int"), *fields)
    return (Field("title", L("案由", "Subject"), "str", max_length=100), *fields)


def _handling_timer(policy: Policy) -> TimerSpec:
    # Overdue: the committee supervises (督办), the lead department's head is told, reminders repeat.
    return TimerSpec(due="data:due_date", remind_before=policy.reminders, remind_from="data:policy.reminders",
                     overdue=Overdue(
                         supervise=TaskSpec("proposal_committee", label=L("督办", "Supervise")),
                         notify=(Notify("department_head", "proposal_overdue", org="data:lead_department"),
                                 Notify("proposal_committee", "proposal_overdue")),
                         repeat=policy.overdue_repeat, repeat_from="data:policy.overdue_repeat"))


class Phase(NamedTuple):
    """The states a stretch of a proposal's life passes through and the actions taken there."""

    states: tuple[State, ...]
    transitions: tuple[Transition, ...]


# -- collecting: the draft and its co-signers -----------------------------------------------------------------
def _collecting(editable: tuple[Field, ...], version: int) -> Phase:
    return Phase(states=(
        State("draft", L("草稿", "Draft"),
              tasks=(TaskSpec("starter", label=L("完善并邀请附议", "Finish and invite")),)),
        State("co_signing", L("征集附议", "Co-signing"),
              tasks=(TaskSpec("co_signer", users="data:co_signers_invited",
                              label=L("附议邀请", "Co-sign invitation")),),
              timers=(TimerSpec(due="data:window_closes", trigger="lapse"),)),
    ), transitions=(
        Transition("edit", ("draft",), "draft", L("修改", "Edit"), roles=("starter",), fields=editable,
                   accepts_files=True),
        Transition("invite", ("draft",), "co_signing", L("邀请附议", "Invite co-signers"), roles=("starter",),
                   guards=("co_signers_valid",), effects=("invite",),
                   fields=(Field("co_signers_invited", L("附议人", "Co-signers"), "users"),)),
        Transition("withdraw", ("draft", "returned"), "withdrawn", L("撤回", "Withdraw"), roles=("starter",),
                   confirm=L("撤回的提案就此结束，不能再提交或恢复。",
                             "A withdrawn proposal ends here: it cannot be submitted or restored.")),
        Transition("co_sign", ("co_signing",), "co_signing", L("附议", "Co-sign"), roles=("data:co_signers_invited",),
                   completes_task=True, offer_if=("not_answered_yet",),
                   guards=("co_signer_on_roster",) if version >= 2 else (), effects=("co_sign",)),
        Transition("decline", ("co_signing",), "co_signing", L("不附议", "Decline"),
                   roles=("data:co_signers_invited",), completes_task=True, offer_if=("not_answered_yet",),
                   effects=("decline",)),
        Transition("submit", ("co_signing",), "submitted", L("提交", "Submit"), roles=("system",), auto=True,
                   guards=("enough_co_signers",), effects=("set_review_due",) if version >= 2 else (),
                   notify=(Notify("proposal_committee", "proposal_submitted"),)),
        Transition("cancel_invitations", ("co_signing",), "draft", L("收回附议邀请", "Cancel invitations"),
                   roles=("starter",)),
        Transition("lapse", ("co_signing",), "draft", L("征集期结束，邀请失效", "Invitations lapsed"),
                   roles=("system",), notify=(Notify("starter", "invitations_lapsed"),)),
    ))


# -- review: the committee accepts, merges, converts, rejects or returns; a leader endorses ----------------------
def _review(editable: tuple[Field, ...], policy: Policy, version: int) -> Phase:
    timers = (follow_up.review_timer(policy),) if version >= 2 else ()
    return Phase(states=(
        State("submitted", L("待审查", "Awaiting review"), tasks=(TaskSpec("proposal_committee"),), timers=timers),
        State("returned", L("退回修改", "Returned for revision"), tasks=(TaskSpec("starter"),)),
        State("endorsement", L("待领导批示", "Awaiting endorsement"), tasks=(TaskSpec("leader"),)),
        State("assignment", L("待交办", "Awaiting assignment"), tasks=(TaskSpec("proposal_committee"),)),
    ), transitions=(
        Transition("accept", ("submitted",), "endorsement", L("立案", "Accept as proposal"), roles=COMMITTEE,
                   effects=("number",), notify=(Notify("starter", "proposal_accepted"),),
                   fields=(Field("comment", L("审查意见", "Review comment"), "text", required=False,
                                 max_length=2000),)),
        Transition("merge", ("submitted",), "merged", L("并案", "Merge"), roles=COMMITTEE,
                   confirm=L("并案后本提案随所并入的提案办理，不能再单独立案。",
                             "A merged proposal follows the one it joins and cannot be accepted on its own again."),
                   guards=("main_case_accepted",), effects=("merge",),
                   notify=(Notify("starter", "proposal_merged"),),
                   fields=(Field("main_case", L("并入的提案", "Merge into proposal"), "case"),
                           Field("comment", L("说明", "Note"), "text", required=False, max_length=2000))),
        Transition("convert_to_suggestion", ("submitted",), "suggestion", L("转为意见建议", "Convert to suggestion"),
                   roles=COMMITTEE, notify=(Notify("starter", "proposal_converted"),
                                            Notify("handler", "suggestion_assigned", org="data:department")),
                   fields=(Field("department", L("承办部门", "Handling department"), "org"), REASON)),
        Transition("reject", ("submitted",), "not_accepted", L("不予立案", "Do not accept"), roles=COMMITTEE,
                   confirm=L("不予立案是最终决定，提案人会收到理由。",
                             "Not accepting is final; the proposer is sent the reason."),
                   notify=(Notify("starter", "proposal_rejected"),), fields=(REASON,)),
        Transition("return_for_revision", ("submitted",), "returned", L("退回修改", "Return for revision"),
                   roles=COMMITTEE, notify=(Notify("starter", "proposal_returned"),), fields=(REASON,)),
        Transition("resubmit", ("returned",), "submitted", L("修改后重新提交", "Resubmit"), roles=("starter",),
                   fields=editable, accepts_files=True, effects=("set_review_due",) if version >= 2 else (),
                   notify=(Notify("proposal_committee", "proposal_resubmitted"),)),
        Transition("skip_endorsement", ("endorsement",), "assignment", L("无需批示", "No endorsement needed"),
                   roles=("system",), auto=True, guards=("endorsement_not_needed",)),
        Transition("endorse", ("endorsement",), "assignment", L("批示", "Endorse"), roles=("leader",),
                   fields=(Field("instruction", L("批示意见", "Instruction"), "text", max_length=2000),)),
    ))


# -- handling: departments handle and answer by the deadline, or ask for more time -------------------------------
def _handling(timer: TimerSpec, version: int) -> Phase:
    answer_fields = (*ANSWER_FIELDS, follow_up.FOLLOW_UP_DUE) if version >= 2 else ANSWER_FIELDS
    return Phase(states=(
        State("handling", L("办理中", "Being handled"),
              tasks=(TaskSpec("handler", org="data:lead_department"),
                     TaskSpec("handler", org="data:pending_co_departments",
                              label=L("协办意见", "Co-handling opinion"))),
              timers=(timer,)),
        State("extension_requested", L("申请延期", "Extension requested"), tasks=(TaskSpec("proposal_committee"),),
              timers=(timer,)),
    ), transitions=(
        Transition("assign", ("assignment",), "handling", L("交办", "Assign"), roles=COMMITTEE,
                   guards=("due_date_ahead", "lead_not_co"), effects=("assign",),
                   notify=(Notify("handler", "proposal_assigned", org="data:lead_department"),
                           Notify("handler", "proposal_co_assigned", org="data:co_departments")),
                   fields=(Field("lead_department", L("主办部门", "Lead department"), "org"),
                           Field("co_departments", L("协办部门", "Co-handling departments"), "orgs", required=False),
                           DUE)),
        Transition("co_opinion", ("handling", "extension_requested"), "handling", L("提交协办意见", "Send opinion"),
                   roles=("handler",), org="data:pending_co_departments", completes_task=True,
                   effects=("co_opinion",),
                   fields=(Field("opinion", L("协办意见", "Opinion"), "text", max_length=5000, store=False),)),
        Transition("answer", ("handling", "extension_requested"), "answered", L("答复", "Answer"), roles=("handler",),
                   org="data:lead_department",
                   guards=("no_opinion_pending", "reason_when_not_now", *(("follow_up_date_ahead",) if version >= 2
                                                                           else ())),
                   effects=("record_answer",), fields=answer_fields, accepts_files=True,
                   notify=(Notify("starter", "proposal_answered"),)),
        Transition("request_extension", ("handling",), "extension_requested", L("申请延期", "Ask for an extension"),
                   roles=("handler",), org="data:lead_department", guards=("due_date_ahead",),
                   notify=(Notify("proposal_committee", "extension_requested"),),
                   fields=(Field("new_due_date", L("申请延至", "New deadline"), "date"), REASON)),
        Transition("grant_extension", ("extension_requested",), "handling", L("同意延期", "Grant extension"),
                   roles=COMMITTEE, effects=("grant_extension",),
                   notify=(Notify("handler", "extension_granted", org="data:lead_department"),)),
        Transition("refuse_extension", ("extension_requested",), "handling", L("不同意延期", "Refuse extension"),
                   roles=COMMITTEE, effects=("refuse_extension",), fields=(REASON,),
                   notify=(Notify("handler", "extension_refused", org="data:lead_department"),)),
        *COMMITTEE_HAND,
    ))


# -- rating: the proposer rates the answer; unsatisfied, it is handled again or the committee decides -----------
def _rating(policy: Policy, version: int) -> Phase:
    v2 = version >= 2
    answered = State("answered", L("待评价", "Awaiting rating"),
                     tasks=(TaskSpec("starter", label=L("评价答复", "Rate")),),
                     timers=(follow_up.rating_timer(policy),) if v2 else ())
    following = follow_up.following_up(policy) if v2 else None
    return Phase(states=(
        answered, *((following[0],) if following else ()), *RATING.states[1:]),
        transitions=(*RATING.transitions[:1],
                     replace(RATING.transitions[1], guards=("satisfied", "no_follow_up")) if v2
                     else RATING.transitions[1],
                     *RATING.transitions[2:],
                     *((follow_up.NOT_RATED, follow_up.FOLLOW_UP, *following[1]) if following else ())))


RATING = Phase(states=(
    State("answered", L("待评价", "Awaiting rating"), tasks=(TaskSpec("starter", label=L("评价答复", "Rate")),)),
    State("rated", L("已评价", "Rated")),
    State("committee_decision", L("待提案委员会决定", "Awaiting committee decision"),
          tasks=(TaskSpec("proposal_committee"),)),
), transitions=(
    Transition("rate", ("answered",), "rated", L("评价", "Rate the answer"), roles=("starter",),
               guards=("reason_when_unsatisfied",), effects=("record_rating",),
               fields=(Field("attitude", L("办理态度", "Handling attitude"), "choice", choices=tuple(RATINGS),
                             choice_labels=RATING_LABELS),
                       Field("result", L("办理结果", "Result"), "choice", choices=tuple(RATINGS),
                             choice_labels=RATING_LABELS),
                       Field("rating_comment", L("评价意见", "Comment"), "text", required=False,
                             max_length=2000,
                             help=L("评价“不满意”的，须说明原因。", "Say why, when you are unsatisfied.")))),
    Transition("close", ("rated",), "closed", L("办结", "Close"), roles=("system",), auto=True,
               guards=("satisfied",)),
    Transition("rehandle", ("rated",), "handling", L("重新办理", "Re-handle"), roles=("system",), auto=True,
               guards=("rehandle_allowed",), effects=("rehandle",),
               notify=(Notify("handler", "proposal_rehandle", org="data:lead_department"),)),
    Transition("refer_to_committee", ("rated",), "committee_decision", L("提交提案委员会", "Refer to committee"),
               roles=("system",), auto=True, guards=("rehandle_used_up",)),
    Transition("close_after_review", ("committee_decision",), "closed", L("决定办结", "Close"), roles=COMMITTEE,
               confirm=L("办结后提案不再办理，也不能再评价。",
                         "A closed proposal is handled no further and cannot be rated again."),
               fields=(Field("comment", L("说明", "Note"), "text", max_length=2000),)),
    Transition("order_rehandling", ("committee_decision",), "handling", L("再次交办", "Order re-handling"),
               roles=COMMITTEE, guards=("due_date_ahead",), effects=("order_rehandling",), fields=(DUE,),
               notify=(Notify("handler", "proposal_rehandle", org="data:lead_department"),)),
))

# -- a proposal converted into a suggestion is answered by the department ----------------------------------------
SUGGESTION = Phase(states=(
    State("suggestion", L("意见建议办理中", "Suggestion being handled"),
          tasks=(TaskSpec("handler", org="data:department"),)),
), transitions=(
    Transition("answer_suggestion", ("suggestion",), "suggestion_answered", L("答复", "Answer"),
               roles=("handler",), org="data:department", notify=(Notify("starter", "suggestion_answered"),),
               fields=(Field("answer", L("答复内容", "Answer"), "text", max_length=5000),)),
))



def _suggestion(policy: Policy, version: int) -> Phase:
    if version < 2:
        return SUGGESTION
    states, transitions = follow_up.suggestion_rating(policy, RATING.transitions[0].fields)
    return Phase(states=(*SUGGESTION.states, *states), transitions=(*SUGGESTION.transitions, *transitions))


# Where a proposal ends.
ENDINGS = (
    State("closed", L("办结", "Closed"), final=True),
    State("suggestion_answered", L("意见建议已答复", "Suggestion answered"), final=True),
    State("not_accepted", L("不予立案", "Not accepted"), final=True),
    State("merged", L("已并案", "Merged"), final=True),
    State("withdrawn", L("已撤回", "Withdrawn"), final=True),
)


def build(policy: Policy | None = None, version: int = VERSION) -> WorkflowSpec:
    """The workflow as ``version`` draws it (1: no review or rating deadline, no follow-up)."""
    policy = policy or Policy()
    editable = _proposal_fields(policy, with_session=False)
    phases = (_collecting(editable, version), _review(editable, policy, version),
              _handling(_handling_timer(policy), version), _rating(policy, version), _suggestion(policy, version))
    endings = ENDINGS if version < 2 else tuple(s for s in ENDINGS if s.name != "suggestion_answered")
    return WorkflowSpec(
        name=NAME, version=version, label=L("职代会提案", "Congress proposal"), roles=dict(ROLES),
        initial="draft",
        start=Start(roles=("representative",), fields=_proposal_fields(policy, with_session=True),
                    guards=("in_collection_period", *(("proposer_on_roster",) if version >= 2 else ())),
                    effects=("apply_policy",), accepts_files=True,
                    title_max=100),
        states=tuple(s if s.name in PRIVATE else replace(s, readers=(Reader(MEMBERS),))
                     for s in (*(s for phase in phases for s in phase.states), *endings)),
        transitions=tuple(transition for phase in phases for transition in phase.transitions),
        guards=dict(GUARDS), effects=effects(policy),
        readers=(Reader("data:co_signers"), Reader("data:co_signers_invited")),  # the proposer's co-signers
        indexed=("session_id", "category", "lead_department"),  # the register's filters (migration 0008 fills them)
        searchable=TEXT_KEYS,  # what the registers' search reads besides the subject (migration 0015 fills them)
        rollups=(FIGURES,),
        milestones=("draft", "co_signing", "submitted", "endorsement", "assignment", "handling", "answered", "closed"),
    )


def migration_1_to_2(v1: WorkflowSpec) -> Migration:
    """Version 1's cases move to version 2 step by step under the same names (an answered suggestion, final in
    version 1, as closed); a proposal moved while awaiting review or rating gets its deadline when it next
    enters that step."""
    renamed = {"suggestion_answered": "suggestion_closed"}
    return Migration(NAME, 1, 2, {s.name: renamed.get(s.name, s.name) for s in v1.states})
