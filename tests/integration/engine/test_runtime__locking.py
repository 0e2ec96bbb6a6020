"""Concurrent writers on SQLite and PostgreSQL: one wins a stale-version race, distinct cases never block."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.store import audit
from engine.store.models import Case, Event, Task

THREADS = 20
JOIN_TIMEOUT = 60


def run_together(work: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run each callable in its own thread, released at once by a barrier; return results and exceptions."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def runner(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            outcome = job()
        except BaseException as err:  # every failure is collected and asserted on
            with lock:
                errors.append(err)
        else:
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=runner, args=(job,), name=f"writer-{i}") for i, job in enumerate(work)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    assert not [t.name for t in threads if t.is_alive()], "a writer never finished"
    return results, errors


def count(env: Env, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()


def test_only_one_of_twenty_writers_with_the_same_version_wins(env, people):
    clerk, reviewer = Actor(people.clerk), Actor(people.reviewer)
    case_id = services.start_case(env, clerk, "request", people.union, "食堂增加夜班供餐", {"body": "b"}).case_id
    assert services.fire(env, clerk, case_id, "submit", expected_version=1).version == 2

    def send_back() -> services.Outcome:
        return services.fire(env, reviewer, case_id, "send_back", expected_version=2)

    results, errors = run_together([send_back] * THREADS)

    assert results == [services.Outcome(case_id, "draft", 3)]
    assert len(errors) == THREADS - 1
    assert {type(e) for e in errors} == {services.Conflict}, [repr(e) for e in errors]
    assert {(e.case_id, e.expected, e.current) for e in errors} == {(case_id, 2, 3)}

    cases, events, tasks = Case.__table__, Event.__table__, Task.__table__
    with env.db.engine.connect() as conn:
        state, version = conn.execute(sa.select(cases.c.state, cases.c.version)
                                      .where(cases.c.id == case_id)).one()
        history = conn.execute(sa.select(events.c.seq, events.c.trigger).where(events.c.case_id == case_id)
                               .order_by(events.c.seq)).all()
    assert (state, version) == ("draft", 3)
    assert [tuple(r) for r in history] == [(1, "start"), (2, "submit"), (3, "send_back")]
    assert count(env, events, events.c.case_id == case_id) == 3
    # The draft's task for the starter is open once: the losers opened nothing.
    assert count(env, tasks, tasks.c.case_id == case_id, tasks.c.status == "open") == 1
    assert list(audit.verify(env.db)) == []


def test_twenty_writers_on_distinct_cases_all_succeed(env, people):
    clerk, reviewer = Actor(people.clerk), Actor(people.reviewer)
    case_ids = [services.start_case(env, clerk, "request", people.union, f"事项 {i}", {"body": "b"}).case_id
                for i in range(THREADS)]

    def submit_and_assign(case_id: int) -> Callable[[], tuple[services.Outcome, services.Outcome]]:
        def job() -> tuple[services.Outcome, services.Outcome]:
            submitted = services.fire(env, clerk, case_id, "submit", expected_version=None)
            assigned = services.fire(env, reviewer, case_id, "assign", {"department": people.dept},
                                     expected_version=None)
            return submitted, assigned
        return job

    results, errors = run_together([submit_and_assign(c) for c in case_ids])

    assert errors == []
    assert sorted(results, key=lambda r: r[0].case_id) == [
        (services.Outcome(c, "review", 2), services.Outcome(c, "handling", 3)) for c in case_ids]
    cases, events, tasks = Case.__table__, Event.__table__, Task.__table__
    with env.db.engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.id, cases.c.state, cases.c.version).order_by(cases.c.id)).all()
    assert [tuple(r) for r in rows] == [(c, "handling", 3) for c in case_ids]
    assert count(env, events) == 3 * THREADS
    assert count(env, tasks, tasks.c.status == "open", tasks.c.state == "handling",
                 tasks.c.organisation_id == people.dept) == THREADS
    assert count(env, tasks, tasks.c.status == "open") == THREADS
    assert list(audit.verify(env.db)) == []
