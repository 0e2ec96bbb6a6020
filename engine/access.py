"""Who may do what around a congress session: office and chair, tellers, representatives of the term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from engine.context import Actor
from engine.errors import NotFound, PermissionDenied
from engine.models import CongressSession, CongressTerm, Membership, Organisation, Representative, User

sessions, terms, reps = CongressSession.__table__, CongressTerm.__table__, Representative.__table__
memberships, orgs, users = Membership.__table__, Organisation.__table__, User.__table__
OFFICE_ROLES = ("union_office", "union_chair")  # prepare the session, run the chair's console
TELLER = "teller"
REPRESENTATIVE = "representative"


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A session as the ballot services read it."""

    id: int
    organisation_id: int
    term: int
    number: int
    name: str
    kind: str
    case_id: int | None
    opens_on: Any
    documents_delivered_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None
    term_id: int | None


def load_session(conn: sa.Connection, session_id: int, *, lock: bool = False) -> SessionRow:
    s = sessions.c
    query = (sa.select(s.id, s.organisation_id, s.term, s.number, s.name, s.kind, s.case_id, s.opens_on,
                       s.documents_delivered_at, s.opened_at, s.closed_at, terms.c.id)
             .select_from(sessions.outerjoin(terms, sa.and_(terms.c.organisation_id == s.organisation_id,
                                                            terms.c.number == s.term)))
             .where(s.id == session_id))
    if lock:
        query = query.with_for_update(of=sessions)
    row = conn.execute(query).first()
    if row is None:
        raise NotFound("congress session", session_id)
    return SessionRow(*row)


def holds_any(conn: sa.Connection, user_id: int | None, organisation_id: int, roles: tuple[str, ...]) -> bool:
    """The user holds one of ``roles`` in the organisation or one above it, and is active."""
    if user_id is None:
        return False
    held, target = orgs.alias("held"), orgs.alias("target")
    m = memberships.c
    return conn.execute(sa.select(sa.exists().where(
        m.user_id == user_id, m.role.in_(roles), held.c.id == m.organisation_id, target.c.id == organisation_id,
        users.c.id == m.user_id, users.c.is_active.is_(True),
        sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path))).scalar()


def require_office(conn: sa.Connection, actor: Actor, session: SessionRow, action: str) -> None:
    if actor.system or holds_any(conn, actor.user_id, session.organisation_id, OFFICE_ROLES):
        return
    raise PermissionDenied(action, OFFICE_ROLES)


def require_teller(conn: sa.Connection, actor: Actor, session: SessionRow) -> None:
    if not holds_any(conn, actor.user_id, session.organisation_id, (TELLER,)):
        raise PermissionDenied("enter_tally", (TELLER,))


def is_representative(conn: sa.Connection, user_id: int | None, term_id: int | None) -> bool:
    if user_id is None or term_id is None:
        return False
    return conn.execute(sa.select(sa.exists().where(
        reps.c.term_id == term_id, reps.c.user_id == user_id, users.c.id == reps.c.user_id,
        users.c.is_active.is_(True)))).scalar()


def require_representative(conn: sa.Connection, actor: Actor, session: SessionRow, action: str) -> int:
    if not is_representative(conn, actor.user_id, session.term_id):
        raise PermissionDenied(action, (REPRESENTATIVE,))
    assert actor.user_id is not None
    return actor.user_id


def roster_size(conn: sa.Connection, term_id: int | None) -> int:
    """All representatives of the term: the base of the quorum and of the default pass rule."""
    if term_id is None:
        return 0
    return conn.execute(sa.select(sa.func.count()).select_from(reps.join(users, users.c.id == reps.c.user_id))
                        .where(reps.c.term_id == term_id, users.c.is_active.is_(True))).scalar_one()
