"""What the agenda topic workflow checks and does. Collection follows the session's collection period (the one
its proposals use): both are gathered before the session, as union practice does (local practice, not statute)."""

from __future__ import annotations

from datetime import date, datetime, time

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import Effect, Guard
from engine.time.calendar import TZ
from workflows.agenda.terms import DECLINED, MERGED, NAME, SORT_WORKDAYS, WITHDRAWN, L


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


def in_collection_period(ctx: ActionContext) -> dict[str, Label] | None:
    session = ctx.db.use("congress").congress_session(ctx.data.get("session_id", 0))
    if session is None or session.organisation_id != ctx.organisation_id:
        return {"session_id": L("请选择本单位的职代会会议。", "Choose a congress session of this organisation.")}
    if not session.collection_opens <= _today(ctx) <= session.collection_closes:
        return {"session_id": L(
            f"本次会议的议题征集期为 {session.collection_opens} 至 {session.collection_closes}，现在不在征集期内。",
            f"Topics for this session are collected from {session.collection_opens} to "
            f"{session.collection_closes}; that period is not open now.")}
    return None


def main_topic(ctx: ActionContext) -> dict[str, Label] | None:
    main = ctx.db.peek(ctx.form["main_case"])
    if (main is None or main.id == ctx.case_id or main.workflow != NAME or main.organisation_id != ctx.organisation_id
            or main.state in (MERGED, DECLINED, WITHDRAWN) or main.follows_id is not None
            or main.data.get("session_id") != ctx.data.get("session_id")):
        return {"main_case": L("只能并入本次会议征集到、尚未并入其他议题的议题。",
                               "Group it only with a topic of the same session that is not grouped elsewhere.")}
    return None


def set_sort_due(ctx: ActionContext) -> None:
    """The office sorts a topic within five working days after collection closes (or after it came, if later)."""
    session = ctx.db.use("congress").congress_session(ctx.data["session_id"])
    closes = session.collection_closes if session else _today(ctx)
    start = max(datetime.combine(closes, time(12), TZ), ctx.now.astimezone(TZ))
    ctx.count_deadline("sort_due", start, SORT_WORKDAYS, "workdays")


def _tell(ctx: ActionContext, kind: str, note: str) -> None:
    """The sender, and the senders of the topics grouped under this one (each once)."""
    senders = [ctx.starter_id] if ctx.starter_id is not None else []
    if ctx.case_id is not None:
        senders += [u for u in ctx.db.follower_starters(ctx.case_id) if u not in senders]
    for user in senders:
        ctx.notify(Recipient(user_id=user), kind, note=note)


def put_on_agenda(ctx: ActionContext) -> None:
    _tell(ctx, "agenda_topic_on_agenda", ctx.form["agenda_line"])


def group(ctx: ActionContext) -> None:
    main = ctx.db.peek(ctx.form["main_case"])
    ctx.follow(ctx.form["main_case"])
    _tell(ctx, "agenda_topic_grouped", main.title if main else "")


def decline(ctx: ActionContext) -> None:
    _tell(ctx, "agenda_topic_declined", ctx.form["reason"])


GUARDS: dict[str, Guard] = {"in_collection_period": in_collection_period, "main_topic": main_topic}
EFFECTS: dict[str, Effect] = {"set_sort_due": set_sort_due, "put_on_agenda": put_on_agenda, "group": group,
                              "decline": decline}
