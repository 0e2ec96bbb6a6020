"""What the worker requests workflow checks and does: its guards (a refusal with its reason) and its effects
(the data an action records). The spec names them; ``GUARDS`` and ``effects`` map the names to these."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.requests.terms import NAME, NOT_RATED, L

if TYPE_CHECKING:
    from workflows.requests.spec import Policy

REPLY_KEYS = ("answer", "replied_on", "rating", "rating_comment")


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


# -- guards ---------------------------------------------------------------------------------------------------
def department_due_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    due = ctx.form.get("department_due")
    if due is not None and str(due) <= _today(ctx).isoformat():
        return {"department_due": L("答复期限应晚于今天。", "The deadline must be after today.")}
    return None


def main_request_open(ctx: ActionContext) -> dict[str, Label] | None:
    main = ctx.db.peek(ctx.form.get("main_case", 0))
    if main is None or main.workflow != NAME or main.organisation_id != ctx.organisation_id or main.id == ctx.case_id:
        return {"main_case": L("请选择本单位的另一件职工诉求。", "Choose another worker request of this union.")}
    if main.state in ("merged", "converted") or main.follows_id is not None:
        return {"main_case": L("不能并入已并件或已转为提案的诉求。",
                               "A request cannot join one that was merged or turned into a proposal.")}
    return None


def collection_open(ctx: ActionContext) -> Label | None:
    if ctx.db.use("proposals").collecting(ctx.organisation_id) is None:
        return L("现在没有正在征集提案的职代会会议，不能转为提案。",
                 "No congress session is collecting proposals now, so it cannot become a proposal.")
    return None


def reason_when_unsatisfied(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("rating") == "unsatisfied" and not ctx.form.get("rating_comment"):
        return {"rating_comment": L("评价为“不满意”的，请说明原因，以便重新办理。",
                                    "Say why you are unsatisfied, so that it can be handled again.")}
    return None


def satisfied(ctx: ActionContext) -> Label | None:
    return L("不满意", "Unsatisfied") if ctx.data.get("rating") == "unsatisfied" else None


def reopen_allowed(ctx: ActionContext) -> Label | None:
    if ctx.data.get("rating") == "unsatisfied" and not ctx.data.get("reopened"):
        return None
    return L("已重新办理过一次", "Handled again once already")


def reopen_used(ctx: ActionContext) -> Label | None:
    if ctx.data.get("rating") == "unsatisfied" and ctx.data.get("reopened"):
        return None
    return L("尚可重新办理", "May still be handled again")


# -- effects --------------------------------------------------------------------------------------------------
def make_policy_effect(policy: Policy) -> Effect:
    def apply_policy(ctx: ActionContext) -> None:
        """Record the periods this request runs under (a change of config leaves it alone)."""
        ctx.data["policy"] = {"reply": f"{policy.reply_workdays} workdays",
                              "urgent": f"{policy.urgent_workdays} workdays"}
        ctx.data["anonymous"] = bool(ctx.data.get("anonymous"))
    return apply_policy


def register(ctx: ActionContext) -> None:
    year = _today(ctx).year
    ctx.data["number"] = f"{year}-{ctx.db.next_number(f'{NAME}:{year}'):03d}"
    ctx.data["registered_on"] = _today(ctx).isoformat()
    ctx.data["urgent"] = bool(ctx.data.get("urgent"))
    periods = ctx.data.get("policy") or {}
    ctx.data["reply_period"] = periods.get("urgent" if ctx.data["urgent"] else "reply", "5 workdays")
    _set_reply_due(ctx)


def _set_reply_due(ctx: ActionContext) -> None:
    """The last day of the reply's period from now, as the page and the statistics show it (the deadline itself is
    the state's timer, on the calendar path)."""
    amount, _, unit = ctx.data["reply_period"].partition(" ")
    ctx.data["reply_due"] = ctx.db.last_day(ctx.now, int(amount), unit).isoformat()


def route(ctx: ActionContext) -> None:
    ctx.data["departments"] = sorted({*ctx.data.get("departments", []), ctx.data["department"]})
    ctx.data.pop("department_answer", None)


def department_answer(ctx: ActionContext) -> None:
    ctx.data["department_answered_on"] = _today(ctx).isoformat()


def reply(ctx: ActionContext) -> None:
    """The reply the sender gets: the office's own words, or the department's answer as it stands."""
    answer = ctx.form.get("answer") or ctx.data.get("department_answer") or ""
    ctx.data["answer"] = answer
    ctx.data["replied_on"] = _today(ctx).isoformat()
    ctx.data["replies"] = ctx.data.get("replies", 0) + 1
    ctx.data["on_time"] = ctx.data["replied_on"] <= ctx.data.get("reply_due", ctx.data["replied_on"])
    for sender in ctx.db.use(NAME).merged_senders(ctx.case_id):  # those merged into it are told too
        ctx.notify(Recipient(user_id=sender), "request_main_replied")


def merge(ctx: ActionContext) -> None:
    ctx.follow(ctx.data["main_case"])


def convert(ctx: ActionContext) -> None:
    """Start the proposal draft, by the sender, with the request's text; the request keeps the link."""
    me = ctx.db.peek(ctx.case_id or 0)
    ctx.data["proposal_case"] = ctx.db.use("proposals").start_draft(
        ctx.starter_id, ctx.organisation_id, me.title if me else "", ctx.data.get("text", ""),
        ctx.data.get("topic", "other"))


def record_rating(ctx: ActionContext) -> None:
    if "rating_comment" not in ctx.form:
        ctx.data.pop("rating_comment", None)
    ctx.data["rated_on"] = _today(ctx).isoformat()


def record_not_rated(ctx: ActionContext) -> None:
    ctx.data["rating"] = NOT_RATED
    ctx.data.pop("rating_comment", None)


def _keep_earlier_reply(ctx: ActionContext) -> None:
    earlier: dict[str, Any] = {k: ctx.data.pop(k) for k in REPLY_KEYS if k in ctx.data}
    if earlier.get("answer"):
        ctx.data["earlier_replies"] = [*ctx.data.get("earlier_replies", []), earlier]


def reopen(ctx: ActionContext) -> None:
    _keep_earlier_reply(ctx)
    ctx.data["reopened"] = ctx.data.get("reopened", 0) + 1
    _set_reply_due(ctx)


def restart_reply(ctx: ActionContext) -> None:
    _set_reply_due(ctx)


def chair_reopen(ctx: ActionContext) -> None:
    _keep_earlier_reply(ctx)
    _set_reply_due(ctx)


GUARDS: dict[str, Guard] = {
    "department_due_ahead": department_due_ahead, "main_request_open": main_request_open,
    "collection_open": collection_open, "reason_when_unsatisfied": reason_when_unsatisfied,
    "satisfied": satisfied, "reopen_allowed": reopen_allowed, "reopen_used": reopen_used}


def effects(policy: Policy) -> dict[str, Effect]:
    return {"apply_policy": make_policy_effect(policy), "register": register, "route": route,
            "department_answer": department_answer, "reply": reply, "merge": merge, "convert": convert,
            "record_rating": record_rating, "record_not_rated": record_not_rated, "reopen": reopen,
            "chair_reopen": chair_reopen, "restart_reply": restart_reply}
