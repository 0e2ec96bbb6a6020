"""The scheduler's fixed jobs: the sweep closing ballot items at their set time, the digest on working days only,
the outbox, the nightly history check, and its settings; and the ``unionflow scheduler`` command."""

from __future__ import annotations

import logging
import sys
import threading
import time as time_
import types
from datetime import time, timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from config import Settings
from engine import services
from engine.cli import main
from engine.core.context import Actor
from engine.scheduler import process as scheduler
from engine.scheduler.process import SchedulerOptions
from engine.store.models import Event, Notification
from support.congress import Congress
from support.time import sh
from workflows.congress import services as congress


@pytest.fixture
def active(env, monkeypatch):
    """The jobs run as in an active scheduler of ``env``."""
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(env, SchedulerOptions(), threading.Event()))
    monkeypatch.setattr(scheduler, "_missing_reported", set())
    return env


def fake_module(monkeypatch, name: str, **functions) -> list:
    calls: list = []
    module = types.ModuleType(f"engine.notify.{name}")
    for fname in functions:
        setattr(module, fname, lambda env, _f=fname: calls.append((_f, env)))
    monkeypatch.setitem(sys.modules, f"engine.notify.{name}", module)
    return calls


def test_the_sweep_closes_the_ballot_items_whose_set_time_has_passed(active, clock, caplog):
    env = active
    c = Congress(env, size=30)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="职工福利费使用计划",
                             closes_at=clock.now() + timedelta(hours=1))
    congress.open_item(env, Actor(c.chair), item)
    for i, user_id in enumerate(c.roster[:25]):
        congress.vote(env, Actor(user_id), item, "agree" if i < 18 else "abstain")
    with caplog.at_level(logging.INFO, logger="engine.scheduler.process"):
        scheduler.sweep_job()  # not yet: it closes at 11:00
        assert congress.get_item(env, item).status == "open"
        clock.advance(hours=1)
        scheduler.sweep_job()
    closed = congress.get_item(env, item)
    assert closed.status == "closed" and closed.closed_at == clock.now()
    assert closed.result["counts"] == {"agree": 18, "disagree": 0, "abstain": 7} and closed.result["passed"] is True
    assert [r.getMessage() for r in caplog.records] == ["sweep: 1 ballot item(s) closed at their set time"]
    n = Notification.__table__
    with env.db.engine.connect() as conn:
        told = conn.execute(sa.select(n.c.user_id, n.c.payload).where(n.c.kind == "ballot_result")).all()
    assert sorted(u for u, _ in told) == sorted(c.roster)
    assert {p["item"] for _, p in told} == {"职工福利费使用计划"}
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="engine.scheduler.process"):
        scheduler.sweep_job()  # closed once only
    assert caplog.records == []


@pytest.mark.parametrize(("day", "sent"), [
    (sh(2026, 11, 30, 8, 30), True),  # a Monday
    (sh(2026, 11, 28, 8, 30), False),  # a Saturday
    (sh(2026, 10, 10, 8, 30), True),  # a Saturday worked in exchange for the National Day holiday
    (sh(2026, 10, 1, 8, 30), False),  # National Day, a Thursday
])
@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_digest_goes_out_on_working_days_only(active, clock, monkeypatch, backend, day, sent):
    calls = fake_module(monkeypatch, "digest", send_digests=None)
    clock.set(day)
    scheduler.digest_job()
    assert calls == ([("send_digests", active)] if sent else [])


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_outbox_job_delivers_and_says_once_when_delivery_is_missing(active, monkeypatch, caplog, backend):
    calls = fake_module(monkeypatch, "outbox", deliver=None)
    scheduler.outbox_job()
    assert calls == [("deliver", active)]
    monkeypatch.setitem(sys.modules, "engine.notify.outbox", None)  # as if not installed
    with caplog.at_level(logging.WARNING, logger="engine.scheduler.process"):
        scheduler.outbox_job()
        scheduler.outbox_job()
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["engine.notify.outbox.deliver is not available"]


def test_the_nightly_check_logs_a_broken_history(active, people, caplog):
    env = active
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    with caplog.at_level(logging.INFO, logger="engine.scheduler.process"):
        scheduler.audit_job()
    assert [r.getMessage() for r in caplog.records] == ["audit: every history chain holds"]
    caplog.clear()
    events = Event.__table__
    with env.db.engine.begin() as conn:  # a database administrator lifts the append-only guard
        if env.db.sqlite:
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_no_change")
        conn.execute(events.update().where(events.c.case_id == case_id).values(payload={"title": "改过"}))
        if not env.db.sqlite:
            conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER events_no_change")
    with caplog.at_level(logging.INFO, logger="engine.scheduler.process"):
        scheduler.audit_job()
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", f"history chain broken: case {case_id}: history entry 1: its content was altered (hash mismatch)"),
        ("ERROR", "audit: 1 case(s) with a broken history; run `unionflow audit verify`")]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_failing_job_is_logged_and_runs_again_next_time(active, monkeypatch, caplog, backend):
    def broken(env):
        raise ConnectionError("SMTP server gone")

    monkeypatch.setitem(sys.modules, "engine.notify.outbox", types.SimpleNamespace(deliver=broken))
    with caplog.at_level(logging.ERROR, logger="engine.scheduler.process"):
        scheduler.outbox_job()
    assert [r.getMessage() for r in caplog.records] == ["scheduler job outbox failed; it runs again at its next time"]


def test_scheduler_settings_come_from_the_config_file_and_the_command_line():
    settings = Settings(scheduler={"standby_retry": 2, "digest_at": "09:15", "batch": 50})
    options = SchedulerOptions.from_settings(settings, sweep_seconds=10, standby_retry=None)
    assert options == SchedulerOptions(standby_retry=2.0, sweep_seconds=10.0, digest_at=time(9, 15), batch=50)
    assert SchedulerOptions.from_settings(Settings()) == SchedulerOptions()
    for bad, message in [({"sweep_seconds": 0}, "positive number"), ({"digest_at": "late"}, "a time"),
                         ({"sweep": 5}, "unknown")]:
        with pytest.raises(ValueError, match=message):
            SchedulerOptions.from_settings(Settings(scheduler=bad))


def test_the_scheduler_command_is_offered():
    result = CliRunner().invoke(main, ["scheduler", "--help"])
    assert result.exit_code == 0
    assert "--standby-retry SECONDS" in result.output and "--sweep-seconds SECONDS" in result.output


def test_the_command_refuses_to_start_without_workflows(monkeypatch, tmp_path):
    from engine import cli

    monkeypatch.setattr(cli, "entry_points", lambda group: [])
    result = CliRunner().invoke(main, ["scheduler"], env={"UNIONFLOW_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.exit_code == 1
    assert "no workflow is installed" in result.output


def test_stored_times_survive_but_the_sweep_runs_at_once(env):
    """A digest due while no scheduler ran keeps its stored time (it goes out if not too late)."""
    from datetime import timedelta

    from engine.time.calendar import TZ

    def jobs(change=None) -> dict:
        s = scheduler._Scheduler(jobstores={"default": scheduler._job_store(env)}, timezone=TZ)
        s.start(paused=True)
        try:
            scheduler._add_jobs(s, SchedulerOptions())
            if change:
                change(s)
            return {j.id: j.next_run_time for j in s.get_jobs()}
        finally:
            s.shutdown(wait=False)

    first = jobs()
    assert set(first) == {"sweep", "outbox", "exports", "digest", "audit", "checkpoint"}
    missed = first["digest"] - timedelta(days=1)  # as if the scheduler had been down since before 08:30
    jobs(lambda s: s.modify_job("digest", next_run_time=missed))
    second = jobs()
    assert second["digest"] == missed and second["audit"] == first["audit"]
    assert second["sweep"] > first["sweep"]  # the sweep and the outbox run at once on taking over


def test_a_scheduler_that_cannot_start_its_jobs_steps_down_and_tries_again(env, people, clock, monkeypatch, caplog):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    clock.advance(days=10)
    real, calls = scheduler._job_store, []

    def job_store(env_):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database restarting")
        return real(env_)

    monkeypatch.setattr(scheduler, "_job_store", job_store)
    said: list[str] = []
    stop = threading.Event()
    runner = threading.Thread(target=scheduler.run_scheduler, args=(env, Settings(database_url=env.db.url)),
                              kwargs={"stop_event": stop, "standby_retry": 0.1, "announce": said.append})
    with caplog.at_level(logging.ERROR, logger="engine.scheduler.process"):
        runner.start()
        try:
            deadline = time_.monotonic() + 30
            while services.case_view(env, services.SYSTEM_ACTOR, case_id).state != "escalated":
                assert time_.monotonic() < deadline, said
                time_.sleep(0.05)
        finally:
            stop.set()
            runner.join(30)
    assert not runner.is_alive()
    assert [line.split(" (")[0] for line in said] == ["Scheduler active", "Scheduler active"]
    assert [r.getMessage() for r in caplog.records] == [
        "the scheduler could not run its jobs; it steps down and tries again"]


def test_the_exports_job_writes_nothing_and_takes_no_write_lock_when_none_is_queued(env, monkeypatch):
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(env, SchedulerOptions(), threading.Event()))
    writes: list[int] = []
    real = env.db.write
    monkeypatch.setattr(env.db, "write", lambda: (writes.append(1), real())[1])
    scheduler.exports_job()
    assert writes == []
