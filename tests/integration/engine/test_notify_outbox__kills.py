"""E-mail survives killed schedulers: each kill repeats at most the one e-mail in flight, under the same
Message-ID, and none is lost."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from engine.store.models import Delivery, Notification, User
from support.db import START
from support.notify import MailServer
from support.scheduler_child import READY

ROOT = Path(__file__).resolve().parents[3]
MESSAGES = 320
KILLS = 25
deliveries, notifications, users = Delivery.__table__, Notification.__table__, User.__table__


@pytest.fixture
def mail() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


class Deliverer:
    """``support.scheduler_child deliver`` in a child process whose clock stands at ``now``."""

    def __init__(self, url: str, port: int, now: datetime, log: Path) -> None:
        env = {**os.environ, "UNIONFLOW_DATABASE_URL": url, "UNIONFLOW_TEST_NOW": now.isoformat(),
               "UNIONFLOW_TEST_SMTP_PORT": str(port),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")]))}
        self._log = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "support.scheduler_child", "deliver", "--batch", "50",
                                      "--wait"], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._log, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def go(self) -> None:
        deadline = time.monotonic() + 60
        while READY not in self.lines:
            assert self.proc.poll() is None and time.monotonic() < deadline, "the child did not start"
            time.sleep(0.02)
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def end(self, kill: bool) -> bool:
        """Kill it (SIGKILL) or wait for it; whether it was still running when killed."""
        running = self.proc.poll() is None
        if kill:
            self.proc.kill()
        self.proc.wait(120)
        self._reader.join(10)
        for stream in (self.proc.stdout, self.proc.stdin):
            try:
                stream.close()  # type: ignore[union-attr]
            except BrokenPipeError:
                pass
        self._log.close()
        return running


def queue_mail(env, n: int) -> None:
    now = START
    with env.db.engine.begin() as conn:
        first = conn.execute(sa.select(sa.func.coalesce(sa.func.max(users.c.id), 0))).scalar_one() + 1
        conn.execute(users.insert(), [{"id": first + i, "username": f"rep{i}", "display_name": f"代表{i}",
                                       "email": f"rep{i}@example.com", "language": "zh", "is_active": True,
                                       "created_at": now} for i in range(n)])
        note = conn.execute(notifications.insert().values(
            kind="reminder", payload={"title": "职代会"}, status="sent", attempts=1, next_attempt_at=now,
            created_at=now, sent_at=now).returning(notifications.c.id)).scalar_one()
        conn.execute(deliveries.insert(), [{"notification_id": note, "user_id": first + i, "channel": "email",
                                            "address": f"rep{i}@example.com", "status": "pending", "attempts": 0,
                                            "next_attempt_at": now, "created_at": now} for i in range(n)])


def test_killed_deliverers_repeat_at_most_one_mail_each_and_lose_none(env, db_url, mail, tmp_path):
    queue_mail(env, MESSAGES)
    rng = random.Random(int(os.environ.get("UNIONFLOW_TEST_SEED") or random.randrange(2**32)))
    log = tmp_path / "children.log"
    # Each child's clock stands a lease (a minute) after the one before, so what a killed child had claimed is
    # due again for the next.
    clock = iter(START + timedelta(minutes=2 * i) for i in range(10 * KILLS))
    marks = sorted(rng.sample(range(5, MESSAGES - 20), KILLS))
    waiting = Deliverer(db_url, mail.port, next(clock), log)
    kills = 0
    while kills < KILLS:
        child, waiting = waiting, Deliverer(db_url, mail.port, next(clock), log)
        child.go()
        deadline = time.monotonic() + 30
        while child.proc.poll() is None and len(mail.messages) < marks[kills] and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.01))
        kills += child.end(kill=True)
    waiting.go()
    waiting.end(kill=False)
    assert waiting.proc.returncode == 0, log.read_text()
    assert waiting.lines[-1].startswith("delivered"), log.read_text()

    with env.db.engine.connect() as conn:
        status = dict(conn.execute(sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)).all())
    received = Counter(m["X-Envelope-To"] for m in mail.messages)
    ids = {m["X-Envelope-To"]: set() for m in mail.messages}
    for m in mail.messages:
        ids[m["X-Envelope-To"]].add(m["Message-ID"])
    duplicates = sum(n - 1 for n in received.values())
    print(f"{KILLS} kills, {MESSAGES} deliveries: {len(mail.messages)} e-mails received, {duplicates} duplicates")
    assert status == {"sent": MESSAGES}
    assert set(received) == {f"rep{i}@example.com" for i in range(MESSAGES)}  # none lost
    assert duplicates <= KILLS
    assert all(len(found) == 1 for found in ids.values())  # a repeat has the Message-ID of the first
    assert len({next(iter(found)) for found in ids.values()}) == MESSAGES
