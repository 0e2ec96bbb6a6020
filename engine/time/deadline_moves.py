"""Loading a year's holiday notice and moving, in the same transaction, the deadlines it changes.

Which timers: every pending timer of a case's current visit to its state whose counting may cross the
notice's year (due after 1 January, set before the year ended). That covers the provisional ones (DESIGN
§3.9: counted on the statutory guess until the notice is loaded), and also a corrected notice or one that
overrides ``chinese-calendar``; a timer whose days the notice does not change keeps its row untouched, so
loading the same notice twice moves nothing.

How: a period deadline is counted again from the timer's ``created_at`` (the moment the case entered the
state, or the deadlines were reset) with its ``TimerSpec``, found through the registry by the case's
workflow, spec version and state and matched by kind and trigger; a deadline at a date of the case's data is
counted again from the start its ``counted`` entry keeps (``engine.core.counted``), and the date moves in the
data too, with a ``deadline_moved`` history entry in the case's chain; a reminder is counted again from its
deadline; an overdue repeat from its ``created_at``. A deadline that moved updates the open tasks that
showed it and queues a ``deadline_moved`` notification to whoever holds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from engine.core import counted, writes
from engine.core.context import SYSTEM_ACTOR
from engine.core.env import Env
from engine.core.recorded import reminders_for, repeat_for
from engine.core.runtime import CaseState
from engine.core.spec import DATA, Period, TimerSpec, WorkflowSpec
from engine.store.models import Case, Notification, Task, Timer
from engine.time.calendar import TZ, Calendar
from engine.time.holiday_notices import check_notice, remember, store_notice

cases, timers, tasks, notifications = Case.__table__, Timer.__table__, Task.__table__, Notification.__table__
MOVED = "deadline_moved"


@dataclass(frozen=True)
class NoticeLoaded:
    """What loading a notice did: the year's days stored and the deadlines it moved."""

    year: int
    holidays: int
    workdays: int
    moved: int  # deadlines whose due date changed
    settled: int  # provisional deadlines now counted on a known calendar
    timers: int  # timer rows rewritten (deadlines, reminders, overdue repeats)


@dataclass
class _Change:
    id: int
    kind: str
    old: datetime
    new: datetime
    provisional: bool
    was_provisional: bool
    trigger: str | None = None
    status: str = "pending"


def load_notice(env: Env, year: int | str, holidays: str | Iterable[str | date],
                workdays: str | Iterable[str | date], note: str | None = "") -> NoticeLoaded:
    """Replace the year's notice, rebuild ``env.calendar``, and move the deadlines it changes: one transaction.

    ``holidays`` and ``workdays`` are dates or text (one date or ``first..last`` range per line); a problem
    raises ``ValidationFailed`` beside its field (``year``, ``holidays``, ``workdays``, ``note``) and nothing
    is written. A case whose workflow version is not registered in this process stops the load
    (``NotFound``): its deadlines could not be counted again.
    """
    notice = check_notice(year, holidays, workdays, note)
    now = env.clock.now()
    old = env.calendar
    with env.db.write() as conn:
        new, stamp = store_notice(conn, env, notice, now)
        changes = _recount(conn, env, old, new, notice.year, now)
    remember(env, new, stamp)
    deadlines = [c for c in changes if c.kind == "deadline"]
    return NoticeLoaded(notice.year, len(notice.holidays), len(notice.workdays),
                        moved=sum(c.old != c.new for c in deadlines),
                        settled=sum(c.was_provisional and not c.provisional for c in deadlines), timers=len(changes))


def _window(year: int) -> tuple[datetime, datetime]:
    return (datetime.combine(date(year, 1, 1), time(0), TZ), datetime.combine(date(year + 1, 1, 1), time(0), TZ))


def _recount(conn: sa.Connection, env: Env, old: Calendar, new: Calendar, year: int, now: datetime
             ) -> list[_Change]:
    t = timers.c
    starts, ends = _window(year)
    touched = sa.select(t.case_id).where(t.status == "pending", t.due_at > starts, t.created_at < ends).distinct()
    # The case rows first, then their timers: the lock order of every action and of the scheduler.
    locked = conn.execute(sa.select(cases).where(cases.c.id.in_(touched)).order_by(cases.c.id)
                          .with_for_update()).all()
    changes: list[_Change] = []
    for case in locked:
        spec = env.registry.get(case.workflow, case.spec_version).spec
        rows = conn.execute(sa.select(timers).where(t.case_id == case.id, t.state == case.state)
                            .order_by(t.id).with_for_update()).all()
        pending = [r.entered_seq for r in rows if r.status == "pending"]
        if not pending:
            continue
        visit = [r for r in rows if r.entered_seq == max(pending)]
        found, dates = _recount_visit(spec, case.state, visit, old, new, case.data)
        if dates:
            _move_dates(conn, env, spec, case, dates, now)
        for change in found:
            conn.execute(timers.update().where(t.id == change.id)
                         .values(due_at=change.new, provisional=change.provisional, status=change.status))
        for change in found:
            if change.kind == "deadline" and change.new != change.old:
                _tell(conn, case, change, now)
        changes += found
    return changes


def _recount_visit(spec: WorkflowSpec, state: str, rows: list[Any], old: Calendar, new: Calendar,
                   data: dict[str, Any]) -> tuple[list[_Change], dict[str, tuple[date, bool]]]:
    """The changed timers of one visit to a state, and the counted dates of the data that change (last day,
    provisional); rows in id order, as ``writes._timers`` wrote them (each deadline followed by its
    reminders)."""
    specs = spec.state(state).timers
    seen: dict[str | None, int] = {}
    current: tuple[TimerSpec | None, datetime, datetime, bool] | None = None
    found: list[_Change] = []
    dates: dict[str, tuple[date, bool]] = {}
    for row in rows:
        if row.kind == "deadline":
            same = [s for s in specs if s.trigger == row.trigger]
            index = seen[row.trigger] = seen.get(row.trigger, -1) + 1
            timer = same[index] if index < len(same) else None
            at, provisional = row.due_at, row.provisional
            if timer is not None and timer.period is not None:
                due = new.due(row.created_at, timer.period)
                at, provisional = due.at, due.provisional
            elif timer is not None and timer.due is not None:
                key = timer.due[len(DATA):]
                basis = counted.entry(data, key)
                if basis is not None:
                    due = new.due(datetime.fromisoformat(basis["from"]), Period(basis["amount"], basis["unit"]))
                    provisional = due.provisional
                    at = writes.data_due(timer, {**data, key: due.last_day.isoformat()}) or due.at  # office hours
                    if (due.last_day.isoformat(), provisional) != (basis["last"], basis["provisional"]):
                        dates[key] = (due.last_day, provisional)
            current = (timer, row.due_at, at, provisional)
        elif row.kind == "reminder":
            if current is None or current[0] is None:
                continue
            timer, old_deadline, new_deadline, provisional = current
            before = _which(reminders_for(timer, data), old, old_deadline, row.due_at)
            at = new.before(new_deadline, before) if before is not None else row.due_at
        else:  # an overdue repeat, planned by the scheduler when the deadline passed
            timer = next((s for s in specs if s.trigger is None and s.overdue is not None), None)
            repeat = repeat_for(timer.overdue, data) if timer is not None else None
            if repeat is None:
                continue
            due = new.due(row.created_at, repeat)
            at, provisional = due.at, due.provisional
        if row.status == "pending" and (at != row.due_at or provisional != row.provisional):
            # A reminder that now falls before its timer was set would never have been written: retire it.
            status = "obsolete" if row.kind == "reminder" and at <= row.created_at else "pending"
            found.append(_Change(row.id, row.kind, row.due_at, at, provisional, row.provisional, row.trigger,
                                 status))
    return found, dates


def _move_dates(conn: sa.Connection, env: Env, spec: WorkflowSpec, row: Any, dates: dict[str, tuple[date, bool]],
                now: datetime) -> None:
    """Move the counted dates in the locked case's data, with a history entry in its chain (by the system)."""
    data = row.data
    for key, (last, provisional) in dates.items():
        data = counted.recounted(data, key, last, provisional)
    case = CaseState(row.id, row.workflow, row.spec_version, row.organisation_id, row.state, row.version,
                     row.data, row.created_by, row.head_hash, row.title)
    payload = writes.changes(row.data, data, {})
    payload.pop("form", None)
    tx, seq = env.db.raw(conn), row.version + 1
    case.data = data
    head = writes.append(tx, env, case, seq, counted.MOVED, row.state, SYSTEM_ACTOR, payload, now)
    tx.execute(env.sql.update_case, {"id": row.id, "old_version": row.version, "state": row.state, "version": seq,
                                     "data": env.db.js(data), "now": env.db.ts(now), "head_hash": head,
                                     "title": row.title, **writes.keys(spec, data)})


def _which(periods: tuple[Period, ...], calendar: Calendar, deadline: datetime, at: datetime) -> Period | None:
    """Which of a timer's reminders a reminder row is: the one the old calendar puts nearest its time."""
    if not periods:
        return None
    return min(periods, key=lambda p: abs((calendar.before(deadline, p) - at).total_seconds()))


def _tell(conn: sa.Connection, case: Any, change: _Change, now: datetime) -> None:
    """Move the open tasks that showed the old due date, and tell whoever holds them."""
    k = tasks.c
    open_tasks = conn.execute(sa.select(k.id, k.user_id, k.role, k.organisation_id, k.due_at).where(
        k.case_id == case.id, k.state == case.state, k.status == "open", k.kind == "task")).all()
    shown = [r.id for r in open_tasks if r.due_at == change.old]
    if shown:
        conn.execute(tasks.update().where(k.id.in_(shown)).values(due_at=change.new))
    payload = {"state": case.state, "trigger": change.trigger,
               "old_due_at": change.old.astimezone(TZ).isoformat(), "new_due_at": change.new.astimezone(TZ).isoformat(),
               "provisional": change.provisional}
    recipients = {(r.user_id, None, None) if r.user_id is not None else (None, r.role, r.organisation_id)
                  for r in open_tasks}
    rows = [{"case_id": case.id, "kind": MOVED, "user_id": u, "role": role, "organisation_id": org,
             "payload": payload, "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
            for u, role, org in sorted(recipients, key=str)]
    if rows:
        conn.execute(notifications.insert(), rows)
