"""Agenda topics before a congress session, on both backends: anyone on the staff sends one while the session
collects, the union office puts it on the agenda, groups it or declines it with a reason, each sender is told,
and a topic is read only by its sender and the office until it is on the agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.errors import NotFound, PermissionDenied, ValidationFailed
from engine.store.models import Notification
from engine.time import deadlines
from support.time import sh
from support.union import Union
from workflows import agenda as agenda_package
from workflows.agenda import services as agenda
from workflows.agenda.terms import NAME

notifications = Notification.__table__


@pytest.fixture
def u(env):
    union = Union(env)
    agenda_package.register(env.registry, Settings())
    union.chair = services.create_user(env, "chair", "钱主席")
    services.grant_role(env, union.chair, union.union, "union_chair")
    union.stranger = services.create_user(env, "stranger", "外单位")
    other = services.create_organisation(env, "兄弟厂工会", "union")
    services.grant_role(env, union.stranger, other, "representative")
    return union


def send(env, who: int, u, title: str = "食堂就餐环境改善", **form) -> int:
    return services.start_case(env, Actor(who), NAME, u.union, title,
                               {"session_id": u.session, "reason": "职工反映强烈", **form}).case_id


def act(env, who: int, case_id: int, trigger: str, form: dict | None = None) -> str:
    view = services.case_view(env, Actor(who), case_id)
    return services.fire(env, Actor(who), case_id, trigger, form, expected_version=view.version).state


def told(env, user_id: int) -> list[tuple[str, str]]:
    with env.db.engine.connect() as conn:
        return [(n.kind, n.payload.get("note", "")) for n in conn.execute(
            notifications.select().where(notifications.c.user_id == user_id).order_by(notifications.c.id))]


def test_a_department_s_staff_member_sends_a_topic_and_is_told_it_is_on_the_agenda(env, u):
    case_id = send(env, u.logistics_handler, u)  # holds a role in a department only: staff all the same
    view = services.case_view(env, Actor(u.logistics_handler), case_id)
    assert view.state == "to_sort" and view.data["sort_due"]  # five working days after collection closes
    with pytest.raises(NotFound):  # another member of staff does not learn it exists
        services.case_view(env, Actor(u.works_handler), case_id)
    assert act(env, u.office, case_id, "put_on_agenda", {"agenda_line": "审议《职工食堂管理办法》"}) == "on_agenda"
    assert told(env, u.logistics_handler) == [("agenda_topic_on_agenda", "审议《职工食堂管理办法》")]
    # On the agenda, the whole union reads it.
    assert services.case_view(env, Actor(u.works_handler), case_id).state == "on_agenda"
    with pytest.raises(NotFound):
        services.case_view(env, Actor(u.stranger), case_id)
    topics = agenda.session_topics(env, Actor(u.office), u.session)
    assert topics.agenda == ["审议《职工食堂管理办法》"] and [c.id for c in topics.sorted] == [case_id]


def test_grouped_topics_follow_the_main_one_and_their_senders_are_told_its_outcome(env, u):
    main = send(env, u.rep1, u, "夜班津贴标准")
    other = send(env, u.rep2, u, "提高夜班补贴")
    with pytest.raises(ValidationFailed) as refused:  # a topic cannot be grouped under itself
        act(env, u.office, other, "group", {"main_case": other})
    assert "main_case" in refused.value.errors
    assert act(env, u.office, other, "group", {"main_case": main}) == "merged"
    assert told(env, u.rep2) == [("agenda_topic_grouped", "夜班津贴标准")]
    act(env, u.office, main, "decline", {"reason": "已纳入本年度工资集体协商议题，不再单列。"})
    assert told(env, u.rep1) == [("agenda_topic_declined", "已纳入本年度工资集体协商议题，不再单列。")]
    assert told(env, u.rep2)[-1] == ("agenda_topic_declined", "已纳入本年度工资集体协商议题，不再单列。")
    with pytest.raises(NotFound):  # declined: still read by its sender and the office only
        services.case_view(env, Actor(u.rep3), main)


def test_topics_are_taken_only_while_the_session_collects(env, u, clock):
    clock.set(sh(2027, 3, 1, 10))  # the session's collection period is over
    with pytest.raises(ValidationFailed) as refused:
        send(env, u.rep1, u)
    assert "不在征集期内" in refused.value.errors["session_id"][0].zh
    with pytest.raises(PermissionDenied):  # staff of another union may not send one
        services.start_case(env, Actor(u.stranger), NAME, u.union, "t", {"session_id": u.session, "reason": "r"})


def test_only_the_office_sorts_and_the_sender_may_withdraw(env, u):
    case_id = send(env, u.rep1, u)
    with pytest.raises((PermissionDenied, services.TransitionNotAllowed)):
        act(env, u.rep1, case_id, "put_on_agenda", {"agenda_line": "x"})
    assert act(env, u.rep1, case_id, "withdraw") == "withdrawn"


def test_an_unsorted_topic_goes_overdue_to_the_office_and_the_chair(env, u, clock):
    case_id = send(env, u.rep1, u)
    due = services.case_view(env, Actor(u.office), case_id).data["sort_due"]
    [task] = [t for t in services.inbox(env, u.office).items if t.case_id == case_id]
    assert task.due_at is not None
    year, month, day = map(int, due.split("-"))
    clock.set(sh(year, month, day, 23) + timedelta(hours=2))
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)
    with env.db.engine.connect() as conn:
        kinds = {(n.role, n.kind) for n in conn.execute(sa.select(notifications.c.role, notifications.c.kind))}
    assert {("union_office", "agenda_topic_sort_overdue"), ("union_chair", "agenda_topic_sort_overdue")} <= kinds
