"""Memory and speed of the proposal register export: peak Python memory while writing the Excel file for a small
and a large session, measured in one run (tracemalloc), and their ratio; then rows per second of a big session
(``--big``, 30,000 proposals) written as a background export job (queued for the union office, written by the
scheduler's ``run_exports``: read, Excel or CSV, stored), as Excel and as CSV.

Run: ``make bench`` or ``.venv/bin/python bench/export.py [--json] [--small N] [--large N] [--big N]``.

The cases are written straight into the tables (the register reads what a full proposal path leaves: the
case's data and its submit/accept/assign/answer history entries); the export then reads them through the
services in batches and streams rows into XlsxWriter's constant-memory workbook (an export job hands the rows to a
writer process, so reading and writing overlap on two cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from bench_support import pg_schema_url  # noqa: E402

from engine import services  # noqa: E402
from engine.core import writes  # noqa: E402
from engine.core.context import Actor  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.core.spec import MEMBERS  # noqa: E402
from engine.output import exports  # noqa: E402
from engine.output.tables import write_xlsx  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.models import Case, CaseReader, Event  # noqa: E402
from engine.time.calendar import Calendar  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from workflows.congress import services as congress  # noqa: E402
from workflows.proposals import report as proposal_report  # noqa: E402
from workflows.proposals import spec as proposal  # noqa: E402
from workflows.proposals.report import Register  # noqa: E402

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


def seed(env: Env, union: int, departments: list[int], people: list[int], session: int, count: int) -> None:
    """``count`` answered and rated proposals of one session, with their history entries' times."""
    cases, events, readers = Case.__table__, Event.__table__, CaseReader.__table__
    spec = env.registry.latest("proposal").spec
    with env.db.write() as conn:
        first = conn.execute(sa.select(sa.func.coalesce(sa.func.max(cases.c.id), 0))).scalar_one() + 1
        rows, history, shown = [], [], []
        for i in range(count):
            case_id = first + i
            data = {"session_id": session, "number": i + 1, "category": ("welfare", "wages", "safety")[i % 3],
                    "reasons": "理由" * 40, "measures": "建议" * 40, "co_signers": people[1:3],
                    "lead_department": departments[i % len(departments)], "co_departments": [],
                    "due_date": "2026-12-23", "classification": "solved", "answer": "答复" * 50,
                    "result": ("satisfied", "basically_satisfied", "unsatisfied")[i % 3]}
            rows.append({"id": case_id, "workflow": "proposal", "spec_version": proposal.VERSION,
                         "organisation_id": union,
                         "state": "closed", "version": 5, "title": f"关于改进第{i + 1}项工作的提案", "data": data,
                         "created_by": people[0], "created_at": NOW, "updated_at": NOW, "state_since": NOW,
                         "head_hash": "0" * 64, **writes.keys(spec, data)})
            # Who reads a closed proposal, as the engine writes it: its proposer and the union's members.
            shown.append({"case_id": case_id, "user_id": people[0], "role": None, "organisation_id": None})
            shown.append({"case_id": case_id, "user_id": None, "role": MEMBERS, "organisation_id": union})
            for seq, trigger in enumerate(("submit", "accept", "assign", "answer", "close"), start=1):
                history.append({"case_id": case_id, "seq": seq, "trigger": trigger, "from_state": None,
                                "to_state": "closed", "actor_id": people[0], "payload": {},
                                "created_at": NOW + timedelta(days=seq), "prev_hash": "0" * 64, "hash": "0" * 64})
        conn.execute(cases.insert(), rows)
        conn.execute(events.insert(), history)
        conn.execute(readers.insert(), shown)


def peak_kib(env: Env, session: int, folder: Path) -> tuple[float, float, int]:
    """Peak traced memory (KiB) and seconds while exporting one session, and the file's size."""
    target = folder / f"register-{session}.xlsx"
    tracemalloc.start()
    started = time.perf_counter()
    with target.open("wb") as out:
        write_xlsx(Register(env, session, today=date(2026, 11, 23)).sheets(), out)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024, seconds, target.stat().st_size


def rows_per_s(env: Env, office: int, session: int, fmt: str, count: int) -> tuple[float, int]:
    """Rows per second of one export job, from queueing to the stored file, and the file's size."""
    started = time.perf_counter()
    job = services.queue_export(env, Actor(office), "proposal_register", {"session_id": session}, fmt)
    assert exports.run_exports(env, limit=1) == 1
    seconds = time.perf_counter() - started
    view, content = services.export_file(env, Actor(office), job)
    assert view.rows_done == count, (view.status, view.error, view.rows_done)
    return count / seconds, len(content)


def setup(url: str, sizes: tuple[int, ...]) -> tuple[Env, int, dict[int, int]]:
    """A union with 12 departments, its office, and one session per size holding that many proposals."""
    schema.upgrade(url)
    registry = Registry()
    registry.register(proposal.build())
    registry.reports.register(proposal_report.REPORT)
    env = Env(Database(url), registry, FixedClock(NOW), Calendar())
    union = services.create_organisation(env, "华东机械厂工会", "union")
    departments = [services.create_organisation(env, f"部门{i}", "department", union) for i in range(12)]
    people = [services.create_user(env, f"u{i}", f"代表{i}") for i in range(3)]
    office = services.create_user(env, "office", "工会办公室")
    services.grant_role(env, office, union, "union_office")
    sessions = {}
    for n, count in enumerate(sizes, start=1):
        sessions[count] = congress.create_congress_session(
            env, union, term=5, number=n, name=f"第五届职代会第{n}次会议", collection_opens=date(2026, 1, 1),
            collection_closes=date(2026, 12, 31))
        seed(env, union, departments, people, sessions[count], count)
    if not env.db.sqlite:  # as autovacuum would leave it (SQLite is measured as the product leaves it)
        with env.db.write() as conn:
            conn.exec_driver_sql("ANALYZE")
    return env, office, sessions


def speed(url: str, big: int) -> dict[str, int]:
    env, office, sessions = setup(url, (big,))
    try:
        xlsx = rows_per_s(env, office, sessions[big], "xlsx", big)
        csv = rows_per_s(env, office, sessions[big], "csv", big)
    finally:
        env.db.dispose()
    return {"rows_per_s": round(xlsx[0]), "bytes": xlsx[1], "rows_per_s_csv": round(csv[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=3000)
    parser.add_argument("--big", type=int, default=30000, help="proposals of the rows-per-second run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env, _office, sessions = setup(f"sqlite:///{folder / 'export.db'}", (args.small, args.large))
        peak_kib(env, sessions[args.small], folder)  # warm up: imports, statement caches
        small = peak_kib(env, sessions[args.small], folder)
        large = peak_kib(env, sessions[args.large], folder)
        env.db.dispose()
        speeds = {"sqlite": speed(f"sqlite:///{folder / 'big.db'}", args.big)}
        with pg_schema_url() as pg_url:
            if pg_url is not None:
                speeds["pg"] = speed(pg_url, args.big)
    out: dict[str, float | int] = {
        "rows_small": args.small, "peak_kib_small": round(small[0]), "rows_large": args.large,
        "peak_kib_large": round(large[0]), "growth": round(large[0] / small[0], 2),
        "seconds_large": round(large[1], 2), "bytes_large": large[2], "rows_big": args.big}
    for backend, figures in speeds.items():
        out.update({f"{key}_{backend}": value for key, value in figures.items()})
    out["rows_per_s"] = out["rows_per_s_sqlite"]
    if args.json:
        print(json.dumps(out))
        return
    print(f"Register of {args.small} proposals: peak {out['peak_kib_small']} KiB; of {args.large}: peak "
          f"{out['peak_kib_large']} KiB ({out['growth']}x for {args.large // args.small}x the rows), "
          f"{out['seconds_large']} s, {out['bytes_large']} bytes.")
    for backend, figures in speeds.items():
        print(f"Export job of {args.big} proposals on {backend}: rows_per_s {figures['rows_per_s']} as Excel "
              f"({figures['bytes']} bytes), {figures['rows_per_s_csv']} as CSV.")


if __name__ == "__main__":
    main()
