"""Congress proposals (职代会提案): drafting, co-signing, committee review, endorsement, assignment,
handling and answer, the proposer's rating, re-handling, and closing.

The structure is versioned data; the numbers (co-signers needed, handling days, re-handling rounds, the
categories, the reminders) come from the ``[proposal]`` table of the config file, and each case records the
rules it started under (``data["policy"]``) so that a change of configuration never moves a running case: its
numbers are read from there by the guards, and its category choices and reminder periods by the engine
(``choices_from``, ``remind_from``, ``repeat_from``), the spec's own values serving cases that recorded none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    from workflows.proposals.settings import ProposalTable

NAME = "proposal"
VERSION = 1
CATEGORIES = {
    "production": Label("生产经营", "Production and operations"),
    "wages": Label("工资分配", "Wages and pay"),
    "safety": Label("劳动安全卫生", "Occupational safety and health"),
    "welfare": Label("生活福利", "Welfare and living conditions"),
    "democracy": Label("民主管理", "Democratic management"),
    "training": Label("教育培训", "Education and training"),
    "other": Label("其他", "Other"),
}
CLASSIFICATIONS = {
    "solved": Label("已解决/采纳", "Solved / adopted"),
    "in_plan": Label("列入计划，正在解决", "In the plan, being solved"),
    "not_now": Label("因条件限制暂不能解决", "Cannot be solved for now"),
}
RATINGS = {
    "satisfied": Label("满意", "Satisfied"),
    "basically_satisfied": Label("基本满意", "Basically satisfied"),
    "unsatisfied": Label("不满意", "Unsatisfied"),
}
# States in which a proposal has been accepted (立案): another may be merged into it.
ACCEPTED = ("endorsement", "assignment", "handling", "extension_requested", "answered", "rated",
            "committee_decision", "closed")


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

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy from the ``[proposal]`` table (validated when the settings were loaded)."""
        table: ProposalTable = settings.section("proposal")
        labels = dict(CATEGORIES)
        labels.update({key: Label(names[0], names[-1]) for key, names in table.category_names.items()})
        return cls(table.min_co_signers, table.endorsement, table.handling_days, table.rehandle_limit,
                   table.reminders, table.overdue_repeat, table.categories, labels)


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)


# -- guards ---------------------------------------------------------------------------------------------------
def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


def in_collection_period(ctx: ActionContext) -> Label | dict[str, Label] | None:
    session = ctx.db.use("congress").congress_session(ctx.data.get("session_id", 0))
    if session is None or session.organisation_id != ctx.organisation_id:
        return {"session_id": L("请选择本单位的职代会会议。", "Choose a congress session of this organisation.")}
    if not session.collection_opens <= _today(ctx) <= session.collection_closes:
        return {"session_id": L(
            f"提案征集期为 {session.collection_opens} 至 {session.collection_closes}，现在不在征集期内。",
            f"Proposals are collected from {session.collection_opens} to {session.collection_closes}; "
            "that period is not open now.")}
    return None


def co_signers_valid(ctx: ActionContext) -> dict[str, Label] | None:
    invited = ctx.form.get("co_signers_invited", [])
    if ctx.actor_id in invited:
        return {"co_signers_invited": L("不能邀请自己附议。", "You cannot invite yourself to co-sign.")}
    need = ctx.data["policy"]["min_co_signers"]
    if len(invited) < need:
        return {"co_signers_invited": L(f"至少邀请 {need} 位代表附议。", f"Invite at least {need} representatives.")}
    outsiders = [u for u in invited if not ctx.db.holds(u, "representative", ctx.organisation_id)]
    if outsiders:
        return {"co_signers_invited": L("只能邀请本届职工代表附议。",
                                        "Only representatives of this congress can co-sign.")}
    return None


def not_answered_yet(ctx: ActionContext) -> Label | None:
    if ctx.actor_id in ctx.data.get("co_signers", []) or ctx.actor_id in ctx.data.get("declined", []):
        return L("您已答复过这份附议邀请。", "You have answered this invitation already.")
    return None


def enough_co_signers(ctx: ActionContext) -> Label | None:
    if len(ctx.data.get("co_signers", [])) >= ctx.data["policy"]["min_co_signers"]:
        return None
    return L("附议人数不足。", "Not enough co-signers yet.")


def endorsement_not_needed(ctx: ActionContext) -> Label | None:
    return L("需要领导批示。", "A leader's endorsement is needed.") if ctx.data["policy"]["endorsement"] else None


def main_case_accepted(ctx: ActionContext) -> dict[str, Label] | None:
    main = ctx.db.peek(ctx.form["main_case"])
    if (main is None or main.id == ctx.case_id or main.workflow != NAME or main.state not in ACCEPTED
            or main.follows_id is not None or main.data.get("session_id") != ctx.data.get("session_id")):
        return {"main_case": L("只能并入本次会议已立案的提案。",
                               "Merge only into an accepted proposal of the same session.")}
    return None


def due_date_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    name = "new_due_date" if "new_due_date" in ctx.form else "due_date"
    if date.fromisoformat(ctx.form[name]) <= _today(ctx):
        return {name: L("办理期限应晚于今天。", "The deadline must be after today.")}
    if name == "new_due_date" and ctx.form[name] <= ctx.data.get("due_date", ""):
        return {name: L("延期后的期限应晚于原期限。", "The new deadline must be later than the current one.")}
    if name == "new_due_date" and _today(ctx).isoformat() > ctx.data.get("due_date", ""):
        return {name: L("办理期限已过，不能再申请延期。", "The deadline has passed: too late to ask for more time.")}
    return None


def lead_not_co(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("lead_department") in ctx.form.get("co_departments", []):
        return {"co_departments": L("主办部门不能同时是协办部门。", "The lead department cannot also co-handle.")}
    return None


def reason_when_not_now(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("classification") == "not_now" and not ctx.form.get("reason_not_now"):
        return {"reason_not_now": L("暂不能解决的，须说明原因。", "Say why it cannot be solved for now.")}
    return None


def satisfied(ctx: ActionContext) -> Label | None:
    return None if ctx.data.get("result") != "unsatisfied" else L("不满意", "unsatisfied")


def rehandle_allowed(ctx: ActionContext) -> Label | None:
    if ctx.data.get("result") == "unsatisfied" and ctx.data.get("rehandled", 0) < ctx.data["policy"]["rehandle_limit"]:
        return None
    return L("不再重新办理。", "No further re-handling.")


def rehandle_used_up(ctx: ActionContext) -> Label | None:
    if ctx.data.get("result") == "unsatisfied" and rehandle_allowed(ctx) is not None:
        return None
    return L("仍可重新办理。", "Re-handling is still possible.")


# -- effects --------------------------------------------------------------------------------------------------
def make_policy_effect(policy: Policy):  # noqa: ANN201 - returns an effect
    def apply_policy(ctx: ActionContext) -> None:
        session = ctx.db.use("congress").congress_session(ctx.data["session_id"])
        ctx.data["policy"] = {"min_co_signers": policy.min_co_signers, "endorsement": policy.endorsement,
                              "handling_days": policy.handling_days, "rehandle_limit": policy.rehandle_limit,
                              "categories": list(policy.categories),
                              "reminders": [str(p) for p in policy.reminders],
                              "overdue_repeat": str(policy.overdue_repeat) if policy.overdue_repeat else None}
        ctx.data["window_closes"] = session.collection_closes.isoformat() if session else None
    return apply_policy


def invite(ctx: ActionContext) -> None:
    ctx.data["co_signers"], ctx.data["declined"] = [], []
    for user in ctx.data["co_signers_invited"]:
        ctx.notify(Recipient(user_id=user), "co_sign_invitation")


def co_sign(ctx: ActionContext) -> None:
    ctx.data["co_signers"] = [*ctx.data.get("co_signers", []), ctx.actor_id]


def decline(ctx: ActionContext) -> None:
    ctx.data["declined"] = [*ctx.data.get("declined", []), ctx.actor_id]


def number(ctx: ActionContext) -> None:
    ctx.data["number"] = ctx.db.next_number(f"proposal:session:{ctx.data['session_id']}")


def merge(ctx: ActionContext) -> None:
    ctx.follow(ctx.form["main_case"])


def assign(ctx: ActionContext) -> None:
    ctx.data["pending_co_departments"] = list(ctx.data.get("co_departments", []))
    ctx.data["opinions"] = {}


def co_opinion(ctx: ActionContext) -> None:
    pending = ctx.data.get("pending_co_departments", [])
    mine = next((d for d in pending if ctx.db.holds(ctx.actor_id, "handler", d)), None)
    if mine is not None:
        ctx.data["pending_co_departments"] = [d for d in pending if d != mine]
        ctx.data.setdefault("opinions", {})[str(mine)] = ctx.form["opinion"]


def grant_extension(ctx: ActionContext) -> None:
    ctx.data["extensions"] = [*ctx.data.get("extensions", []),
                              {"from": ctx.data["due_date"], "to": ctx.data["new_due_date"]}]
    ctx.data["due_date"] = ctx.data.pop("new_due_date")


def refuse_extension(ctx: ActionContext) -> None:
    ctx.data.pop("new_due_date", None)


def rehandle(ctx: ActionContext) -> None:
    ctx.data["rehandled"] = ctx.data.get("rehandled", 0) + 1
    ctx.data["due_date"] = ctx.db.last_day(ctx.now, ctx.data["policy"]["handling_days"], "days").isoformat()
    ctx.data["pending_co_departments"] = []


# -- the spec -------------------------------------------------------------------------------------------------
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


def build(policy: Policy | None = None) -> WorkflowSpec:
    policy = policy or Policy()
    committee, rep = ("proposal_committee",), ("representative",)
    reason = Field("reason", L("理由", "Reason"), "text", max_length=2000)
    # Overdue: the committee supervises (督办), the lead department's head is told, reminders repeat.
    handling_timer = TimerSpec(due="data:due_date", remind_before=policy.reminders,
                               remind_from="data:policy.reminders", overdue=Overdue(
        supervise=TaskSpec("proposal_committee", label=L("督办", "Supervise")),
        notify=(Notify("department_head", "proposal_overdue", org="data:lead_department"),
                Notify("proposal_committee", "proposal_overdue")),
        repeat=policy.overdue_repeat, repeat_from="data:policy.overdue_repeat"))
    answer_fields = (
        Field("classification", L("办理类别", "Outcome"), "choice", choices=tuple(CLASSIFICATIONS),
              choice_labels=CLASSIFICATIONS),
        Field("answer", L("答复内容", "Answer"), "text", max_length=5000),
        Field("measures_taken", L("采取的措施", "Measures taken"), "text", required=False, max_length=5000),
        Field("reason_not_now", L("暂不能解决的原因", "Why it cannot be solved now"), "text", required=False,
              max_length=2000),
    )
    due = Field("due_date", L("办理期限", "Handling deadline"), "date")
    states = (
        State("draft", L("草稿", "Draft"),
              tasks=(TaskSpec("starter", label=L("完善并邀请附议", "Finish and invite")),)),
        State("co_signing", L("征集附议", "Co-signing"),
              tasks=(TaskSpec("co_signer", users="data:co_signers_invited",
                              label=L("附议邀请", "Co-sign invitation")),),
              timers=(TimerSpec(due="data:window_closes", trigger="lapse"),)),
        State("submitted", L("待审查", "Awaiting review"), tasks=(TaskSpec("proposal_committee"),)),
        State("returned", L("退回修改", "Returned for revision"), tasks=(TaskSpec("starter"),)),
        State("endorsement", L("待领导批示", "Awaiting endorsement"), tasks=(TaskSpec("leader"),)),
        State("assignment", L("待交办", "Awaiting assignment"), tasks=(TaskSpec("proposal_committee"),)),
        State("handling", L("办理中", "Being handled"),
              tasks=(TaskSpec("handler", org="data:lead_department"),
                     TaskSpec("handler", org="data:pending_co_departments",
                              label=L("协办意见", "Co-handling opinion"))),
              timers=(handling_timer,)),
        State("extension_requested", L("申请延期", "Extension requested"), tasks=(TaskSpec("proposal_committee"),),
              timers=(handling_timer,)),
        State("answered", L("待评价", "Awaiting rating"), tasks=(TaskSpec("starter", label=L("评价答复", "Rate")),)),
        State("rated", L("已评价", "Rated")),
        State("committee_decision", L("待提案委员会决定", "Awaiting committee decision"),
              tasks=(TaskSpec("proposal_committee"),)),
        State("suggestion", L("意见建议办理中", "Suggestion being handled"),
              tasks=(TaskSpec("handler", org="data:department"),)),
        State("closed", L("办结", "Closed"), final=True),
        State("suggestion_answered", L("意见建议已答复", "Suggestion answered"), final=True),
        State("not_accepted", L("不予立案", "Not accepted"), final=True),
        State("merged", L("已并案", "Merged"), final=True),
        State("withdrawn", L("已撤回", "Withdrawn"), final=True),
    )
    editable = _proposal_fields(policy, with_session=False)
    transitions = (
        Transition("edit", ("draft",), "draft", L("修改", "Edit"), roles=("starter",), fields=editable,
                   accepts_files=True),
        Transition("invite", ("draft",), "co_signing", L("邀请附议", "Invite co-signers"), roles=("starter",),
                   guards=("co_signers_valid",), effects=("invite",),
                   fields=(Field("co_signers_invited", L("附议人", "Co-signers"), "users"),)),
        Transition("withdraw", ("draft", "returned"), "withdrawn", L("撤回", "Withdraw"), roles=("starter",)),
        Transition("co_sign", ("co_signing",), "co_signing", L("附议", "Co-sign"), roles=("data:co_signers_invited",),
                   completes_task=True, offer_if=("not_answered_yet",), effects=("co_sign",)),
        Transition("decline", ("co_signing",), "co_signing", L("不附议", "Decline"),
                   roles=("data:co_signers_invited",), completes_task=True, offer_if=("not_answered_yet",),
                   effects=("decline",)),
        Transition("submit", ("co_signing",), "submitted", L("提交", "Submit"), roles=("system",), auto=True,
                   guards=("enough_co_signers",), notify=(Notify("proposal_committee", "proposal_submitted"),)),
        Transition("cancel_invitations", ("co_signing",), "draft", L("收回附议邀请", "Cancel invitations"),
                   roles=("starter",)),
        Transition("lapse", ("co_signing",), "draft", L("征集期结束，邀请失效", "Invitations lapsed"),
                   roles=("system",), notify=(Notify("starter", "invitations_lapsed"),)),
        Transition("accept", ("submitted",), "endorsement", L("立案", "Accept as proposal"), roles=committee,
                   effects=("number",), notify=(Notify("starter", "proposal_accepted"),),
                   fields=(Field("comment", L("审查意见", "Review comment"), "text", required=False,
                                 max_length=2000),)),
        Transition("merge", ("submitted",), "merged", L("并案", "Merge"), roles=committee,
                   guards=("main_case_accepted",), effects=("merge",),
                   notify=(Notify("starter", "proposal_merged"),),
                   fields=(Field("main_case", L("并入的提案", "Merge into proposal"), "case"),
                           Field("comment", L("说明", "Note"), "text", required=False, max_length=2000))),
        Transition("convert_to_suggestion", ("submitted",), "suggestion", L("转为意见建议", "Convert to suggestion"),
                   roles=committee, notify=(Notify("starter", "proposal_converted"),
                                            Notify("handler", "suggestion_assigned", org="data:department")),
                   fields=(Field("department", L("承办部门", "Handling department"), "org"), reason)),
        Transition("reject", ("submitted",), "not_accepted", L("不予立案", "Do not accept"), roles=committee,
                   notify=(Notify("starter", "proposal_rejected"),), fields=(reason,)),
        Transition("return_for_revision", ("submitted",), "returned", L("退回修改", "Return for revision"),
                   roles=committee, notify=(Notify("starter", "proposal_returned"),), fields=(reason,)),
        Transition("resubmit", ("returned",), "submitted", L("修改后重新提交", "Resubmit"), roles=("starter",),
                   fields=editable, accepts_files=True, notify=(Notify("proposal_committee", "proposal_resubmitted"),)),
        Transition("skip_endorsement", ("endorsement",), "assignment", L("无需批示", "No endorsement needed"),
                   roles=("system",), auto=True, guards=("endorsement_not_needed",)),
        Transition("endorse", ("endorsement",), "assignment", L("批示", "Endorse"), roles=("leader",),
                   fields=(Field("instruction", L("批示意见", "Instruction"), "text", max_length=2000),)),
        Transition("assign", ("assignment",), "handling", L("交办", "Assign"), roles=committee,
                   guards=("due_date_ahead", "lead_not_co"), effects=("assign",),
                   notify=(Notify("handler", "proposal_assigned", org="data:lead_department"),
                           Notify("handler", "proposal_co_assigned", org="data:co_departments")),
                   fields=(Field("lead_department", L("主办部门", "Lead department"), "org"),
                           Field("co_departments", L("协办部门", "Co-handling departments"), "orgs", required=False),
                           due)),
        Transition("co_opinion", ("handling", "extension_requested"), "handling", L("提交协办意见", "Send opinion"),
                   roles=("handler",), org="data:pending_co_departments", completes_task=True,
                   effects=("co_opinion",),
                   fields=(Field("opinion", L("协办意见", "Opinion"), "text", max_length=5000, store=False),)),
        Transition("answer", ("handling", "extension_requested"), "answered", L("答复", "Answer"), roles=("handler",),
                   org="data:lead_department", guards=("reason_when_not_now",), fields=answer_fields,
                   accepts_files=True,
                   notify=(Notify("starter", "proposal_answered"),)),
        Transition("request_extension", ("handling",), "extension_requested", L("申请延期", "Ask for an extension"),
                   roles=("handler",), org="data:lead_department", guards=("due_date_ahead",),
                   notify=(Notify("proposal_committee", "extension_requested"),),
                   fields=(Field("new_due_date", L("申请延至", "New deadline"), "date"), reason)),
        Transition("grant_extension", ("extension_requested",), "handling", L("同意延期", "Grant extension"),
                   roles=committee, effects=("grant_extension",),
                   notify=(Notify("handler", "extension_granted", org="data:lead_department"),)),
        Transition("refuse_extension", ("extension_requested",), "handling", L("不同意延期", "Refuse extension"),
                   roles=committee, effects=("refuse_extension",), fields=(reason,),
                   notify=(Notify("handler", "extension_refused", org="data:lead_department"),)),
        Transition("rate", ("answered",), "rated", L("评价", "Rate the answer"), roles=("starter",),
                   fields=(Field("attitude", L("办理态度", "Handling attitude"), "choice", choices=tuple(RATINGS),
                                 choice_labels=RATINGS),
                           Field("result", L("办理结果", "Result"), "choice", choices=tuple(RATINGS),
                                 choice_labels=RATINGS),
                           Field("rating_comment", L("评价意见", "Comment"), "text", required=False,
                                 max_length=2000))),
        Transition("close", ("rated",), "closed", L("办结", "Close"), roles=("system",), auto=True,
                   guards=("satisfied",)),
        Transition("rehandle", ("rated",), "handling", L("重新办理", "Re-handle"), roles=("system",), auto=True,
                   guards=("rehandle_allowed",), effects=("rehandle",),
                   notify=(Notify("handler", "proposal_rehandle", org="data:lead_department"),)),
        Transition("refer_to_committee", ("rated",), "committee_decision", L("提交提案委员会", "Refer to committee"),
                   roles=("system",), auto=True, guards=("rehandle_used_up",)),
        Transition("close_after_review", ("committee_decision",), "closed", L("决定办结", "Close"), roles=committee,
                   fields=(Field("comment", L("说明", "Note"), "text", max_length=2000),)),
        Transition("order_rehandling", ("committee_decision",), "handling", L("再次交办", "Order re-handling"),
                   roles=committee, guards=("due_date_ahead",), effects=("assign",), fields=(due,),
                   notify=(Notify("handler", "proposal_rehandle", org="data:lead_department"),)),
        Transition("answer_suggestion", ("suggestion",), "suggestion_answered", L("答复", "Answer"),
                   roles=("handler",), org="data:department", notify=(Notify("starter", "suggestion_answered"),),
                   fields=(Field("answer", L("答复内容", "Answer"), "text", max_length=5000),)),
    )
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("职代会提案", "Congress proposal"),
        roles={"representative": L("职工代表", "Representative"),
               "proposal_committee": L("提案工作委员会", "Proposal committee"),
               "leader": L("企业领导", "Enterprise leader"), "handler": L("承办人", "Department handler"),
               "department_head": L("部门负责人", "Department head"),
               "co_signer": L("附议人", "Co-signer")},
        initial="draft",
        start=Start(roles=rep, fields=_proposal_fields(policy, with_session=True),
                    guards=("in_collection_period",), effects=("apply_policy",), accepts_files=True,
                    title_max=100),
        states=states, transitions=transitions,
        guards={"in_collection_period": in_collection_period, "co_signers_valid": co_signers_valid,
                "not_answered_yet": not_answered_yet, "enough_co_signers": enough_co_signers,
                "endorsement_not_needed": endorsement_not_needed, "main_case_accepted": main_case_accepted,
                "due_date_ahead": due_date_ahead, "lead_not_co": lead_not_co,
                "reason_when_not_now": reason_when_not_now, "satisfied": satisfied,
                "rehandle_allowed": rehandle_allowed, "rehandle_used_up": rehandle_used_up},
        effects={"apply_policy": make_policy_effect(policy), "invite": invite, "co_sign": co_sign,
                 "decline": decline, "number": number, "merge": merge, "assign": assign,
                 "co_opinion": co_opinion, "grant_extension": grant_extension,
                 "refuse_extension": refuse_extension, "rehandle": rehandle},
    )
