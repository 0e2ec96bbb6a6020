"""The disclosure workflows' guards and effects: an item made from its register entry for one period, its
publication and corrections (earlier texts kept), and a question's answer shown under the item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.time.calendar import TZ
from workflows.disclosures import periods
from workflows.disclosures.access import register_of
from workflows.disclosures.terms import NAME, L

LOCAL = "（本单位厂务公开制度）"  # local practice: no national rule sets these
NO_ENTRY = L("登记表中没有这一公开事项，或已停用。", "The register has no such active entry.")
BAD_PERIOD = L("公开期间不符合该事项的公开频次（如 2026-11、2026-Q4、2026）。",
               "The period does not match the entry's frequency (e.g. 2026-11, 2026-Q4, 2026).")
MADE = L("该事项本期的公开已经生成，每期只生成一次" + LOCAL + "。",
         "This period's item of the entry was already made: one item per period (local practice).")
NOT_ENDED = L("该期间尚未结束，期满后才生成本期公开" + LOCAL + "。",
              "The period has not ended yet: its item is made once it ends (local practice).")
EVENT_NEEDED = L("请说明需要公开的事件。", "Say which event is to be disclosed.")
NOT_PUBLISHED = L("只能对已公开的事项提问（《企业民主管理规定》厂务公开一章：及时反馈、修正）。",
                  "Questions may be asked only about a published item (《企业民主管理规定》, the chapter on 厂务公开: "
                  "feedback and correction).")


def _day(ctx: ActionContext) -> str:
    return ctx.now.astimezone(TZ).date().isoformat()


# -- guards ------------------------------------------------------------------------------------------------------
def entry_known(ctx: ActionContext) -> Label | dict[str, Label] | None:
    """A new item names an active entry of this union and a period of its frequency that has ended and has no
    item yet (an event entry: the event instead)."""
    entry = register_of(ctx).entry(ctx.form.get("entry") or 0)
    if entry is None or not entry.active or entry.organisation_id != ctx.organisation_id:
        return {"entry": NO_ENTRY}
    period = (ctx.form.get("period") or "").strip()
    if entry.frequency == "event":
        return {"event": EVENT_NEEDED} if not (ctx.form.get("event") or "").strip() else None
    if not periods.valid(period, entry.frequency):
        return {"period": BAD_PERIOD}
    if periods.bounds(period)[1].isoformat() >= _day(ctx):
        return {"period": NOT_ENDED}
    if entry.last_period is not None and entry.last_period >= period:
        return {"period": MADE}
    return None


def item_published(ctx: ActionContext) -> Label | dict[str, Label] | None:
    """A question is asked about a published item of the same union."""
    item = ctx.db.peek(ctx.form.get("item") or 0)
    if item is None or item.workflow != NAME or item.organisation_id != ctx.organisation_id:
        return {"item": NOT_PUBLISHED}
    return None if item.state == "published" else NOT_PUBLISHED


GUARDS = {"entry_known": entry_known, "item_published": item_published}


# -- effects -----------------------------------------------------------------------------------------------------
def effects(publish_workdays: int, answer_workdays: int) -> dict[str, Callable[[ActionContext], None]]:
    """The effects, with the union's periods (``[disclosure]``)."""

    def from_entry(ctx: ActionContext) -> None:
        access = register_of(ctx)
        entry = access.entry(ctx.form["entry"])
        assert entry is not None  # the guard saw it
        d = ctx.data
        d.update(category=entry.category, frequency=entry.frequency, channel=entry.channel, scope=entry.scope_id,
                 department=entry.department_id, publish_workdays=publish_workdays)
        if entry.frequency == "event":
            d["period"] = ""
            start = ctx.now
        else:
            if not access.claim_period(entry.id, d["period"]):
                raise RuntimeError("period claimed twice")  # the guard passed in the same transaction
            start = datetime.combine(periods.bounds(d["period"])[1], time(12), TZ)
        ctx.count_deadline("due_on", start, publish_workdays, "workdays")

    def published(ctx: ActionContext) -> None:
        d = ctx.data
        d["versions"] = [{"text": d["text"], "on": d["published_on"], "at": ctx.now.isoformat(), "reason": ""}]
        d["published_late"] = _day(ctx) > d["due_on"]

    def corrected(ctx: ActionContext) -> None:
        d = ctx.data
        d["versions"] = [*d.get("versions", []), {"text": d["text"], "on": _day(ctx), "at": ctx.now.isoformat(),
                                                  "reason": ctx.form.get("reason", "")}]

    def question_from_item(ctx: ActionContext) -> None:
        item = ctx.db.peek(ctx.form["item"])
        assert item is not None
        ctx.data.update(department=item.data["department"], scope=item.data["scope"], asked_on=_day(ctx),
                        answer_workdays=answer_workdays)
        ctx.count_deadline("answer_due", ctx.now, answer_workdays, "workdays")
        ctx.notify(Recipient(role="handler", organisation_id=item.data["department"]), "disclosure_question",
                   title=item.title)

    def answered(ctx: ActionContext) -> None:
        access, d = register_of(ctx), ctx.data
        d["answered_late"] = _day(ctx) > d["answer_due"]
        name = access.user_name(d["asker"]) if d.get("show_name") else None
        access.record_answer(ctx.case_id or 0, d["item"], d["text"], name, d["answer"],
                             date.fromisoformat(d["asked_on"]), ctx.now)
        ctx.notify(Recipient(user_id=d["asker"]), "disclosure_answered", title=d["text"][:40])

    return {"from_entry": from_entry, "published": published, "corrected": corrected,
            "question_from_item": question_from_item, "answered": answered}
