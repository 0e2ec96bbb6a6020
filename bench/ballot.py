"""Votes accepted per second through ``congress.vote`` next to the raw driver inserting the same rows.

Run: ``make bench`` or ``.venv/bin/python bench/ballot.py [--json] [--voters N] [--items N]``.

A session of one term with 500 representatives, all checked in, votes on 10 items, opened and closed one
by one by the chair; every representative votes once on each item (motions, elections and evaluations in
turn). The raw side is plain ``sqlite3`` / psycopg on a connection set up with the engine's PRAGMAs, running
the very SQL text ``workflows.congress.voting`` prepares for the two rows a vote writes (the participation and the
ballot-box row, with a random key and a hashed receipt), one transaction per vote, on 10 items of its own.
It skips what the service adds above the driver: reading the item and checking its status, the choice and
the voter's check-in. Within each item the two sides take turns, 50 votes at a time, and the median item of
each side is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_support import PG_URL, pg_schema_url, raw_connection  # noqa: E402

import workflows.congress as congress_package  # noqa: E402
from config import Settings  # noqa: E402
from engine import services  # noqa: E402
from engine.core.context import Actor  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.time.calendar import TZ  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from workflows.congress import services as congress
from workflows.congress import voting  # noqa: E402
from workflows.congress.statements import CongressStatements  # noqa: E402

KINDS = ("motion", "election", "evaluation")
START = datetime(2026, 11, 23, 10, tzinfo=TZ)


def _roster(count: int, prefix: str) -> bytes:
    lines = ["username,name,delegation,category,sex,department"]
    lines += [f"{prefix}{i:04d},代表{i:04d},第{i % 8 + 1}代表团,{'manager' if i % 10 == 4 else 'worker'},"
              f"{'f' if i % 2 else 'm'},生产部" for i in range(count)]
    return "\n".join(lines).encode()


class Session:
    """A union, its chair, a term of ``voters`` representatives and an opened session, all checked in."""

    def __init__(self, url: str, voters: int) -> None:
        registry = Registry()
        congress_package.register(registry, Settings())
        # The documents go out eight days before the session opens (seven are needed for reserved matters).
        clock = FixedClock(START - timedelta(days=8))
        self.env = env = Env(Database(url), registry, clock)
        tag = uuid.uuid4().hex[:6]
        union = services.create_organisation(env, f"工会{tag}", "union")
        self.chair = services.create_user(env, f"chair{tag}", "主席")
        services.grant_role(env, self.chair, union, "union_chair")
        term = congress.ensure_term(env, union, 1)
        congress.import_roster(env, term, _roster(voters, f"v{tag}"))
        self.voters = [r.user_id for r in congress.list_roster(env, term)]
        self.session = congress.create_congress_session(
            env, union, term=1, number=1, name="第一届职代会第一次会议", collection_opens=date(2026, 1, 1),
            collection_closes=date(2026, 1, 2), opens_on=date(2027, 1, 1))
        actor = Actor(self.chair)
        case = services.start_case(env, actor, congress.SESSION, union, "会议", {"session_id": self.session}).case_id
        for trigger, form in (("deliver_documents", {"agenda": "议程"}), ("open_session", None)):
            if trigger == "open_session":
                clock.set(START)
            version = services.case_view(env, actor, case).version
            services.fire(env, actor, case, trigger, form, expected_version=version)
        congress.check_in(env, actor, self.session, self.voters)

    def item(self, kind: str, title: str) -> int:
        options: dict[str, Any] = {}
        if kind == "election":
            options = {"candidates": ["甲", "乙", "丙", "丁", "戊"], "max_choices": 3}
        elif kind == "evaluation":
            options = {"managers": ["张经理", "李经理", "王经理"]}
        return congress.add_item(self.env, Actor(self.chair), self.session, kind=kind, title=title, **options)


def choice(kind: str, i: int) -> Any:
    if kind == "motion":
        return ("agree", "agree", "disagree", "abstain")[i % 4]
    if kind == "election":
        return sorted({i % 5, (i // 5) % 5})
    return [("competent", "basically_competent", "incompetent", None)[(i + m) % 4] for m in range(3)]


CHUNK = 50  # votes each side casts in turn, so that both meet the same load on the machine


class RawSide:
    """The two inserts of a vote on a bare driver connection, one transaction per vote."""

    def __init__(self, env: Env) -> None:
        self.db = env.db
        sql = CongressStatements.of(env.db)  # the very statements the service prepares
        self.participate, self.cast = sql.participate, sql.cast_vote
        self.conn, _ = raw_connection(env.db)

    def votes(self, item: int, voters: list[tuple[int, Any]]) -> float:
        """Seconds to write ``voters``' votes."""
        conn, sqlite, participate, cast = self.conn, self.db.sqlite, self.participate, self.cast
        t0 = time.perf_counter()
        for user, chosen in voters:
            stored = json.dumps(chosen, ensure_ascii=False)
            code = voting.new_receipt()
            cur = conn.cursor()
            if sqlite:
                cur.execute("BEGIN IMMEDIATE")
            try:
                cur.execute(participate.sql, participate.bind({"item": item, "user": user}))
                cur.execute(cast.sql, cast.bind({"id": secrets.token_hex(16), "item": item, "choice": stored,
                                                 "receipt": hashlib.sha256(code.encode()).hexdigest()}))
                cur.execute("COMMIT") if sqlite else conn.commit()
            except BaseException:
                cur.execute("ROLLBACK") if sqlite else conn.rollback()
                raise
            finally:
                cur.close()
        return time.perf_counter() - t0


def service_votes(env: Env, item: int, voters: list[tuple[int, Any]]) -> float:
    """Seconds to cast ``voters``' votes through the service."""
    votes = [(Actor(u), chosen) for u, chosen in voters]
    t0 = time.perf_counter()
    for actor, chosen in votes:
        congress.vote(env, actor, item, chosen)
    return time.perf_counter() - t0


def one_item(s: Session, raw: RawSide, n: int) -> tuple[float, float]:
    """The chair opens an item and every representative votes on it, through the service and raw, a chunk
    of votes each in turn; the chair closes it. Votes per second of each side."""
    kind = KINDS[n % len(KINDS)]
    item, raw_item = s.item(kind, f"表决事项 {n + 1}"), s.item(kind, f"对照事项 {n + 1}")
    congress.open_item(s.env, Actor(s.chair), item)
    ballots_cast = [(u, choice(kind, i)) for i, u in enumerate(s.voters)]
    engine_s = raw_s = 0.0
    for start in range(0, len(ballots_cast), CHUNK):
        chunk = ballots_cast[start:start + CHUNK]
        if (start // CHUNK + n) % 2:  # alternate which side goes first
            raw_s += raw.votes(raw_item, chunk)
            engine_s += service_votes(s.env, item, chunk)
        else:
            engine_s += service_votes(s.env, item, chunk)
            raw_s += raw.votes(raw_item, chunk)
    result = congress.close_item(s.env, Actor(s.chair), item)
    if result["participants"] != len(ballots_cast):
        raise SystemExit(f"item {item}: {result['participants']} took part, {len(ballots_cast)} voted")
    return len(ballots_cast) / engine_s, len(ballots_cast) / raw_s


def measure(url: str, voters: int, items: int) -> dict[str, float]:
    s = Session(url, voters)
    raw = RawSide(s.env)
    rates = [one_item(s, raw, n) for n in range(items)]
    raw.conn.close()
    s.env.db.dispose()
    votes_per_s = statistics.median(r[0] for r in rates)
    raw_per_s = statistics.median(r[1] for r in rates)
    return {"votes_per_s": votes_per_s, "raw_per_s": raw_per_s, "ratio": votes_per_s / raw_per_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        schema.upgrade(url)
        sqlite = measure(url, args.voters, args.items)
    out.update(votes_per_s=round(sqlite["votes_per_s"]), raw_per_s=round(sqlite["raw_per_s"]),
               votes_per_s_sqlite=round(sqlite["votes_per_s"]), raw_per_s_sqlite=round(sqlite["raw_per_s"]),
               ratio_sqlite=round(sqlite["ratio"], 3))
    with pg_schema_url() as pg_url:
        if pg_url is not None:
            schema.upgrade(pg_url)
            pg = measure(pg_url, args.voters, args.items)
    if pg_url is not None:
        out.update(votes_per_s_pg=round(pg["votes_per_s"]), raw_per_s_pg=round(pg["raw_per_s"]),
                   ratio_pg=round(pg["ratio"], 3))
    if args.json:
        print(json.dumps(out))
        return
    print(f"{args.voters} representatives, {args.items} items, one vote each per item")
    print(f"SQLite      service {out['votes_per_s_sqlite']:>7} votes/s   raw {out['raw_per_s_sqlite']:>7}/s   "
          f"ratio {out['ratio_sqlite']:.0%}")
    if "ratio_pg" in out:
        print(f"PostgreSQL  service {out['votes_per_s_pg']:>7} votes/s   raw {out['raw_per_s_pg']:>7}/s   "
              f"ratio {out['ratio_pg']:.0%}")
    else:
        print(f"PostgreSQL  not reachable at {PG_URL}: skipped")


if __name__ == "__main__":
    main()
