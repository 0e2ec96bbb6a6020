"""Proposals followed to completion: the committee's review deadline after collection closes, the rating deadline
after which the rating is 未评价 and the proposal closes, and the follow-up of answers in the plan or not
solvable now until the department reports them solved; on both backends."""

from __future__ import annotations

import pytest
from test_proposal_workflow import act, state, submitted

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification, Task
from engine.time import deadlines
from support.union import Union
from workflows.proposals import spec as proposal
from workflows.proposals.report import Register

tasks, notifications = Task.__table__, Notification.__table__


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    u = Union(env)
    u.chair = services.create_user(env, "chair", "钱主席")
    services.grant_role(env, u.chair, u.union, "union_chair")
    return u


def fire_due(env):
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)


def answered(env, u, classification="solved", **answer):
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-12-23"})
    form = {"classification": classification, "answer": "已安排。", **answer}
    if classification == "not_now":
        form.setdefault("reason_not_now", "年度预算已用完")
    act(env, u.logistics_handler, case_id, "answer", form)
    return case_id


def queued(env, kind):
    with env.db.engine.connect() as conn:
        return conn.execute(notifications.select().where(notifications.c.kind == kind)).all()


def open_tasks(env, case_id):
    with env.db.engine.connect() as conn:
        return {(t.kind, t.role, t.organisation_id) for t in conn.execute(
            tasks.select().where(tasks.c.case_id == case_id, tasks.c.status == "open"))}


# -- the rating deadline --------------------------------------------------------------------------------------
def test_an_answer_not_rated_in_15_days_closes_as_not_rated_and_counts_so(env, union, clock):
    u = union
    case_id = answered(env, u)  # answered Monday 2026-11-23: the rating is due by Tuesday 12-08
    [task] = [t for t in services.inbox(env, u.rep1).items if t.case_id == case_id]
    assert task.due_at.astimezone(clock.now().tzinfo).date().isoformat() == "2026-12-08"
    clock.advance(days=15)  # 12-08 10:00: still time
    fire_due(env)
    assert state(env, u, case_id) == "answered"
    clock.advance(days=1)  # 12-09
    fire_due(env)
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "closed"
    assert [e.trigger for e in view.history[-2:]] == ["not_rated", "close"]
    assert view.data["result"] == "not_rated"
    register = Register(env, u.session, "zh")
    [row] = list(register.rows())
    assert row["rating"] == "未评价"
    *_, total = register.statistics()
    assert (total["not_rated"], total["rated"], total["satisfaction"]) == (1, 0, None)


def test_the_rating_period_comes_from_the_config(env, clock):
    from config import Settings
    env.registry.register(proposal.build(proposal.Policy.from_settings(Settings(proposal={"rating_days": 5}))))
    u = Union(env)
    case_id = answered(env, u)
    clock.advance(days=7)  # 11-30: 5 days end on Saturday 11-28, so the deadline moves to Monday 11-30
    fire_due(env)
    assert state(env, u, case_id) == "answered"
    clock.advance(days=1)
    fire_due(env)
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["result"] == "not_rated"


def test_a_rating_given_in_time_stands(env, union, clock):
    u = union
    case_id = answered(env, u)
    clock.advance(days=3)
    assert act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"}).state == "closed"
    clock.advance(days=30)
    fire_due(env)
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["result"] == "satisfied"


# -- the review deadline --------------------------------------------------------------------------------------
def test_the_review_is_due_15_working_days_after_collection_closes_then_the_chair_urges_it(env, union, clock):
    u = union
    case_id = submitted(env, u)  # collection closes Tuesday 2026-12-15
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    # 12-16..18 (3), 12-21..25 (8), 12-28..31 (12), 1 January a holiday, 2027-01-04..06 (15)
    assert view.data["review_due"] == "2027-01-06"
    [task] = [t for t in services.inbox(env, u.committee).items if t.case_id == case_id]
    assert task.due_at is not None
    clock.advance(days=44)  # 2027-01-06 10:00: still in time
    fire_due(env)
    assert queued(env, "proposal_review_overdue") == []
    clock.advance(days=1)  # 2027-01-07
    fire_due(env)
    assert state(env, u, case_id) == "submitted"
    assert {(n.role, n.organisation_id) for n in queued(env, "proposal_review_overdue")} == {
        ("proposal_committee", u.union), ("union_chair", u.union)}
    assert ("supervision", "union_chair", u.union) in open_tasks(env, case_id)
    assert [t.overdue for t in services.inbox(env, u.committee).items if t.case_id == case_id] == [True]
    act(env, u.committee, case_id, "accept")  # the review ends the chair's urging
    assert not any(kind == "supervision" for kind, _, _ in open_tasks(env, case_id))


def test_a_reminder_goes_out_before_the_review_deadline(env, union, clock):
    u = union
    submitted(env, u)
    with env.db.engine.connect() as conn:
        from engine.store.models import Timer
        timers = Timer.__table__
        kinds = sorted(r.kind for r in conn.execute(timers.select().where(timers.c.state == "submitted")))
    assert kinds == ["deadline", "reminder", "reminder"]  # 3 working days before, and on the day


# -- the follow-up of 列入计划 and 暂不能解决 ---------------------------------------------------------------------
def test_an_answer_in_the_plan_is_followed_up_until_the_department_reports_it_solved(env, union, clock):
    u = union
    case_id = answered(env, u, "in_plan", follow_up_due="2027-03-31")
    assert act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "basically_satisfied"}
               ).state == "following_up"
    assert ("task", "handler", u.logistics) in open_tasks(env, case_id)
    [task] = [t for t in services.inbox(env, u.logistics_handler).items if t.case_id == case_id]
    assert task.due_at.astimezone(clock.now().tzinfo).date().isoformat() == "2027-03-31"
    with pytest.raises(services.TransitionNotAllowed):
        act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"})
    act(env, u.logistics_handler, case_id, "report_progress", {"progress": "设备已采购。",
                                                                "follow_up_due": "2027-04-30"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.state, view.data["follow_up_due"], len(view.data["progress_reports"])) == (
        "following_up", "2027-04-30", 1)
    register = Register(env, u.session, "zh")
    [row] = list(register.rows())
    assert (row["follow_up_due"], row["completed_on"]) == ("2027-04-30", None)
    *_, total = register.statistics()
    assert (total["following_up"], total["completed"]) == (1, 0)
    act(env, u.logistics_handler, case_id, "report_completion", {"completion": "夜班窗口已于4月开放。"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "closed" and view.data["completed_on"] == "2026-11-23"
    assert len(queued(env, "proposal_completed")) == 1
    register = Register(env, u.session, "zh")
    list(register.rows())
    *_, total = register.statistics()
    assert (total["following_up"], total["completed"]) == (0, 1)


def test_without_a_date_the_follow_up_is_due_after_the_default_and_passes_overdue(env, union, clock):
    u = union
    case_id = answered(env, u, "not_now")
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["follow_up_due"] == "2027-02-22"  # 90 days on
    clock.advance(days=16)  # not rated in time: the follow-up still starts
    fire_due(env)
    assert state(env, u, case_id) == "following_up"
    clock.advance(days=80)  # 2027-02-27: past the day
    fire_due(env)
    assert ("supervision", "proposal_committee", u.union) in open_tasks(env, case_id)
    assert len(queued(env, "proposal_follow_up_overdue")) == 2  # the department's head and the committee
    act(env, u.committee, case_id, "close_follow_up", {"follow_up_reason": "项目已取消，经委员会研究结束跟踪。"})
    assert state(env, u, case_id) == "closed"


def test_a_follow_up_date_in_the_past_is_refused(env, union):
    u = union
    with pytest.raises(services.ValidationFailed) as caught:
        answered(env, u, "in_plan", follow_up_due="2026-11-01")
    assert "follow_up_due" in caught.value.errors


def test_a_solved_answer_is_not_followed_up(env, union):
    u = union
    case_id = answered(env, u, "solved", follow_up_due="2027-03-31")
    assert "follow_up_due" not in services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"}).state == "closed"


def test_the_committee_register_filters_the_proposals_followed_up(env, union):
    from workflows.proposals import services as proposals
    u = union
    followed = answered(env, u, "in_plan", follow_up_due="2027-03-31")
    act(env, u.rep1, followed, "rate", {"attitude": "satisfied", "result": "satisfied"})
    other = answered(env, u, "solved")
    assert "following_up" in proposals.committee_states(env)
    found = proposals.committee_cases(env, Actor(u.committee), u.union,
                                      filters=proposals.CommitteeFilters(state="following_up"))
    assert [c.id for c in found.items] == [followed] and other != followed


# -- a suggestion's answer is rated too ------------------------------------------------------------------------
def suggestion_answered(env, u):
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "convert_to_suggestion", {"department": u.logistics, "reason": "属日常管理事项"})
    act(env, u.logistics_handler, case_id, "answer_suggestion", {"answer": "已安排食堂调整。"})
    return case_id


def test_the_proposer_rates_the_answer_to_a_suggestion(env, union):
    u = union
    case_id = suggestion_answered(env, u)
    assert [t.case_id for t in services.inbox(env, u.rep1).items] == [case_id]
    with pytest.raises(services.ValidationFailed):  # unsatisfied needs a reason, as for a proposal
        act(env, u.rep1, case_id, "rate_suggestion", {"attitude": "satisfied", "result": "unsatisfied"})
    assert act(env, u.rep1, case_id, "rate_suggestion", {"attitude": "satisfied", "result": "basically_satisfied"}
               ).state == "suggestion_closed"
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["result"] == "basically_satisfied"


def test_a_suggestion_not_rated_in_15_days_closes_as_not_rated(env, union, clock):
    u = union
    case_id = suggestion_answered(env, u)
    clock.advance(days=16)
    fire_due(env)
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.state, view.data["result"], view.history[-1].trigger) == (
        "suggestion_closed", "not_rated", "suggestion_not_rated")
    [row] = list(Register(env, u.session, "zh").rows())
    assert row["rating"] == "未评价" and row["outcome"] == "转为意见建议"


def test_a_2027_notice_moves_the_review_deadline_counted_in_working_days(env, union, clock):
    from engine.store import audit
    from support.time import sh

    u = union
    case_id = submitted(env, u)  # collection closes Tuesday 2026-12-15; 15 working days end 2027-01-06 (guessed)
    data = services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert (data["review_due"], data["counted"]["review_due"]["provisional"]) == ("2027-01-06", True)
    # The (made-up) notice gives Monday 4 January off as well: the fifteenth working day is Thursday 01-07.
    services.load_notice(env, 2027, "2027-01-01..2027-01-04", "", "test notice")
    data = services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert (data["review_due"], data["counted"]["review_due"]["provisional"]) == ("2027-01-07", False)
    [task] = [t for t in services.inbox(env, u.committee).items if t.case_id == case_id]
    assert (task.due_at, task.provisional) == (sh(2027, 1, 8), False)
    assert [n.role for n in queued(env, "deadline_moved")] == ["proposal_committee"]
    assert list(audit.verify(env.db)) == []
    clock.set(sh(2027, 1, 7, 23))
    fire_due(env)
    assert queued(env, "proposal_review_overdue") == []  # 01-06 no longer overdue
