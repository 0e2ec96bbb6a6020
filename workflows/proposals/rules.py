"""What the proposal workflow checks and does: the guards that refuse an action with a reason, and the effects
that change a case's data when an action goes through. The spec names them; ``GUARDS`` and ``effects`` map the
names to these functions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.proposals.terms import ACCEPTED, NAME, L

if TYPE_CHECKING:
    from workflows.proposals.spec import Policy


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
def make_policy_effect(policy: Policy) -> Effect:
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


GUARDS: dict[str, Guard] = {
    "in_collection_period": in_collection_period, "co_signers_valid": co_signers_valid,
    "not_answered_yet": not_answered_yet, "enough_co_signers": enough_co_signers,
    "endorsement_not_needed": endorsement_not_needed, "main_case_accepted": main_case_accepted,
    "due_date_ahead": due_date_ahead, "lead_not_co": lead_not_co,
    "reason_when_not_now": reason_when_not_now, "satisfied": satisfied,
    "rehandle_allowed": rehandle_allowed, "rehandle_used_up": rehandle_used_up}


def effects(policy: Policy) -> dict[str, Effect]:
    """The effects by name; applying the policy records the given one in each new case."""
    return {"apply_policy": make_policy_effect(policy), "invite": invite, "co_sign": co_sign,
            "decline": decline, "number": number, "merge": merge, "assign": assign,
            "co_opinion": co_opinion, "grant_extension": grant_extension,
            "refuse_extension": refuse_extension, "rehandle": rehandle}
