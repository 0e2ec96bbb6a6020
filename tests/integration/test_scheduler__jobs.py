"""The scheduler's fixed jobs: the digest on working days only, the outbox, the nightly history check, and its
settings; and the ``unionflow scheduler`` command."""

from __future__ import annotations

import logging
import sys
import threading
import time as time_
import types
from datetime import time

import pytest
from click.testing import CliRunner

from config import Settings
from engine import scheduler, services
from engine.cli import main
from engine.context import Actor
from engine.models import Event
from engine.scheduler import SchedulerOptions
from support.time import sh


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
    with caplog.at_level(logging.WARNING, logger="engine.scheduler"):
        scheduler.outbox_job()
        scheduler.outbox_job()
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["engine.notify.outbox.deliver is not available"]


def test_the_nightly_check_logs_a_broken_history(active, people, caplog):
    env = active
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    with caplog.at_level(logging.INFO, logger="engine.scheduler"):
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
    with caplog.at_level(logging.INFO, logger="engine.scheduler"):
        scheduler.audit_job()
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", f"history chain broken: case {case_id}: history entry 1: its content was altered (hash mismatch)"),
        ("ERROR", "audit: 1 case(s) with a broken history; run `unionflow audit verify`")]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_failing_job_is_logged_and_runs_again_next_time(active, monkeypatch, caplog, backend):
    def broken(env):
        raise ConnectionError("SMTP server gone")

    monkeypatch.setitem(sys.modules, "engine.notify.outbox", types.SimpleNamespace(deliver=broken))
    with caplog.at_level(logging.ERROR, logger="engine.scheduler"):
        scheduler.outbox_job()
    assert [r.getMessage() for r in caplog.records] == ["scheduler job outbox failed; it runs again at its next time"]


def test_scheduler_settings_come_from_the_config_file_and_the_command_line():
    settings = Settings(extra={"scheduler": {"standby_retry": 2, "digest_at": "09:15", "batch": 50}})
    options = SchedulerOptions.from_settings(settings, sweep_seconds=10, standby_retry=None)
    assert options == SchedulerOptions(standby_retry=2.0, sweep_seconds=10.0, digest_at=time(9, 15), batch=50)
    assert SchedulerOptions.from_settings(Settings()) == SchedulerOptions()
    for bad, message in [({"sweep_seconds": 0}, "positive number"), ({"digest_at": "late"}, "a time"),
                         ({"sweep": 5}, "unknown")]:
        with pytest.raises(ValueError, match=message):
            SchedulerOptions.from_settings(Settings(extra={"scheduler": bad}))


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

    from engine.calendar import TZ

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
    assert set(first) == {"sweep", "outbox", "digest", "audit"}
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
    with caplog.at_level(logging.ERROR, logger="engine.scheduler"):
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
