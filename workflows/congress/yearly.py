"""A union's congress in a year, as the level above and a statistical return count it: the sessions of many unions
at once (held and closed, whether matters went to a secret ballot, whether the quorum of 《企业民主管理规定》 (two
thirds of the representatives present) was met), read in one query over a branch of the organisation tree, and one
union's newest roster with its sessions for its return; never a ballot's content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa

from engine.core.env import Env
from engine.store.models import Organisation, User
from engine.time.calendar import TZ
from workflows.congress.models import BallotItem, CheckIn, CongressSession, CongressTerm, Representative
from workflows.congress.rules import binding_quorum, rules_of

orgs, sessions, terms = Organisation.__table__, CongressSession.__table__, CongressTerm.__table__
reps, check_ins, items, users = (Representative.__table__, CheckIn.__table__, BallotItem.__table__,
                                 User.__table__)


@dataclass(frozen=True, slots=True)
class SessionHeld:
    """One session of the year as the level above sees it: no ballot, no vote, no name of a voter."""

    id: int
    organisation_id: int
    name: str
    opens_on: date | None
    held: bool  # it opened
    closed: bool
    secret_ballots: int  # ballot items closed (every ballot here is secret, 无记名投票)
    eligible: int
    present: int
    needed: int

    @property
    def quorum_met(self) -> bool:
        return self.held and self.eligible > 0 and self.present >= self.needed


@dataclass
class YearFigures:
    """A union's sessions of the year, counted."""

    sessions: int = 0
    held: int = 0
    closed: int = 0
    with_secret_ballot: int = 0
    quorum_met: int = 0

    def add(self, s: SessionHeld) -> None:
        self.sessions += 1
        self.held += s.held
        self.closed += s.closed
        self.with_secret_ballot += s.secret_ballots > 0
        self.quorum_met += s.quorum_met


def sessions_of_year(env: Env, under: int, year: int, organisation_id: int | None = None) -> list[SessionHeld]:
    """The full congress sessions of ``year`` (opened that year, or planned to open that year) in the
    organisations below ``under`` (or in one of them), with their quorum and secret ballots, in one query."""
    start = datetime(year, 1, 1, tzinfo=TZ)
    end = datetime(year + 1, 1, 1, tzinfo=TZ)
    s, t = sessions.c, terms.c
    eligible = (sa.select(sa.func.count()).select_from(reps.join(users, users.c.id == reps.c.user_id))
                .where(reps.c.term_id == t.id, users.c.is_active.is_(True)).correlate(terms).scalar_subquery())
    present = (sa.select(sa.func.count()).select_from(
        check_ins.join(reps, reps.c.user_id == check_ins.c.user_id).join(users, users.c.id == reps.c.user_id))
        .where(check_ins.c.session_id == s.id, reps.c.term_id == t.id, users.c.is_active.is_(True))
        .correlate(sessions, terms).scalar_subquery())
    ballots = (sa.select(sa.func.count()).where(items.c.session_id == s.id, items.c.status == "closed")
               .correlate(sessions).scalar_subquery())
    joined = sessions.outerjoin(terms, sa.and_(t.organisation_id == s.organisation_id, t.number == s.term))
    with env.db.read() as conn:
        path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == under)).scalar()
        if path is None:
            return []
        where = [s.kind == "congress",
                 sa.or_(sa.and_(s.opened_at >= start, s.opened_at < end),
                        sa.and_(s.opened_at.is_(None), s.opens_on >= date(year, 1, 1),
                                s.opens_on <= date(year, 12, 31))),
                 s.organisation_id.in_(sa.select(orgs.c.id).where(orgs.c.path.like(f"{path}%")))]
        if organisation_id is not None:
            where.append(s.organisation_id == organisation_id)
        rows = conn.execute(sa.select(s.id, s.organisation_id, s.name, s.opens_on, s.opened_at, s.closed_at,
                                      ballots, eligible, present).select_from(joined).where(*where)
                            .order_by(s.opens_on, s.id)).all()
    quorum = binding_quorum(rules_of(env).quorum)
    return [SessionHeld(r.id, r.organisation_id, r.name, r.opens_on, r.opened_at is not None,
                        r.closed_at is not None, r[6] or 0, r[7] or 0, r[8] or 0, quorum.needed(r[7] or 0))
            for r in rows]


def figures_of_year(env: Env, under: int, year: int) -> dict[int, YearFigures]:
    """Each organisation's sessions of the year counted (held, closed, with a secret ballot, quorum met)."""
    found: dict[int, YearFigures] = {}
    for session in sessions_of_year(env, under, year):
        found.setdefault(session.organisation_id, YearFigures()).add(session)
    return found


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
