"""The elections' guards and effects: the plan checked against the law, the ballot put to a congress session and
its count read back, the result reported and approved, and the term's reminders."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from engine.core.context import ActionContext, Recipient
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.elections.access import elections_of
from workflows.elections.committee import add_months
from workflows.elections.terms import CHARTER, ELECTED_LAW, RULES, RULES_LED, TERM_LAW, TERM_YEARS, L, cite

PLAN_CHECKS = ("plan_checked",)  # one guard, so that every field the law refuses is named at once
SPLIT = re.compile(r"[\n\r,，、;；]+")


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


def _value(ctx: ActionContext, name: str) -> Any:
    """What the form gives, else what the case holds (an action without the plan's fields checks the case)."""
    return ctx.form[name] if name in ctx.form else ctx.data.get(name)


def names(text: str | None) -> list[str]:
    """The names a list holds: one a line (commas and 顿号 separate too), blanks dropped."""
    return [n.strip() for n in SPLIT.split(text or "") if n.strip()]


# -- the plan ----------------------------------------------------------------------------------------------------
def term_is_three_or_five(ctx: ActionContext) -> dict[str, Label] | None:
    if _value(ctx, "term_years") in TERM_YEARS:
        return None
    return {"term_years": cite("基层工会委员会每届任期三年或者五年", "A base committee's term is three or five years",
                               TERM_LAW, CHARTER)}


def candidates_listed(ctx: ActionContext, contested: bool) -> dict[str, Label] | None:
    listed, seats = names(_value(ctx, "candidates")), int(_value(ctx, "committee_size") or 0)
    if len(set(listed)) != len(listed):
        return {"candidates": L("候选人名单中有重复的姓名。", "A name is on the list twice.")}
    if contested and len(listed) <= seats:
        return {"candidates": cite(f"候选人应多于委员名额（差额选举）：名额 {seats} 名，候选人 {len(listed)} 名",
                                   f"There must be more candidates than seats (a contested election): {seats} seats, "
                                   f"{len(listed)} candidates", RULES)}
    if len(listed) < seats:
        return {"candidates": L(f"候选人不能少于委员名额 {seats} 名。", f"At least {seats} candidates.")}
    return None


def election_date_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    value = _value(ctx, "election_date")
    if value and date.fromisoformat(value) <= _today(ctx):
        return {"election_date": L("选举日期应晚于今天：方案须先经上级工会批复。",
                                   "The election must be after today: the plan is approved first.")}
    return None


def no_relatives(ctx: ActionContext) -> dict[str, Label] | None:
    if _value(ctx, "no_relatives") is True:
        return None
    return {"no_relatives": cite("请确认候选人中没有企业主要负责人的近亲属：他们不得作为本企业基层工会委员会成员的人选",
                                 "Confirm that no candidate is a close relative of the enterprise's principal "
                                 "officers: they may not stand for its base committee", ELECTED_LAW)}


def plan_kept(ctx: ActionContext) -> None:
    ctx.data["candidate_list"] = names(ctx.data.get("candidates"))


def plan_sent(ctx: ActionContext) -> None:
    ctx.data["plan_sent_on"] = _today(ctx).isoformat()


def plan_approved(ctx: ActionContext) -> None:
    ctx.data["plan_approval"] = {"on": _today(ctx).isoformat(), "by": ctx.actor_id,
                                 "ref": ctx.form.get("reply_ref") or "", "note": ctx.form.get("reply_note") or ""}
    ctx.data["elected"] = []


def _returned(ctx: ActionContext, step: str, kind: str) -> None:
    ctx.data["returns"] = [*ctx.data.get("returns", []), {"step": step, "on": _today(ctx).isoformat(),
                                                          "reasons": ctx.form["reasons"]}]
    for role in ("union_office", "union_chair"):
        ctx.notify(Recipient(role=role, organisation_id=ctx.organisation_id), kind, reason=ctx.form["reasons"])


# -- the vote ----------------------------------------------------------------------------------------------------
def session_of_union(ctx: ActionContext) -> dict[str, Label] | None:
    congress = ctx.db.use("congress")
    session, phase = congress.congress_session(ctx.form["session_id"]), congress.session_phase(ctx.form["session_id"])
    if session is None or phase is None or session.organisation_id != ctx.organisation_id:
        return {"session_id": L("请选择本单位的会议。", "Choose a session of this union.")}
    if phase.closed:
        return {"session_id": L("这次会议已闭会。", "This session is closed.")}
    return None


def remaining(data: dict[str, Any]) -> tuple[list[str], int]:
    """The candidates not yet elected and the seats still open."""
    elected = data.get("elected") or []
    return [c for c in data.get("candidate_list", []) if c not in elected], int(data["committee_size"]) - len(elected)


def to_ballot(ctx: ActionContext) -> None:
    candidates, seats = remaining(ctx.data)
    again = bool(ctx.data.get("ballots"))
    title = f"{ctx.data.get('union_name') or ''}工会委员会委员{'另行' if again else ''}选举"
    item = ctx.db.use("congress").put_to_ballot(
        ctx.form["session_id"], title, ctx.case_id, f"应选 {seats} 名，候选人 {len(candidates)} 名（无记名投票）。",
        candidates=candidates, seats=seats)
    ctx.data["ballots"] = [*ctx.data.get("ballots", []), {"item_id": item, "session_id": ctx.form["session_id"],
                                                          "seats": seats, "candidates": candidates}]


def count_recorded(ctx: ActionContext) -> None:
    """The count of the last ballot: who it elected (by name), how many took part; never a vote."""
    ballot = ctx.data["ballots"][-1]
    item = ctx.db.use("congress").ballot_item(ballot["item_id"])
    result = (item.result if item is not None else None) or {}
    elected = [ballot["candidates"][i] for i in result.get("elected", [])]
    ctx.data["ballots"] = [*ctx.data["ballots"][:-1], {**ballot, "elected": elected,
                                                       "participants": result.get("participants", 0),
                                                       "eligible": result.get("eligible", 0),
                                                       "counted_on": _today(ctx).isoformat()}]
    ctx.data["elected"] = [*(ctx.data.get("elected") or []), *elected]
    if elected:
        ctx.data["elected_on"] = _today(ctx).isoformat()


def seats_filled(ctx: ActionContext) -> Label | None:
    return None if remaining(ctx.data)[1] <= 0 else L("委员名额尚未选满。", "Seats remain open.")


def seats_short(ctx: ActionContext) -> Label | None:
    return None if remaining(ctx.data)[1] > 0 else L("委员名额已选满。", "Every seat is filled.")


# -- the result --------------------------------------------------------------------------------------------------
def chair_elected(ctx: ActionContext) -> dict[str, Label] | None:
    elected = set(ctx.data.get("elected") or [])
    errors: dict[str, Label] = {}
    if ctx.form["chair"].strip() not in elected:
        errors["chair"] = cite("主席应从当选的委员中产生", "The chair is one of the committee elected", RULES)
    if any(v not in elected for v in names(ctx.form.get("vice_chairs"))):
        errors["vice_chairs"] = cite("副主席应从当选的委员中产生", "Vice-chairs are members of the committee elected",
                                     RULES)
    return errors or None


def result_sent(ctx: ActionContext) -> None:
    ctx.data["chair"] = ctx.form["chair"].strip()
    ctx.data["vice_chair_list"] = names(ctx.form.get("vice_chairs"))
    ctx.data["result_sent_on"] = _today(ctx).isoformat()


def approval_date_fits(ctx: ActionContext) -> dict[str, Label] | None:
    day = date.fromisoformat(ctx.form["approved_on"])
    if day > _today(ctx):
        return {"approved_on": L("批复日期不能晚于今天。", "The approval cannot be dated after today.")}
    if day < date.fromisoformat(ctx.data.get("elected_on") or day.isoformat()):
        return {"approved_on": cite("批复日期不能早于选举日期：选举结果须经上一级工会批准",
                                    "The approval cannot come before the election: the higher union approves its "
                                    "result", RULES_LED)}
    return None


def record_term(ctx: ActionContext) -> None:
    """The approval starts the new committee's term (from the day it was elected) and ends the one before."""
    approved_on = date.fromisoformat(ctx.form["approved_on"])
    ctx.data["result_approval"] = {"on": approved_on.isoformat(), "by": ctx.actor_id,
                                   "ref": ctx.form.get("reply_ref") or "", "note": ctx.form.get("reply_note") or ""}
    ctx.data["term_id"] = elections_of(ctx).record_term(
        ctx.organisation_id, date.fromisoformat(ctx.data["elected_on"]), int(ctx.data["term_years"]), approved_on,
        ctx.case_id)


def election_effects(contested: bool) -> dict[str, Effect]:
    def keep_policy(ctx: ActionContext) -> None:
        ctx.data["policy"] = {"contested": contested}
        ctx.data["union_name"] = elections_of(ctx).organisation(ctx.organisation_id)[0]
        plan_kept(ctx)

    return {"keep_policy": keep_policy, "plan_kept": plan_kept, "plan_sent": plan_sent,
            "plan_approved": plan_approved,
            "plan_returned": lambda ctx: _returned(ctx, "plan", "election_plan_returned"),
            "to_ballot": to_ballot, "count_recorded": count_recorded, "result_sent": result_sent,
            "result_returned": lambda ctx: _returned(ctx, "result", "election_result_returned"),
            "record_term": record_term}


def election_guards(contested: bool) -> dict[str, Guard]:
    def plan_checked(ctx: ActionContext) -> dict[str, Label] | None:
        errors: dict[str, Label] = {}
        for check in (term_is_three_or_five, election_date_ahead, no_relatives):
            errors.update(check(ctx) or {})  # a running case keeps the policy it recorded:
        errors.update(candidates_listed(ctx, (ctx.data.get("policy") or {}).get("contested", contested)) or {})
        return errors or None

    return {"plan_checked": plan_checked, "session_of_union": session_of_union, "seats_filled": seats_filled,
            "seats_short": seats_short,
            "chair_elected": chair_elected, "approval_date_fits": approval_date_fits}


# -- the term ----------------------------------------------------------------------------------------------------
def watch_term(ctx: ActionContext) -> None:
    """The dates the term's timers fire at the end of: the eve of six and three months before it runs out, and
    its last day; the term names this case as its watch."""
    ends_on = date.fromisoformat(ctx.data["ends_on"])
    ctx.data["six_months_eve"] = (add_months(ends_on, -6) - timedelta(days=1)).isoformat()
    ctx.data["three_months_eve"] = (add_months(ends_on, -3) - timedelta(days=1)).isoformat()
    ctx.data["last_day"] = (ends_on - timedelta(days=1)).isoformat()
    assert ctx.case_id is not None
    if not elections_of(ctx).link_watch(int(ctx.data["term_id"]), ctx.case_id):  # watched meanwhile: no second
        raise ValidationFailed({"term_id": [L("这一任期已有提醒。", "This term is watched already.")]})


def _remind(ctx: ActionContext, kind: str, superseded_after: str) -> None:
    """Tell the union office and chair, unless the next reminder is already due (it says more)."""
    if _today(ctx).isoformat() > ctx.data[superseded_after]:
        return
    for role in ("union_office", "union_chair"):
        ctx.notify(Recipient(role=role, organisation_id=ctx.organisation_id), kind, expires_on=ctx.data["ends_on"])


def escalate(ctx: ActionContext) -> None:
    _name, parent = elections_of(ctx).organisation(ctx.organisation_id)
    payload = {"expires_on": ctx.data["ends_on"]}
    if parent is not None:
        ctx.notify(Recipient(role="federation_office", organisation_id=parent), "term_expired", **payload)
    for role in ("union_office", "union_chair"):
        ctx.notify(Recipient(role=role, organisation_id=ctx.organisation_id), "term_expired", **payload)


TERM_EFFECTS: dict[str, Effect] = {"watch_term": watch_term,
                                   "remind_six": lambda ctx: _remind(ctx, "term_six_months", "three_months_eve"),
                                   "remind_three": lambda ctx: _remind(ctx, "term_three_months", "last_day"),
                                   "escalate": escalate}
