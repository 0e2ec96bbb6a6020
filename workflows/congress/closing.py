"""Paper ballots and closing an item: paper voters recorded, each box counted by two tellers, then the close.

When an item closes its sealed votes are opened with the item's ballot key and move, in random order and under
new keys, to ``votes``; the box is rewritten (TRUNCATE on PostgreSQL; VACUUM on SQLite), who took part is
rewritten and vacuumed (on PostgreSQL), so that a dump or backup taken after close keeps no trace of the order in
which votes arrived, nor of the transactions that cast them. The result is published to every representative,
and a case waiting for the vote is told how it went. Nothing here logs a choice.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from engine.core import runtime
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.env import Env
from engine.core.errors import PermissionDenied, Refused, TransitionNotAllowed, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.store.models import User
from workflows.congress import attendance, sealing, tally
from workflows.congress.items import NOT_OPEN, load_item
from workflows.congress.models import BallotBoxVote, BallotItem, CheckIn, PaperTally, Participation, Vote
from workflows.congress.permissions import (
    OFFICE_ROLES,
    TELLER,
    holds_any,
    is_representative,
    load_session,
    refuse_off_roster,
    require_office,
    require_teller,
    roster_size,
)
from workflows.congress.rules import rules_of

log = logging.getLogger(__name__)
items, box, votes = BallotItem.__table__, BallotBoxVote.__table__, Vote.__table__
participations, check_ins, tallies, users = (
    Participation.__table__, CheckIn.__table__, PaperTally.__table__, User.__table__)
_random = secrets.SystemRandom()

PAPER_OPEN = Label("计票未完成：票箱 {boxes} 两名计票人录入的数字不一致或只有一人录入。",
                   "Paper count unfinished: for box {boxes} two tellers have not entered the same numbers.")
PAPER_MISMATCH = Label("纸质票 {counted} 张与登记的纸质投票人数 {voters} 不符。",
                       "{counted} paper ballots counted but {voters} paper voters recorded.")
PAPER_ALREADY = Label("{name} 已参与该事项的表决。", "{name} has taken part in this item already.")


# -- paper ballots -----------------------------------------------------------------------------------------------------
def record_paper_voters(env: Env, actor: Actor, item_id: int, user_ids: list[int]) -> int:
    """Record who voted on paper for an open item (not what they chose); they must be on the term's roster and
    have checked in."""
    with env.db.write() as conn:
        row = load_item(conn, item_id, lock=True)
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
            if not is_representative(conn, u, session.term_id):  # taken off the roster since checking in
                raise refuse_off_roster(session.term, names.get(u, f"#{u}"))
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
        row = load_item(conn, item_id, lock=True)
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
        row = load_item(conn, item_id)
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
        row = load_item(conn, item_id, lock=True)
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
        moved = _rewrite_box(env, conn, row)
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


def _rewrite_box(env: Env, conn: sa.Connection, row: Any) -> list[tuple[str, str, str]]:
    """Open the item's sealed votes, write them to ``votes`` in random order under new keys, rewrite the box
    without them, and rewrite who took part (so that no row keeps the transaction that cast a vote)."""
    b, item_id = box.c, row.id
    if not env.db.sqlite:
        # Lock out votes on other items before reading the box: a vote written but not yet committed when we
        # read would otherwise be emptied by the TRUNCATE below and never put back.
        conn.exec_driver_sql("LOCK TABLE ballot_box IN ACCESS EXCLUSIVE MODE")
    key = sealing.item_key(env, item_id, row.opened_at)
    moved = []
    for sealed in conn.execute(sa.select(b.choice).where(b.item_id == item_id)).scalars():
        try:
            choice, receipt = sealing.unseal(key, item_id, sealed)
        except sealing.SealError:
            raise sealing.key_changed(env) from None
        moved.append((secrets.token_hex(16), choice, receipt))
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
    p = participations.c
    conn.execute(participations.update().where(p.item_id == item_id).values(channel=p.channel))
    return moved  # type: ignore[return-value]


def _vacuum(env: Env) -> None:
    """Rebuild the SQLite file and empty its write-ahead log, so deleted box pages leave no trace; on
    PostgreSQL, vacuum the box and who took part, so the row versions written while voting are gone."""
    if not env.db.sqlite:
        try:
            with env.db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM participations, ballot_box")
        except sa.exc.DBAPIError as err:  # the next close vacuums again
            log.warning("could not vacuum after closing a ballot: %s", err)
        return
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
