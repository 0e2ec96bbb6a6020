"""A city's unions on PostgreSQL: the federation's pages at 800 and 8,000 unions, on the primary and on a streaming
replica, and workflow actions per second through PgBouncer with one and with four web processes.

Run: ``.venv/bin/python bench/federation.py [--json] [--small 800] [--large 8000] [--repeat 15] [--seconds 20]
[--rounds 3] [--only-throughput] [--load-generator wrk|threads]``; ``--only-throughput`` builds the large city
only and measures its actions per second, no pages.

The city (``bench/city_data.py``): the city federation, six districts and four industry unions, twelve street or
township unions under each (131 federations), then enterprise unions up to ``--large`` union organisations: one
made through the workflows (a congress in session with its roster of 30, eight proposals from draft to assigned,
a collective contract signed and filed, and what the merged domains add to a union), copied in SQL to the others.
Both sizes are built, each in a schema of its own, from the same template; then measured interleaved, each page at
the small size and straight after at the large, 3 warm-ups then ``--repeat`` rounds; p50 and p95 in ms. The pages
are the federation's own services called in process as its staff (``PAGES``: the city's view, a district's, a
drill-down into one union, the returns' consolidation, the overview as Excel) and, at the large size, the same
through a read replica (``tools/replica.sh``; ``replica_reads``). ``growth_<page>`` is p50 at the large size over
p50 at the small. The federation's view reads the figures it keeps per union (``workflows/federation/stored.py``):
``count_all_s_<size>`` is how long counting every union of the city takes (its first read, or the scheduler's
sweep once they are older than ``[federation] figures_max_age_minutes``); the pages are read an hour after the
city's last change, as a city's staff read them, with nothing stale.

Throughput: ``unionflow serve --reuse-port`` processes (waitress, 8 threads each) through PgBouncer in transaction
mode on the large city; 50 clients, each a representative of another union with an API token, post comments on
their union's proposals (``POST /api/v1/cases/<id>/comments``: an action in the history chain, its participants
notified) for ``--seconds`` after a 2-second warm-up; actions per second with 1, 2 and 4 processes, in ``--rounds``
rounds of the three (``measure_throughput``: each figure the median of its rounds, each run on 50 unions no run
commented on before; ``scaling_4_over_1_rounds`` per round). The clients
(``bench/load.py``, ``load_generator``) are Debian's ``wrk`` when it is on PATH (a Lua ``request()`` hook, one
connection per (token, case) pair, any answer but 201 a failure), else 50 Python threads in the bench process.
Per run also: the machine's busy share (all its processes), CPU milliseconds per action of the web processes,
PgBouncer, PostgreSQL's processes and the load generator (``cpu_ms_per_action_<part>_<n>``), and PostgreSQL
round trips and transactions per action (``round_trips_per_action_<n>``: PgBouncer's query count, BEGIN, COMMIT
and any ping included, over the comments the server took).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import city_data  # noqa: E402
import load  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from bench_support import PG_URL, pg_schema_url  # noqa: E402

from config import Settings  # noqa: E402
from engine import services  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from support.db import START  # noqa: E402
from workflows import register_all  # noqa: E402

WARM_UPS = 3
READ_AFTER = timedelta(hours=1)
YEAR = 2026
CLIENTS = 50
PROCESSES = (1, 2, 4)
MEMBERS = 700_000
Page = Callable[[], Any]
Log = Callable[[str], None]


# -- the pages: each merged domain's service, as the federation's staff call it -------------------------------------
def pages(env: Env, c: city_data.City) -> dict[str, Page]:
    """Name → a call reading one page's data; a service not in this tree is left out (and said so)."""
    out: dict[str, Page] = {}
    city_staff, district, district_staff = c.staff[c.city], c.seconds[0], c.staff[c.seconds[0]]
    union = c.template
    try:
        from workflows.federation import services as federation
    except ImportError:
        federation = None  # type: ignore[assignment]
    if federation is not None and hasattr(federation, "overview"):
        out["city"] = lambda: federation.overview(env, city_staff, c.city, YEAR)
        out["district"] = lambda: federation.overview(env, district_staff, district, YEAR)
    if federation is not None and hasattr(federation, "union_detail"):
        out["drill_down"] = lambda: federation.union_detail(env, district_staff, district, union, YEAR)
    if federation is not None and hasattr(federation, "overview_xlsx"):
        out["xlsx"] = lambda: _drain(federation.overview_xlsx(env, city_staff, c.city, YEAR))
    try:
        from workflows.returns import services as returns
    except ImportError:
        returns = None  # type: ignore[assignment]
    if returns is not None and hasattr(returns, "consolidate"):
        out["returns"] = lambda: returns.consolidate(env, city_staff, c.city, YEAR)
    # The union's own dashboard, as its office reads it (a page that reads the replica today).
    office = services.Actor(c.people.office)
    out["union_dashboard"] = lambda: services.build_report(env, office, "dashboard", organisation_id=union,
                                                           session_id=None)
    return out


def _drain(made: Any) -> Any:
    if hasattr(made, "read"):
        return made.read()
    if isinstance(made, bytes | bytearray | str):
        return made
    return b"".join(made) if not isinstance(made, Path) else made.read_bytes()


def _touch(result: Any) -> None:
    """Read what a page returned to the end (reports hold generators read once)."""
    for table in getattr(result, "sheets", ()) or ():
        for _ in getattr(table, "rows", ()) or ():
            pass


# -- building ----------------------------------------------------------------------------------------------------
def build(url: str, unions: int, members: int, log: Log) -> tuple[Env, city_data.City, float]:
    schema.upgrade(url)
    env = Env(Database(url), register_all(Registry(), Settings()), FixedClock(START))
    started = time.perf_counter()
    c = city_data.federations(env)
    city_data.template_union(env, c, log, members)
    city_data.copy_unions(env, c, max(unions - city_data.FEDERATIONS - 1, 0), log)
    with env.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    took = time.perf_counter() - started
    env.clock = FixedClock(START + READ_AFTER)  # the pages are read an hour after the city's last change
    return env, c, took


def count_all(env: Env, c: city_data.City) -> float:
    """Seconds to count every union of the city for the federation's view (what its first read, or the sweep
    after ``figures_max_age_minutes``, does); None when the kept figures are not in this tree."""
    try:
        from workflows.federation import stored
    except ImportError:
        return float("nan")
    started = time.perf_counter()
    stored.refresh(env, services.get_organisation(env, c.city), YEAR)
    return time.perf_counter() - started


def counts(env: Env) -> dict[str, int]:
    with env.db.read() as conn:
        def one(sql: str) -> int:
            return int(conn.exec_driver_sql(sql).scalar() or 0)

        found = {"union_organisations": one("SELECT count(*) FROM organisations WHERE kind <> 'department'"),
                 "users": one("SELECT count(*) FROM users"),
                 "proposals": one("SELECT count(*) FROM cases WHERE workflow = 'proposal'"),
                 "agreements": one("SELECT count(*) FROM cases WHERE workflow = 'bargaining'")}
        if sa.inspect(conn).has_table("members"):
            found["members"] = one("SELECT count(*) FROM members")
    return found


# -- measuring ---------------------------------------------------------------------------------------------------
def measure(sides: list[dict[str, Page]], wrappers: list[Callable[[], Any]], repeat: int
            ) -> list[dict[str, list[float]]]:
    """Each page at each side in turn, round after round; milliseconds after the warm-ups."""
    times: list[dict[str, list[float]]] = [{name: [] for name in sides[0]} for _ in sides]
    for n in range(WARM_UPS + repeat):
        for name in sides[0]:
            for i, side in enumerate(sides):
                with wrappers[i]():
                    started = time.perf_counter()
                    _touch(side[name]())
                    elapsed = (time.perf_counter() - started) * 1000
                if n >= WARM_UPS:
                    times[i][name].append(elapsed)
    return times


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def actors_for_throughput(env: Env, batch: int = 0) -> list[tuple[str, int]]:
    """(API token, proposal id) of a representative in each of 50 unions: their own union's proposal. Each
    ``batch`` is another 50 unions, so that every run comments on proposals with only the history the city gave
    them, not the thousands of comments of the runs before it."""
    with env.db.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT DISTINCT ON (u.id) u.id, c.id FROM users u JOIN cases c ON c.created_by = u.id "
            "AND c.workflow = 'proposal' WHERE u.username LIKE 'rep1.%%' ORDER BY u.id, c.id LIMIT %(n)s "
            "OFFSET %(skip)s", {"n": CLIENTS, "skip": CLIENTS * batch}).all()
    return [(services.create_token(env, user_id, "bench").secret, case_id) for user_id, case_id in rows]


def comments_posted(env: Env, actors: list[tuple[str, int]]) -> Callable[[], int]:
    """A count of the comments on the actors' proposals so far (the actions the server took)."""
    def count() -> int:
        with env.db.read() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM events WHERE trigger = 'comment' AND case_id IN "
                                            "(SELECT unnest(CAST(:ids AS integer[])))"),
                                    {"ids": [case_id for _, case_id in actors]}).scalar() or 0)
    return count


def _cpu() -> tuple[int, int]:
    """The machine's CPU time so far, all and idle (Linux /proc/stat), to tell how busy a run kept it."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


def _busy(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[0] - before[0]
    return 100 * (1 - (after[1] - before[1]) / total) if total else 0.0


def measure_pages(out: dict[str, Any], envs: list[tuple[Env, city_data.City]], large_url: str, repeat: int,
                  replica: bool, log: Log) -> list[str]:
    """Each page at the small and the large city (and through a replica of the large); adds a replica's env to
    ``envs`` (to be disposed of) and returns the sides' names."""
    from contextlib import nullcontext

    from support.replica import caught_up, make_replica, on_port

    (small_env, small_city), (large_env, large_city) = envs
    sides = [pages(small_env, small_city), pages(large_env, large_city)]
    wrappers: list[Callable[[], Any]] = [nullcontext, nullcontext]
    names = ["small", "large"]
    if replica:
        replica_url = on_port(large_url, make_replica())
        caught_up(large_url, replica_url, timeout=600)
        replica_env = Env(Database(large_url, read_url=replica_url), large_env.registry, large_env.clock)
        envs.append((replica_env, large_city))
        sides.append(pages(replica_env, large_city))
        wrappers.append(services.replica_reads)
        names.append("replica")
        with services.replica_reads(), replica_env.db.read() as conn:
            out["replica_in_recovery"] = bool(conn.exec_driver_sql("SELECT pg_is_in_recovery()").scalar())
    out["pages"] = sorted(sides[0])
    log(f"measuring {', '.join(out['pages'])} ({' / '.join(names)})")
    times = measure(sides, wrappers, repeat)
    for name in sides[0]:
        for which, found in zip(names, times, strict=True):
            p50, p95 = p50_p95(found[name])
            out[f"p50_ms_{name}_{which}"], out[f"p95_ms_{name}_{which}"] = round(p50, 2), round(p95, 2)
        out[f"growth_{name}"] = round(out[f"p50_ms_{name}_large"] / out[f"p50_ms_{name}_small"], 2)
    return names



def measure_throughput(out: dict[str, Any], env: Env, url: str, tmp: Path, args: argparse.Namespace,
                       log: Log) -> None:
    """Actions per second through PgBouncer with 1, 2 and 4 web processes, in ``args.rounds`` rounds of the three
    one after another, so that the machine's drift (the same code runs up to a third slower from one minute to the
    next here) falls on every count alike; each figure is the median of its rounds, each run on fresh unions."""
    from support.serving import pgbouncer, pgbouncer_counts, web_processes

    runs: dict[int, list[tuple[load.Run, float]]] = {n: [] for n in PROCESSES}
    with pgbouncer(url, pool_size=20) as pooled:
        for round_ in range(args.rounds):
            for batch, processes in enumerate(PROCESSES, start=len(PROCESSES) * round_):
                actors = actors_for_throughput(env, batch)
                probes = load.Probes(lambda: pgbouncer_counts(pooled), comments_posted(env, actors))
                with web_processes(processes, pooled, tmp / f"web{round_}-{processes}") as base:
                    before = _cpu()
                    done = load.run(base, actors, args.seconds, probes, args.load_generator)
                    busy = _busy(before, _cpu())
                runs[processes].append((done, busy))
                per_action = {part: round(1000 * cpu / max(done.actions, 1), 2) for part, cpu in done.cpu.items()}
                log(f"  round {round_ + 1}, {processes} process(es), {len(actors)} clients ({done.load_generator}): "
                    f"{done.rate:.1f} actions/s, the machine {busy:.0f}% busy; CPU ms per action {per_action}; "
                    f"{done.round_trips_per_action:.1f} round trips, {done.transactions_per_action:.1f} "
                    f"transactions per action")
    for processes, found in runs.items():
        middle = sorted(found, key=lambda r: r[0].rate)[len(found) // 2]  # the median run, whole
        done, busy = middle
        out["load_generator"] = done.load_generator
        out[f"actions_per_s_{processes}"] = round(done.rate, 1)
        out[f"actions_per_s_{processes}_rounds"] = [round(r.rate, 1) for r, _ in found]
        out[f"machine_busy_pct_{processes}"] = round(busy)
        out[f"round_trips_per_action_{processes}"] = round(done.round_trips_per_action, 1)
        out[f"transactions_per_action_{processes}"] = round(done.transactions_per_action, 1)
        for part, cpu in done.cpu.items():
            out[f"cpu_ms_per_action_{part}_{processes}"] = round(1000 * cpu / max(done.actions, 1), 2)
    out["scaling_4_over_1"] = round(out["actions_per_s_4"] / out["actions_per_s_1"], 2)
    out["scaling_4_over_1_rounds"] = [round(four.rate / one.rate, 2) for (one, _), (four, _)
                                      in zip(runs[1], runs[4], strict=True)]


def _print_pages(out: dict[str, Any], names: list[str], args: argparse.Namespace) -> None:
    print(f"\np50 / p95 in ms, {args.repeat} rounds after {WARM_UPS} warm-ups; growth = p50 at {args.large} "
          f"over p50 at {args.small} union organisations")
    for name in out["pages"]:
        cells = "  ".join(f"{w} {out[f'p50_ms_{name}_{w}']:.1f}/{out[f'p95_ms_{name}_{w}']:.1f}" for w in names)
        print(f"{name:<16}{cells}  growth {out[f'growth_{name}']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--small", type=int, default=800, help="union organisations in the small city")
    parser.add_argument("--large", type=int, default=8000, help="union organisations in the large city")
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds of each page, after 3 warm-ups")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of each throughput run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of throughput runs (1, 2 and 4 processes)")
    parser.add_argument("--no-replica", action="store_true", help="skip the replica (tools/replica.sh needs root)")
    parser.add_argument("--only-throughput", action="store_true",
                        help="build only the large city and measure only actions per second (no pages, no replica)")
    parser.add_argument("--load-generator", choices=("wrk", "threads"), default="",
                        help="the clients: wrk when it is on PATH, else Python threads (bench/load.py)")
    args = parser.parse_args()
    if not city_data.FEDERATIONS < args.small < args.large:
        parser.error(f"--small must be above {city_data.FEDERATIONS} (the federations) and below --large")
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    out: dict[str, Any] = {"small": args.small, "large": args.large, "repeat": args.repeat}
    with pg_schema_url() as small_url, pg_schema_url() as large_url, tempfile.TemporaryDirectory() as tmp:
        if small_url is None or large_url is None:
            raise SystemExit(f"PostgreSQL is not reachable at {PG_URL}")
        envs = []
        # members per enterprise union, so that the large city holds about MEMBERS
        members = round(MEMBERS / (args.large - city_data.FEDERATIONS))
        try:
            sizes = [("small", small_url, args.small), ("large", large_url, args.large)]
            for which, url, size in sizes[1:] if args.only_throughput else sizes:
                log(f"building the {which} city: {size} union organisations")
                env, c, took = build(url, size, members, log)
                envs.append((env, c))
                out[f"build_s_{which}"] = round(took, 1)
                out[f"counts_{which}"] = counts(env)
                log(f"  {out[f'counts_{which}']} in {took:.0f} s")
                out[f"count_all_s_{which}"] = round(count_all(env, c), 2)
                log(f"  every union counted for the federation's view in {out[f'count_all_s_{which}']} s")
            large_env, large_city = envs[-1]
            names: list[str] = []
            if not args.only_throughput:
                names = measure_pages(out, envs, large_url, args.repeat, not args.no_replica, log)
            measure_throughput(out, large_env, large_url, Path(tmp), args, log)
        finally:
            for env, _ in envs:
                env.db.dispose()
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    if not args.only_throughput:
        _print_pages(out, names, args)
    print(f"actions/s through PgBouncer, {CLIENTS} clients: 1 process {out['actions_per_s_1']}, 2 processes "
          f"{out['actions_per_s_2']}, 4 processes {out['actions_per_s_4']} ({out['scaling_4_over_1']}x); the "
          f"machine busy {out['machine_busy_pct_1']}%, {out['machine_busy_pct_2']}%, {out['machine_busy_pct_4']}%")
    print(json.dumps({k: v for k, v in out.items() if k.startswith(("counts", "build", "count_all"))},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
