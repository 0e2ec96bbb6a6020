"""Nobody votes twice: fifty attempts at once by one representative on one item count one vote (threads
sharing the engine on SQLite; separate processes, each with its own connection, on PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.errors import Refused
from support import ballot_child
from support.congress import Congress
from workflows.congress import services as congress
from workflows.congress.models import BallotBoxVote, Participation

ATTEMPTS = 50


def in_threads(env, user_id: int, item_id: int) -> list[str]:
    barrier = threading.Barrier(ATTEMPTS)

    def one() -> str:
        barrier.wait(timeout=60)
        try:
            congress.vote(env, Actor(user_id), item_id, "agree")
            return "voted"
        except Refused as err:
            return err.code

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return list(pool.map(lambda _: one(), range(ATTEMPTS)))


def in_processes(url: str, user_id: int, item_id: int) -> list[str]:
    # Processes that inherit nothing from the test (no connection, no pool, no thread): the fork server is a
    # freshly spawned interpreter that imports the engine and the driver once, then forks a child per attempt,
    # which spares fifty interpreters importing them on two CPUs; each child opens its own Env and connection.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(ballot_child.PRELOAD))
    barrier, results = ctx.Barrier(ATTEMPTS), ctx.Queue()
    children = [ctx.Process(target=ballot_child.attempt, args=(url, user_id, item_id, "agree", barrier, results))
                for _ in range(ATTEMPTS)]
    for child in children:
        child.start()
    found = [results.get(timeout=180) for _ in children]
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    results.close()
    results.join_thread()
    return found


def count(env, table, item_id: int) -> int:
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.item_id == item_id)
                            ).scalar_one()


def test_fifty_attempts_at_once_count_one_vote(env, db_url):
    c = Congress(env, size=30)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.open_item(env, Actor(c.chair), item)
    voter = c.rep1
    found = in_threads(env, voter, item) if env.db.sqlite else in_processes(db_url, voter, item)
    assert sorted(found) == ["already_voted"] * (ATTEMPTS - 1) + ["voted"]
    assert count(env, Participation.__table__, item) == 1
    assert count(env, BallotBoxVote.__table__, item) == 1
    assert congress.get_item(env, item).participants == 1
    result = congress.close_item(env, Actor(c.chair), item)
    assert result["counts"] == {"agree": 1, "disagree": 0, "abstain": 0}
    assert (result["ballots"], result["participants"]) == (1, 1)


def test_a_paper_voter_cannot_also_vote_online_nor_be_recorded_twice(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.open_item(env, Actor(c.chair), item)
    congress.record_paper_voters(env, Actor(c.office), item, [c.rep2])
    with pytest.raises(Refused) as refused:
        congress.vote(env, Actor(c.rep2), item, "agree")
    assert refused.value.code == "already_voted"
    congress.vote(env, Actor(c.rep3), item, "disagree")
    for user in (c.rep2, c.rep3):
        with pytest.raises(Refused) as refused:
            congress.record_paper_voters(env, Actor(c.office), item, [user])
        assert refused.value.code == "already_voted"
    assert count(env, Participation.__table__, item) == 2
    assert count(env, BallotBoxVote.__table__, item) == 1
