"""Actions per second through ``services.fire`` next to the raw driver doing the same writes.

Run: ``make bench`` or ``.venv/bin/python bench/engine.py [--json] [--actions N]``.

The raw side is plain ``sqlite3`` / psycopg running the very SQL text the engine prepares, with the same
PRAGMAs, one transaction per action, the same parameters and the same SHA-256 history hash; it skips only
what the engine adds above the driver (role and form checks, the state machine, calendar arithmetic). Both
sides run interleaved in rounds in one process, and the median round of each is reported. The machine
figure compares firing on the shared ``transitions.Machine`` with building a machine per case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_support import PG_URL, pg_schema_url, raw_connection  # noqa: E402

from engine import services  # noqa: E402
from engine.core.context import Actor  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.i18n import Label  # noqa: E402
from engine.core.registry import Binding, Registry, build_machine  # noqa: E402
from engine.core.spec import Notify, Period, Start, State, TaskSpec, TimerSpec, Transition, WorkflowSpec  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.history import stamp  # noqa: E402
from engine.time.calendar import Calendar  # noqa: E402

CASES = 50

PING = WorkflowSpec(
    name="ping", version=1, label=Label("往返", "ping"),
    roles={"worker": Label("经办", "worker"), "checker": Label("复核", "checker")},
    initial="open",
    start=Start(roles=("worker",)),
    states=(
        State("open", Label("办理", "open"), tasks=(TaskSpec("worker"),),
              timers=(TimerSpec(Period(5, "workdays"), remind_before=(Period(1, "workdays"),)),)),
        State("checked", Label("复核", "checked"), tasks=(TaskSpec("checker"),),
              timers=(TimerSpec(Period(3, "days"), remind_before=(Period(1, "days"),)),)),
    ),
    transitions=(
        Transition("check", ("open",), "checked", Label("送复核", "check"), roles=("worker",),
                   notify=(Notify("checker", "to_check"),)),
        Transition("reopen", ("checked",), "open", Label("退回", "reopen"), roles=("checker",),
                   notify=(Notify("worker", "reopened"),)),
    ),
)
NEXT = {"open": ("check", "checked", "checker", "to_check"), "checked": ("reopen", "open", "worker", "reopened")}


def _setup(url: str) -> tuple[Env, int, list[int], list[int]]:
    registry = Registry()
    registry.register(PING)
    env = Env(Database(url), registry)
    union = services.create_organisation(env, "工会", "union")
    user = services.create_user(env, f"u{uuid.uuid4().hex[:8]}", "经办人")
    services.grant_role(env, user, union, "worker")
    services.grant_role(env, user, union, "checker")
    ids = [services.start_case(env, Actor(user), "ping", union, f"事项 {i}").case_id for i in range(2 * CASES)]
    return env, user, ids[:CASES], ids[CASES:]


def _engine_round(env: Env, user: int, cases: list[int], actions: int) -> float:
    actor = Actor(user)
    states = {c: services.case_view(env, actor, c).state for c in cases}
    t0 = time.perf_counter()
    for i in range(actions):
        case_id = cases[i % len(cases)]
        trigger = NEXT[states[case_id]][0]
        states[case_id] = services.fire(env, actor, case_id, trigger).state
    return actions / (time.perf_counter() - t0)


class RawSide:
    """The same statements on a bare driver connection, one transaction per action."""

    def __init__(self, env: Env, user: int) -> None:
        self.db, self.sql, self.user = env.db, env.sql, user
        cal, now = Calendar(), datetime.now(UTC)
        self.due = {}
        for name in NEXT:
            (timer,) = PING.state(name).timers
            deadline = cal.due(now, timer.period).at
            self.due[name] = (deadline, cal.before(deadline, timer.remind_before[0]))
        self.conn, self.ts = raw_connection(self.db)

    def fire(self, case_id: int) -> None:
        s, ts = self.sql, self.ts
        cur = self.conn.cursor()
        if self.db.sqlite:
            cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute(s.load_case.sql, s.load_case.bind({"id": case_id}))
            workflow, _v, org, state, version, _data, starter, head, title = cur.fetchone()
            trigger, dest, role, kind = NEXT[state]
            cur.execute(s.roles_in.sql, s.roles_in.bind({"user": self.user, "org": org}))
            cur.fetchall()
            now = datetime.now(UTC)
            seq, payload = version + 1, '{"form":{}}'
            body = {"case": case_id, "seq": seq, "trigger": trigger, "from": state, "to": dest, "actor": self.user,
                    "payload": {"form": {}}, "at": stamp(now), "prev": head}
            digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                               separators=(",", ":")).encode()).hexdigest()
            cur.execute(s.insert_event.sql, s.insert_event.bind({
                "case_id": case_id, "seq": seq, "trigger": trigger, "from_state": state, "to_state": dest,
                "actor_id": self.user, "payload": payload, "created_at": ts(now), "prev_hash": head,
                "hash": digest}))
            cur.execute(s.update_case.sql, s.update_case.bind({
                "id": case_id, "old_version": version, "state": dest, "version": seq, "data": "{}",
                "now": ts(now), "head_hash": digest, "title": title, "key1": None, "key2": None, "key3": None}))
            cur.execute(s.close_tasks.sql, s.close_tasks.bind({"case_id": case_id, "now": ts(now), "seq": seq}))
            cur.execute(s.obsolete_timers.sql, s.obsolete_timers.bind({"case_id": case_id}))
            deadline, reminder = self.due[dest]
            cur.execute(s.insert_task.sql, s.insert_task.bind({
                "case_id": case_id, "state": dest, "due_at": ts(deadline), "created_at": ts(now), "role": role,
                "organisation_id": org, "user_id": None, "kind": "task"}))
            base = {"case_id": case_id, "state": dest, "entered_seq": seq, "provisional": False,
                    "created_at": ts(now)}
            cur.executemany(s.insert_timer.sql, [
                s.insert_timer.bind({**base, "kind": "deadline", "trigger": None, "due_at": ts(deadline)}),
                s.insert_timer.bind({**base, "kind": "reminder", "trigger": None, "due_at": ts(reminder)})])
            # Who may read the case now: its starter, and the role that acts in the new step.
            cur.execute(s.delete_readers.sql, s.delete_readers.bind({"case_id": case_id}))
            cur.executemany(s.insert_reader.sql, [
                s.insert_reader.bind({"case_id": case_id, "user_id": starter, "role": None, "organisation_id": None}),
                s.insert_reader.bind({"case_id": case_id, "user_id": None, "role": role, "organisation_id": org})])
            cur.execute(s.insert_notification.sql, s.insert_notification.bind({
                "case_id": case_id, "kind": kind, "user_id": None, "role": role, "organisation_id": org,
                "payload": json.dumps({"trigger": trigger, "state": dest}, ensure_ascii=False,
                                      separators=(",", ":")),
                "next_attempt_at": ts(now), "created_at": ts(now)}))
            if self.db.sqlite:
                cur.execute("COMMIT")
            else:
                self.conn.commit()
        except BaseException:
            if self.db.sqlite:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.rollback()
            raise
        finally:
            cur.close()

    def round(self, cases: list[int], actions: int) -> float:
        t0 = time.perf_counter()
        for i in range(actions):
            self.fire(cases[i % len(cases)])
        return actions / (time.perf_counter() - t0)


def _count_statements(env: Env, user: int, raw: RawSide, engine_case: int, raw_case: int) -> tuple[int, int]:
    """Statements one action sends to SQLite, engine and raw, to show the raw side does the same work."""
    counted: list[str] = []
    with env.db.engine.connect() as probe:
        dbapi = probe.connection.driver_connection
    dbapi.set_trace_callback(counted.append)
    raw.conn.set_trace_callback(counted.append)
    try:
        state = services.case_view(env, Actor(user), engine_case).state
        counted.clear()
        services.fire(env, Actor(user), engine_case, NEXT[state][0])
        engine_n = len(counted)
        counted.clear()
        raw.fire(raw_case)
        raw_n = len(counted)
    finally:
        dbapi.set_trace_callback(None)
        raw.conn.set_trace_callback(None)
    return engine_n, raw_n


def measure(url: str, actions: int, rounds: int) -> dict[str, float]:
    env, user, engine_cases, raw_cases = _setup(url)
    raw = RawSide(env, user)
    result: dict[str, float] = {}
    if env.db.sqlite:
        env.db.engine.dispose()
        engine_n, raw_n = _count_statements(env, user, raw, engine_cases[0], raw_cases[0])
        if engine_n != raw_n:
            raise SystemExit(f"raw side runs {raw_n} statements per action, the engine {engine_n}")
        result["statements_per_action"] = engine_n
    _engine_round(env, user, engine_cases, actions // 10)  # warm up both sides
    raw.round(raw_cases, actions // 10)
    engine_rates, raw_rates = [], []
    for _ in range(rounds):
        raw_rates.append(raw.round(raw_cases, actions))
        engine_rates.append(_engine_round(env, user, engine_cases, actions))
    raw.conn.close()
    env.db.dispose()
    result["engine_per_s"] = statistics.median(engine_rates)
    result["raw_per_s"] = statistics.median(raw_rates)
    result["ratio"] = result["engine_per_s"] / result["raw_per_s"]
    return result


def _proposal_sized() -> WorkflowSpec:
    """A spec the size of the congress proposal workflow (14 states, 21 actions), for the machine figure."""
    names = ["draft", "co_signing", "submitted", "review", "returned", "endorsement", "assigned", "handling",
             "extension", "answered", "rehandling", "supervision", "suggestion", "closed"]
    edges = [("invite", "draft", "co_signing"), ("submit", "co_signing", "submitted"),
             ("take", "submitted", "review"), ("return_for_revision", "review", "returned"),
             ("resubmit", "returned", "submitted"), ("accept", "review", "endorsement"),
             ("convert", "review", "suggestion"), ("reject", "review", "closed"), ("merge", "review", "closed"),
             ("endorse", "endorsement", "assigned"), ("assign", "assigned", "handling"),
             ("ask_extension", "handling", "extension"), ("grant", "extension", "handling"),
             ("answer", "handling", "answered"), ("overdue", "handling", "supervision"),
             ("chase", "supervision", "handling"), ("rate_ok", "answered", "closed"),
             ("rate_bad", "answered", "rehandling"), ("rehandle", "rehandling", "handling"),
             ("close_anyway", "rehandling", "closed"), ("answer_suggestion", "suggestion", "closed")]
    label = Label("x", "x")
    return WorkflowSpec(
        name="sized", version=1, label=label, roles={"member": label}, initial="draft",
        start=Start(roles=("member",)),
        states=tuple(State(n, label, final=(n == "closed"), tasks=(TaskSpec("member"),)) for n in names),
        transitions=tuple(Transition(t, (a,), b, label, roles=("member",), guards=("ok",), effects=("noop",))
                          for t, a, b in edges),
        guards={"ok": lambda ctx: None}, effects={"noop": lambda ctx: None})


def machine_cost(spec: WorkflowSpec, fires: int) -> float:
    """How many times cheaper firing on the shared machine is than building a machine per case."""
    shared = build_machine(spec)
    first = spec.transitions_from(spec.initial)[0].trigger

    def on_shared() -> None:
        shared.events[first].trigger(Binding(spec.initial), ctx=None)

    def per_case() -> None:
        # What a machine per case costs: the same machine, built with the case as its model.
        model = _Model(spec.initial)
        machine = build_machine(spec)
        machine.add_model(model)
        machine.events[first].trigger(model, ctx=None)

    timings = {}
    for name, fn in (("shared", on_shared), ("per_case", per_case)):
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(fires):
                fn()
            runs.append((time.perf_counter() - t0) / fires)
        timings[name] = statistics.median(runs)
    return timings["per_case"] / timings["shared"]


class _Model:
    def __init__(self, state: str) -> None:
        self.state = state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--actions", type=int, default=2000, help="actions per round and side")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        schema.upgrade(url)
        sqlite = measure(url, args.actions, args.rounds)
    out.update(engine_per_s_sqlite=round(sqlite["engine_per_s"]), raw_per_s_sqlite=round(sqlite["raw_per_s"]),
               ratio_sqlite=round(sqlite["ratio"], 3), statements_per_action=sqlite["statements_per_action"])
    with pg_schema_url() as pg_url:
        if pg_url is not None:
            schema.upgrade(pg_url)
            pg = measure(pg_url, args.actions // 2, args.rounds)
    if pg_url is not None:
        out.update(engine_per_s_pg=round(pg["engine_per_s"]), raw_per_s_pg=round(pg["raw_per_s"]),
                   ratio_pg=round(pg["ratio"], 3))
    out["shared_vs_per_case"] = round(machine_cost(_proposal_sized(), 500), 1)
    out["shared_vs_per_case_ping"] = round(machine_cost(PING, 500), 1)
    if args.json:
        print(json.dumps(out))
        return
    print(f"SQLite      engine {out['engine_per_s_sqlite']:>7}/s   raw {out['raw_per_s_sqlite']:>7}/s   "
          f"ratio {out['ratio_sqlite']:.0%}   ({out['statements_per_action']} statements per action, both sides)")
    if "ratio_pg" in out:
        print(f"PostgreSQL  engine {out['engine_per_s_pg']:>7}/s   raw {out['raw_per_s_pg']:>7}/s   "
              f"ratio {out['ratio_pg']:.0%}")
    else:
        print(f"PostgreSQL  not reachable at {PG_URL}: skipped")
    print(f"Machine     firing on the shared machine is {out['shared_vs_per_case']}x cheaper than building a machine "
          f"per case for a proposal-sized spec ({out['shared_vs_per_case_ping']}x for the 2-state bench spec)")


if __name__ == "__main__":
    main()
