"""What the bargaining workflow checks and does: the guards that refuse an action with a reason (most citing
《集体合同规定》), and the effects that compute its periods and record its rounds, drafts, signatures and checks.
The spec names them; ``GUARDS`` and ``effects`` map the names to these functions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.bargaining import disputes, negotiators, periods
from workflows.bargaining.kinds import kind_of
from workflows.bargaining.negotiators import side_of
from workflows.bargaining.periods import count_days
from workflows.bargaining.terms import EMPLOYER, SIDE_ROLE, UNION, L

if TYPE_CHECKING:
    from workflows.bargaining.spec import Policy


def _day(value: str) -> date:
    return date.fromisoformat(value)


# -- guards -------------------------------------------------------------------------------------------------------
def initiator_side(ctx: ActionContext) -> dict[str, Label] | None:
    wanted = ctx.form.get("initiator", ctx.data.get("initiator"))
    if ctx.actor_id is not None and not ctx.db.holds(ctx.actor_id, SIDE_ROLE[wanted], ctx.organisation_id):
        return {"initiator": L("只能以本方名义提出协商要约。", "You can only make the request for your own side.")}
    return None


def received_not_future(ctx: ActionContext) -> dict[str, Label] | None:
    for name in ("received_on", "replied_on", "signed_on", "submitted_on", "held_on", "published_on",
                 "checked_on", "requested_on", "accepted_on", "concluded_on"):
        if name in ctx.form and _day(ctx.form[name]) > ctx.now.astimezone(TZ).date():
            return {name: L("日期不能晚于今天。", "The date cannot be in the future.")}
    return None


def has_draft(ctx: ActionContext) -> Label | None:
    return None if ctx.data.get("drafts") else L("请先保存合同草案。", "Save a draft agreement first.")


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


def union_initiated(ctx: ActionContext) -> Label | None:
    return None if ctx.data["initiator"] == UNION else L(
        "企业方提出的要约请用“向工会发出要约”。", "The employer's request goes to the union.")


def employer_initiated(ctx: ActionContext) -> Label | None:
    return None if ctx.data["initiator"] == EMPLOYER else L(
        "工会提出的要约请用“向企业方发出要约”。", "The union's request goes to the employer.")


def resume_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    if _day(ctx.form["resume_on"]) <= ctx.now.astimezone(TZ).date():
        return {"resume_on": L("恢复协商的日期应晚于今天。", "The date to resume must be after today.")}
    return None


def renewal_allowed(ctx: ActionContext) -> dict[str, Label] | None:
    old_id = ctx.form.get("renews")
    if old_id is None:
        return None
    old = ctx.db.peek(old_id)  # an enterprise's agreement, or a federation's regional one, by its own kind
    if old is None or old.workflow != ctx.workflow or old.organisation_id != ctx.organisation_id:
        return {"renews": L("请选择本单位的集体合同。", "Choose an agreement of this organisation.")}
    if old.state != "renewal_window":
        return {"renews": L("《集体合同规定》第三十八条第二款：只能在期满前三个月内提出续订要求"
                            "（工资协议：《工资集体协商试行办法》第二十四条，期满前60日内）。",
                            "Collective Contract Provisions art. 38 para. 2: renewal is requested in the three "
                            "months before expiry (a wage agreement: Trial Measures on Collective Wage Bargaining "
                            "art. 24, the 60 days before expiry).")}
    return None


# -- effects ------------------------------------------------------------------------------------------------------
def make_policy_effect(policy: Policy) -> Effect:
    def apply_policy(ctx: ActionContext) -> None:
        kind = kind_of(ctx.data["kind"])
        ctx.data["policy"] = {"reply_days": policy.reply_days, "filing_days": policy.filing_days[kind.code],
                              "effect_days": policy.effect_days, "min_negotiators": policy.min_negotiators,
                              "check_every_months": policy.check_every_months,
                              "max_term_years": min(policy.max_term_years, kind.term_years.most or 3),
                              "publication_days": policy.publication_days[kind.code],
                              **({"renewal_days": policy.wage_renewal_days} if kind.renewal_days
                                 else {"renewal_months": policy.renewal_months}),
                              "effect_from": kind.review_from, "office_closes": policy.office_closes}
        if ctx.form.get("renews"):
            ctx.follow(ctx.form["renews"])
    return apply_policy


def make_coordination_effect(policy: Policy) -> Effect:
    """Version 3 records the periods of a dispute's coordination (art. 53) with the case's other numbers."""
    def apply_coordination(ctx: ActionContext) -> None:
        ctx.data["policy"] = {**ctx.data["policy"], "coordination_days": policy.coordination_days,
                              "coordination_extension_days": policy.coordination_extension_days}
    return apply_coordination


def request_sent(ctx: ActionContext) -> None:
    count_days(ctx, "reply_due", _day(ctx.form["received_on"]), ctx.data["policy"]["reply_days"])


def refused(ctx: ActionContext) -> None:
    ctx.data["dispute"] = {"reason": "refused", "on": ctx.now.astimezone(TZ).date().isoformat()}
    disputes.opened(ctx, (ctx.data["initiator"],))  # the requesting side may ask for coordination (art. 49)


def no_reply(ctx: ActionContext) -> None:
    ctx.data["dispute"] = {"reason": "no_reply", "on": ctx.now.astimezone(TZ).date().isoformat()}
    disputes.opened(ctx, (ctx.data["initiator"],))


ROUND_KEYS = ("held_on", "attendance", "minutes", "positions")


def record_round(ctx: ActionContext) -> None:
    entry = {k: ctx.form.get(k) for k in ROUND_KEYS if k in ctx.form}
    entry["number"] = len(ctx.data.get("rounds", [])) + 1
    entry["by"] = ctx.actor_id
    ctx.data["rounds"] = [*ctx.data.get("rounds", []), entry]


# Suspending and resuming are agreed by both sides (《集体合同规定》 art. 35: 经双方协商): one side proposes,
# a negotiator of the other side agrees; each side asks to resume, and the talks resume once both have.
RULE_35 = L("《集体合同规定》第三十五条：中止协商及恢复协商须经双方协商一致，须由对方协商代表同意。",
            "Collective Contract Provisions art. 35: suspending and resuming the talks needs both sides; a "
            "negotiator of the other side must agree.")


def propose_suspension(ctx: ActionContext) -> None:
    ctx.data["suspension"] = {**{k: ctx.form.get(k) for k in (*ROUND_KEYS, "resume_on") if k in ctx.form},
                              "side": side_of(ctx), "by": ctx.actor_id}


def other_side_proposed(ctx: ActionContext) -> Label | None:
    proposal = ctx.data.get("suspension")
    if not proposal:
        return L("尚无中止协商的提议。", "Nobody has proposed to suspend the talks.")
    return RULE_35 if side_of(ctx) in (None, proposal.get("side")) else None


def suspension_agreed(ctx: ActionContext) -> None:
    proposal = ctx.data.pop("suspension")
    entry = {k: proposal[k] for k in ROUND_KEYS if k in proposal}
    entry.update(number=len(ctx.data.get("rounds", [])) + 1, by=proposal.get("by"),
                 suspended_to=proposal["resume_on"], agreed_by=ctx.actor_id)
    ctx.data["rounds"] = [*ctx.data.get("rounds", []), entry]
    ctx.data["resume_on"] = proposal["resume_on"]
    ctx.data["resume_asked"] = []


def my_side_not_resumed(ctx: ActionContext) -> Label | None:
    side = side_of(ctx)
    if side is None:
        return RULE_35
    if side in ctx.data.get("resume_asked", []):
        return L("本方已同意恢复协商，等待对方同意。", "Your side agreed to resume; waiting for the other side.")
    return None


def resume_asked(ctx: ActionContext) -> None:
    ctx.data["resume_asked"] = sorted({*ctx.data.get("resume_asked", []), side_of(ctx)})


def both_resumed(ctx: ActionContext) -> Label | None:
    return None if set(ctx.data.get("resume_asked", [])) >= {UNION, EMPLOYER} else RULE_35


def resumed(ctx: ActionContext) -> None:
    ctx.data.pop("resume_asked", None)


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
    count_days(ctx, "filing_due", signed_on, ctx.data["policy"]["filing_days"])


def objection(ctx: ActionContext) -> None:
    ctx.data["objections"] = [*ctx.data.get("objections", []), {"received_on": ctx.form["received_on"],
                                                                 "points": ctx.form["points"]}]
    ctx.data["signatures"] = {}
    ctx.data["vote"] = None
    for key in ("signed_on", "filing_due", "review_ends", "effective_on", "filing"):
        ctx.data.pop(key, None)


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


GUARDS: dict[str, Guard] = {
    "initiator_side": initiator_side, "received_not_future": received_not_future,
    "negotiators_valid": negotiators.negotiators_valid, "sides_equal": negotiators.sides_equal,
    "has_draft": has_draft, "term_in_range": periods.term_in_range, "session_of_union": session_of_union,
    "vote_passed": vote_passed, "my_signature_missing": my_signature_missing, "both_signed": both_signed,
    "resume_ahead": resume_ahead, "renewal_allowed": renewal_allowed,
    "union_initiated": union_initiated, "employer_initiated": employer_initiated,
    "filed_after_signing": periods.filed_after_signing, "other_side_proposed": other_side_proposed,
    "my_side_not_resumed": my_side_not_resumed, "both_resumed": both_resumed}


def effects(policy: Policy) -> dict[str, Effect]:
    """The effects by name; applying the policy records the given one in each new case."""
    return {"apply_policy": make_policy_effect(policy), "apply_coordination": make_coordination_effect(policy),
            "request_sent": request_sent, "refused": refused,
            "no_reply": no_reply, "appoint_union": negotiators.appoint(UNION),
            "appoint_employer": negotiators.appoint(EMPLOYER),
            "record_round": record_round, "save_draft": save_draft, "to_congress": to_congress,
            "vote_recorded": vote_recorded, "sign": sign, "signed": signed, "filed": periods.filed,
            "objection": objection, "took_effect": periods.took_effect, "published": published,
            "check_recorded": check_recorded, "renewal_opened": renewal_opened, "check_due": periods.check_due,
            "propose_suspension": propose_suspension, "suspension_agreed": suspension_agreed,
            "resume_asked": resume_asked, "resumed": resumed}
