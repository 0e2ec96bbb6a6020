"""Loading the State Council's holiday notice for a year moves, in one transaction, the deadlines counted on a
guess for it: provisional timers are counted again, tasks show the new date and their holders are told.

The 2027 notice here is made up for the test (the real one is not out): 02-05 … 02-11 off, Saturday 02-13
worked. Counted on the statutory guess, 5 working days from Thu 2027-02-04 skip the Eve (02-05) and the
festival (02-06 … 02-08): 02-09 … 02-12 and Mon 02-15, due at 24:00 of 02-15. With the notice: Fri 02-12,
Sat 02-13 (worked), Mon 02-15 … Wed 02-17, due at 24:00 of 02-17.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.store.models import CalendarDay, Notification, Task, Timer
from engine.time import deadlines
from support.time import sh

HOLIDAYS = """2027-01-01
2027-02-05..2027-02-11   # Spring Festival
2027-04-05, 2027-05-01..2027-05-05
"""
WORKDAYS = "2027-02-13"
NOTE = "国务院办公厅关于2027年部分节假日安排的通知（测试用）"


def rows(env, table, **where):
    t = table.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(t).where(*[t.c[k] == v for k, v in where.items()]).order_by(t.c.id)).all()


def submitted(env, people) -> int:
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    return case_id


def pending(env, case_id):
    return {t.kind: t for t in rows(env, Timer, case_id=case_id, status="pending")}


def test_a_notice_moves_the_provisional_deadlines_of_its_year(env, people, clock):
    earlier = submitted(env, people)  # Monday 2026-11-23: its deadline is in 2026 and stays as it is
    before = rows(env, Timer, case_id=earlier)
    clock.set(sh(2027, 2, 4, 17))
    case_id = submitted(env, people)
    timers = pending(env, case_id)
    assert (timers["deadline"].due_at, timers["deadline"].provisional) == (sh(2027, 2, 16), True)
    assert (timers["reminder"].due_at, timers["reminder"].provisional) == (sh(2027, 2, 12, 9), True)
    (task,) = rows(env, Task, case_id=case_id, status="open")
    assert task.due_at == sh(2027, 2, 16)
    (shown,) = [t for t in services.inbox(env, people.reviewer).items if t.case_id == case_id]
    assert shown.provisional is True
    assert services.case_view(env, services.SYSTEM_ACTOR, case_id).open_tasks[0].provisional is True

    done = services.load_notice(env, 2027, HOLIDAYS, WORKDAYS, NOTE)

    assert (done.year, done.holidays, done.workdays, done.moved, done.settled) == (2027, 14, 1, 1, 1)
    timers = pending(env, case_id)
    assert (timers["deadline"].due_at, timers["deadline"].provisional) == (sh(2027, 2, 18), False)
    # One working day before the last day (Wed 02-17): Tuesday 02-16 at 09:00.
    assert (timers["reminder"].due_at, timers["reminder"].provisional) == (sh(2027, 2, 16, 9), False)
    (task,) = rows(env, Task, case_id=case_id, status="open")
    assert task.due_at == sh(2027, 2, 18)
    (moved,) = rows(env, Notification, case_id=case_id, kind="deadline_moved")
    assert (moved.user_id, moved.role, moved.organisation_id) == (None, "reviewer", people.union)
    assert moved.payload["old_due_at"] == "2027-02-16T00:00:00+08:00"
    assert moved.payload["new_due_at"] == "2027-02-18T00:00:00+08:00"
    assert moved.payload["provisional"] is False and moved.status == "pending"
    (shown,) = [t for t in services.inbox(env, people.reviewer).items if t.case_id == case_id]
    assert (shown.provisional, shown.due_at) == (False, sh(2027, 2, 18))
    assert rows(env, Timer, case_id=earlier) == before
    assert env.calendar.is_workday(date(2027, 2, 13)) == (True, False)  # this process counts with it at once
    assert rows(env, Notification, case_id=earlier, kind="deadline_moved") == []

    again = services.load_notice(env, "2027", HOLIDAYS, WORKDAYS, NOTE)

    assert (again.moved, again.settled, again.timers) == (0, 0, 0)
    assert len(rows(env, Notification, kind="deadline_moved")) == 1
    assert pending(env, case_id)["deadline"].due_at == sh(2027, 2, 18)


def test_a_corrected_notice_moves_the_deadlines_again(env, people, clock):
    clock.set(sh(2027, 2, 4, 17))
    case_id = submitted(env, people)
    services.load_notice(env, 2027, HOLIDAYS, WORKDAYS, NOTE)
    # The office typed the make-up day wrong: without it the fifth working day is Thu 02-18.
    done = services.load_notice(env, 2027, HOLIDAYS, "", NOTE)
    assert (done.moved, done.settled) == (1, 0)
    assert pending(env, case_id)["deadline"].due_at == sh(2027, 2, 19)
    assert [n.payload["new_due_at"] for n in rows(env, Notification, case_id=case_id, kind="deadline_moved")] == [
        "2027-02-18T00:00:00+08:00", "2027-02-19T00:00:00+08:00"]


def test_a_planned_overdue_reminder_is_counted_again(env, people, clock):
    clock.set(sh(2027, 1, 4, 10))
    case_id = submitted(env, people)
    services.fire(env, Actor(people.reviewer), case_id, "assign", {"department": people.dept})
    clock.set(sh(2027, 2, 4, 17))  # 30 days later the handling deadline (end of Thu 02-04) has passed
    assert [deadlines.fire_timer(env, i) for i in deadlines.due_timers(env)] == ["fired"]
    repeat = pending(env, case_id)["overdue"]
    assert (repeat.due_at, repeat.provisional) == (sh(2027, 2, 12), True)  # 3 working days: 02-09 … 02-11
    services.load_notice(env, 2027, HOLIDAYS, WORKDAYS, NOTE)
    repeat = pending(env, case_id)["overdue"]
    assert (repeat.due_at, repeat.provisional) == (sh(2027, 2, 16), False)  # Fri 02-12, Sat 02-13, Mon 02-15
    assert rows(env, Notification, case_id=case_id, kind="deadline_moved") == []  # a reminder, not a deadline


def test_a_restart_counts_with_the_loaded_notices(env, people, db_url):
    services.load_notice(env, 2027, HOLIDAYS, WORKDAYS, NOTE)
    reopened = services.open_env(Settings(database_url=db_url))
    try:
        assert reopened.calendar.is_workday(date(2027, 2, 13)) == (True, False)
        assert reopened.calendar.is_workday(date(2027, 2, 9)) == (False, False)
        assert [n.year for n in services.list_notices(reopened)] == [2027]
        assert services.list_notices(reopened)[0].note == NOTE
    finally:
        reopened.db.dispose()


def test_another_process_s_notice_is_picked_up_by_a_refresh(env, db_url):
    mine = services.open_env(Settings(database_url=db_url))
    try:
        assert services.refresh_calendar(mine, max_age=0) is False  # nothing new
        services.load_notice(env, 2027, HOLIDAYS, WORKDAYS, NOTE)
        assert mine.calendar.is_workday(date(2027, 2, 13)) == (False, True)
        assert services.refresh_calendar(mine, max_age=3600) is False  # looked a moment ago
        assert services.refresh_calendar(mine, max_age=0) is True
        assert mine.calendar.is_workday(date(2027, 2, 13)) == (True, False)
    finally:
        mine.db.dispose()


def test_a_notice_with_mistakes_is_refused_whole(env, people):
    with pytest.raises(services.ValidationFailed) as refused:
        services.load_notice(env, 2027, "2027-02-05..2027-02-01\n2026-10-01\nsoon", "2027-02-10\n2027-02-15", "")
    errors = {name: [m.en for m in messages] for name, messages in refused.value.errors.items()}
    assert errors == {
        "holidays": ["'2027-02-05..2027-02-01' ends before it starts.",
                     "'soon' is not a date or a range of dates (like 2027-01-01 or 2027-02-05..2027-02-13).",
                     "2026-10-01 is not in 2027."],
        "workdays": ["2027-02-10 is not a Saturday or Sunday: a make-up working day is a weekend day worked.",
                     "2027-02-15 is not a Saturday or Sunday: a make-up working day is a weekend day worked."],
    }
    with pytest.raises(services.ValidationFailed) as refused:
        services.load_notice(env, 2027, "2026-10-01\n2027-02-13", "2027-02-13", "")
    assert [m.en for m in refused.value.errors["holidays"]] == ["2026-10-01 is not in 2027."]
    assert [m.zh for m in refused.value.errors["workdays"]] == ["2027-02-13 同时列为放假日和调休上班日。"]
    with pytest.raises(services.ValidationFailed) as refused:
        services.load_notice(env, "20x7", "", "", "")
    assert set(refused.value.errors) == {"year", "holidays"}
    with env.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(CalendarDay.__table__)).scalar() == 0
