"""Changing or terminating an agreement in force (变更、解除, 《集体合同规定》 arts. 39–41), from version 3 of the
workflow. Either side may propose it: by agreement after consultation (art. 39), or on a condition of art. 40
(the employer merged, dissolved or bankrupt; force majeure; a condition the contract or the law sets). Art. 41
applies the bargaining procedure, so a change is a new bargaining case that amends the agreement: the written
request and reply, talks, a draft, the congress's vote, signatures, filing and the review. When it takes effect
the agreement it amends shows "changed" or "terminated" with the date and the reason (the scheduler's sweep
records it there), and the changed agreement runs to the old one's expiry; a termination is published to the
staff like an agreement, then closes."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from engine import services
from engine.core.context import ActionContext
from engine.core.i18n import Label
from engine.core.spec import Field, Notify, State, Transition
from workflows.bargaining import periods
from workflows.bargaining.terms import NAME, L

log = logging.getLogger(__name__)
IN_FORCE = ("in_force", "implementation_check", "renewal_window")  # an agreement that may be changed
TOOK_EFFECT = ("awaiting_publication", *IN_FORCE)  # an amendment past its review, not yet closed
PURPOSES = {"change": L("变更", "Change"), "terminate": L("解除", "Termination")}
GROUNDS = {
    "agreed": L("双方协商一致（第三十九条）", "Both sides agree (art. 39)"),
    "merger": L("用人单位被兼并、解散、破产等致使合同无法履行（第四十条第一项）",
                "The employer merged, dissolved or bankrupt, so that it cannot be performed (art. 40 (1))"),
    "force_majeure": L("因不可抗力等致使合同无法履行或部分无法履行（第四十条第二项）",
                       "Force majeure makes it impossible to perform, wholly or in part (art. 40 (2))"),
    "agreed_condition": L("合同约定的变更或解除条件出现（第四十条第三项）",
                          "A condition the contract set for its change or termination arose (art. 40 (3))"),
    "law": L("法律、法规、规章规定的其他情形（第四十条第四项）",
             "Another case the laws, regulations or rules provide (art. 40 (4))"),
}
START_FIELDS = (
    Field("amends", L("变更或解除的合同", "Agreement changed or terminated"), "case", required=False),
    Field("purpose", L("变更或解除", "Change or termination"), "choice", required=False, choices=tuple(PURPOSES),
          choice_labels=PURPOSES),
    Field("ground", L("变更或解除的依据", "Ground"), "choice", required=False, choices=tuple(GROUNDS),
          choice_labels=GROUNDS),
    Field("amend_reason", L("变更或解除的理由", "Why"), "text", max_length=5000, required=False),
)
RULE_39 = L("《集体合同规定》第三十九条、第四十条：只能变更或解除本单位正在履行的集体合同或专项集体合同。",
            "Collective Contract Provisions arts. 39–40: only an agreement of this organisation in force can be "
            "changed or terminated.")
RULE_40 = L("《集体合同规定》第三十九条、第四十条：变更或解除须经双方协商一致，或出现第四十条规定的情形；"
            "请选择变更或解除及其依据，并说明理由。",
            "Collective Contract Provisions arts. 39–40: a change or termination needs both sides' agreement or a "
            "condition of art. 40; choose change or termination, its ground, and say why.")
RULE_41 = L("《集体合同规定》第四十一条：变更或解除适用原合同的集体协商程序，协商类型须与原合同相同（{kind}）。",
            "Collective Contract Provisions art. 41: a change or termination follows the agreement's own "
            "bargaining procedure; choose its kind ({kind}).")
EARLIER_VERSION = L("该合同按旧版流程办理，请管理员先将其迁移到新版流程"
                    "（unionflow workflows migrate bargaining --to 3）。",
                    "This agreement runs on an earlier version of the workflow: an administrator migrates it first "
                    "(unionflow workflows migrate bargaining --to 3).")
RENEWS_TOO = L("续订与变更、解除请分别提出。", "A renewal and a change are requested separately.")


def _fmt(label: Label, **values: object) -> Label:
    return L(label.zh.format(**values), label.en.format(**values))


# -- at the start: what is amended, how and why ---------------------------------------------------------------------
def amendment_allowed(ctx: ActionContext) -> dict[str, Label] | None:
    old_id = ctx.form.get("amends")
    if old_id is None:
        return {"purpose": RULE_39} if ctx.form.get("purpose") or ctx.form.get("ground") else None
    if ctx.form.get("renews"):
        return {"amends": RENEWS_TOO}
    old = ctx.db.peek(old_id)
    if old is None or old.workflow != NAME or old.organisation_id != ctx.organisation_id or old.state not in IN_FORCE:
        return {"amends": RULE_39}
    for name in ("purpose", "ground", "amend_reason"):
        if not str(ctx.form.get(name) or "").strip():
            return {name: RULE_40}
    if "coordination_days" not in (old.data.get("policy") or {}):  # recorded from version 3 on, and by migrating
        return {"amends": EARLIER_VERSION}
    if ctx.form.get("kind") != old.data.get("kind"):
        kind = old.data.get("kind") or ""
        return {"kind": _fmt(RULE_41, kind=kind)}
    return None


def record(ctx: ActionContext) -> None:
    """The amended agreement's expiry, which a change keeps; the case follows the agreement it amends."""
    old = ctx.db.peek(ctx.form["amends"]) if ctx.form.get("amends") else None
    if old is not None:
        ctx.data["amends_expires_on"] = old.data.get("expires_on")
        ctx.follow(old.id)


def took_effect(ctx: ActionContext) -> None:
    """A change runs to the amended agreement's expiry; a termination has no term, only its publication."""
    periods.took_effect(ctx)
    if ctx.data.get("purpose") == "terminate":
        for key in ("expires_on", "renewal_opens", "next_check", "checks_due"):
            ctx.data.pop(key, None)
    elif ctx.data.get("amends") and ctx.data.get("amends_expires_on"):
        expires, policy = date.fromisoformat(ctx.data["amends_expires_on"]), ctx.data["policy"]
        opens = (expires - timedelta(days=policy["renewal_days"]) if policy.get("renewal_days")
                 else periods.add_months(expires, -policy["renewal_months"]))
        ctx.data["expires_on"], ctx.data["renewal_opens"] = expires.isoformat(), opens.isoformat()


def is_termination(ctx: ActionContext) -> Label | None:
    return None if ctx.data.get("purpose") == "terminate" else L("不是解除协议。", "Not a termination.")


def ended(ctx: ActionContext) -> None:
    """The agreement changed or terminated: when, how, why, and by which case."""
    ctx.data["ended_by"] = {k: ctx.form[k] for k in ("case", "on", "purpose", "ground", "reason") if k in ctx.form}


GUARDS = {"amendment_allowed": amendment_allowed, "is_termination": is_termination}
EFFECTS = {"amendment_recorded": record, "amended_effect": took_effect, "amended": ended}

# -- the steps: the old agreement changed or terminated; a termination published ---------------------------------
STATES = (
    State("amended", L("已变更", "Changed"), final=True),
    State("terminated", L("已解除", "Terminated"), final=True),
    State("termination_published", L("解除已公布", "Termination published"), final=True),
)
ENDED_FIELDS = tuple(Field(name, label, kind, required=False) for name, label, kind in (
    ("case", L("变更或解除协议", "The amending case"), "int"), ("on", L("生效日期", "In effect on"), "str"),
    ("purpose", L("变更或解除", "Change or termination"), "str"), ("ground", L("依据", "Ground"), "str"),
    ("reason", L("理由", "Why"), "text")))
TRANSITIONS = (
    Transition("record_change", IN_FORCE, "amended", L("变更协议生效", "The change takes effect"), ("system",),
               fields=ENDED_FIELDS, effects=("amended",),
               notify=(Notify("union_office", "bargaining_changed"), Notify("employer", "bargaining_changed"))),
    Transition("record_termination", IN_FORCE, "terminated", L("解除协议生效", "The termination takes effect"),
               ("system",), fields=ENDED_FIELDS, effects=("amended",),
               notify=(Notify("union_office", "bargaining_terminated"), Notify("employer", "bargaining_terminated"),
                       Notify("representative", "bargaining_terminated"))),
    Transition("termination_done", ("in_force",), "termination_published", L("解除已公布", "Termination published"),
               ("system",), auto=True, guards=("is_termination",)),
)


# -- the scheduler's sweep: an amendment that took effect marks the agreement it amends -----------------------------
def _took_effect(env: services.Env) -> list[services.CaseSummary]:
    """Changes and terminations past their review whose agreement may still stand: a termination waits for its
    publication (the sweep that made it take effect marks the agreement right after), a change runs in force."""
    found: list[services.CaseSummary] = []
    for purpose in PURPOSES:
        page = 1
        while True:
            batch = services.search_cases(env, services.SYSTEM_ACTOR, workflow=NAME, state=list(TOOK_EFFECT),
                                          data={"purpose": purpose}, page=page, per_page=200).items
            found += batch
            if len(batch) < 200:
                break
            page += 1
    return found


def settle(env: services.Env) -> int:
    """Mark each agreement whose change or termination has taken effect; returns how many were marked."""
    done = 0
    for case in _took_effect(env):
        old_id = case.data.get("amends")
        if not old_id or not case.data.get("effective_on"):
            continue
        try:
            old = services.case_view(env, services.SYSTEM_ACTOR, int(old_id))
        except services.NotFound:
            continue
        if old.state not in IN_FORCE:
            continue
        trigger = "record_termination" if case.data.get("purpose") == "terminate" else "record_change"
        form = {"case": case.id, "on": case.data["effective_on"], "purpose": case.data.get("purpose"),
                "ground": case.data.get("ground"), "reason": case.data.get("amend_reason") or ""}
        try:
            services.fire(env, services.SYSTEM_ACTOR, old.summary.id, trigger, form, expected_version=old.version)
            done += 1
        except services.EngineError as err:  # a case still on version 2 has no such step: migrate it first
            log.warning("bargaining case %s amended by %s cannot be marked: %s", old_id, case.id, err)
    return done
