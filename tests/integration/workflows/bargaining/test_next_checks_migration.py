"""Revision 0017: an agreement in force from before the six-monthly checks gets its next check, counted in
calendar months from the day of effect, and the deadline the engine would have written; the 182-day one goes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from engine.store import schema
from engine.store.database import Database
from support.db import empty_database
from workflows.bargaining.periods import add_months

TZ = ZoneInfo("Asia/Shanghai")
CREATED = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def empty_url(backend, tmp_path):
    with empty_database(backend, tmp_path, "uf_checks") as url:
        yield url


def add_case(conn, case_id: int, state: str, data: dict) -> None:
    conn.execute(sa.text(
        "INSERT INTO cases (id, workflow, spec_version, organisation_id, state, version, title, data, created_at, "
        "updated_at, state_since, head_hash) VALUES (:id, 'bargaining', 2, 1, :state, 30, '集体合同', :data, :t, :t, "
        ":t, 'x')"), {"id": case_id, "state": state, "data": json.dumps(data), "t": CREATED})


def add_timer(conn, case_id: int, trigger: str, due: datetime, state: str = "in_force") -> None:
    conn.execute(sa.text(
        "INSERT INTO timers (case_id, state, entered_seq, kind, trigger, due_at, provisional, status, created_at) "
        "VALUES (:c, :s, 27, 'deadline', :t, :d, :p, 'pending', :at)"),
        {"c": case_id, "s": state, "t": trigger, "d": due, "p": False, "at": CREATED})


def test_an_old_agreement_in_force_gets_its_next_check_and_its_deadline(empty_url):
    today = datetime.now(UTC).astimezone(TZ).date()
    effective = add_months(today.replace(day=15), -8)  # the first check (six months on) is past, the second ahead
    expected = add_months(today.replace(day=15), 4) - timedelta(days=1)
    schema.upgrade(empty_url, "0013")
    db = Database(empty_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO organisations (id, kind, name, path, created_at) "
                                 "VALUES (1, 'union', '工会', '/1/', :t)"), {"t": CREATED})
            old = {"kind": "collective_contract", "effective_on": effective.isoformat(), "term_years": 3,
                   "policy": {"check_every_days": 182}}
            add_case(conn, 1, "in_force", old)                       # in force, checks every 182 days
            add_timer(conn, 1, "check_due", datetime(2030, 1, 1, tzinfo=UTC))
            add_timer(conn, 1, "open_renewal", datetime(2031, 1, 1, tzinfo=UTC))
            add_case(conn, 2, "implementation_check", old)           # a check under way
            add_case(conn, 3, "in_force", {**old, "next_check": "2099-01-01", "checks_due": 7})  # already counted
        schema.upgrade(empty_url)
        with db.engine.connect() as conn:
            data = {i: (json.loads(d) if isinstance(d, str) else d)
                    for i, d in conn.execute(sa.text("SELECT id, data FROM cases"))}
            rows = conn.execute(sa.text("SELECT case_id, state, entered_seq, kind, trigger, due_at, provisional, "
                                        "status FROM timers ORDER BY id")).all()
    finally:
        db.dispose()
    assert (data[1]["next_check"], data[1]["checks_due"]) == (expected.isoformat(), 2)
    assert (data[2]["next_check"], data[2]["checks_due"]) == (expected.isoformat(), 2)
    assert (data[3]["next_check"], data[3]["checks_due"]) == ("2099-01-01", 7)
    end_of_day = datetime.combine(expected + timedelta(days=1), time(0), TZ).astimezone(UTC)
    assert [(r.trigger, r.status) for r in rows] == [("check_due", "obsolete"), ("open_renewal", "pending"),
                                                     ("check_due", "pending")]
    new = rows[-1]
    assert (new.case_id, new.state, new.entered_seq, new.kind, bool(new.provisional)) == (
        1, "in_force", 27, "deadline", False)
    due = new.due_at if isinstance(new.due_at, datetime) else datetime.fromisoformat(str(new.due_at))
    assert due.replace(tzinfo=due.tzinfo or UTC) == end_of_day  # the engine's deadline: the end of that day
