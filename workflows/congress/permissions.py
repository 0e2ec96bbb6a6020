"""Who may do what around a congress session: office and chair, tellers, representatives of the term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.errors import NotFound, PermissionDenied, Refused
from engine.core.i18n import Label
from engine.identity.roles import holds_any
from engine.store.models import Membership, Organisation, User
from workflows.congress.models import CongressSession, CongressTerm, Representative

sessions, terms, reps = CongressSession.__table__, CongressTerm.__table__, Representative.__table__
memberships, orgs, users = Membership.__table__, Organisation.__table__, User.__table__
OFFICE_ROLES = ("union_office", "union_chair")  # prepare the session, run the chair's console
TELLER = "teller"
REPRESENTATIVE = "representative"
# Who checks in and votes: the representatives on the roster of the session's term, as the union office imported
# it. The vote is a representative's right (art. 25); a representative whose employment ends loses the seat
# (art. 23), and the office takes them off the roster.
ROSTER_RULE = Label("只有本届职工代表名册中的代表可以签到和表决（《企业民主管理规定》第二十五条：职工代表享有选举权、"
                    "被选举权和表决权；与企业终止或者解除劳动关系的，代表资格自行终止，第二十三条）",
                    "only the representatives on this term's roster check in and vote (Provisions on Democratic "
                    "Management of Enterprises art. 25: representatives hold the right to elect, to be elected and "
                    "to vote; a representative whose employment ends loses the seat, art. 23)")


def not_on_roster(term: int, name: str | None = None) -> Label:
    """Why someone (the reader, or ``name``) may not check in or vote, citing the rule."""
    zh, en = (f"{name}不在", f"{name} is not") if name else ("您不在", "You are not")
    return Label(f"{zh}第{term}届职工代表名册中：{ROSTER_RULE.zh}。",
                 f"{en} on the roster of term {term}: {ROSTER_RULE.en}.")


class NotOnRoster(PermissionDenied):
    """The actor is not on the roster of the session's term: they may not check in, confirm documents or vote."""

    def __init__(self, action: str, term: int) -> None:
        super().__init__(action, (REPRESENTATIVE,))
        self.label = not_on_roster(term)
        self.args = (self.label.en,)
        self.code = "not_on_roster"


def refuse_off_roster(term: int, name: str) -> Refused:
    """The office named someone who is not on the term's roster (paper check-in, paper voters)."""
    return Refused(not_on_roster(term, name), code="not_on_roster")


@dataclass(frozen=True, slots=True)
class CongressSessionRow:
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


def load_session(conn: sa.Connection, session_id: int, *, lock: bool = False) -> CongressSessionRow:
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
    return CongressSessionRow(*row)


def require_office(conn: sa.Connection, actor: Actor, session: CongressSessionRow, action: str) -> None:
    if actor.system or holds_any(conn, actor.user_id, session.organisation_id, OFFICE_ROLES):
        return
    raise PermissionDenied(action, OFFICE_ROLES)


def require_teller(conn: sa.Connection, actor: Actor, session: CongressSessionRow) -> None:
    if not holds_any(conn, actor.user_id, session.organisation_id, (TELLER,)):
        raise PermissionDenied("enter_tally", (TELLER,))


def is_representative(conn: sa.Connection, user_id: int | None, term_id: int | None) -> bool:
    if user_id is None or term_id is None:
        return False
    return conn.execute(sa.select(sa.exists().where(
        reps.c.term_id == term_id, reps.c.user_id == user_id, users.c.id == reps.c.user_id,
        users.c.is_active.is_(True)))).scalar()


def require_representative(conn: sa.Connection, actor: Actor, session: CongressSessionRow, action: str) -> int:
    if not is_representative(conn, actor.user_id, session.term_id):
        raise NotOnRoster(action, session.term)
    assert actor.user_id is not None
    return actor.user_id


def roster_size(conn: sa.Connection, term_id: int | None) -> int:
    """All representatives of the term: the base of the quorum and of the default pass rule."""
    if term_id is None:
        return 0
    return conn.execute(sa.select(sa.func.count()).select_from(reps.join(users, users.c.id == reps.c.user_id))
                        .where(reps.c.term_id == term_id, users.c.is_active.is_(True))).scalar_one()
