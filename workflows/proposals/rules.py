"""What the proposal workflow checks and does: the guards that refuse an action with a reason, and the effects
that change a case's data when an action goes through. The spec names them; ``GUARDS`` and ``effects`` map the
names to these functions."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.proposals.terms import ACCEPTED, FOLLOWED_UP, NAME, NOT_RATED, ROSTER_ARTICLE, L

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


def _roster(ctx: ActionContext) -> list[int]:
    return ctx.db.use("congress").representatives(ctx.data.get("session_id", 0))


def _off_roster(zh: str, en: str) -> Label:
    article = ROSTER_ARTICLE
    return L(f"{zh}（{article.zh}）。", f"{en} ({article.en}).")


def proposer_on_roster(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.actor_id in _roster(ctx):
        return None
    return {"session_id": _off_roster("您不在本届职代会代表名册上，不能为本次会议提出提案：只有本届职工代表享有提案权",
                                      "You are not on the roster of this congress term, so you cannot make a "
                                      "proposal for this session: only the term's representatives may propose")}


def co_signer_on_roster(ctx: ActionContext) -> Label | None:
    if ctx.actor_id in _roster(ctx):
        return None
    return _off_roster("您已不在本届职代会代表名册上，不能附议", "You are no longer on the roster of this congress "
                       "term, so you cannot co-sign")


def co_signers_valid(ctx: ActionContext) -> dict[str, Label] | None:
    invited = ctx.form.get("co_signers_invited", [])
    if ctx.actor_id in invited:
        return {"co_signers_invited": L("不能邀请自己附议。", "You cannot invite yourself to co-sign.")}
    need = ctx.data["policy"]["min_co_signers"]
    if len(invited) < need:
        return {"co_signers_invited": L(f"至少邀请 {need} 位代表附议。", f"Invite at least {need} representatives.")}
    roster = _roster(ctx)
    if any(u not in roster for u in invited):
        return {"co_signers_invited": _off_roster("只能邀请本届职代会代表名册上的代表附议",
                                                  "Only representatives on the roster of this congress term can "
                                                  "co-sign")}
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


def no_opinion_pending(ctx: ActionContext) -> Label | None:
    pending = ctx.data.get("pending_co_departments") or []
    if not pending:
        return None
    return L(f"还有 {len(pending)} 个协办部门的意见未提交，暂不能答复：请待协办意见提交后再答复，"
             "或请提案工作委员会注明理由后不再等待。",
             f"{len(pending)} co-handling department(s) have not sent their opinion yet, so the proposal cannot "
             "be answered now: wait for the opinion, or ask the proposal committee to stop waiting for it, "
             "with a reason.")


def opinion_pending(ctx: ActionContext) -> Label | None:
    if ctx.data.get("pending_co_departments"):
        return None
    return L("没有待提交的协办意见。", "No co-handling opinion is awaited.")


def department_pending(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("released_department") in (ctx.data.get("pending_co_departments") or []):
        return None
    return {"released_department": L("请选择尚未提交意见的协办部门。",
                                     "Choose a co-handling department whose opinion is still awaited.")}


def new_deadline_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    if date.fromisoformat(ctx.form["new_deadline"]) <= _today(ctx):
        return {"new_deadline": L("办理期限应晚于今天。", "The deadline must be after today.")}
    return None


def another_lead(ctx: ActionContext) -> dict[str, Label] | None:
    new = ctx.form.get("new_lead_department")
    if new == ctx.data.get("lead_department"):
        return {"new_lead_department": L("这已是主办部门，请选择另一个部门。",
                                         "This is the lead department already: choose another.")}
    if new in (ctx.data.get("co_departments") or []):
        return {"new_lead_department": L("主办部门不能同时是协办部门。", "The lead department cannot also co-handle.")}
    return None


def follow_up_date_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    given = ctx.form.get("follow_up_due")
    if given and date.fromisoformat(given) <= _today(ctx):
        return {"follow_up_due": L("预计解决日期应晚于今天。", "The expected day must be after today.")}
    return None


def follow_up_needed(ctx: ActionContext) -> Label | None:
    if ctx.data.get("classification") in FOLLOWED_UP:
        return None
    return L("答复已解决，无需跟踪落实。", "The answer solved it: nothing to follow up.")


def no_follow_up(ctx: ActionContext) -> Label | None:
    if follow_up_needed(ctx) is None:
        return L("列入计划或暂不能解决的，须跟踪落实至完成。",
                 "An answer in the plan or not solvable now is followed up until it is solved.")
    return None


def reason_when_unsatisfied(ctx: ActionContext) -> dict[str, Label] | None:
    unsatisfied = "unsatisfied" in (ctx.form.get("attitude"), ctx.form.get("result"))
    if unsatisfied and not str(ctx.form.get("rating_comment") or "").strip():
        return {"rating_comment": L("评价为“不满意”的，请说明不满意的原因，以便承办部门重新办理。",
                                    "Say why you are unsatisfied, so that the department knows what to handle "
                                    "again.")}
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
                              "overdue_repeat": str(policy.overdue_repeat) if policy.overdue_repeat else None,
                              "review_workdays": policy.review_workdays, "rating_days": policy.rating_days,
                              "follow_up_days": policy.follow_up_days}
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


def supervise(ctx: ActionContext) -> None:
    ctx.data["supervisions"] = [*ctx.data.get("supervisions", []), {"on": _today(ctx).isoformat()}]
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["lead_department"]), "proposal_supervised",
               note=ctx.form["supervision_note"])


def set_deadline(ctx: ActionContext) -> None:
    ctx.data["extensions"] = [*ctx.data.get("extensions", []),
                              {"from": ctx.data["due_date"], "to": ctx.form["new_deadline"], "by": "committee"}]
    ctx.data["due_date"] = ctx.form["new_deadline"]
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["lead_department"]), "proposal_deadline_set",
               new_deadline=ctx.form["new_deadline"], reason=ctx.form["deadline_reason"])


def reassign(ctx: ActionContext) -> None:
    old, new = ctx.data["lead_department"], ctx.form["new_lead_department"]
    ctx.data["reassignments"] = [*ctx.data.get("reassignments", []),
                                 {"from": old, "to": new, "on": _today(ctx).isoformat()}]
    ctx.data["lead_department"], ctx.data["due_date"] = new, ctx.form["new_deadline"]
    ctx.notify(Recipient(role="handler", organisation_id=old), "proposal_reassigned_away",
               reason=ctx.form["reassign_reason"])


def release_co_department(ctx: ActionContext) -> None:
    department = ctx.form["released_department"]
    ctx.data["pending_co_departments"] = [d for d in ctx.data["pending_co_departments"] if d != department]
    ctx.data.setdefault("released", {})[str(department)] = ctx.form["release_reason"]
    ctx.notify(Recipient(role="handler", organisation_id=department), "co_opinion_released",
               reason=ctx.form["release_reason"])


# The answer and its rating: a new answer replaces every part of the one before (what it leaves empty too), and a
# re-handling keeps the answer it follows, with its rating, as an earlier one. The last rating stays in the data
# until the proposer rates again (the figures count it); the pages show it with the answer it rated.
ANSWER_KEYS = ("classification", "answer", "measures_taken", "reason_not_now", "answered_on", "follow_up_due")
RATING_KEYS = ("attitude", "result", "rating_comment")


def record_answer(ctx: ActionContext) -> None:
    for key in ANSWER_KEYS:
        if key not in ctx.form:
            ctx.data.pop(key, None)
    ctx.data["answered_on"] = _today(ctx).isoformat()
    if ctx.data.get("classification") not in FOLLOWED_UP:
        ctx.data.pop("follow_up_due", None)
    elif not ctx.data.get("follow_up_due") and "policy" in ctx.data:
        days = ctx.data["policy"].get("follow_up_days", 90)
        ctx.count_deadline("follow_up_due", ctx.now, days, "days")


def set_review_due(ctx: ActionContext) -> None:
    """The committee reviews within the recorded working days after collection closes (or after today, for a
    proposal sent on later)."""
    session = ctx.db.use("congress").congress_session(ctx.data["session_id"])
    closes = session.collection_closes if session else _today(ctx)
    start = max(datetime.combine(closes, time(12), TZ), ctx.now.astimezone(TZ))
    days = ctx.data.get("policy", {}).get("review_workdays", 15)
    ctx.count_deadline("review_due", start, days, "workdays")


def record_not_rated(ctx: ActionContext) -> None:
    """No rating by the deadline: recorded as 未评价, which closes the proposal (or starts its follow-up)."""
    ctx.data["attitude"] = ctx.data["result"] = NOT_RATED
    ctx.data.pop("rating_comment", None)


def record_progress(ctx: ActionContext) -> None:
    ctx.data["progress_reports"] = [*ctx.data.get("progress_reports", []), {"on": _today(ctx).isoformat()}]


def record_completion(ctx: ActionContext) -> None:
    ctx.data["completed_on"] = _today(ctx).isoformat()


def record_rating(ctx: ActionContext) -> None:
    if "rating_comment" not in ctx.form:
        ctx.data.pop("rating_comment", None)


def _keep_earlier_answer(ctx: ActionContext) -> None:
    earlier = {k: ctx.data.pop(k) for k in ANSWER_KEYS if k in ctx.data}
    earlier.update({k: ctx.data[k] for k in RATING_KEYS if k in ctx.data})
    if earlier.get("answer"):
        ctx.data["earlier_answers"] = [*ctx.data.get("earlier_answers", []), earlier]


def order_rehandling(ctx: ActionContext) -> None:
    _keep_earlier_answer(ctx)
    assign(ctx)


def grant_extension(ctx: ActionContext) -> None:
    ctx.data["extensions"] = [*ctx.data.get("extensions", []),
                              {"from": ctx.data["due_date"], "to": ctx.data["new_due_date"]}]
    ctx.data["due_date"] = ctx.data.pop("new_due_date")


def refuse_extension(ctx: ActionContext) -> None:
    ctx.data.pop("new_due_date", None)


def rehandle(ctx: ActionContext) -> None:
    _keep_earlier_answer(ctx)
    ctx.data["rehandled"] = ctx.data.get("rehandled", 0) + 1
    ctx.count_deadline("due_date", ctx.now, ctx.data["policy"]["handling_days"], "days")
    ctx.data["pending_co_departments"] = []


GUARDS: dict[str, Guard] = {
    "in_collection_period": in_collection_period, "co_signers_valid": co_signers_valid,
    "not_answered_yet": not_answered_yet, "enough_co_signers": enough_co_signers,
    "endorsement_not_needed": endorsement_not_needed, "main_case_accepted": main_case_accepted,
    "due_date_ahead": due_date_ahead, "lead_not_co": lead_not_co,
    "reason_when_not_now": reason_when_not_now, "satisfied": satisfied,
    "rehandle_allowed": rehandle_allowed, "rehandle_used_up": rehandle_used_up,
    "no_opinion_pending": no_opinion_pending, "opinion_pending": opinion_pending,
    "department_pending": department_pending, "new_deadline_ahead": new_deadline_ahead,
    "another_lead": another_lead, "reason_when_unsatisfied": reason_when_unsatisfied,
    "follow_up_date_ahead": follow_up_date_ahead, "follow_up_needed": follow_up_needed,
    "no_follow_up": no_follow_up, "proposer_on_roster": proposer_on_roster,
    "co_signer_on_roster": co_signer_on_roster}


def effects(policy: Policy) -> dict[str, Effect]:
    """The effects by name; applying the policy records the given one in each new case."""
    return {"apply_policy": make_policy_effect(policy), "invite": invite, "co_sign": co_sign,
            "decline": decline, "number": number, "merge": merge, "assign": assign,
            "co_opinion": co_opinion, "grant_extension": grant_extension,
            "refuse_extension": refuse_extension, "rehandle": rehandle, "supervise": supervise,
            "set_deadline": set_deadline, "reassign": reassign, "release_co_department": release_co_department,
            "record_answer": record_answer, "record_rating": record_rating, "order_rehandling": order_rehandling,
            "set_review_due": set_review_due, "record_not_rated": record_not_rated,
            "record_progress": record_progress, "record_completion": record_completion}
