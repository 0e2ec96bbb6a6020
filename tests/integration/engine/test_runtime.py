"""Firing triggers on SQLite and PostgreSQL: state, history, tasks, timers and typed refusals."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification, Task, Timer
from support.db import TZ, snapshot


def rows(env, table, **where):
    t = table.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(t).where(*[t.c[k] == v for k, v in where.items()]).order_by(t.c.id)).all()


def test_a_case_runs_from_start_to_its_end(env, people):
    clerk, reviewer, handler = Actor(people.clerk), Actor(people.reviewer), Actor(people.handler)
    started = services.start_case(env, clerk, "request", people.union, "食堂增加夜班供餐", {"body": "夜班职工无处就餐"})
    assert (started.state, started.version) == ("draft", 1)
    case_id = started.case_id

    services.fire(env, clerk, case_id, "submit", expected_version=1)
    services.fire(env, reviewer, case_id, "assign", {"department": people.dept, "priority": "high"},
                  expected_version=2)
    view = services.case_view(env, Actor(people.handler), case_id)
    assert view.state == "handling"
    assert [a.trigger for a in view.actions] == ["answer"]
    services.fire(env, handler, case_id, "answer", {"answer": "已于12月起供应夜宵"}, expected_version=3)
    outcome = services.fire(env, clerk, case_id, "accept", expected_version=4)
    assert (outcome.state, outcome.version) == ("closed", 5)

    view = services.case_view(env, clerk, case_id)
    assert view.final and view.actions == [] and view.open_tasks == []
    assert view.data == {"body": "夜班职工无处就餐", "number": f"R-{case_id:05d}", "department": people.dept,
                         "priority": "high", "answer": "已于12月起供应夜宵", "answers": 1}
    assert [(e.seq, e.trigger, e.from_state, e.to_state) for e in view.history] == [
        (1, "start", None, "draft"), (2, "submit", "draft", "review"), (3, "assign", "review", "handling"),
        (4, "answer", "handling", "answered"), (5, "accept", "answered", "closed")]
    assert view.history[1].actor_name == "王职员"
    assert view.history[3].payload == {"form": {"answer": "已于12月起供应夜宵"}, "set": {"answers": 1}}
    assert all(e.created_at.tzinfo is not None for e in view.history)


def test_each_state_opens_its_tasks_and_timers_and_leaving_it_closes_them(env, people, clock):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    (task,) = rows(env, Task, case_id=case_id, status="open")
    assert (task.state, task.role, task.organisation_id, task.user_id) == ("review", "reviewer", people.union, None)
    # Submitted Monday 2026-11-23: five working days run out at the end of Monday 2026-11-30.
    assert task.due_at == datetime(2026, 12, 1, 0, 0, tzinfo=TZ)
    timers = rows(env, Timer, case_id=case_id, status="pending")
    assert [(t.kind, t.trigger, t.due_at.astimezone(TZ)) for t in timers] == [
        ("deadline", "escalate", datetime(2026, 12, 1, 0, 0, tzinfo=TZ)),
        ("reminder", None, datetime(2026, 11, 27, 9, 0, tzinfo=TZ)),
    ]
    (note,) = rows(env, Notification, case_id=case_id)
    assert (note.kind, note.role, note.organisation_id, note.status) == ("submitted", "reviewer", people.union,
                                                                         "pending")

    clock.advance(hours=2)
    services.fire(env, Actor(people.reviewer), case_id, "assign", {"department": people.dept})
    assert [t.status for t in rows(env, Timer, case_id=case_id)] == ["obsolete", "obsolete", "pending"]
    assert [(t.status, t.closed_seq) for t in rows(env, Task, case_id=case_id) if t.state == "review"] == [
        ("done", 3)]
    (open_task,) = rows(env, Task, case_id=case_id, status="open")
    assert (open_task.role, open_task.organisation_id) == ("handler", people.dept)


def test_staying_in_a_state_keeps_its_task_and_deadline(env, people):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    before = rows(env, Task, case_id=case_id)
    services.fire(env, Actor(people.clerk), case_id, "edit", {"body": "改过的内容"})
    assert rows(env, Task, case_id=case_id) == before
    assert services.case_view(env, Actor(people.clerk), case_id).data["body"] == "改过的内容"


def test_the_scheduler_fires_system_triggers_and_people_cannot(env, people):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    with pytest.raises(services.PermissionDenied):
        services.fire(env, Actor(people.reviewer), case_id, "escalate")
    assert services.fire(env, SYSTEM_ACTOR, case_id, "escalate").state == "escalated"
    # The head of the higher-level union gets the escalated case (task scope: parent organisation).
    (task,) = rows(env, Task, case_id=case_id, status="open")
    assert (task.role, task.organisation_id) == ("head", people.federation)
    assert services.fire(env, Actor(people.head), case_id, "approve").state == "approved"


@pytest.mark.parametrize("action, error, check", [
    (lambda p, c: ("reviewer", 999_999, "assign", {"department": p.dept}, None), services.NotFound,
     lambda e: e.kind == "case"),
    (lambda p, c: ("reviewer", c, "no_such_action", None, None), services.TransitionNotAllowed,
     lambda e: e.allowed == ("approve", "reject", "send_back", "assign")),
    (lambda p, c: ("reviewer", c, "accept", None, None), services.TransitionNotAllowed,
     lambda e: e.state == "review"),
    (lambda p, c: ("clerk2", c, "approve", None, None), services.PermissionDenied,
     lambda e: e.roles == ("reviewer", "head")),
    (lambda p, c: ("reviewer", c, "assign", {}, None), services.ValidationFailed,
     lambda e: list(e.errors) == ["department"] and e.errors["department"][0].zh == "此项为必填项。"),
    (lambda p, c: ("reviewer", c, "assign", {"department": "abc", "priority": "urgent", "x": 1}, None),
     services.ValidationFailed, lambda e: sorted(e.errors) == ["department", "priority", "x"]),
    (lambda p, c: ("reviewer", c, "assign", {"department": 424242}, None), services.ValidationFailed,
     lambda e: e.errors["department"][0].en == "The organisation chosen does not exist."),
    (lambda p, c: ("reviewer", c, "reject", {"reason": "理" * 501}, None), services.ValidationFailed,
     lambda e: "501" in e.errors["reason"][0].zh),
    (lambda p, c: ("reviewer", c, "assign", {"department": p.dept}, 1), services.Conflict,
     lambda e: (e.expected, e.current) == (1, 2)),
])
def test_bad_actions_get_a_typed_error_and_change_nothing(env, people, action, error, check):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    who, target, trigger, form, version = action(people, case_id)
    before = snapshot(env)
    with pytest.raises(error) as caught:
        services.fire(env, Actor(getattr(people, who)), target, trigger, form, expected_version=version)
    assert check(caught.value)
    assert caught.value.label.zh and caught.value.label.en
    assert snapshot(env) == before


def test_a_guard_refuses_with_its_own_message(env, people):
    services.grant_role(env, people.reviewer, people.union, "clerk")
    case_id = services.start_case(env, Actor(people.reviewer), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.reviewer), case_id, "submit")
    before = snapshot(env)
    with pytest.raises(services.ValidationFailed) as caught:
        services.fire(env, Actor(people.reviewer), case_id, "approve")
    assert caught.value.errors == {"__all__": [caught.value.errors["__all__"][0]]}
    assert caught.value.errors["__all__"][0].zh == "不能审查自己的申请。"
    assert snapshot(env) == before


def test_starting_needs_the_role_a_real_organisation_and_a_title(env, people):
    before = snapshot(env)
    with pytest.raises(services.PermissionDenied):
        services.start_case(env, Actor(people.outsider), "request", people.union, "t", {"body": "b"})
    with pytest.raises(services.NotFound):
        services.start_case(env, Actor(people.clerk), "request", 777, "t", {"body": "b"})
    with pytest.raises(services.NotFound):
        services.start_case(env, Actor(people.clerk), "no_such_workflow", people.union, "t", {"body": "b"})
    with pytest.raises(services.ValidationFailed) as caught:
        services.start_case(env, Actor(people.clerk), "request", people.union, "   ", {"body": "b"})
    assert list(caught.value.errors) == ["title"]
    # A role held in a department does not reach up to the union.
    services.grant_role(env, people.outsider, people.dept, "clerk")
    with pytest.raises(services.PermissionDenied):
        services.start_case(env, Actor(people.outsider), "request", people.union, "t", {"body": "b"})
    assert snapshot(env) == before | {"memberships": snapshot(env)["memberships"]}


def test_a_disabled_account_can_no_longer_act(env, people):
    case_id = services.start_case(env, Actor(people.clerk), "request", people.union, "t", {"body": "b"}).case_id
    services.fire(env, Actor(people.clerk), case_id, "submit")
    services.set_user_active(env, people.reviewer, False)
    with pytest.raises(services.PermissionDenied):
        services.fire(env, Actor(people.reviewer), case_id, "send_back")
    assert services.inbox(env, people.reviewer).items == []
