"""Closing an item rewrites the ballot box; a vote on another session's item that is being written at that
moment must still be in the box afterwards."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg
import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from support.congress import Congress
from workflows.congress import sealing
from workflows.congress import services as congress
from workflows.congress.models import BallotBoxVote, BallotItem, Participation

box, participations = BallotBoxVote.__table__, Participation.__table__


def second_session(env, c: Congress) -> int:
    """Another session of the union, opened, everyone checked in, with an item open."""
    session = congress.create_congress_session(
        env, c.union, term=5, number=4, name="第五届职代会第四次会议", collection_opens=date(2026, 11, 1),
        collection_closes=date(2026, 11, 2), opens_on=date(2026, 12, 28))
    case = services.start_case(env, Actor(c.office), congress.SESSION, c.union, "第四次会议",
                               {"session_id": session}).case_id
    for trigger, form in (("deliver_documents", {"agenda": "审议"}), ("open_session", {"early_reason": "临时召开"})):
        view = services.case_view(env, Actor(c.office), case)
        services.fire(env, Actor(c.office), case, trigger, form, expected_version=view.version)
    congress.check_in(env, Actor(c.office), session, c.roster)
    item = congress.add_item(env, Actor(c.office), session, kind="motion", title="职工福利费使用方案")
    congress.open_item(env, Actor(c.chair), item)
    return item


def waiting_on_a_lock(url: str) -> int:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND datname = current_database()").fetchone()[0]


# SQLite runs one write transaction at a time (BEGIN IMMEDIATE), so a vote cannot be half-written while an
# item closes there; PostgreSQL lets both run, and the close empties the whole box with TRUNCATE.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_vote_being_cast_on_another_item_survives_the_close(env, db_url):
    c = Congress(env, size=30)
    c.check_in_all()
    closing = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.open_item(env, Actor(c.chair), closing)
    for u in c.roster[:20]:
        congress.vote(env, Actor(u), closing, "agree")
    other = second_session(env, c)
    congress.vote(env, Actor(c.roster[0]), other, "agree")

    # A representative's vote on the other item, written but not yet committed when the chair closes: the same
    # two rows the vote writes, in one transaction on a connection of its own.
    voter = c.roster[1]
    in_flight = psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://"))
    in_flight.execute("INSERT INTO participations (item_id, user_id, channel) VALUES (%s, %s, 'online')",
                      (other, voter))
    with env.db.engine.connect() as conn:
        opened = conn.execute(sa.select(BallotItem.__table__.c.opened_at).where(
            BallotItem.__table__.c.id == other)).scalar_one()
    key = sealing.item_key(env, other, opened)
    sealed = sealing.seal(key, other, {}, '"disagree"', "0" * 64)
    in_flight.execute("INSERT INTO ballot_box (id, item_id, choice, receipt) VALUES (%s, %s, %s, %s)",
                      ("f" * 32, other, sealed, sealing.receipt_tag(key, "0" * 64)))
    outcome: list = []
    closer = threading.Thread(target=lambda: outcome.append(congress.close_item(env, Actor(c.chair), closing)))
    closer.start()
    try:
        deadline = time.monotonic() + 30
        while not waiting_on_a_lock(db_url):  # the close waits for the vote's transaction
            assert closer.is_alive() and time.monotonic() < deadline, "the close did not wait for the vote"
            time.sleep(0.01)
    finally:
        in_flight.commit()
        in_flight.close()
        closer.join(30)
    assert outcome and outcome[0]["counts"]["agree"] == 20
    with env.db.engine.connect() as conn:
        left = conn.execute(sa.select(box.c.id, box.c.choice).where(box.c.item_id == other)).all()
        took_part = conn.execute(sa.select(sa.func.count()).select_from(participations).where(
            participations.c.item_id == other)).scalar_one()
    assert took_part == 2
    assert len(left) == 2 and ("f" * 32, sealed) in [tuple(r) for r in left]
    result = congress.close_item(env, Actor(c.chair), other)
    assert result["counts"] == {"agree": 1, "disagree": 1, "abstain": 0}
