"""Agreements in force from before the six-monthly implementation checks get their next check.

A bargaining case in force (or in an implementation check) that has no ``next_check`` gets one: six calendar months
after the day of effect, then twelve, eighteen… until a day after today, each ending as the agreement's term does
(《民法典》 art. 202: the day before the corresponding day, or the month's last day where there is none), and
``checks_due`` says which one it is. A case in force also gets the pending ``check_due`` deadline the engine writes
on entering the step (at the end of that day, Beijing time); the former one, every 182 days from publication,
is retired.

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-06 23:00:00
"""

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from engine.store.models import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = ZoneInfo("Asia/Shanghai")
STATES = ("in_force", "implementation_check")
cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("workflow", sa.String), sa.column("state", sa.String),
                 sa.column("version", sa.Integer),
                 sa.column("data", sa.JSON().with_variant(JSONB(), "postgresql")))
timers = sa.table("timers", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                  sa.column("state", sa.String), sa.column("entered_seq", sa.Integer), sa.column("kind", sa.String),
                  sa.column("trigger", sa.String), sa.column("due_at", UTCDateTime()),
                  sa.column("provisional", sa.Boolean), sa.column("status", sa.String),
                  sa.column("created_at", UTCDateTime()), sa.column("fired_at", UTCDateTime()))


def term_end(effective: date, months: int) -> date:
    """As ``workflows.bargaining.periods.term_end`` counts it (kept here so the revision never changes)."""
    index = effective.year * 12 + effective.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if effective.day > last:
        return date(year, month + 1, last)
    return date(year, month + 1, effective.day) - timedelta(days=1)


def next_check(effective: date, every: int, today: date) -> tuple[int, date]:
    """The first check after today, and which one it is (1 for the first)."""
    n = 1
    while term_end(effective, every * n) <= today:
        n += 1
    return n, term_end(effective, every * n)


def upgrade() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC)
    today = now.astimezone(TZ).date()
    found = conn.execute(sa.select(cases.c.id, cases.c.state, cases.c.version, cases.c.data).where(
        cases.c.workflow == "bargaining", cases.c.state.in_(STATES))).all()
    for case_id, state, version, data in found:
        data: dict[str, Any] = dict(data or {})
        if data.get("next_check") or not data.get("effective_on"):
            continue
        every = int((data.get("policy") or {}).get("check_every_months") or 6)
        n, day = next_check(date.fromisoformat(data["effective_on"]), every, today)
        data.update(next_check=day.isoformat(), checks_due=n)
        conn.execute(cases.update().where(cases.c.id == case_id).values(data=data))
        if state != "in_force":  # an implementation check under way: recording it enters in_force with this date
            continue
        pending = conn.execute(sa.select(timers.c.id, timers.c.entered_seq).where(
            timers.c.case_id == case_id, timers.c.state == state, timers.c.status == "pending")).all()
        old = [t for t, in conn.execute(sa.select(timers.c.id).where(
            timers.c.case_id == case_id, timers.c.state == state, timers.c.status == "pending",
            timers.c.trigger == "check_due"))]
        if old:
            conn.execute(timers.update().where(timers.c.id.in_(old)).values(status="obsolete", fired_at=now))
        due = datetime.combine(day + timedelta(days=1), time(0), TZ).astimezone(UTC)
        conn.execute(timers.insert().values(
            case_id=case_id, state=state, entered_seq=pending[0].entered_seq if pending else version,
            kind="deadline", trigger="check_due", due_at=due, provisional=False, status="pending", created_at=now))


def downgrade() -> None:
    """Nothing to undo: the dates and the deadline suit the code of either revision."""
