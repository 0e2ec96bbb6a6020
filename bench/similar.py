"""How long the similar-proposals look-up takes while a proposal is written: one call of
``workflows.proposals.services.similar`` (read the texts of the session's and the two sessions' before it proposals
with whether the writer may read each, then score their character bigrams with rapidfuzz) at 1,000 proposals, and at
3,000 (1,000 in each of the three sessions) for the ratio; on SQLite and (when reachable) PostgreSQL.

Run: ``.venv/bin/python bench/similar.py [--json] [--per-session 1000] [--repeat 30]``. The median of the repeats.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
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
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.models import Case, CaseReader  # noqa: E402
from engine.time.calendar import Calendar  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from workflows.congress import services as congress  # noqa: E402
from workflows.proposals import services as proposals  # noqa: E402
from workflows.proposals import spec as proposal  # noqa: E402

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
PLACES = ("铸造车间", "装配车间", "食堂", "职工宿舍", "通勤班车", "成品仓库", "机加工车间", "质检部", "研发中心",
          "后勤")
ISSUES = ("通风除尘", "夜班供餐", "夏季降温", "劳动防护用品", "加班费核算", "技能培训", "停车位", "饮水设备",
          "照明改造", "噪声治理")
VERBS = ("改善", "增设", "更新", "规范", "加强")


def seed(env: Env, union: int, proposer: int, session: int, count: int) -> None:
    """``count`` submitted proposals of one session, each read by its proposer and the union's members."""
    cases, readers = Case.__table__, CaseReader.__table__
    spec = env.registry.latest("proposal").spec
    with env.db.write() as conn:
        first = conn.execute(sa.select(sa.func.coalesce(sa.func.max(cases.c.id), 0))).scalar_one() + 1
        rows, shown = [], []
        for i in range(count):
            place, issue, verb = PLACES[i % 10], ISSUES[(i // 10) % 10], VERBS[(i // 100) % 5]
            data = {"session_id": session, "category": "welfare",
                    "reasons": f"{place}{issue}问题突出，职工反映强烈（第{i}条）。",
                    "measures": f"建议{verb}{place}的{issue}，明确责任部门和完成时间。"}
            rows.append({"id": first + i, "workflow": "proposal", "spec_version": 1, "organisation_id": union,
                         "state": "submitted", "version": 3, "title": f"关于{verb}{place}{issue}的提案", "data": data,
                         "created_by": proposer, "created_at": NOW, "updated_at": NOW, "state_since": NOW,
                         "head_hash": "0" * 64, **writes.keys(spec, data)})
            shown.append({"case_id": first + i, "user_id": proposer, "role": None, "organisation_id": None})
            shown.append({"case_id": first + i, "user_id": None, "role": MEMBERS, "organisation_id": union})
        conn.execute(cases.insert(), rows)
        conn.execute(readers.insert(), shown)


def measure(url: str, per_session: int, repeat: int) -> dict[str, float]:
    schema.upgrade(url)
    registry = Registry()
    registry.register(proposal.build())
    env = Env(Database(url), registry, FixedClock(NOW), Calendar())
    try:
        union = services.create_organisation(env, "华东机械厂工会", "union")
        proposer = services.create_user(env, "proposer", "提案人")
        writer = services.create_user(env, "writer", "代表")
        for user in (proposer, writer):
            services.grant_role(env, user, union, "representative")
        sessions = [congress.create_congress_session(
            env, union, term=5, number=n, name=f"第五届职代会第{n}次会议", collection_opens=date(2024 + n, 1, 1),
            collection_closes=date(2024 + n, 12, 31)) for n in (1, 2, 3)]
        seed(env, union, proposer, sessions[2], per_session)
        if not env.db.sqlite:
            with env.db.write() as conn:
                conn.exec_driver_sql("ANALYZE")
        small = timed(env, writer, sessions[2], repeat)
        for s in sessions[:2]:
            seed(env, union, proposer, s, per_session)
        if not env.db.sqlite:
            with env.db.write() as conn:
                conn.exec_driver_sql("ANALYZE")
        large = timed(env, writer, sessions[2], repeat)
    finally:
        env.db.dispose()
    return {"ms": round(small, 1), "ms_3x": round(large, 1), "ratio": round(large / small, 2)}


def timed(env: Env, writer: int, session: int, repeat: int) -> float:
    """Median milliseconds of one look-up as the writer types a subject and a sentence."""
    found = proposals.similar(env, Actor(writer), session, "关于改善食堂夜班供餐的提案", "夜班职工下班后食堂已经关门")
    assert found and found[0].linked, found
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        proposals.similar(env, Actor(writer), session, "关于改善食堂夜班供餐的提案", "夜班职工下班后食堂已经关门")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--per-session", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    out: dict[str, float] = {"proposals": args.per_session}
    with tempfile.TemporaryDirectory() as tmp:
        out.update({f"{k}_sqlite": v for k, v in measure(f"sqlite:///{tmp}/similar.db", args.per_session,
                                                          args.repeat).items()})
    with pg_schema_url() as pg_url:
        if pg_url is not None:
            out.update({f"{k}_pg": v for k, v in measure(pg_url, args.per_session, args.repeat).items()})
    if args.json:
        print(json.dumps(out))
        return
    for backend in ("sqlite", "pg"):
        if f"ms_{backend}" in out:
            print(f"Similar proposals on {backend}: {out[f'ms_{backend}']} ms at {args.per_session} proposals, "
                  f"{out[f'ms_3x_{backend}']} ms at {3 * args.per_session} ({out[f'ratio_{backend}']}x).")


if __name__ == "__main__":
    main()
