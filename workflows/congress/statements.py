"""The congress's statements on the hot path (an action's guards and effects, casting a vote), compiled once
per database."""

from __future__ import annotations

from functools import cached_property

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.store.database import Prepared
from engine.store.models import User
from engine.store.statements import StatementSet
from workflows.congress.models import (
    BallotBoxVote,
    BallotItem,
    CheckIn,
    CongressSession,
    CongressTerm,
    DocumentReceipt,
    Participation,
    Representative,
)

users, congress_sessions, ballot_items = User.__table__, CongressSession.__table__, BallotItem.__table__
congress_terms, representatives = CongressTerm.__table__, Representative.__table__
document_receipts, check_ins = DocumentReceipt.__table__, CheckIn.__table__
participations, ballot_box = Participation.__table__, BallotBoxVote.__table__


class CongressStatements(StatementSet):
    """The congress's statements for one database (``CongressStatements.of(db)``)."""

    @cached_property
    def congress_session(self) -> Prepared:
        s = congress_sessions.c
        return self._prep(sa.select(s.id, s.organisation_id, s.name, s.collection_opens, s.collection_closes)
                          .where(s.id == p("id")))

    @cached_property
    def session_phase(self) -> Prepared:
        s = congress_sessions.c
        return self._prep(sa.select(s.id, s.case_id, s.name, s.opens_on, s.documents_delivered_at, s.opened_at,
                                    s.closed_at).where(s.id == p("id")).with_for_update())

    @cached_property
    def session_items(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(i.status, sa.func.count()).where(i.session_id == p("id")).group_by(i.status))

    @cached_property
    def ballot_item(self) -> Prepared:
        i, s = ballot_items.c, congress_sessions.c
        return self._prep(sa.select(i.id, i.session_id, s.organisation_id, i.case_id, i.title, i.status, i.result)
                          .join(congress_sessions, s.id == i.session_id).where(i.id == p("id")))

    @cached_property
    def next_position(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(sa.func.coalesce(sa.func.max(i.position), 0) + 1).where(i.session_id == p("id")))

    @cached_property
    def insert_item(self) -> Prepared:
        return self._prep(ballot_items.insert().values(
            {n: p(n) for n in ("session_id", "case_id", "position", "kind", "title", "description", "options",
                               "pass_rule", "reserved", "status", "created_at")}).returning(ballot_items.c.id))

    def mark_session(self, column: str) -> Prepared:
        return self._once(f"_mark_{column}", lambda: congress_sessions.update().where(
            congress_sessions.c.id == p("id")).values({column: p("at")}))

    @cached_property
    def link_session(self) -> Prepared:
        return self._prep(congress_sessions.update().where(congress_sessions.c.id == p("id"))
                          .values(case_id=p("case")))

    def representatives(self, missing: str | None) -> Prepared:
        """The session's active representatives, or those who have not confirmed the documents or checked in."""
        return self._once(f"_reps_{missing}", lambda: self._representatives(missing))

    @staticmethod
    def _representatives(missing: str | None) -> sa.Select:
        s, r, u = congress_sessions.c, representatives.c, users.c
        query = (sa.select(r.user_id).select_from(
            congress_sessions.join(congress_terms, sa.and_(congress_terms.c.organisation_id == s.organisation_id,
                                                           congress_terms.c.number == s.term))
            .join(representatives, r.term_id == congress_terms.c.id).join(users, u.id == r.user_id))
            .where(s.id == p("id"), u.is_active.is_(True)).order_by(r.user_id))
        if missing == "documents":
            query = query.where(r.user_id.not_in(sa.select(document_receipts.c.user_id).where(
                document_receipts.c.session_id == p("id"))))
        elif missing == "check_in":
            query = query.where(r.user_id.not_in(sa.select(check_ins.c.user_id).where(
                check_ins.c.session_id == p("id"))))
        return query

    # -- casting a vote: the item (shared lock against its close), the check-in, participation and the box
    @cached_property
    def vote_item(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(i.status, i.kind, i.options, i.session_id, i.closes_at, i.opened_at)
                          .where(i.id == p("id")).with_for_update(read=True))

    @cached_property
    def checked_in(self) -> Prepared:
        c = check_ins.c
        return self._prep(sa.select(c.user_id).where(c.session_id == p("session"), c.user_id == p("user")))

    @cached_property
    def on_roster(self) -> Prepared:
        """The session's term, and whether the voter is on its roster (an active account) now."""
        s, t, r, u = congress_sessions.c, congress_terms.c, representatives.c, users.c
        listed = (sa.exists().where(r.term_id == t.id, r.user_id == p("user"), u.id == r.user_id,
                                    u.is_active.is_(True)).correlate(congress_terms))
        return self._prep(sa.select(s.term, listed).select_from(congress_sessions.outerjoin(
            congress_terms, sa.and_(t.organisation_id == s.organisation_id, t.number == s.term)))
            .where(s.id == p("session")))

    @cached_property
    def participate(self) -> Prepared:
        return self._prep(participations.insert().inline().values(
            item_id=p("item"), user_id=p("user"), channel="online"))

    @cached_property
    def box_sample(self) -> Prepared:
        return self._prep(sa.select(ballot_box.c.choice).where(ballot_box.c.item_id == p("item")).limit(1))

    @cached_property
    def cast_vote(self) -> Prepared:
        return self._prep(ballot_box.insert().inline().values(
            id=p("id"), item_id=p("item"), choice=p("choice"), receipt=p("receipt")))
