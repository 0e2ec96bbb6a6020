"""Ballot items of a session: motions, elections and democratic evaluations put on the ballot, opened one at
a time once the quorum is present, and read back with their turnout (results only once closed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound, Refused, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.time.calendar import TZ
from workflows.congress import attendance, tally
from workflows.congress.models import BallotItem, Participation
from workflows.congress.permissions import CongressSessionRow, load_session, require_office
from workflows.congress.rules import CONTRACT_LAW, DOCUMENTS_PRACTICE, QUORUM_LAW, binding_quorum, rules_of

log = logging.getLogger(__name__)
items, participations = BallotItem.__table__, Participation.__table__

NO_QUORUM = Label("{law}：签到代表 {present} 人，未达到法定人数 {needed} 人（全体代表 {eligible} 人的 {share}），"
                  "不能开始表决。",
                  "{present} representatives have checked in; the quorum is {needed} ({share} of all {eligible}; "
                  "{law_en}): the ballot cannot open.")
NOT_IN_SESSION = Label("会议尚未开始，不能表决。", "The session has not opened: no ballot can open yet.")
SESSION_CLOSED = Label("会议已闭会。", "This session is closed.")
ANOTHER_OPEN = Label("“{title}”正在表决，请先结束该项表决。", "“{title}” is being voted on: close it first.")
NOT_DRAFT = Label("该事项已开始或已结束表决。", "This item has been opened or closed already.")
NOT_OPEN = Label("该事项不在表决中。", "This item is not open for voting.")
RESERVED_FULL = Label("该事项属于须由职工代表大会全体会议审议决定的事项，不能由代表团（组）长联席会议表决。",
                      "This matter is reserved to the full congress: a joint meeting of delegation heads cannot "
                      "decide it.")
RESERVED_DOCS = Label("按{practice}，该事项的文件须在开会 {days} 日前（{deadline} 前）送达代表；本次会议于 {opened} "
                      "开幕，文件{when}，不能表决。",
                      "By {practice_en}, this matter's documents must reach the representatives {days} days before "
                      "the session opens (by {deadline}); this session opened on {opened} and its documents "
                      "{when_en}: it cannot be voted on.")


@dataclass(frozen=True, slots=True)
class ItemView:
    id: int
    session_id: int
    case_id: int | None
    position: int
    kind: str
    title: str
    description: str
    options: dict[str, Any]
    pass_rule: str
    reserved: bool
    status: str
    eligible: int | None
    opened_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    result: dict[str, Any] | None  # only once closed
    participants: int = 0

    @property
    def kind_label(self) -> Label:
        return tally.KIND_LABELS[self.kind]


def _item_view(row: Any, participants: int = 0) -> ItemView:
    return ItemView(row.id, row.session_id, row.case_id, row.position, row.kind, row.title, row.description,
                    row.options, row.pass_rule, row.reserved, row.status, row.eligible, row.opened_at,
                    row.closes_at, row.closed_at, row.result if row.status == "closed" else None, participants)


def _names(raw: list[str] | None, field: str) -> list[str]:
    names = [n.strip() for n in raw or [] if n and n.strip()]
    if not names:
        raise ValidationFailed({field: [REQUIRED]})
    if len(set(names)) != len(names):
        raise ValidationFailed({field: [Label("名单中有重复。", "The list has a name twice.")]})
    return names


def add_item(env: Env, actor: Actor, session_id: int, *, kind: str, title: str, description: str = "",
             candidates: list[str] | None = None, max_choices: int | None = None, managers: list[str] | None = None,
             pass_rule: str | None = None, reserved: bool = False, closes_at: datetime | None = None,
             case_id: int | None = None) -> int:
    """Put an item on the session's ballot, after those already there; its pass rule is recorded now."""
    errors: dict[str, list[Label]] = {}
    if kind not in tally.KINDS:
        errors["kind"] = [Label("请选择表决类型。", "Choose the kind of item.")]
    if not title.strip():
        errors["title"] = [REQUIRED]
    elif len(title.strip()) > 300:
        errors["title"] = [Label("不能超过 300 个字符。", "At most 300 characters.")]
    rule = pass_rule or rules_of(env).default_pass_rule
    if rule not in rules_of(env).pass_rules:
        errors["pass_rule"] = [Label("请选择通过规则。", "Choose a pass rule.")]
    options: dict[str, Any] = {}
    try:
        if kind == "election":
            options["candidates"] = _names(candidates, "candidates")
            k = max_choices if max_choices is not None else 1
            if not 1 <= k <= len(options["candidates"]):
                errors["max_choices"] = [Label("应选人数应在 1 到候选人数之间。",
                                               "Choose between 1 and the number of candidates.")]
            options["max_choices"] = k
        elif kind == "evaluation":
            options["managers"] = _names(managers, "managers")
            options["scale"] = [[key, label.zh, label.en] for key, label in rules_of(env).evaluation_scale.items()]
    except ValidationFailed as err:
        errors.update(err.errors)
    if errors:
        raise ValidationFailed(errors)
    now = env.clock.now()
    if closes_at is not None and closes_at <= now:
        raise ValidationFailed({"closes_at": [Label("结束时间应晚于现在。",
                                                    "The closing time must be in the future.")]})
    with env.db.write() as conn:
        session = load_session(conn, session_id, lock=True)
        require_office(conn, actor, session, "add_item")
        if session.closed_at is not None:
            raise Refused(SESSION_CLOSED, code="closed")
        position = conn.execute(sa.select(sa.func.coalesce(sa.func.max(items.c.position), 0)).where(
            items.c.session_id == session_id)).scalar_one() + 1
        return conn.execute(items.insert().values(
            session_id=session_id, case_id=case_id, position=position, kind=kind, title=title.strip(),
            description=description.strip(), options=options, pass_rule="" if kind == "evaluation" else rule,
            reserved=reserved, status="draft", closes_at=closes_at, created_at=now)).inserted_primary_key[0]


def load_item(conn: sa.Connection, item_id: int, *, lock: bool = False) -> Any:
    query = sa.select(items).where(items.c.id == item_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("ballot item", item_id)
    return row


def reserved_problem(env: Env, session: CongressSessionRow) -> Label | None:
    """Why a matter reserved to the full congress cannot be voted on in this session, if it cannot."""
    if session.kind != "congress":
        return RESERVED_FULL
    # The day it actually opened counts, not the day planned: a session opened early is judged by that day.
    opening = session.opened_at.astimezone(TZ).date() if session.opened_at else session.opens_on
    if opening is None:
        return None
    deadline = opening - timedelta(days=rules_of(env).documents_days)
    delivered = session.documents_delivered_at.astimezone(TZ).date() if session.documents_delivered_at else None
    if delivered is None or delivered > deadline:
        when_zh = f"于 {delivered.isoformat()} 送达" if delivered else "尚未送达"
        when_en = f"reached them on {delivered.isoformat()}" if delivered else "were never delivered"
        return RESERVED_DOCS.format(days=rules_of(env).documents_days, deadline=deadline.isoformat(), when=when_zh,
                                    when_en=when_en, opened=opening.isoformat(), practice=DOCUMENTS_PRACTICE.zh,
                                    practice_en=DOCUMENTS_PRACTICE.en)
    return None


def open_item(env: Env, actor: Actor, item_id: int) -> None:
    """Open an item for voting: the session is open, no other item is, the quorum is present, and a reserved
    matter meets its conditions. The refusal says which condition is missing, with the numbers."""
    with env.db.write() as conn:
        row = load_item(conn, item_id, lock=True)
        session = load_session(conn, row.session_id, lock=True)
        require_office(conn, actor, session, "open_item")
        if row.status != "draft":
            raise Refused(NOT_DRAFT, code="not_draft")
        if session.closed_at is not None:
            raise Refused(SESSION_CLOSED, code="closed")
        if session.opened_at is None:
            raise Refused(NOT_IN_SESSION, code="not_in_session")
        other = conn.execute(sa.select(items.c.title).where(items.c.session_id == session.id,
                                                            items.c.status == "open")).first()
        if other is not None:
            raise Refused(ANOTHER_OPEN.format(title=other.title), code="another_open")
        q = attendance.quorum(env, conn, session)
        if not q.met:
            rule = binding_quorum(rules_of(env).quorum)
            # An item another case put to the ballot is that case's draft agreement: art. 36 governs it too.
            laws = [QUORUM_LAW] + ([CONTRACT_LAW] if row.case_id is not None else [])
            raise Refused(NO_QUORUM.format(present=q.present, needed=q.needed, eligible=q.eligible,
                                           share=f"{rule.numerator}/{rule.denominator}",
                                           law="、".join(law.zh for law in laws),
                                           law_en="; ".join(law.en for law in laws)), code="no_quorum")
        if row.reserved:
            problem = reserved_problem(env, session)
            if problem is not None:
                raise Refused(problem, code="reserved")
        conn.execute(items.update().where(items.c.id == item_id).values(
            status="open", eligible=q.eligible, opened_at=env.clock.now()))
    log.info("ballot item %s opened", item_id)


# -- reading -----------------------------------------------------------------------------------------------------------
def list_items(env: Env, session_id: int) -> list[ItemView]:
    """A session's items in order, with how many took part so far (turnout is public, results are not until
    an item closes)."""
    counts = (sa.select(sa.func.count()).where(participations.c.item_id == items.c.id)
              .correlate(items).scalar_subquery())
    with env.db.read() as conn:
        return [_item_view(r, r.participants) for r in conn.execute(
            sa.select(items, counts.label("participants")).where(items.c.session_id == session_id)
            .order_by(items.c.position))]


def get_item(env: Env, item_id: int) -> ItemView:
    with env.db.read() as conn:
        row = load_item(conn, item_id)
        n = conn.execute(sa.select(sa.func.count()).select_from(participations).where(
            participations.c.item_id == item_id)).scalar_one()
    return _item_view(row, n)
