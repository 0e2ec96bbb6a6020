"""Worker requests from sending to closing on both backends: registration, the reply's deadline (5 working days,
1 for an urgent item) on the calendar path, a department's answer, the sender's rating with one reopening and then
the union chair, merging, turning into a proposal with the sender's consent, and the anonymous sender."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from config import Settings
from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification
from engine.time import deadlines
from engine.time.calendar import TZ
from support.acting import act
from support.time import sh
from support.union import Union
from workflows import proposals, requests

notifications = Notification.__table__
HOLIDAYS = "2027-01-01\n2027-02-05..2027-02-11\n"
SENT = {"kind": "problem", "topic": "safety", "text": "三号车间通风设备坏了一周，夜班气味很大。"}


@pytest.fixture
def union(env):
    proposals.register(env.registry, Settings())
    requests.register(env.registry, Settings())
    u = Union(env)
    u.chair = services.create_user(env, "chair", "钱主席")
    services.grant_role(env, u.chair, u.union, "union_chair")
    u.worker = services.create_user(env, "worker", "马小工")
    u.other = services.create_user(env, "other", "牛旁人")
    for person in (u.worker, u.other):
        services.grant_role(env, person, u.union, "staff")
    return u


def send(env, u, who=None, title="车间通风设备故障", **form):
    return services.start_case(env, Actor(who or u.worker), "worker_request", u.union, title,
                               {**SENT, **form}).case_id


def view(env, case_id, who=None):
    return services.case_view(env, Actor(who) if who else SYSTEM_ACTOR, case_id)


def fire_due(env):
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)


def due_day(env, who, case_id, clock):
    [task] = [t for t in services.inbox(env, who).items if t.case_id == case_id]
    return task.due_at.astimezone(clock.now().tzinfo).date()


def queued(env, kind):
    with env.db.engine.connect() as conn:
        return conn.execute(notifications.select().where(notifications.c.kind == kind)).all()


def test_sent_routed_answered_replied_rated_and_closed(env, union, clock):
    u = union
    case_id = send(env, u)  # Monday 2026-11-23
    assert view(env, case_id).state == "awaiting_registration"
    assert {t.case_id for t in services.inbox(env, u.office).items} == {case_id}
    act(env, u.office, case_id, "register")
    assert view(env, case_id).data["number"] == "2026-001"
    assert due_day(env, u.office, case_id, clock) == date(2026, 11, 30)  # 5 working days: Monday next week
    act(env, u.office, case_id, "route", {"department": u.works, "department_due": "2026-11-27",
                                          "route_note": "请核实并答复。"})
    assert {t.case_id for t in services.inbox(env, u.works_handler).items} == {case_id}
    assert services.inbox(env, u.hr_handler).items == []
    act(env, u.works_handler, case_id, "department_answer", {"department_answer": "已更换风机，明日复测。"})
    assert view(env, case_id).state == "department_answered"
    act(env, u.office, case_id, "send_reply", {})
    data = view(env, case_id).data
    assert (data["answer"], data["on_time"]) == ("已更换风机，明日复测。", True)
    assert queued(env, "request_replied")[0].user_id == u.worker
    act(env, u.worker, case_id, "rate", {"rating": "satisfied"})
    assert view(env, case_id).state == "closed"
    assert [e.trigger for e in view(env, case_id).history][-2:] == ["rate", "close"]


def test_an_urgent_item_is_due_the_next_working_day_and_escalates_when_late(env, union, clock):
    u = union
    case_id = send(env, u)
    clock.advance(days=4)  # Friday 11-27
    act(env, u.office, case_id, "register", {"urgent": True})
    assert due_day(env, u.office, case_id, clock) == date(2026, 11, 30)  # one working day: over the weekend
    clock.advance(days=4)  # Tuesday 12-01: past it
    fire_due(env)
    assert [t for t in services.inbox(env, u.chair).items if t.case_id == case_id]  # the chair urges the reply
    assert {n.role for n in queued(env, "request_overdue")} == {"union_office", "union_chair"}
    act(env, u.office, case_id, "reply", {"answer": "已处理。"})
    assert view(env, case_id).data["on_time"] is False


def test_the_reply_deadline_is_provisional_until_the_holiday_notice_moves_it(env, union, clock):
    u = union
    clock.set(datetime(2027, 2, 4, 17, tzinfo=TZ))  # Thursday before the Spring Festival, on the statutory guess
    case_id = send(env, u)
    act(env, u.office, case_id, "register")
    [task] = [t for t in services.inbox(env, u.office).items if t.case_id == case_id]
    assert task.provisional is True
    services.load_notice(env, 2027, HOLIDAYS, "2027-02-13", "国务院办公厅关于2027年部分节假日安排的通知（测试用）")
    [task] = [t for t in services.inbox(env, u.office).items if t.case_id == case_id]
    # The festival 02-05…02-11; then 02-12, 02-13 (a make-up Saturday), 02-15, 02-16, 02-17: the fifth is 02-17.
    assert (task.provisional, task.due_at) == (False, sh(2027, 2, 18))
    assert [n.role for n in queued(env, "deadline_moved")] == ["union_office"]


def test_unsatisfied_reopens_once_then_goes_to_the_chair(env, union, clock):
    u = union
    case_id = send(env, u)
    act(env, u.office, case_id, "register")
    act(env, u.office, case_id, "reply", {"answer": "已转告车间。"})
    with pytest.raises(services.ValidationFailed) as err:
        act(env, u.worker, case_id, "rate", {"rating": "unsatisfied"})
    assert "rating_comment" in err.value.errors
    act(env, u.worker, case_id, "rate", {"rating": "unsatisfied", "rating_comment": "没有解决。"})
    assert view(env, case_id).state == "registered"  # back to the office, once
    assert view(env, case_id).data["earlier_replies"][0]["answer"] == "已转告车间。"
    act(env, u.office, case_id, "reply", {"answer": "已责成车间三日内修复。"})
    act(env, u.worker, case_id, "rate", {"rating": "unsatisfied", "rating_comment": "仍未修复。"})
    assert view(env, case_id).state == "chair_review"
    assert [t for t in services.inbox(env, u.chair).items if t.case_id == case_id]
    act(env, u.chair, case_id, "chair_close", {"chair_note": "已现场督办，设备已修复。"})
    assert view(env, case_id).state == "closed"


def test_no_rating_in_15_days_records_not_rated_and_closes(env, union, clock):
    u = union
    case_id = send(env, u)
    act(env, u.office, case_id, "register")
    act(env, u.office, case_id, "reply", {"answer": "已处理。"})
    clock.advance(days=16)
    fire_due(env)
    assert (view(env, case_id).state, view(env, case_id).data["rating"]) == ("closed", "not_rated")


def test_a_merged_request_follows_the_main_one_and_its_sender_is_told_of_the_reply(env, union, clock):
    u = union
    main = send(env, u, who=u.other)
    joined = send(env, u)
    for case_id in (main, joined):
        act(env, u.office, case_id, "register")
    act(env, u.office, joined, "merge", {"main_case": main, "merge_note": "同一事项。"})
    assert (view(env, joined).state, view(env, joined).summary.follows_id) == ("merged", main)
    with pytest.raises(services.NotFound):
        view(env, main, u.worker)  # the sender of the merged one still cannot read the other's request
    act(env, u.office, main, "reply", {"answer": "风机已更换。"})
    assert {n.user_id for n in queued(env, "request_main_replied")} == {u.worker}


def test_turned_into_a_proposal_with_the_senders_consent(env, union, clock):
    u = union
    case_id = send(env, u, who=u.rep1)  # a representative on the roster, in the collection period
    act(env, u.office, case_id, "register")
    act(env, u.office, case_id, "offer_conversion", {"conversion_note": "涉及全厂，建议作为提案。"})
    act(env, u.rep1, case_id, "accept_conversion")
    data = view(env, case_id).data
    assert view(env, case_id).state == "converted"
    proposal = view(env, data["proposal_case"])
    assert (proposal.summary.workflow, proposal.state, proposal.summary.created_by) == ("proposal", "draft", u.rep1)
    assert proposal.data["reasons"] == SENT["text"]


def test_a_sender_not_on_the_roster_cannot_turn_it_into_a_proposal(env, union, clock):
    u = union
    case_id = send(env, u)
    act(env, u.office, case_id, "register")
    act(env, u.office, case_id, "offer_conversion", {"conversion_note": "建议作为提案。"})
    with pytest.raises(services.PermissionDenied):
        act(env, u.worker, case_id, "accept_conversion")
    assert view(env, case_id).state == "conversion_offered"
    act(env, u.worker, case_id, "decline_conversion")
    assert view(env, case_id).state == "registered"


def test_only_the_sender_the_office_and_the_routed_department_read_it(env, union, clock):
    u = union
    case_id = send(env, u)
    for outsider in (u.other, u.works_handler, u.rep1, u.committee):
        with pytest.raises(services.NotFound):
            view(env, case_id, outsider)
    act(env, u.office, case_id, "register")
    act(env, u.office, case_id, "route", {"department": u.works, "department_due": "2026-11-27"})
    assert view(env, case_id, u.works_handler).state == "routed"
    with pytest.raises(services.NotFound):
        view(env, case_id, u.hr_handler)
    with pytest.raises(services.NotFound):
        view(env, case_id, u.other)


def test_an_anonymous_sender_is_known_to_the_office_alone(env, union, clock):
    u = union
    case_id = send(env, u, anonymous=True)
    services.post_comment(env, Actor(u.worker), case_id, "补充：夜班尤其严重。")
    act(env, u.office, case_id, "register")
    assert view(env, case_id, u.office).summary.created_by == u.worker
    act(env, u.office, case_id, "route", {"department": u.works, "department_due": "2026-11-27"})
    seen = view(env, case_id, u.works_handler)
    assert seen.summary.created_by is None
    assert all(e.actor_id != u.worker and e.actor_name != "马小工" for e in seen.history)
    [comment] = services.list_comments(env, Actor(u.works_handler), case_id)
    assert (comment.author_id, comment.author) == (None, None)
    listed = services.search_cases(env, Actor(u.works_handler), workflow="worker_request")
    assert [c.created_by for c in listed.items] == [None]
    exported = [c for batch in services.case_batches(env, Actor(u.works_handler), workflow="worker_request")
                for c in batch]
    assert [c.created_by for c in exported] == [None]
    act(env, u.works_handler, case_id, "department_answer", {"department_answer": "已修复。"})
    act(env, u.office, case_id, "send_reply", {})
    mine = view(env, case_id, u.worker)  # the sender still sees and rates their own request
    assert mine.summary.created_by == u.worker
    assert [a.trigger for a in mine.actions] == ["rate"]
    seen = view(env, case_id, u.works_handler)
    assert all(t.user_id != u.worker for t in seen.open_tasks)
