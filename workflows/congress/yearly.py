"""A union's congress in one year as a statistical return counts it: its newest roster (representatives, women,
managers), the sessions held, those where the quorum checked in, and the items decided by secret ballot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa

from engine.core.env import Env
from engine.store.models import User
from engine.time.calendar import TZ
from workflows.congress.models import BallotItem, CheckIn, CongressSession, CongressTerm, Representative
from workflows.congress.rules import binding_quorum, rules_of

terms, reps, users = CongressTerm.__table__, Representative.__table__, User.__table__
sessions, items, check_ins = CongressSession.__table__, BallotItem.__table__, CheckIn.__table__


@dataclass(frozen=True, slots=True)
class CongressYear:
    """One union's congress figures for a year."""

    representatives: int = 0
    women: int = 0
    managers: int = 0
    sessions_held: int = 0
    quorum_met: int = 0
    secret_ballots: int = 0


def _bounds(year: int) -> tuple[datetime, datetime]:
    return (datetime.combine(date(year, 1, 1), time(), TZ), datetime.combine(date(year + 1, 1, 1), time(), TZ))


def year_figures(env: Env, union_id: int, year: int) -> CongressYear:
    """The union's newest roster (active representatives), and its sessions opened in ``year`` (Asia/Shanghai):
    how many, at how many the quorum of 《企业民主管理规定》 checked in, and how many ballot items closed."""
    start, end = _bounds(year)
    t, r, s = terms.c, reps.c, sessions.c
    newest = (sa.select(t.id).where(t.organisation_id == union_id).order_by(t.number.desc()).limit(1)
              .scalar_subquery())
    active = sa.and_(users.c.id == r.user_id, users.c.is_active.is_(True))
    with env.db.read() as conn:
        roster = conn.execute(sa.select(
            sa.func.count(), sa.func.count().filter(r.sex == "f"), sa.func.count().filter(r.category == "manager"))
            .select_from(reps.join(users, active)).where(r.term_id == newest)).one()
        held = conn.execute(
            sa.select(s.id, t.id.label("term_id"))
            .select_from(sessions.outerjoin(terms, sa.and_(t.organisation_id == s.organisation_id,
                                                           t.number == s.term)))
            .where(s.organisation_id == union_id, s.kind == "congress", s.opened_at >= start,
                   s.opened_at < end)).all()
        ids = [row.id for row in held]
        ballots = conn.execute(sa.select(sa.func.count()).where(
            items.c.session_id.in_(ids), items.c.status == "closed")).scalar_one() if ids else 0
        term_ids = sorted({row.term_id for row in held if row.term_id is not None})
        sizes = dict(conn.execute(sa.select(r.term_id, sa.func.count()).select_from(reps.join(users, active))
                                  .where(r.term_id.in_(term_ids)).group_by(r.term_id)).all()) if term_ids else {}
        present = dict(conn.execute(
            sa.select(check_ins.c.session_id, sa.func.count())
            .select_from(check_ins.join(sessions, s.id == check_ins.c.session_id)
                         .join(terms, sa.and_(t.organisation_id == s.organisation_id, t.number == s.term))
                         .join(reps, sa.and_(r.term_id == t.id, r.user_id == check_ins.c.user_id))
                         .join(users, active))
            .where(check_ins.c.session_id.in_(ids)).group_by(check_ins.c.session_id)).all()) if ids else {}
    quorum = binding_quorum(rules_of(env).quorum)
    met = sum(1 for row in held if (eligible := sizes.get(row.term_id, 0)) > 0
              and present.get(row.id, 0) >= quorum.needed(eligible))
    return CongressYear(roster[0], roster[1], roster[2], len(held), met, ballots)
