"""Due timers fire once: a deadline's trigger, reminders to the task holders, and the overdue escalation."""

from __future__ import annotations

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.store.models import Notification, Task, Timer
from engine.time import deadlines


def rows(env, table, **where):
    t = table.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(t).where(*[t.c[k] == v for k, v in where.items()]).order_by(t.c.id)).all()


def sweep(env) -> list[str]:
    return [deadlines.fire_timer(env, timer_id) for timer_id in deadlines.due_timers(env)]


def submitted(env, people) -> int:
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    return case_id


def test_a_reminder_then_the_deadline_fire_each_once(env, people, clock):
    case_id = submitted(env, people)  # Monday 2026-11-23: reminder Fri 11-27 09:00, deadline end of Mon 11-30
    assert sweep(env) == []
    clock.advance(days=4)  # Friday 10:00
    assert sweep(env) == ["fired"]
    (reminder,) = rows(env, Notification, case_id=case_id, kind="reminder")
    assert (reminder.role, reminder.organisation_id) == ("reviewer", people.union)
    clock.advance(days=4)  # Tuesday 12-01: the five working days are over
    assert sweep(env) == ["fired"]
    assert services.case_view(env, services.SYSTEM_ACTOR, case_id).state == "escalated"
    assert sweep(env) == []
    assert {t.status for t in rows(env, Timer, case_id=case_id)} == {"fired"}


def test_a_timer_of_a_state_left_is_not_fired(env, people, clock):
    case_id = submitted(env, people)
    (deadline,) = [t for t in rows(env, Timer, case_id=case_id) if t.kind == "deadline"]
    services.fire(env, Actor(people.reviewer), case_id, "send_back")
    clock.advance(days=10)
    assert deadlines.fire_timer(env, deadline.id) == "skipped"  # already retired when the case moved on
    assert services.case_view(env, services.SYSTEM_ACTOR, case_id).state == "draft"


def test_an_overdue_case_is_supervised_and_reminded_again(env, people, clock):
    case_id = submitted(env, people)
    services.fire(env, Actor(people.reviewer), case_id, "assign", {"department": people.dept})
    clock.advance(days=40)
    assert sweep(env) == ["fired"]
    supervision = rows(env, Task, case_id=case_id, status="open", kind="supervision")
    assert [(t.role, t.organisation_id) for t in supervision] == [("head", people.federation)]
    kinds = sorted(n.kind for n in rows(env, Notification, case_id=case_id) if n.kind != "submitted")
    assert kinds == ["handling_overdue", "overdue"]
    (repeat,) = rows(env, Timer, case_id=case_id, status="pending")
    assert repeat.kind == "overdue"
    clock.advance(days=5)
    assert sweep(env) == ["fired"]
    assert len(rows(env, Notification, case_id=case_id, kind="overdue")) == 2
    assert len(rows(env, Timer, case_id=case_id, status="pending")) == 1  # and the next one is planned
    # Answering ends it all: tasks, supervision and planned reminders.
    services.fire(env, Actor(people.handler), case_id, "answer", {"answer": "已解决"})
    assert rows(env, Task, case_id=case_id, status="open", kind="supervision") == []
    assert rows(env, Timer, case_id=case_id, status="pending") == []
