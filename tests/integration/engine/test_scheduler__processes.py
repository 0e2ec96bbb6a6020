"""Schedulers as separate processes: killed sweeps neither lose nor repeat a deadline; one scheduler is active
at a time and a standby takes over when the active one is killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.store import audit
from engine.store.database import Database
from engine.store.models import Case, Event, Notification, Timer
from support.db import START
from support.scheduler_child import READY

ROOT = Path(__file__).resolve().parents[3]
NOW = START + timedelta(days=10)  # the children's clock: every timer of a case submitted at START is due
CASES = 1000  # a deadline and a reminder each
KILLS = 30
ACTIVE, STANDBY = "Scheduler active", "Scheduler on standby"
cases, events, timers, notifications = Case.__table__, Event.__table__, Timer.__table__, Notification.__table__


class Child:
    """A child process running ``support.scheduler_child``, its stdout collected line by line."""

    def __init__(self, url: str, log: Path, *args: str) -> None:
        env = {**os.environ, "UNIONFLOW_DATABASE_URL": url, "UNIONFLOW_TEST_NOW": NOW.isoformat(),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))}
        self._stderr = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "support.scheduler_child", *args], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def go(self) -> None:
        """Start a child run with ``--wait`` once it is ready."""
        wait_for(lambda: READY in self.lines or self.proc.poll() is not None, "child ready")
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def said(self, prefix: str) -> bool:
        return any(line.startswith(prefix) for line in self.lines)

    def kill(self) -> bool:
        """SIGKILL; whether it was still running."""
        running = self.proc.poll() is None
        self.proc.kill()
        self.close()
        return running

    def close(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.proc.stdout.close()
        try:
            self.proc.stdin.close()
        except BrokenPipeError:  # the child is gone, and so is the other end
            pass
        self._stderr.close()
        return code


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60, every: float = 0.05) -> float:
    """Poll until ``condition`` holds; return the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(every)
    return time.monotonic() - started


def submit(env, people, n: int, first: int = 0) -> list[int]:
    ids = []
    for i in range(first, first + n):
        case_id = services.start_case(env, Actor(people.clerk), "request", people.union, f"提案 {i}",
                                      {"body": "b"}).case_id
        services.fire(env, Actor(people.clerk), case_id, "submit")
        ids.append(case_id)
    return ids


@contextmanager
def setting_up(env, db_url: str) -> Iterator[Env]:
    """The test's own writes, which on PostgreSQL need not wait for the disk at each commit (the schedulers
    under test keep the server's settings)."""
    if env.db.sqlite:
        yield env
        return
    assert db_url.split("?")[-1].startswith("options=") and "&" not in db_url.split("options=")[-1]
    quick = Env(Database(db_url + "%20-csynchronous_commit%3Doff"), env.registry, env.clock)
    try:
        yield quick
    finally:
        quick.db.dispose()


def scalar(env, query: sa.Select) -> int:
    with env.db.read() as conn:  # no write lock: the test must not slow the child it watches
        return conn.execute(query).scalar_one()


def pending(env) -> int:
    return scalar(env, sa.select(sa.func.count()).select_from(timers).where(timers.c.status == "pending"))


def escalations_per_case(env) -> dict[int, int]:
    with env.db.read() as conn:
        return dict(conn.execute(sa.select(events.c.case_id, sa.func.count()).where(events.c.trigger == "escalate")
                                 .group_by(events.c.case_id)).all())


def test_killed_sweeps_neither_lose_nor_repeat_a_deadline(env, people, db_url, tmp_path):
    with setting_up(env, db_url) as quick:
        ids = submit(quick, people, CASES)
    total = 2 * CASES
    assert pending(env) == total
    seed = int(os.environ.get("UNIONFLOW_TEST_SEED") or random.randrange(2**32))  # to replay a failure
    rng = random.Random(seed)
    done = sa.select(sa.func.count()).select_from(timers).where(timers.c.status != "pending")
    # Each child is killed when the work done passes a random mark (the marks spread over the work, so every
    # kill lands while it is firing), or for one in five at a random time after its start (in start-up, the
    # schema check or the first batch) if that comes first; a little random delay more in both cases.
    marks = sorted(rng.sample(range(1, total - total // 20), KILLS))
    log = tmp_path / "children.log"

    def spawn(*extra: str) -> Child:
        return Child(db_url, log, "sweep", "--batch", str(rng.choice([1, 7, 50, 200])), *extra)

    # The next children start up (imports, schema check) while one works, and wait for a word to begin.
    waiting = [spawn("--wait"), spawn("--wait")]
    landed, attempts, left_at_kills = 0, 0, []
    try:
        while landed < KILLS:
            attempts += 1
            assert attempts < 3 * KILLS, f"kills kept missing the sweep (seed {seed})"
            mark = marks[min(landed, KILLS - 1)]
            if attempts % 5 == 0:
                child = spawn()
                deadline = time.monotonic() + rng.uniform(0, 1.2)
            else:
                child = waiting.pop(0)
                waiting.append(spawn("--wait"))
                child.go()
                deadline = time.monotonic() + 60
            while child.proc.poll() is None and time.monotonic() < deadline and (
                    READY not in child.lines or scalar(env, done) < mark):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.005))
            if child.kill():
                landed += 1
                left_at_kills.append(pending(env))
    finally:
        for child in waiting:  # never started on the work
            child.kill()
    last = Child(db_url, log, "sweep")
    assert last.close(120) == 0, log.read_text()
    assert any(line.startswith("swept ") for line in last.lines)

    assert min(left_at_kills) > 0, (left_at_kills, marks, seed)  # every kill left work to do
    assert pending(env) == 0
    assert escalations_per_case(env) == {c: 1 for c in ids}, f"seed {seed}"
    with env.db.engine.connect() as conn:
        states = dict(conn.execute(sa.select(cases.c.state, sa.func.count()).group_by(cases.c.state)).all())
        by_status = dict(conn.execute(sa.select(timers.c.kind + ":" + timers.c.status, sa.func.count())
                                      .group_by(timers.c.kind, timers.c.status)).all())
        reminded = dict(conn.execute(sa.select(notifications.c.case_id, sa.func.count())
                                     .where(notifications.c.kind == "reminder")
                                     .group_by(notifications.c.case_id)).all())
    assert states == {"escalated": CASES}
    # Reminders come due first, so every one fired, and its notification was written exactly once.
    assert by_status == {"deadline:fired": CASES, "reminder:fired": CASES}
    assert reminded == {c: 1 for c in ids}
    assert list(audit.verify(env.db)) == []


def test_one_scheduler_is_active_and_a_standby_takes_over(env, people, db_url, tmp_path):
    first = submit(env, people, 10)
    log = tmp_path / "schedulers.log"
    args = ("scheduler", "--standby-retry", "0.2", "--sweep-seconds", "1")
    a, b = Child(db_url, log, *args), Child(db_url, log, *args)
    try:
        wait_for(lambda: sum(c.said(ACTIVE) for c in (a, b)) == 1 and sum(c.said(STANDBY) for c in (a, b)) == 1,
                 "one active scheduler and one standby", timeout=60)
        active, standby = (a, b) if a.said(ACTIVE) else (b, a)
        wait_for(lambda: pending(env) == 0, "the due timers fired")
        assert escalations_per_case(env) == {c: 1 for c in first}
        assert not standby.said(ACTIVE)

        assert active.kill()
        killed = time.monotonic()
        second = submit(env, people, 10, first=10)  # due by the children's clock
        wait_for(lambda: standby.said(ACTIVE), "the standby took over", timeout=60)
        took = time.monotonic() - killed
        wait_for(lambda: pending(env) == 0, "the new timers fired")
        assert took < 60
        assert escalations_per_case(env) == {c: 1 for c in first + second}
        assert scalar(env, sa.select(sa.func.count()).select_from(cases).where(cases.c.state != "escalated")) == 0

        standby.proc.send_signal(signal.SIGTERM)
        assert standby.close() == 0, log.read_text()
        assert standby.lines[-1] == "stopped"
    finally:
        for child in (a, b):
            if child.proc.poll() is None:
                child.kill()
    assert list(audit.verify(env.db)) == []


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_scheduler_whose_lock_session_ends_steps_down_and_takes_over_again(env, backend, db_url, tmp_path):
    log = tmp_path / "scheduler.log"
    child = Child(db_url, log, "scheduler", "--standby-retry", "0.2", "--sweep-seconds", "1")
    try:
        wait_for(lambda: child.said(ACTIVE), "the scheduler became active")
        # A database administrator (or a failover) ends the session that holds the advisory lock.
        with env.db.engine.begin() as conn:
            ended = conn.execute(sa.text(
                "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
                "WHERE l.locktype = 'advisory' AND a.application_name LIKE :me"),
                {"me": f"%pid {child.proc.pid} on %"}).scalars().all()
        assert ended == [True]
        wait_for(lambda: child.said("Scheduler lost its lock"), "the scheduler noticed", timeout=30)
        wait_for(lambda: [line.split(" (")[0] for line in child.lines].count(ACTIVE) == 2,
                 "the scheduler took the lock again", timeout=30)
        child.proc.send_signal(signal.SIGTERM)
        assert child.close() == 0, log.read_text()
    finally:
        if child.proc.poll() is None:
            child.kill()
