"""The inspections' guards and effects: the representatives from the current term's roster, a finding recorded
by one of them while the inspection records, its deadline counted on the holiday calendar, and the checks."""

from __future__ import annotations

from datetime import date

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.inspections.terms import INSPECTION, RECTIFICATION_WORKDAYS, RETRY_WORKDAYS, ROSTER_ARTICLE, L

RECORDING = "recording"  # the inspection's step in which its representatives record findings


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


def _roster_refusal(zh: str, en: str) -> Label:
    return L(f"{zh}（{ROSTER_ARTICLE.zh}）。", f"{en} ({ROSTER_ARTICLE.en}).")


# -- the inspection -----------------------------------------------------------------------------------------------
def representatives_on_roster(ctx: ActionContext) -> dict[str, Label] | None:
    """Every representative taking part is on the roster of the organisation's current congress term."""
    roster = set(ctx.db.use("congress").term_roster(ctx.organisation_id))
    if all(u in roster for u in ctx.form.get("representatives", [])):
        return None
    return {"representatives": _roster_refusal(
        "只有本届职代会代表名册上的代表才能参加职工代表巡视检查", "Only representatives on the roster of the current "
        "congress term take part in a representatives' inspection")}


def inspection_date_not_past(ctx: ActionContext) -> dict[str, Label] | None:
    if date.fromisoformat(ctx.form["inspection_date"]) < _today(ctx):
        return {"inspection_date": L("巡视日期不能早于今天。", "The inspection cannot be dated before today.")}
    return None


# -- a finding ----------------------------------------------------------------------------------------------------
def recorded_on_open_inspection(ctx: ActionContext) -> dict[str, Label] | None:
    """The finding belongs to an inspection of this organisation that is recording, and its recorder takes part
    in it."""
    found = ctx.db.peek(ctx.form.get("inspection_id", 0))
    if found is None or found.workflow != INSPECTION or found.organisation_id != ctx.organisation_id:
        return {"inspection_id": L("请选择本单位的巡视检查。", "Choose an inspection of this organisation.")}
    if found.state != RECORDING:
        return {"inspection_id": L("这次巡视检查已结束记录，不能再添加问题。",
                                   "This inspection has stopped recording findings.")}
    if ctx.actor_id not in found.data.get("representatives", []):
        return {"inspection_id": L("只有参加这次巡视检查的代表才能记录问题。",
                                   "Only the representatives on this inspection record its findings.")}
    return None


def due_date_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    name = "new_due_date" if "new_due_date" in ctx.form else "due_date"
    value = ctx.form.get(name)
    if value and date.fromisoformat(value) <= _today(ctx):
        return {name: L("整改期限应晚于今天。", "The deadline must be after today.")}
    return None


def rectified_not_later_than_today(ctx: ActionContext) -> dict[str, Label] | None:
    if date.fromisoformat(ctx.form["rectified_on"]) > _today(ctx):
        return {"rectified_on": L("整改完成日期不能晚于今天。", "The rectification cannot be dated after today.")}
    return None


def refused_once(ctx: ActionContext) -> Label | None:
    if ctx.data.get("refusals", 0) >= 1:
        return None
    return L("整改尚未被退回过。", "The rectification was not refused yet.")


def not_refused_yet(ctx: ActionContext) -> Label | None:
    if ctx.data.get("refusals", 0) < 1:
        return None
    return L("整改已退回过一次，再次不通过将提交工会主席决定。",
             "Refused once already: a second refusal goes to the union chair.")


def link_inspection(ctx: ActionContext) -> None:
    """Keep the inspection's representatives and subject on the finding (they read and check it), and count its
    deadline on the holiday calendar when the recorder named none."""
    found = ctx.db.peek(ctx.data["inspection_id"])
    assert found is not None  # the start guard saw it
    ctx.data["representatives"] = list(found.data.get("representatives", []))
    ctx.data["inspection_title"] = found.title
    if not ctx.data.get("due_date"):
        ctx.count_deadline("due_date", ctx.now, RECTIFICATION_WORKDAYS, "workdays")
    ctx.data["first_due_date"] = ctx.data["due_date"]
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["department"]), "finding_assigned")


def record_rectification(ctx: ActionContext) -> None:
    ctx.data["reported_on"] = _today(ctx).isoformat()
    ctx.data["reported_late"] = ctx.data["reported_on"] > ctx.data.get("due_date", "")


def refuse(ctx: ActionContext) -> None:
    """Back to the department with a new deadline: the one the representatives name, or counted."""
    ctx.data["refusals"] = ctx.data.get("refusals", 0) + 1
    if ctx.form.get("new_due_date"):
        ctx.data["due_date"] = ctx.form["new_due_date"]  # set by hand: no longer a counted date
    else:
        ctx.count_deadline("due_date", ctx.now, RETRY_WORKDAYS, "workdays")
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["department"]), "finding_refused")


def refuse_again(ctx: ActionContext) -> None:
    ctx.data["refusals"] = ctx.data.get("refusals", 0) + 1


def chair_reorders(ctx: ActionContext) -> None:
    ctx.data["due_date"] = ctx.form["new_due_date"]
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["department"]), "finding_refused")


def supervise(ctx: ActionContext) -> None:
    ctx.data["supervisions"] = [*ctx.data.get("supervisions", []), {"on": _today(ctx).isoformat()}]
    ctx.notify(Recipient(role="handler", organisation_id=ctx.data["department"]), "finding_supervised",
               note=ctx.form["supervision_note"])


INSPECTION_GUARDS: dict[str, Guard] = {"representatives_on_roster": representatives_on_roster,
                                       "inspection_date_not_past": inspection_date_not_past}
FINDING_GUARDS: dict[str, Guard] = {"recorded_on_open_inspection": recorded_on_open_inspection,
                                    "due_date_ahead": due_date_ahead, "refused_once": refused_once,
                                    "rectified_not_later_than_today": rectified_not_later_than_today,
                                    "not_refused_yet": not_refused_yet}
FINDING_EFFECTS: dict[str, Effect] = {"link_inspection": link_inspection, "record_rectification": record_rectification,
                                      "refuse": refuse, "refuse_again": refuse_again,
                                      "chair_reorders": chair_reorders, "supervise": supervise}
