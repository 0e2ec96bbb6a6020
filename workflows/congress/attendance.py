"""Before and at a session: documents received, check-in, the quorum, what each representative still has
to do, and reminders to those who have not. Who did these things is not secret; what they voted is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import Refused
from engine.core.i18n import Label
from engine.store.models import Notification, User
from workflows.congress.models import (
    BallotItem,
    CheckIn,
    CongressSession,
    CongressTerm,
    DocumentReceipt,
    Participation,
    Representative,
)
from workflows.congress.permissions import (
    OFFICE_ROLES,
    TELLER,
    CongressSessionRow,
    holds_any,
    is_representative,
    load_session,
    refuse_off_roster,
    require_office,
    require_representative,
    roster_size,
)
from workflows.congress.rules import binding_quorum, rules_of

receipts, check_ins, items = DocumentReceipt.__table__, CheckIn.__table__, BallotItem.__table__
participations, reps, users, notifications = (
    Participation.__table__, Representative.__table__, User.__table__, Notification.__table__)
Step = Literal["documents", "check_in", "vote"]

NO_DOCUMENTS = Label("本次会议的文件尚未送达。", "The documents of this session have not been delivered yet.")
NOT_OPEN = Label("会议尚未开始签到。", "Check-in for this session has not started.")
CLOSED = Label("会议已闭会。", "This session is closed.")


def phase(session: CongressSessionRow) -> str:
    """Where a session stands for its representatives: planned, documents, open, closed."""
    if session.closed_at is not None:
        return "closed"
    if session.opened_at is not None:
        return "open"
    if session.documents_delivered_at is not None:
        return "documents"
    return "planned"


def queue(conn: sa.Connection, now: datetime, user_ids: Iterable[int], kind: str, payload: dict[str, Any],
          case_id: int | None) -> int:
    """Queue one notification per user in the caller's transaction (delivered by the scheduler)."""
    rows = [{"case_id": case_id, "kind": kind, "user_id": u, "role": None, "organisation_id": None,
             "payload": payload, "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
            for u in user_ids]
    if rows:
        conn.execute(notifications.insert(), rows)
    return len(rows)


# -- representatives' own steps -------------------------------------------------------------------------------
def confirm_documents(env: Env, actor: Actor, session_id: int) -> None:
    """A representative confirms receiving the session's agenda and documents (again: no change)."""
    with env.db.write() as conn:
        session = load_session(conn, session_id)
        user_id = require_representative(conn, actor, session, "confirm_documents")
        if session.documents_delivered_at is None:
            raise Refused(NO_DOCUMENTS, code="no_documents")
        if conn.execute(sa.select(receipts.c.user_id).where(receipts.c.session_id == session_id,
                                                            receipts.c.user_id == user_id)).first() is None:
            conn.execute(receipts.insert().values(session_id=session_id, user_id=user_id,
                                                  confirmed_at=env.clock.now()))


def check_in(env: Env, actor: Actor, session_id: int, user_ids: list[int] | None = None) -> int:
    """Check in: a representative themself, or the office for those present who signed on paper.
    Returns how many were newly checked in; checking in twice changes nothing."""
    with env.db.write() as conn:
        session = load_session(conn, session_id)
        if user_ids is None:
            wanted = [require_representative(conn, actor, session, "check_in")]
            recorded_by = None
        else:
            require_office(conn, actor, session, "check_in_on_paper")
            recorded_by = actor.user_id
            wanted = list(dict.fromkeys(user_ids))
            names = dict(conn.execute(sa.select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted))).all())
            for u in wanted:
                if not is_representative(conn, u, session.term_id):
                    raise refuse_off_roster(session.term, names.get(u, f"#{u}"))
        if session.closed_at is not None:
            raise Refused(CLOSED, code="closed")
        if session.opened_at is None:
            raise Refused(NOT_OPEN, code="not_open")
        done = set(conn.execute(sa.select(check_ins.c.user_id).where(
            check_ins.c.session_id == session_id, check_ins.c.user_id.in_(wanted))).scalars())
        new = [u for u in wanted if u not in done]
        now = env.clock.now()
        if new:
            conn.execute(check_ins.insert(), [{"session_id": session_id, "user_id": u, "at": now,
                                               "recorded_by": recorded_by} for u in new])
        return len(new)


def roster_ids(conn: sa.Connection, session: CongressSessionRow) -> list[int]:
    """The active representatives of the session's term."""
    return list(conn.execute(sa.select(reps.c.user_id).join(users, users.c.id == reps.c.user_id).where(
        reps.c.term_id == session.term_id, users.c.is_active.is_(True)).order_by(reps.c.user_id)).scalars())


# -- counts and lists ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Quorum:
    """Representatives of the term, how many checked in, and how many the quorum needs."""

    eligible: int
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.eligible > 0 and self.present >= self.needed


def quorum(env: Env, conn: sa.Connection, session: CongressSessionRow) -> Quorum:
    eligible = roster_size(conn, session.term_id)
    # Only those on the roster now count: someone removed after checking in is no longer present for it.
    present = conn.execute(sa.select(sa.func.count()).select_from(
        check_ins.join(reps, sa.and_(reps.c.user_id == check_ins.c.user_id, reps.c.term_id == session.term_id))
        .join(users, users.c.id == reps.c.user_id))
        .where(check_ins.c.session_id == session.id, users.c.is_active.is_(True))).scalar_one()
    return Quorum(eligible, present, binding_quorum(rules_of(env).quorum).needed(eligible))


def _missing_query(session: CongressSessionRow, step: Step, item_id: int | None) -> sa.Select[Any]:
    r = reps.c
    query = (sa.select(users.c.id, users.c.display_name, r.delegation)
             .select_from(reps.join(users, users.c.id == r.user_id))
             .where(r.term_id == session.term_id, users.c.is_active.is_(True)))
    if step == "documents":
        done = sa.select(receipts.c.user_id).where(receipts.c.session_id == session.id)
    elif step == "check_in":
        done = sa.select(check_ins.c.user_id).where(check_ins.c.session_id == session.id)
    else:
        done = sa.select(participations.c.user_id).where(participations.c.item_id == item_id)
    return query.where(r.user_id.not_in(done)).order_by(r.delegation, users.c.display_name)


def missing(env: Env, actor: Actor, session_id: int, step: Step, item_id: int | None = None
            ) -> list[tuple[int, str, str]]:
    """Who has not yet confirmed the documents, checked in, or taken part in an item: id, name, delegation.
    The office and the chair see names; nobody sees choices."""
    with env.db.read() as conn:
        session = load_session(conn, session_id)
        require_office(conn, actor, session, "missing")
        return [tuple(r) for r in conn.execute(_missing_query(session, step, item_id))]  # type: ignore[misc]


REMINDER_KINDS = {"documents": "congress_documents_reminder", "check_in": "congress_check_in_reminder",
                  "vote": "ballot_vote_reminder"}


def remind(env: Env, actor: Actor, session_id: int, step: Step, item_id: int | None = None) -> int:
    """Queue a reminder to every representative who has not done ``step`` yet; returns how many."""
    with env.db.write() as conn:
        session = load_session(conn, session_id)
        require_office(conn, actor, session, "remind")
        user_ids = [row[0] for row in conn.execute(_missing_query(session, step, item_id))]
        payload: dict[str, Any] = {"title": session.name, "session_id": session.id,
                                   "path": f"/congress/sessions/{session.id}/booth"}
        if item_id is not None:
            payload["item_id"] = item_id
        return queue(conn, env.clock.now(), user_ids, REMINDER_KINDS[step], payload, session.case_id)


# -- the top of a representative's inbox ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Duty:
    """Something a representative still has to do for a session: confirm documents, check in, or vote."""

    session_id: int
    session_name: str
    step: Step
    item_id: int | None = None
    item_title: str | None = None


def duties(env: Env, user_id: int) -> list[Duty]:
    """What this user, as a representative, has still to do in sessions under way."""
    s, t = CongressSession.__table__.c, CongressTerm.__table__
    with env.db.read() as conn:
        rows = conn.execute(
            sa.select(s.id).select_from(CongressSession.__table__.join(
                t, sa.and_(t.c.organisation_id == s.organisation_id, t.c.number == s.term))
                .join(reps, reps.c.term_id == t.c.id))
            .where(reps.c.user_id == user_id, s.documents_delivered_at.is_not(None), s.closed_at.is_(None))
            .order_by(s.id)).scalars().all()
        found: list[Duty] = []
        for session_id in rows:
            session = load_session(conn, session_id)
            if conn.execute(sa.select(receipts.c.user_id).where(
                    receipts.c.session_id == session_id, receipts.c.user_id == user_id)).first() is None:
                found.append(Duty(session_id, session.name, "documents"))
            if session.opened_at is None:
                continue
            if conn.execute(sa.select(check_ins.c.user_id).where(
                    check_ins.c.session_id == session_id, check_ins.c.user_id == user_id)).first() is None:
                found.append(Duty(session_id, session.name, "check_in"))
                continue
            voted = sa.select(participations.c.item_id).where(participations.c.user_id == user_id)
            for item_id, title in conn.execute(sa.select(items.c.id, items.c.title).where(
                    items.c.session_id == session_id, items.c.status == "open", items.c.id.not_in(voted))
                    .order_by(items.c.position)):
                found.append(Duty(session_id, session.name, "vote", item_id, title))
        return found


@dataclass(frozen=True, slots=True)
class CongressSessionStatus:
    """A session at a glance: its phase, the quorum, and how many confirmed the documents."""

    id: int
    organisation_id: int
    name: str
    term: int
    term_id: int | None
    kind: str
    case_id: int | None
    opens_on: Any
    phase: str
    quorum: Quorum
    confirmed: int


@dataclass(frozen=True, slots=True)
class MyStatus:
    """One user's place in a session: on the roster, documents confirmed, checked in."""

    representative: bool
    confirmed: bool
    checked_in: bool
    office: bool
    teller: bool


def status(env: Env, session_id: int) -> CongressSessionStatus:
    with env.db.read() as conn:
        session = load_session(conn, session_id)
        confirmed = conn.execute(sa.select(sa.func.count()).select_from(receipts).where(
            receipts.c.session_id == session_id)).scalar_one()
        return CongressSessionStatus(session.id, session.organisation_id, session.name, session.term, session.term_id,
                             session.kind, session.case_id, session.opens_on, phase(session),
                             quorum(env, conn, session), confirmed)


def my_status(env: Env, user_id: int, session_id: int) -> MyStatus:
    with env.db.read() as conn:
        session = load_session(conn, session_id)
        return MyStatus(
            is_representative(conn, user_id, session.term_id),
            conn.execute(sa.select(receipts.c.user_id).where(
                receipts.c.session_id == session_id, receipts.c.user_id == user_id)).first() is not None,
            conn.execute(sa.select(check_ins.c.user_id).where(
                check_ins.c.session_id == session_id, check_ins.c.user_id == user_id)).first() is not None,
            holds_any(conn, user_id, session.organisation_id, OFFICE_ROLES),
            holds_any(conn, user_id, session.organisation_id, (TELLER,)))
