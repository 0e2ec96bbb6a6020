"""``member_counts`` for every union of a city: 8,000 unions, 700,000 memberships, one grouped read.

Run: ``.venv/bin/python bench/members.py [--unions N] [--members N]``. Prints, per backend, the median time of
five reads of all unions' figures, and of one district's 400 unions, next to a bare ``COUNT(*)`` of the table
(the least any figure over every row can cost), so the ratio says what the grouping adds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from bench_support import pg_schema_url  # noqa: E402

from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.models import Organisation  # noqa: E402
from workflows.members import memberships  # noqa: E402
from workflows.members import services as members  # noqa: E402

DAY = date(2026, 11, 30)


def fill(env: Env, unions: int, size: int) -> list[int]:
    rng = random.Random(7)
    now = datetime.now(UTC)
    orgs = Organisation.__table__
    with env.db.write() as conn:
        city = conn.execute(orgs.insert().values(kind="federation", name="市总工会", path="", created_at=now)
                            ).inserted_primary_key[0]
        conn.execute(orgs.insert(), [{"parent_id": city, "kind": "union", "name": f"工会{i}", "path": "",
                                      "created_at": now} for i in range(unions)])
        ids = list(conn.execute(sa.select(orgs.c.id).where(orgs.c.kind == "union")).scalars())
        batch: list[dict] = []
        for n in range(size):
            joined = DAY - timedelta(days=rng.randint(0, 7000))
            row = {"union_id": rng.choice(ids), "number": f"{n:08d}", "name": "会员", "joined_on": joined,
                   "gender": "female" if rng.random() < 0.4 else "male",
                   "joined_how": rng.choice(("import", "admission", "transfer_in"))}
            if rng.random() < 0.08:
                row |= {"status": rng.choice(("left", "transferred_out")), "left_reason": "-",
                        "left_on": joined + timedelta(days=rng.randint(0, (DAY - joined).days))}
            batch.append(row)
            if len(batch) == 50_000:
                memberships.add_rows(conn, batch, now)
                batch = []
        memberships.add_rows(conn, batch, now)
    with env.db.engine.connect() as conn:
        conn.execute(sa.text("ANALYZE")) if env.db.sqlite else None
    if not env.db.sqlite:
        with env.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE members"))
    return ids


def median(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(url: str, label: str, unions: int, size: int) -> None:
    schema.upgrade(url)
    env = Env(Database(url), Registry())
    try:
        started = time.perf_counter()
        ids = fill(env, unions, size)
        print(f"{label}: {size:,} memberships in {unions:,} unions loaded in {time.perf_counter() - started:.0f} s")
        every = median(lambda: members.member_counts(env, ids, DAY))
        district = median(lambda: members.member_counts(env, ids[:400], DAY))

        def count() -> None:
            with env.db.read() as conn:
                conn.execute(sa.text("SELECT count(*) FROM members")).scalar()
        bare = median(count)
        print(f"  all unions {every * 1000:.0f} ms, 400 unions {district * 1000:.0f} ms, "
              f"bare COUNT(*) {bare * 1000:.0f} ms (all unions = {every / bare:.1f}x the bare count)")
    finally:
        env.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unions", type=int, default=8000)
    parser.add_argument("--members", type=int, default=700_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.db", "SQLite", args.unions, args.members)
    with pg_schema_url() as url:
        if url is None:
            print("PostgreSQL: not reachable, skipped")
        else:
            run(url, "PostgreSQL", args.unions, args.members)


if __name__ == "__main__":
    main()
