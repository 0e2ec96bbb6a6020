"""The demo's congress tells a lawful story, on both backends: sessions added in order, every session's documents
out after its proposal collection closed and at least ``documents_days`` (local practice) before it actually
opened, and every reserved matter voted in a full congress, with the quorum of its whole roster present and the
representatives' receipts of the documents confirmed before."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from config import Settings
from engine.time.calendar import TZ
from workflows import register_all
from workflows.congress.models import (
    BallotItem,
    CheckIn,
    CongressSession,
    CongressTerm,
    DocumentReceipt,
    Representative,
)
from workflows.congress.rules import STATUTORY_QUORUM, rules_of
from workflows.demo import load_demo
from workflows.proposals import demo as demo_data


def day(at):
    return at.astimezone(TZ).date()


def test_the_demo_congress_follows_the_rules_in_every_session(env, tmp_path):
    register_all(env.registry, Settings(instance_path=tmp_path / "instance"))
    load_demo(env, Settings(instance_path=tmp_path / "instance"), "demo-password-1", now=env.clock.now())
    days = rules_of(env).documents_days
    sessions, items, check_ins, receipts, reps, terms = (m.__table__ for m in (
        CongressSession, BallotItem, CheckIn, DocumentReceipt, Representative, CongressTerm))
    with env.db.engine.connect() as conn:
        union = conn.execute(sa.select(sessions.c.organisation_id).order_by(sessions.c.id)).scalars().first()
        # the demo union's sessions (a member union of the district holds its own, checked below)
        found = conn.execute(sa.select(sessions).where(sessions.c.organisation_id == union)
                             .order_by(sessions.c.number)).all()
        assert [s.number for s in found] == [demo_data.FIRST_NUMBER, demo_data.EARLIER_NUMBER, demo_data.NUMBER]
        # Added in their order: by id and by time.
        assert [s.id for s in found] == sorted(s.id for s in found)
        assert all(a.created_at < b.created_at for a, b in zip(found, found[1:], strict=False))
        for s in found:
            assert s.kind == "congress"
            if s.documents_delivered_at is not None:
                assert day(s.documents_delivered_at) > s.collection_closes, s.name
            else:  # not out yet: they can still go out after the collection and in time for the planned day
                assert s.collection_closes + timedelta(days=1) <= s.opens_on - timedelta(days=days), s.name
            if s.opened_at is not None:
                assert day(s.documents_delivered_at) + timedelta(days=days) <= day(s.opened_at), s.name
        reserved = conn.execute(sa.select(items).where(items.c.reserved.is_(True),
                                                       items.c.session_id.in_([s.id for s in found]))).all()
        titles = {r.title for r in reserved}
        assert demo_data.ELECTION in titles  # the staff director's election is the full congress's
        voted = [r for r in reserved if r.status == "closed"]
        assert len(voted) == 3  # the collective contract; the wage plan and the staff director in the second
        for item in voted:
            s = next(s for s in found if s.id == item.session_id)
            term = sa.select(terms.c.id).where(terms.c.organisation_id == s.organisation_id,
                                               terms.c.number == s.term).scalar_subquery()
            roster = conn.execute(sa.select(sa.func.count()).select_from(reps).where(
                reps.c.term_id == term)).scalar_one()
            assert item.eligible == roster == 40, item.title
            present = conn.execute(sa.select(sa.func.count()).select_from(check_ins).where(
                check_ins.c.session_id == s.id, check_ins.c.at <= item.opened_at)).scalar_one()
            assert STATUTORY_QUORUM.met(present, roster), (item.title, present)
            assert item.result["passed"] is True and item.result["eligible"] == roster, item.title
            confirmed = conn.execute(sa.select(sa.func.count()).select_from(receipts).where(
                receipts.c.session_id == s.id, receipts.c.confirmed_at < item.opened_at)).scalar_one()
            assert STATUTORY_QUORUM.met(confirmed, roster), (item.title, confirmed)
            assert day(s.documents_delivered_at) + timedelta(days=days) <= day(item.opened_at)
