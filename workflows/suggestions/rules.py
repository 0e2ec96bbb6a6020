"""What the suggestion workflow checks and does: the guards that refuse an action with a reason, and the effects
that keep the assessment, the implementation and the award in the case's data."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from engine.core.context import ActionContext
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.suggestions.terms import NOT_ADOPTED, L

if TYPE_CHECKING:
    from workflows.suggestions.spec import Policy


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


# -- guards ---------------------------------------------------------------------------------------------------
def another_department(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("new_department") == ctx.data.get("department"):
        return {"new_department": L("建议已在这个部门评估，请选择另一个部门。",
                                    "The suggestion is with this department already: choose another.")}
    return None


def implemented_not_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    given = ctx.form.get("implemented_on")
    if given and date.fromisoformat(given) > _today(ctx):
        return {"implemented_on": L("实施日期不能晚于今天：请在实施后报告。",
                                    "The day it was implemented cannot be after today: report once it is done.")}
    if given and ctx.data.get("assessed_on") and given < ctx.data["assessed_on"]:
        return {"implemented_on": L(f"实施日期不能早于采纳日期（{ctx.data['assessed_on']}）。",
                                    f"It cannot be implemented before it was adopted ({ctx.data['assessed_on']}).")}
    return None


def benefit_given(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("benefit_amount") is None and not str(ctx.form.get("benefit") or "").strip():
        return {"benefit": L("请填写企业核定的效益：金额（元）或文字说明，至少一项。",
                             "Record the benefit the enterprise measured: an amount in yuan, a description, "
                             "or both.")}
    return None


def award_year_valid(ctx: ActionContext) -> dict[str, Label] | None:
    year = ctx.form.get("award_year")
    done = str(ctx.data.get("implemented_on") or "")[:4]
    if year is not None and done.isdigit() and year < int(done):
        return {"award_year": L(f"评奖年度不能早于实施年度（{done} 年）。",
                                f"The award year cannot be before the year it was implemented ({done}).")}
    if year is not None and year > _today(ctx).year:
        return {"award_year": L("评奖年度不能晚于今年。", "The award year cannot be after this year.")}
    return None


# -- effects --------------------------------------------------------------------------------------------------
def make_policy_effect(policy: Policy) -> Effect:
    def apply_policy(ctx: ActionContext) -> None:
        ctx.data["policy"] = {"assess_workdays": policy.assess_workdays,
                              "implementation_days": policy.implementation_days,
                              "reminders": [str(p) for p in policy.reminders],
                              "overdue_repeat": str(policy.overdue_repeat) if policy.overdue_repeat else None}
        ctx.data["year"] = _today(ctx).year  # the register's year: the year it was sent
    return apply_policy


def route(ctx: ActionContext) -> None:
    """Routed to a department: it assesses within the recorded working days (local practice)."""
    ctx.data["routed_on"] = _today(ctx).isoformat()
    days = ctx.data.get("policy", {}).get("assess_workdays", 15)
    ctx.count_deadline("assess_due", ctx.now, days, "workdays")


def reroute(ctx: ActionContext) -> None:
    old, new = ctx.data.get("department"), ctx.form["new_department"]
    ctx.data["reroutings"] = [*ctx.data.get("reroutings", []), {"from": old, "to": new, "on": _today(ctx).isoformat()}]
    ctx.data["department"] = new


def adopt(ctx: ActionContext) -> None:
    """Adopted in whole or part: its implementation is reported within the recorded days."""
    ctx.data["assessed_on"] = _today(ctx).isoformat()
    days = ctx.data.get("policy", {}).get("implementation_days", 90)
    ctx.count_deadline("implementation_due", ctx.now, days, "days")


def not_adopt(ctx: ActionContext) -> None:
    ctx.data["outcome"] = NOT_ADOPTED
    ctx.data["assessed_on"] = _today(ctx).isoformat()


def record_implementation(ctx: ActionContext) -> None:
    ctx.data["reported_on"] = _today(ctx).isoformat()


GUARDS: dict[str, Guard] = {
    "another_department": another_department, "implemented_not_ahead": implemented_not_ahead,
    "benefit_given": benefit_given, "award_year_valid": award_year_valid,
}


def effects(policy: Policy) -> dict[str, Effect]:
    """The effects by name; applying the policy records the given one in each new suggestion."""
    return {"apply_policy": make_policy_effect(policy), "route": route, "reroute": reroute, "adopt": adopt,
            "not_adopt": not_adopt, "record_implementation": record_implementation}
