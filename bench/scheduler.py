"""Due timers fired per second by the scheduler's sweep next to the raw driver doing the same writes, and the
longest a user's action waits while a sweep of 100,000 due timers runs.

Run: ``.venv/bin/python bench/scheduler.py [--json] [--timers N] [--rounds R] [--backlog N]``.

The timers are reminders (the least work a timer can be: the case and the timer locked and read, the task
holders looked up, one notification queued, the timer marked fired). The raw side is plain ``sqlite3`` /
psycopg running the very SQL text ``engine.time.deadlines`` prepares, with the same PRAGMAs, one transaction per
timer and one due-list query per 200 timers; it skips only what the engine adds above the driver. Both sides
run interleaved in rounds in one process and the median round of each is reported.

The backlog figure is SQLite's, whose write lock is database-wide (on PostgreSQL the sweep locks only the
rows of the case it fires): 100,000 due timers are swept while another thread acts on another case through
``services.fire`` every 50 ms, and the longest of those actions is reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_support import PG_URL, pg_schema_url, raw_connection  # noqa: E402

from engine import services  # noqa: E402
from engine.core.context import Actor  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.i18n import Label  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.core.spec import Period, Start, State, TaskSpec, TimerSpec, Transition, WorkflowSpec  # noqa: E402
from engine.scheduler.process import sweep  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.time import deadlines  # noqa: E402

CASES = 200
BATCH = 200
WEB_EVERY = 0.05

PING = WorkflowSpec(
    name="ping", version=1, label=Label("往返", "ping"),
    roles={"worker": Label("经办", "worker"), "checker": Label("复核", "checker")},
    initial="open",
    start=Start(roles=("worker",)),
    states=(
        State("open", Label("办理", "open"), tasks=(TaskSpec("worker"),),
              timers=(TimerSpec(Period(5, "workdays"), remind_before=(Period(1, "workdays"),)),)),
        State("checked", Label("复核", "checked"), tasks=(TaskSpec("checker"),)),
    ),
    transitions=(
        Transition("check", ("open",), "checked", Label("送复核", "check"), roles=("worker",)),
        Transition("reopen", ("checked",), "open", Label("退回", "reopen"), roles=("checker",)),
    ),
)


class Bench:
    """A database with cases standing in ``open`` (one open task each) and a way to add due reminders."""

    def __init__(self, url: str) -> None:
        registry = Registry()
        registry.register(PING)
        self.env = env = Env(Database(url), registry)
        union = services.create_organisation(env, "工会", "union")
        self.user = services.create_user(env, f"u{uuid.uuid4().hex[:8]}", "经办人")
        services.grant_role(env, self.user, union, "worker")
        services.grant_role(env, self.user, union, "checker")
        self.cases = [services.start_case(env, Actor(self.user), "ping", union, f"事项 {i}").case_id
                      for i in range(CASES)]
        self.web_case = services.start_case(env, Actor(self.user), "ping", union, "网页上的事项").case_id
        self.due_at = datetime.now(UTC) - timedelta(hours=1)

    def add_reminders(self, n: int) -> None:
        """``n`` due reminders of the cases' current visit, written in one transaction."""
        db, now = self.env.db, datetime.now(UTC)
        rows = [{"case_id": self.cases[i % CASES], "state": "open", "entered_seq": 1, "kind": "reminder",
                 "trigger": None, "due_at": db.ts(self.due_at), "provisional": False, "created_at": db.ts(now)}
                for i in range(n)]
        with db.transaction() as tx:
            tx.executemany(self.env.sql.insert_timer, rows)


class RawSide:
    """What ``deadlines.fire_timer`` sends for a reminder, on a bare driver connection."""

    def __init__(self, env: Env) -> None:
        self.db, self.sql, self.dl = env.db, env.sql, deadlines._sql(env)
        self.conn, self.ts = raw_connection(self.db)

    def _run(self, cur: Any, stmt: Any, params: dict[str, Any]) -> Any:
        cur.execute(stmt.sql, stmt.bind(params))
        return cur

    def due(self, now: datetime) -> list[int]:
        cur = self.conn.cursor()
        if self.db.sqlite:
            cur.execute("BEGIN")
        ids = [r[0] for r in self._run(cur, self.dl.due, {"now": self.ts(now), "limit": BATCH}).fetchall()]
        self.conn.commit() if not self.db.sqlite else cur.execute("COMMIT")
        cur.close()
        return ids

    def fire(self, timer_id: int) -> None:
        s, dl, ts, now = self.sql, self.dl, self.ts, datetime.now(UTC)
        cur = self.conn.cursor()
        if self.db.sqlite:
            cur.execute("BEGIN IMMEDIATE")
        try:
            (case_id,) = self._run(cur, dl.case_of, {"id": timer_id}).fetchone()
            case = self._run(cur, s.load_case, {"id": case_id}).fetchone()
            _c, state, _kind, _trigger, _status, due_at, _seq = self._run(cur, dl.timer, {"id": timer_id}).fetchone()
            rows = []
            for role, org, user, *task_due in self._run(cur, dl.open_tasks, {"case_id": case_id}).fetchall():
                due = task_due[0] if task_due else due_at  # the task's deadline, where the engine names it
                payload = json.dumps({"state": case[3], "due_at": self.db.load_ts(due).isoformat()},
                                     ensure_ascii=False, separators=(",", ":"))
                rows.append(s.insert_notification.bind({
                    "case_id": case_id, "kind": "reminder", "user_id": user, "role": None if user else role,
                    "organisation_id": None if user else org, "payload": payload, "next_attempt_at": ts(now),
                    "created_at": ts(now)}))
            if len(rows) == 1:
                cur.execute(s.insert_notification.sql, rows[0])
            elif rows:
                cur.executemany(s.insert_notification.sql, rows)
            self._run(cur, dl.mark, {"id": timer_id, "status": "fired", "now": ts(now)})
            self.conn.commit() if not self.db.sqlite else cur.execute("COMMIT")
        except BaseException:
            self.conn.rollback() if not self.db.sqlite else self.conn.execute("ROLLBACK")
            raise
        finally:
            cur.close()

    def sweep(self) -> int:
        now, fired = datetime.now(UTC), 0
        while ids := self.due(now):
            for timer_id in ids:
                self.fire(timer_id)
            fired += len(ids)
        return fired


def _count_statements(bench: Bench, raw: RawSide) -> tuple[int, int]:
    """Statements one timer sends to SQLite, engine and raw, to show the raw side does the same work."""
    counted: list[str] = []
    bench.env.db.engine.dispose()
    with bench.env.db.engine.connect() as probe:  # the pool hands this connection out again
        dbapi = probe.connection.driver_connection
    dbapi.set_trace_callback(counted.append)
    raw.conn.set_trace_callback(counted.append)
    try:
        bench.add_reminders(1)
        (timer_id,) = deadlines.due_timers(bench.env, datetime.now(UTC), 10)
        counted.clear()
        assert deadlines.fire_timer(bench.env, timer_id) == "fired"
        engine_n = len(counted)
        bench.add_reminders(1)
        (timer_id,) = raw.due(datetime.now(UTC))
        counted.clear()
        raw.fire(timer_id)
        raw_n = len(counted)
    finally:
        dbapi.set_trace_callback(None)
        raw.conn.set_trace_callback(None)
    return engine_n, raw_n


def measure_rate(url: str, timers: int, rounds: int) -> dict[str, float]:
    bench = Bench(url)
    raw = RawSide(bench.env)
    result: dict[str, float] = {}
    if bench.env.db.sqlite:
        engine_n, raw_n = _count_statements(bench, raw)
        if engine_n != raw_n:
            raise SystemExit(f"raw side runs {raw_n} statements per timer, the engine {engine_n}")
        result["statements_per_timer"] = engine_n
    sweep_rates, raw_rates = [], []
    for i in range(rounds + 1):  # the first round of each side warms up
        bench.add_reminders(timers)
        t0 = time.perf_counter()
        assert raw.sweep() == timers
        raw_rate = timers / (time.perf_counter() - t0)
        bench.add_reminders(timers)
        t0 = time.perf_counter()
        assert sweep(bench.env, batch=BATCH).fired == timers
        sweep_rate = timers / (time.perf_counter() - t0)
        if i:
            raw_rates.append(raw_rate)
            sweep_rates.append(sweep_rate)
    raw.conn.close()
    bench.env.db.dispose()
    result["sweep_per_s"] = statistics.median(sweep_rates)
    result["raw_per_s"] = statistics.median(raw_rates)
    result["ratio"] = result["sweep_per_s"] / result["raw_per_s"]
    return result


def measure_backlog(url: str, backlog: int) -> dict[str, float]:
    """Sweep ``backlog`` due timers while another thread acts on another case every 50 ms."""
    bench = Bench(url)
    env, actor = bench.env, Actor(bench.user)
    bench.add_reminders(backlog)
    waits: list[float] = []
    done = threading.Event()
    errors: list[BaseException] = []

    def web() -> None:
        trigger = "check"
        while not done.is_set():
            t0 = time.perf_counter()
            try:
                services.fire(env, actor, bench.web_case, trigger)
            except BaseException as err:  # reported: an action that failed waited too long or broke
                errors.append(err)
                return
            waits.append(time.perf_counter() - t0)
            trigger = "reopen" if trigger == "check" else "check"
            done.wait(WEB_EVERY)

    thread = threading.Thread(target=web, name="web")
    t0 = time.perf_counter()
    thread.start()
    try:
        result = sweep(env, batch=BATCH)
    finally:
        done.set()
        thread.join()
    seconds = time.perf_counter() - t0
    env.db.dispose()
    if errors:
        raise SystemExit(f"a web action failed during the sweep: {errors[0]!r}")
    if result.fired != backlog:
        raise SystemExit(f"the sweep fired {result.fired} of {backlog} timers: {result}")
    waits.sort()
    return {"backlog": backlog, "backlog_seconds": seconds, "backlog_per_s": backlog / seconds,
            "web_actions": len(waits), "web_wait_median_ms": statistics.median(waits) * 1000,
            "web_wait_p99_ms": waits[int(len(waits) * 0.99)] * 1000, "web_wait_max_ms": waits[-1] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timers", type=int, default=2000, help="timers per round and side (SQLite)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backlog", type=int, default=100_000, help="due timers in the backlog sweep (0: none)")
    args = parser.parse_args()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        schema.upgrade(url)
        rate = measure_rate(url, args.timers, args.rounds)
        out.update(sweep_per_s=round(rate["sweep_per_s"]), raw_per_s=round(rate["raw_per_s"]),
                   ratio=round(rate["ratio"], 3), statements_per_timer=rate["statements_per_timer"])
        if args.backlog:
            url = f"sqlite:///{tmp}/backlog.db"
            schema.upgrade(url)
            backlog = measure_backlog(url, args.backlog)
            out.update({k: round(v, 1) for k, v in backlog.items()})
    with pg_schema_url() as pg_url:
        if pg_url is not None:
            schema.upgrade(pg_url)
            pg = measure_rate(pg_url, max(args.timers // 4, 1), max(args.rounds // 2, 1))
    if pg_url is not None:
        out.update(sweep_per_s_pg=round(pg["sweep_per_s"]), raw_per_s_pg=round(pg["raw_per_s"]),
                   ratio_pg=round(pg["ratio"], 3))
    if args.json:
        print(json.dumps(out))
        return
    print(f"SQLite      sweep {out['sweep_per_s']:>6}/s   raw {out['raw_per_s']:>6}/s   ratio {out['ratio']:.0%}   "
          f"({out['statements_per_timer']} statements per timer, both sides)")
    if "ratio_pg" in out:
        print(f"PostgreSQL  sweep {out['sweep_per_s_pg']:>6}/s   raw {out['raw_per_s_pg']:>6}/s   "
              f"ratio {out['ratio_pg']:.0%}")
    else:
        print(f"PostgreSQL  not reachable at {PG_URL}: skipped")
    if "backlog" in out:
        print(f"Backlog     {int(out['backlog'])} due timers swept in {out['backlog_seconds']} s "
              f"({out['backlog_per_s']:.0f}/s); {int(out['web_actions'])} web actions meanwhile waited "
              f"{out['web_wait_median_ms']} ms (median), {out['web_wait_p99_ms']} ms (99th percentile), "
              f"{out['web_wait_max_ms']} ms at worst")


if __name__ == "__main__":
    main()
