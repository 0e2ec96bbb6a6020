"""A sweep or a whole scheduler in a child process, for the tests that kill it.

Run from the repository root with ``tests`` on ``PYTHONPATH``:
``python -m support.scheduler_child sweep|scheduler|deliver [--standby-retry S] [--sweep-seconds S] [--batch N]
[--wait]``. ``deliver`` runs the scheduler's outbox job until nothing is due, mailing the SMTP server on
``UNIONFLOW_TEST_SMTP_PORT``.
The database is ``UNIONFLOW_DATABASE_URL``; the engine's clock stands at ``UNIONFLOW_TEST_NOW`` (ISO 8601) so
that the test decides what is due. Lines on stdout tell the test where the child is.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from datetime import datetime
from typing import Any

from config import Settings
from engine.core.env import Env
from engine.core.registry import Registry
from engine.scheduler import process as scheduler
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.flows import REQUEST

READY = "ready"


def say(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("sweep", "scheduler", "deliver"))
    parser.add_argument("--standby-retry", type=float, default=None)
    parser.add_argument("--sweep-seconds", type=float, default=None)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--wait", action="store_true", help="after saying ready, start on a line from stdin")
    args = parser.parse_args()
    url = os.environ["UNIONFLOW_DATABASE_URL"]
    registry = Registry()
    registry.register(REQUEST)
    env = Env(Database(url), registry, FixedClock(datetime.fromisoformat(os.environ["UNIONFLOW_TEST_NOW"])))
    env.db.check_schema()
    if args.mode == "sweep":
        say(READY)
        if args.wait:
            sys.stdin.readline()
        result = scheduler.sweep(env, batch=args.batch)
        say(f"swept fired={result.fired} obsolete={result.obsolete} skipped={result.skipped} "
            f"failed={result.failed}")
        return
    if args.mode == "deliver":
        from engine.notify.outbox import deliver
        from support.notify import use

        use(env, smtp_port=int(os.environ["UNIONFLOW_TEST_SMTP_PORT"]))
        say(READY)
        if args.wait:
            sys.stdin.readline()
        total = 0
        while sent := deliver(env, limit=args.batch):
            total += sent
        say(f"delivered {total}")
        return
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    say(READY)
    scheduler.run_scheduler(env, Settings(database_url=url), stop_event=stop, standby_retry=args.standby_retry,
                            sweep_seconds=args.sweep_seconds, announce=say)
    say("stopped")


if __name__ == "__main__":
    main()
