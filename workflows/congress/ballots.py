"""Secret ballots, item by item: motions, elections and democratic evaluations, generic over sessions.

Secret by construction: ``participations`` says who took part, ``ballot_box`` holds what was chosen, and
nothing links them: a vote row has a 128-bit random key, no voter, no time and no sequence; the random key
orders SQLite's table (no rowid). Both rows are written in one transaction, and the participation row is
unique per voter and item, so nobody votes twice. When an item closes its votes move, in random order, to
``votes`` and the box is rewritten (TRUNCATE on PostgreSQL; VACUUM on SQLite), so that a dump or backup
taken after close keeps no trace of the order in which votes arrived. Nothing here logs a choice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
import sqlalchemy as sa

from engine.core import runtime
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.env import Env
from engine.core.errors import NotFound, PermissionDenied, Refused, TransitionNotAllowed, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.store.models import User
from engine.time.calendar import TZ
from workflows.congress import attendance, tally
from workflows.congress.models import BallotBoxVote, BallotItem, CheckIn, PaperTally, Participation, Vote
from workflows.congress.permissions import (
    OFFICE_ROLES,
    TELLER,
    CongressSessionRow,
    holds_any,
    load_session,
    require_office,
    require_teller,
    roster_size,
)
from workflows.congress.rules import rules_of
from workflows.congress.statements import CongressStatements

log = logging.getLogger(__name__)
items, box, votes = BallotItem.__table__, BallotBoxVote.__table__, Vote.__table__
participations, check_ins, tallies, users = (
    Participation.__table__, CheckIn.__table__, PaperTally.__table__, User.__table__)
_random = secrets.SystemRandom()

NO_QUORUM = Label("签到代表 {present} 人，未达到法定人数 {needed} 人（全体代表 {eligible} 人的 {share}），"
                  "不能开始表决。",
                  "{present} representatives have checked in; the quorum is {needed} ({share} of all {eligible}): "
                  "the ballot cannot open.")
NOT_IN_SESSION = Label("会议尚未开始，不能表决。", "The session has not opened: no ballot can open yet.")
SESSION_CLOSED = Label("会议已闭会。", "This session is closed.")
ANOTHER_OPEN = Label("“{title}”正在表决，请先结束该项表决。", "“{title}” is being voted on: close it first.")
NOT_DRAFT = Label("该事项已开始或已结束表决。", "This item has been opened or closed already.")
NOT_OPEN = Label("该事项不在表决中。", "This item is not open for voting.")
NOT_CHECKED_IN = Label("请先签到再投票。", "Check in before you vote.")
ALREADY_VOTED = Label("您已对该事项投过票，每人只能投一次。", "You have voted on this item already: one vote each.")
RESERVED_FULL = Label("该事项属于须由职工代表大会全体会议审议决定的事项，不能由代表团（组）长联席会议表决。",
                      "This matter is reserved to the full congress: a joint meeting of delegation heads cannot "
                      "decide it.")
RESERVED_DOCS = Label("该事项的文件须在开会 {days} 日前（{deadline} 前）送达代表，本次会议的文件{when}，不能表决。",
                      "This matter's documents must reach the representatives {days} days before the session "
                      "(by {deadline}); this session's documents {when_en}: it cannot be voted on.")
PAPER_OPEN = Label("计票未完成：票箱 {boxes} 两名计票人录入的数字不一致或只有一人录入。",
                   "Paper count unfinished: for box {boxes} two tellers have not entered the same numbers.")
PAPER_MISMATCH = Label("纸质票 {counted} 张与登记的纸质投票人数 {voters} 不符。",
                       "{counted} paper ballots counted but {voters} paper voters recorded.")
PAPER_ALREADY = Label("{name} 已参与该事项的表决。", "{name} has taken part in this item already.")


def _receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


def new_receipt() -> str:
    """A receipt code a person can read out: 20 base-32 characters (100 random bits) in groups of 4."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i:i + 4] for i in range(0, 20, 4))


_INTEGRITY = (sqlite3.IntegrityError, psycopg.IntegrityError)


# -- items -------------------------------------------------------------------------------------------------------------
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


def _load_item(conn: sa.Connection, item_id: int, *, lock: bool = False) -> Any:
    query = sa.select(items).where(items.c.id == item_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("ballot item", item_id)
    return row


def reserved_problem(env: Env, session: CongressSessionRow) -> Label | None:
    """Why a matter reserved to the full congress cannot be voted on in this session, if it cannot."""
    if session.kind != "congress":
        return RESERVED_FULL
    opening = session.opens_on or (session.opened_at.astimezone(TZ).date() if session.opened_at else None)
    if opening is None:
        return None
    deadline = opening - timedelta(days=rules_of(env).documents_days)
    delivered = session.documents_delivered_at.astimezone(TZ).date() if session.documents_delivered_at else None
    if delivered is None or delivered > deadline:
        when_zh = f"于 {delivered.isoformat()} 送达" if delivered else "尚未送达"
        when_en = f"reached them on {delivered.isoformat()}" if delivered else "were never delivered"
        return RESERVED_DOCS.format(days=rules_of(env).documents_days, deadline=deadline.isoformat(), when=when_zh,
                                    when_en=when_en)
    return None


def open_item(env: Env, actor: Actor, item_id: int) -> None:
    """Open an item for voting: the session is open, no other item is, the quorum is present, and a reserved
    matter meets its conditions. The refusal says which condition is missing, with the numbers."""
    with env.db.write() as conn:
        row = _load_item(conn, item_id, lock=True)
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
            share = f"{rules_of(env).quorum.numerator}/{rules_of(env).quorum.denominator}"
            raise Refused(NO_QUORUM.format(present=q.present, needed=q.needed, eligible=q.eligible, share=share),
                          code="no_quorum")
        if row.reserved:
            problem = reserved_problem(env, session)
            if problem is not None:
                raise Refused(problem, code="reserved")
        conn.execute(items.update().where(items.c.id == item_id).values(
            status="open", eligible=q.eligible, opened_at=env.clock.now()))
    log.info("ballot item %s opened", item_id)


# -- voting ------------------------------------------------------------------------------------------------------------
def vote(env: Env, actor: Actor, item_id: int, choice: Any) -> str:
    """Cast the actor's vote; returns the receipt code, shown once to the voter and stored only hashed."""
    if actor.user_id is None:
        raise PermissionDenied("vote", ("representative",))
    sql = CongressStatements.of(env.db)
    code = new_receipt()
    with env.db.transaction() as tx:
        found = tx.one(sql.vote_item, {"id": item_id})
        if found is None:
            raise NotFound("ballot item", item_id)
        status, kind, options, session_id, closes_at = found
        if status != "open":
            raise Refused(NOT_OPEN, code="not_open")
        if closes_at is not None and env.db.load_ts(closes_at) <= env.clock.now():  # due, not yet swept
            raise Refused(NOT_OPEN, code="not_open")
        stored = tally.check_choice(kind, env.db.load_js(options), choice)
        if tx.one(sql.checked_in, {"session": session_id, "user": actor.user_id}) is None:
            raise Refused(NOT_CHECKED_IN, code="not_checked_in")
        try:
            tx.execute(sql.participate, {"item": item_id, "user": actor.user_id})
        except _INTEGRITY:
            raise Refused(ALREADY_VOTED, code="already_voted") from None
        tx.execute(sql.cast_vote, {"id": secrets.token_hex(16), "item": item_id, "choice": stored,
                              "receipt": _receipt_hash(code)})
    return code


def record_paper_voters(env: Env, actor: Actor, item_id: int, user_ids: list[int]) -> int:
    """Record who voted on paper for an open item (not what they chose); they must have checked in."""
    with env.db.write() as conn:
        row = _load_item(conn, item_id, lock=True)
        session = load_session(conn, row.session_id)
        require_office(conn, actor, session, "record_paper_voters")
        if row.status != "open":
            raise Refused(NOT_OPEN, code="not_open")
        wanted = list(dict.fromkeys(user_ids))
        present = set(conn.execute(sa.select(check_ins.c.user_id).where(
            check_ins.c.session_id == session.id, check_ins.c.user_id.in_(wanted))).scalars())
        taken = set(conn.execute(sa.select(participations.c.user_id).where(
            participations.c.item_id == item_id, participations.c.user_id.in_(wanted))).scalars())
        names = dict(conn.execute(sa.select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted))).all())
        for u in wanted:
            if u not in present:
                name = names.get(u, f"#{u}")
                raise Refused(Label(f"{name} 尚未签到。", f"{name} has not checked in."), code="not_checked_in")
            if u in taken:
                raise Refused(PAPER_ALREADY.format(name=names[u]), code="already_voted")
        if wanted:
            conn.execute(participations.insert(), [{"item_id": item_id, "user_id": u, "channel": "paper"}
                                                   for u in wanted])
        return len(wanted)


def enter_tally(env: Env, actor: Actor, item_id: int, box_name: str, counts: dict[str, Any]) -> None:
    """A teller enters the count of one paper ballot box (replacing their own earlier entry for it)."""
    name = box_name.strip()
    if not name:
        raise ValidationFailed({"box": [REQUIRED]})
    if len(name) > 50:  # the column's length: cut short, a teller's second entry would not replace the first
        raise ValidationFailed({"box": [Label("不能超过 50 个字符。", "At most 50 characters.")]})
    with env.db.write() as conn:
        row = _load_item(conn, item_id, lock=True)
        session = load_session(conn, row.session_id)
        require_teller(conn, actor, session)
        if row.status != "open":
            raise Refused(NOT_OPEN, code="not_open")
        checked = tally.check_paper(row.kind, row.options, counts)
        t = tallies.c
        conn.execute(tallies.delete().where(t.item_id == item_id, t.box == name, t.teller_id == actor.user_id))
        conn.execute(tallies.insert().values(item_id=item_id, box=name, teller_id=actor.user_id,
                                             counts=checked, entered_at=env.clock.now()))


def _paper(conn: sa.Connection, item_id: int) -> tuple[dict[str, dict[str, int]], list[str]]:
    t = tallies.c
    return tally.confirmed_boxes(
        (r.box, r.teller_id, r.counts) for r in conn.execute(
            sa.select(t.box, t.teller_id, t.counts).where(t.item_id == item_id).order_by(t.box, t.id)))


@dataclass(frozen=True, slots=True)
class BoxStatus:
    """Where the count of one paper ballot box stands: ``confirmed`` (two tellers entered the same numbers),
    ``waiting`` (one teller so far) or ``differs`` (tellers entered different numbers). ``mine`` is the asking
    teller's own entry, never another teller's."""

    box: str
    status: str
    tellers: int
    mine: dict[str, int] | None


def paper_boxes(env: Env, actor: Actor, item_id: int) -> list[BoxStatus]:
    """The paper boxes of an item as tellers and the office see them, without another teller's numbers."""
    with env.db.read() as conn:
        row = _load_item(conn, item_id)
        session = load_session(conn, row.session_id)
        if not holds_any(conn, actor.user_id, session.organisation_id, (TELLER, *OFFICE_ROLES)):
            raise PermissionDenied("paper_boxes", (TELLER, *OFFICE_ROLES))
        t = tallies.c
        entries = [(r.box, r.teller_id, r.counts) for r in conn.execute(
            sa.select(t.box, t.teller_id, t.counts).where(t.item_id == item_id).order_by(t.box, t.id))]
    confirmed, _ = tally.confirmed_boxes(entries)
    found: list[BoxStatus] = []
    for name in sorted({b for b, _, _ in entries}):
        mine = next((dict(c) for b, teller, c in entries if b == name and teller == actor.user_id), None)
        tellers = len({teller for b, teller, _ in entries if b == name})
        status = "confirmed" if name in confirmed else ("differs" if tellers > 1 else "waiting")
        found.append(BoxStatus(name, status, tellers, mine))
    return found


# -- closing --------------------------------------------------------------------------------------------------------
def close_item(env: Env, actor: Actor, item_id: int) -> dict[str, Any]:
    """Close an item: check the paper count, move the votes out of the box in random order, count, publish the
    result to every representative of the term."""
    with env.db.write() as conn:
        row = _load_item(conn, item_id, lock=True)
        session = load_session(conn, row.session_id)
        require_office(conn, actor, session, "close_item")
        if row.status != "open":
            raise Refused(NOT_OPEN, code="not_open")
        confirmed, unfinished = _paper(conn, item_id)
        if unfinished:
            raise Refused(PAPER_OPEN.format(boxes="、".join(unfinished)), code="paper_unfinished")
        paper_voters = conn.execute(sa.select(sa.func.count()).select_from(participations).where(
            participations.c.item_id == item_id, participations.c.channel == "paper")).scalar_one()
        counted = sum(b["ballots"] + b["invalid"] for b in confirmed.values())
        if counted != paper_voters:
            raise Refused(PAPER_MISMATCH.format(counted=counted, voters=paper_voters), code="paper_mismatch")
        moved = _rewrite_box(env, conn, item_id)
        online, ballots = tally.count_votes(row.kind, row.options, (c for _, c, _ in moved))
        participants = conn.execute(sa.select(sa.func.count()).select_from(participations).where(
            participations.c.item_id == item_id)).scalar_one()
        present = attendance.quorum(env, conn, session).present
        rule = rules_of(env).pass_rules.get(row.pass_rule) if row.kind != "evaluation" else None
        outcome = tally.result(row.kind, row.options, rule, eligible=row.eligible or roster_size(conn, session.term_id),
                               present=present, participants=participants, online=online,
                               online_ballots=ballots, paper=confirmed.values())
        now = env.clock.now()
        conn.execute(items.update().where(items.c.id == item_id).values(status="closed", closed_at=now,
                                                                         result=outcome))
        if row.case_id is not None:
            _decide_case(env, conn, row.case_id, bool(outcome.get("passed")))
        everyone = attendance.roster_ids(conn, session)
        attendance.queue(conn, now, everyone, "ballot_result",
                         {"title": session.name, "item": row.title, "session_id": session.id,
                          "path": f"/congress/sessions/{session.id}/results"}, session.case_id)
    if env.db.sqlite:
        _vacuum(env)
    log.info("ballot item %s closed", item_id)
    return outcome


def _decide_case(env: Env, conn: sa.Connection, case_id: int, passed: bool) -> None:
    """Tell the case an item decides how the vote went, in the closing transaction (``ballot_passed`` or
    ``ballot_failed``, fired by the system); a case not waiting for the vote is left alone."""
    trigger = "ballot_passed" if passed else "ballot_failed"
    try:
        runtime.fire_in(env.db.raw(conn), env, SYSTEM_ACTOR, case_id, trigger)
    except TransitionNotAllowed:
        log.warning("ballot for case %s closed but the case does not wait for it", case_id)


def _rewrite_box(env: Env, conn: sa.Connection, item_id: int) -> list[tuple[str, str, str]]:
    """Move an item's votes to ``votes`` in random order and rewrite the box without them."""
    b = box.c
    if not env.db.sqlite:
        # Lock out votes on other items before reading the box: a vote written but not yet committed when we
        # read would otherwise be emptied by the TRUNCATE below and never put back.
        conn.exec_driver_sql("LOCK TABLE ballot_box IN ACCESS EXCLUSIVE MODE")
    moved = [tuple(r) for r in conn.execute(sa.select(b.id, b.choice, b.receipt).where(b.item_id == item_id))]
    _random.shuffle(moved)
    if moved:
        conn.execute(votes.insert(), [{"id": i, "item_id": item_id, "choice": c, "receipt": r} for i, c, r in moved])
    if env.db.sqlite:
        conn.execute(box.delete().where(b.item_id == item_id))
    else:
        others = [dict(r._mapping) for r in conn.execute(sa.select(box).where(b.item_id != item_id))]
        _random.shuffle(others)
        conn.exec_driver_sql("TRUNCATE ballot_box")
        if others:
            conn.execute(box.insert(), others)
    return moved  # type: ignore[return-value]


def _vacuum(env: Env) -> None:
    """Rebuild the SQLite file and empty its write-ahead log, so deleted box pages leave no trace."""
    try:
        with env.db.engine.connect() as conn:
            driver = conn.connection.driver_connection
            driver.execute("VACUUM")
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as err:  # another connection is busy; the next close tries again
        log.warning("could not vacuum after closing a ballot: %s", err)


def close_due_items(env: Env) -> int:
    """Close the items whose set closing time has passed (the scheduler's sweep calls this)."""
    with env.db.read() as conn:
        due = list(conn.execute(sa.select(items.c.id).where(items.c.status == "open",
                                                            items.c.closes_at <= env.clock.now())).scalars())
    closed = 0
    for item_id in due:
        try:
            close_item(env, SYSTEM_ACTOR, item_id)
            closed += 1
        except Refused as err:
            log.warning("ballot item %s is due to close but cannot: %s", item_id, err.label.en)
    return closed


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
        row = _load_item(conn, item_id)
        n = conn.execute(sa.select(sa.func.count()).select_from(participations).where(
            participations.c.item_id == item_id)).scalar_one()
    return _item_view(row, n)


def has_voted(env: Env, user_id: int, item_ids: list[int]) -> set[int]:
    with env.db.read() as conn:
        return set(conn.execute(sa.select(participations.c.item_id).where(
            participations.c.user_id == user_id, participations.c.item_id.in_(item_ids))).scalars())


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """What a receipt code proves: the vote was counted in this item; the choice is shown to its holder."""

    item_id: int
    item_title: str
    counted: bool  # False while the item is still open (the vote is in the box, counted at close)
    choice: Any


def check_receipt(env: Env, session_id: int, code: str) -> ReceiptCheck | None:
    digest = _receipt_hash(code)
    with env.db.read() as conn:
        for table, counted in ((votes, True), (box, False)):
            row = conn.execute(sa.select(table.c.item_id, table.c.choice, items.c.title)
                               .join(items, items.c.id == table.c.item_id)
                               .where(table.c.receipt == digest, items.c.session_id == session_id)).first()
            if row is not None:
                return ReceiptCheck(row.item_id, row.title, counted, json.loads(row.choice))
    return None
