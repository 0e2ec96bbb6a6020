"""The sweep fires due timers once each, leaves future ones, retires stale ones and survives a failing row."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.scheduler import process as scheduler
from engine.scheduler.process import SweepResult, sweep
from engine.store.models import Event, Notification, Timer
from engine.time import deadlines

timers, events, notifications = Timer.__table__, Event.__table__, Notification.__table__


def submitted(env, people, title: str = "食堂增加夜班供餐") -> int:
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, title, {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    return case_id


def timer_rows(env, case_id: int) -> list[tuple[str, str]]:
    with env.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(timers.c.kind, timers.c.status)
                                               .where(timers.c.case_id == case_id).order_by(timers.c.id))]


def triggers(env, case_id: int) -> list[str]:
    with env.db.engine.connect() as conn:
        return list(conn.execute(sa.select(events.c.trigger).where(events.c.case_id == case_id)
                                 .order_by(events.c.seq)).scalars())


def state(env, case_id: int) -> str:
    return services.case_view(env, services.SYSTEM_ACTOR, case_id).state


def test_the_sweep_fires_due_timers_and_leaves_future_ones(env, people, clock):
    late = submitted(env, people)  # Monday 2026-11-23: reminder Fri 11-27 09:00, deadline end of Mon 11-30
    assert sweep(env) == SweepResult()
    clock.advance(days=8)  # Tuesday 12-01: five working days are over
    early = submitted(env, people, "更换工作服")  # its deadline is five working days ahead

    assert sweep(env) == SweepResult(fired=2)

    assert state(env, late) == "escalated"
    assert triggers(env, late) == ["start", "submit", "escalate"]
    assert timer_rows(env, late) == [("deadline", "fired"), ("reminder", "fired")]
    assert state(env, early) == "review"
    assert timer_rows(env, early) == [("deadline", "pending"), ("reminder", "pending")]
    assert sweep(env) == SweepResult()  # nothing fires twice
    assert triggers(env, late) == ["start", "submit", "escalate"]


def test_a_timer_of_a_state_the_case_has_left_is_not_fired(env, people, clock):
    case_id = submitted(env, people)
    services.fire(env, Actor(people.reviewer), case_id, "send_back")  # back in draft: its timers retired
    clock.advance(days=10)
    assert sweep(env) == SweepResult()
    # A pending row of the review state left behind (written by an older version, say) is retired, not fired.
    with env.db.engine.begin() as conn:
        conn.execute(timers.insert().values(case_id=case_id, state="review", entered_seq=2, kind="deadline",
                                            trigger="escalate", due_at=clock.now(), provisional=False,
                                            status="pending", created_at=clock.now()))
    assert sweep(env) == SweepResult(obsolete=1)
    assert state(env, case_id) == "draft"
    assert triggers(env, case_id) == ["start", "submit", "send_back"]
    assert {status for _, status in timer_rows(env, case_id)} == {"obsolete"}


def test_a_failing_timer_is_logged_and_the_sweep_moves_on(env, people, clock, monkeypatch, caplog):
    cases = [submitted(env, people, f"事项 {i}") for i in range(4)]
    clock.advance(days=10)
    due = deadlines.due_timers(env, clock.now(), 100)
    with env.db.engine.connect() as conn:
        kinds = dict(conn.execute(sa.select(timers.c.id, timers.c.kind)).all())
    # Three deadlines: once the reminders are done they head the queue, more than a batch to page past.
    broken = set([t for t in due if kinds[t] == "deadline"][:3])
    real = deadlines.fire_timer

    def fire_timer(env_, timer_id):
        if timer_id in broken:
            raise RuntimeError("disk on fire")
        return real(env_, timer_id)

    monkeypatch.setattr(deadlines, "fire_timer", fire_timer)
    with caplog.at_level(logging.ERROR, logger="engine.scheduler.process"):
        assert sweep(env, batch=2) == SweepResult(fired=len(due) - 3, failed=3)
    assert sorted(r.getMessage() for r in caplog.records) == [
        f"timer {t} failed; the sweep goes on without it" for t in sorted(broken)]
    with env.db.engine.connect() as conn:
        pending = set(conn.execute(sa.select(timers.c.id).where(timers.c.status == "pending")).scalars())
    assert pending == broken  # left for the next sweep

    monkeypatch.setattr(deadlines, "fire_timer", real)
    assert sweep(env) == SweepResult(fired=3)
    assert [triggers(env, c).count("escalate") for c in cases] == [1, 1, 1, 1]


def test_a_stopped_sweep_ends_between_timers(env, people, clock):
    import threading

    submitted(env, people)
    clock.advance(days=10)
    stop = threading.Event()
    stop.set()
    assert sweep(env, stop=stop) == SweepResult()
    assert sweep(env) == SweepResult(fired=2)


def test_reminders_fire_once_and_reach_the_task_holders(env, people, clock):
    case_id = submitted(env, people)
    clock.advance(days=4)  # Friday 10:00: the reminder only
    assert sweep(env) == SweepResult(fired=1)
    assert sweep(env) == SweepResult()
    with env.db.engine.connect() as conn:
        sent = conn.execute(sa.select(notifications.c.role, notifications.c.organisation_id)
                            .where(notifications.c.case_id == case_id, notifications.c.kind == "reminder")).all()
    assert [tuple(r) for r in sent] == [("reviewer", people.union)]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_scheduler_refuses_to_run_without_workflows(env, backend):
    from config import Settings
    from engine.core.registry import Registry

    env.registry = Registry()
    with pytest.raises(ValueError, match="workflows"):
        scheduler.run_scheduler(env, Settings(database_url=env.db.url))
