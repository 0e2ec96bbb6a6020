"""Disputes over the talks (争议协调处理, 《集体合同规定》 arts. 49–55), from version 3 of the workflow: when the
other side refuses a written request or lets the reply period pass (art. 32), or the talks deadlock (art. 49),
either side asks the labour administration in writing to coordinate, and the other side is told. The
administration ends its coordination within 30 days of accepting the case, extended once by at most 15 days
(art. 53); the coordination ends with a 协调处理协议书 (art. 55), on which the talks resume or the agreed draft
goes to the congress, or without one.

The steps, the actions, and the guards and effects they name are here; the spec puts them in place of
version 2's steps of the same name."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Field, Notify, Overdue, Period, State, TaskSpec, TimerSpec, Transition
from workflows.bargaining.negotiators import OTHER, side_of
from workflows.bargaining.periods import count_days
from workflows.bargaining.terms import EMPLOYER, SIDE_ROLE, SIDES, UNION, L

BOTH = ("union_office", "employer")
ASK = {UNION: "ask_union", EMPLOYER: "ask_employer"}  # data: the organisation where each side has the task to ask
DEADLOCK = ("negotiating", "suspended")  # the talks, where a deadlock may be taken to coordination (art. 49)

RULE_49 = L("《集体合同规定》第四十九条：集体协商过程中发生争议、双方不能协商解决的，方可申请协调处理；"
            "请先记录至少一次协商会议。",
            "Collective Contract Provisions art. 49: coordination is asked for a dispute the two sides could not "
            "settle in the talks; record at least one negotiation round first.")
RULE_53_ACCEPTED = L("《集体合同规定》第五十三条：协调处理期限自受理申请之日起计算，"
                     "受理日期不能早于申请日期（{asked}）。",
                     "Collective Contract Provisions art. 53: the coordination period runs from the acceptance of "
                     "the application, which cannot precede the application ({asked}).")
RULE_53_ONCE = L("《集体合同规定》第五十三条：协调处理期限只能延长一次，延长期限不得超过15日（已延长至 {due}）。",
                 "Collective Contract Provisions art. 53: the coordination period may be extended once, by at most "
                 "15 days (already extended to {due}).")
RULE_55_DATE = L("《集体合同规定》第五十五条：协调处理协议书在协调处理过程中制作，日期不能早于受理日期（{accepted}）。",
                 "Collective Contract Provisions art. 55: the coordination agreement is made during the coordination; "
                 "it cannot be dated before the application was accepted ({accepted}).")
RULE_55_DRAFT = L("《集体合同规定》第五十五条、第三十六条：按协调处理协议书提交职代会的须是已保存的合同草案，"
                  "请先保存草案，或选择继续协商。",
                  "Collective Contract Provisions arts. 55 and 36: what goes to the congress after coordination is a "
                  "saved draft agreement; save one first, or resume the talks.")
RULE_32_END = L("《集体合同规定》第三十二条：无正当理由不得拒绝进行集体协商；只有提出要约的一方可以放弃本次协商。",
                "Collective Contract Provisions art. 32: nobody may refuse to negotiate without a valid reason; only "
                "the side that made the request may give it up.")
OUTCOMES = {"resume_talks": L("达成协调处理协议书，继续协商", "Coordination agreement: the talks resume"),
            "proceed_with_draft": L("达成协调处理协议书，草案提交职代会", "Coordination agreement: the draft goes to "
                                    "the congress"),
            "coordination_failed": L("协调未达成协议", "No coordination agreement")}


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _fmt(label: Label, **values: object) -> Label:
    return L(label.zh.format(**values), label.en.format(**values))


def _current(ctx: ActionContext) -> dict[str, Any]:
    return (ctx.data.get("coordinations") or [{}])[-1]


def _policy(ctx: ActionContext, key: str, default: int) -> int:
    return int((ctx.data.get("policy") or {}).get(key, default))


# -- guards -------------------------------------------------------------------------------------------------------
def deadlock_recorded(ctx: ActionContext) -> Label | None:
    """From the talks, only a dispute the rounds could not settle (art. 49)."""
    return RULE_49 if ctx.state in DEADLOCK and not ctx.data.get("rounds") else None


def accepted_after_request(ctx: ActionContext) -> dict[str, Label] | None:
    asked = _current(ctx).get("requested_on", "")
    if asked and _day(ctx.form["accepted_on"]) < _day(asked):
        return {"accepted_on": _fmt(RULE_53_ACCEPTED, asked=asked)}
    return None


def extension_once(ctx: ActionContext) -> Label | None:
    current = _current(ctx)
    return _fmt(RULE_53_ONCE, due=current.get("due", "")) if current.get("extended") else None


def agreed_after_acceptance(ctx: ActionContext) -> dict[str, Label] | None:
    accepted = _current(ctx).get("accepted_on", "")
    if accepted and _day(ctx.form["concluded_on"]) < _day(accepted):
        return {"concluded_on": _fmt(RULE_55_DATE, accepted=accepted)}
    return None


def draft_to_proceed(ctx: ActionContext) -> Label | None:
    return None if ctx.data.get("drafts") else RULE_55_DRAFT


def requester_ends(ctx: ActionContext) -> Label | None:
    return None if side_of(ctx) == ctx.data.get("initiator") else RULE_32_END


# -- effects ------------------------------------------------------------------------------------------------------
def opened(ctx: ActionContext, sides: tuple[str, ...]) -> None:
    """The dispute's task to ask for coordination goes to ``sides`` (the requesting side, or both)."""
    for side, key in ASK.items():
        ctx.data[key] = [ctx.organisation_id] if side in sides else []


def requested(ctx: ActionContext) -> None:
    """Record the application; the other side is told (and holds a task in the steps that follow)."""
    side = side_of(ctx) or UNION
    entry = {"side": side, "by": ctx.actor_id, "from": ctx.state, "requested_on": ctx.form["requested_on"],
             "bodies": ctx.form.get("bodies", ""), "note": ctx.form.get("note", "")}
    ctx.data["coordinations"] = [*ctx.data.get("coordinations", []), entry]
    ctx.notify(Recipient(role=SIDE_ROLE[OTHER[side]], organisation_id=ctx.organisation_id),
               "bargaining_coordination_requested", side=SIDES[side].zh, requested_on=ctx.form["requested_on"])


def _update(ctx: ActionContext, **values: Any) -> None:
    entries = list(ctx.data.get("coordinations") or [{}])
    entries[-1] = {**entries[-1], **values}
    ctx.data["coordinations"] = entries


def accepted(ctx: ActionContext) -> None:
    """The 30 days of art. 53 run from the day after the acceptance (《民法典》 art. 201)."""
    due = count_days(ctx, "coordination_due", _day(ctx.form["accepted_on"]), _policy(ctx, "coordination_days", 30))
    _update(ctx, accepted_on=ctx.form["accepted_on"], due=due.isoformat(), handler=ctx.form.get("handler", ""))


def extended(ctx: ActionContext) -> None:
    due = count_days(ctx, "coordination_due", _day(ctx.data["coordination_due"]),
                     _policy(ctx, "coordination_extension_days", 15))
    _update(ctx, extended=True, due=due.isoformat(), extension_reason=ctx.form.get("reason", ""))


def concluded(ctx: ActionContext) -> None:
    """The outcome: the 协调处理协议书 and what it settles, or no agreement; the dispute's deadline is done."""
    _update(ctx, outcome=ctx.trigger, concluded_on=ctx.form["concluded_on"], protocol=ctx.form.get("protocol", ""))
    ctx.data.pop("coordination_due", None)
    if ctx.trigger == "coordination_failed":
        opened(ctx, (UNION, EMPLOYER))  # either side may apply again, or the requesting side give up


EFFECTS = {"coordination_requested": requested, "coordination_accepted": accepted,
           "coordination_extended": extended, "coordination_concluded": concluded}
GUARDS = {"deadlock_recorded": deadlock_recorded, "accepted_after_request": accepted_after_request,
          "extension_once": extension_once, "agreed_after_acceptance": agreed_after_acceptance,
          "draft_to_proceed": draft_to_proceed, "requester_ends": requester_ends}


# -- the steps and actions of version 3 ---------------------------------------------------------------------------
def _date(name: str, zh: str, en: str) -> Field:
    return Field(name, L(zh, en), "date")


CONCLUDED = (_date("concluded_on", "协调结束日期", "Coordination ended on"),
             Field("protocol", L("协调处理协议书（申请事项、争议事实、协调结果及继续协商的事项）",
                                 "The coordination agreement (the application, the facts, the outcome and what is "
                                 "left to negotiate)"), "text", max_length=10000))
SIDES_TASK = L("配合劳动保障行政部门协调处理，登记协调结果", "Take part in the coordination and record its outcome")
STATES = (
    State("dispute", L("争议待协调", "Dispute: coordination to request"),
          tasks=tuple(TaskSpec(SIDE_ROLE[side], org=f"data:{key}", label=L(
              "书面申请劳动保障行政部门协调处理（《集体合同规定》第四十九条）",
              "Ask the labour administration in writing to coordinate (art. 49)")) for side, key in ASK.items())),
    State("coordination_requested", L("已申请协调处理", "Coordination requested"),
          tasks=(TaskSpec("union_office", label=L("劳动保障行政部门受理后登记受理日期",
                                                  "Record the day the labour administration accepted the case")),
                 TaskSpec("employer", label=L("对方或本方已申请协调处理：准备情况说明，登记受理日期",
                                              "Coordination was asked for: prepare your account; record the "
                                              "acceptance")))),
    State("coordination", L("协调处理中", "Under coordination"),
          tasks=(TaskSpec("union_office", label=SIDES_TASK), TaskSpec("employer", label=SIDES_TASK)),
          timers=(TimerSpec(due="data:coordination_due", remind_before=(Period(3, "days"), Period(0, "days")),
                            overdue=Overdue(supervise=TaskSpec("union_office", label=L(
                                "协调处理已超过期限：督促劳动保障行政部门（第五十三条）",
                                "The coordination is overdue: follow it up with the labour administration "
                                "(art. 53)")),
                                notify=(Notify("union_office", "bargaining_coordination_overdue"),
                                        Notify("union_chair", "bargaining_coordination_overdue")))),)),
)
TRANSITIONS = (
    Transition("refuse", ("awaiting_union_reply",), "dispute", L("拒绝协商", "Refuse"), ("union_office",),
               fields=(Field("reason", L("理由", "Reason"), "text", max_length=5000),), effects=("refused",),
               notify=(Notify("employer", "bargaining_dispute_employer"),)),
    Transition("no_reply", ("awaiting_employer_reply",), "dispute", L("逾期未回应", "No reply within the period"),
               ("system",), effects=("no_reply",), notify=(Notify("union_office", "bargaining_dispute"),
                                                           Notify("union_chair", "bargaining_dispute"))),
    Transition("no_reply", ("awaiting_union_reply",), "dispute", L("逾期未回应", "No reply within the period"),
               ("system",), effects=("no_reply",), notify=(Notify("employer", "bargaining_dispute_employer"),)),
    Transition("request_coordination", ("dispute", *DEADLOCK), "coordination_requested",
               L("申请协调处理", "Ask for coordination"), BOTH, guards=("deadlock_recorded", "received_not_future"),
               fields=(_date("requested_on", "申请日期", "Requested on"),
                       Field("bodies", L("申请协调的单位", "Asked"), "str", max_length=300),
                       Field("note", L("争议事实和申请事项", "The dispute and what is asked"), "text",
                             max_length=5000)),
               effects=("coordination_requested",)),
    Transition("accept_coordination", ("coordination_requested",), "coordination",
               L("登记受理", "Application accepted"), BOTH,
               fields=(_date("accepted_on", "受理日期", "Accepted on"),
                       Field("handler", L("协调处理人员", "Coordinators"), "str", max_length=300, required=False)),
               guards=("received_not_future", "accepted_after_request"), effects=("coordination_accepted",)),
    Transition("extend_coordination", ("coordination",), "coordination", L("延长协调期限", "Extend the period"),
               BOTH, fields=(Field("reason", L("延长理由", "Why"), "text", max_length=2000),),
               guards=("extension_once",), effects=("coordination_extended",), reset_deadlines=True),
    Transition("resume_talks", ("coordination",), "preparation", OUTCOMES["resume_talks"], BOTH, fields=CONCLUDED,
               guards=("received_not_future", "agreed_after_acceptance"), effects=("coordination_concluded",)),
    Transition("proceed_with_draft", ("coordination",), "negotiating", OUTCOMES["proceed_with_draft"], BOTH,
               fields=CONCLUDED, guards=("draft_to_proceed", "received_not_future", "agreed_after_acceptance"),
               offer_if=("draft_to_proceed",), effects=("coordination_concluded",)),
    Transition("coordination_failed", ("coordination",), "dispute", OUTCOMES["coordination_failed"], BOTH,
               fields=CONCLUDED, guards=("received_not_future", "agreed_after_acceptance"),
               effects=("coordination_concluded",)),
    Transition("end_without_agreement", ("dispute", "coordination_requested"), "ended",
               L("放弃协商", "Give up the request"), BOTH, guards=("requester_ends",),
               fields=(Field("reason", L("理由", "Reason"), "text", max_length=5000),)),
)
# Version 2's actions these replace (by trigger, and for ``refuse`` by the step it leaves).
REPLACED = {"no_reply", "request_coordination", "resume_talks", "end_without_agreement"}
