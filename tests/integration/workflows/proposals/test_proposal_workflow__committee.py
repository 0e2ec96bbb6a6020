"""The committee's hand on a proposal being handled (督办, a new deadline, another lead department, no more
waiting for a co-handling opinion), the answer waiting for the co-handling departments, the reason an unsatisfied
rating needs, and a re-handling's answer that never mixes with the one before."""

from __future__ import annotations

import pytest
from test_proposal_workflow import act, state, submitted

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification, Task
from engine.time import deadlines
from support.union import Union
from workflows.proposals import spec as proposal

tasks, notifications = Task.__table__, Notification.__table__


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    return Union(env)


def assigned(env, u, *, co=(), due="2026-11-27"):
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "co_departments": list(co),
                                             "due_date": due})
    return case_id


def open_tasks(env, case_id):
    with env.db.engine.connect() as conn:
        return {(t.kind, t.role, t.organisation_id) for t in conn.execute(
            tasks.select().where(tasks.c.case_id == case_id, tasks.c.status == "open"))}


def queued(env, kind):
    with env.db.engine.connect() as conn:
        return conn.execute(notifications.select().where(notifications.c.kind == kind)).all()


def overdue(env, u, clock):
    case_id = assigned(env, u)
    clock.advance(days=6)  # Sunday 2026-11-29: the deadline ended with Friday 11-27
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)
    return case_id


def test_an_overdue_proposal_stands_overdue_in_the_committees_inbox(env, union, clock):
    u = union
    case_id = overdue(env, u, clock)
    [task] = [t for t in services.inbox(env, u.committee).items if t.case_id == case_id]
    assert task.overdue and task.due_at is not None


def test_the_committee_supervises_and_the_department_is_told_with_the_note(env, union, clock):
    u = union
    case_id = overdue(env, u, clock)
    act(env, u.committee, case_id, "supervise", {"supervision_note": "请本周内答复并说明延误原因。"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "handling"
    assert view.history[-1].trigger == "supervise"
    assert view.history[-1].payload["form"]["supervision_note"] == "请本周内答复并说明延误原因。"
    [told] = queued(env, "proposal_supervised")
    assert (told.role, told.organisation_id) == ("handler", u.logistics)
    assert "请本周内答复" in str(told.payload)
    with pytest.raises(services.ValidationFailed):  # a note is needed
        act(env, u.committee, case_id, "supervise", {})
    with pytest.raises(services.PermissionDenied):  # the committee's, not the department's
        act(env, u.logistics_handler, case_id, "supervise", {"supervision_note": "x"})


def test_a_new_deadline_ends_the_supervision_and_moves_the_departments_task(env, union, clock):
    u = union
    case_id = overdue(env, u, clock)
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.committee, case_id, "set_deadline", {"new_deadline": "2026-11-29", "deadline_reason": "x"})
    assert "new_deadline" in refused.value.errors
    act(env, u.committee, case_id, "set_deadline", {"new_deadline": "2026-12-11", "deadline_reason": "需外部报价"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.data["due_date"] == "2026-12-11"
    assert view.data["extensions"][-1] == {"from": "2026-11-27", "to": "2026-12-11", "by": "committee"}
    assert view.history[-1].payload["form"]["deadline_reason"] == "需外部报价"
    assert open_tasks(env, case_id) == {("task", "handler", u.logistics)}
    [task] = services.inbox(env, u.logistics_handler).items
    assert not task.overdue and task.due_at.astimezone().date().isoformat() >= "2026-12-11"
    assert [t for t in services.inbox(env, u.committee).items if t.case_id == case_id] == []
    assert len(queued(env, "proposal_deadline_set")) == 1


def test_reassigning_gives_the_proposal_to_another_lead_department(env, union, clock):
    u = union
    case_id = overdue(env, u, clock)
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.committee, case_id, "reassign", {"new_lead_department": u.logistics,
                                                    "new_deadline": "2026-12-18", "reassign_reason": "x"})
    assert "new_lead_department" in refused.value.errors
    act(env, u.committee, case_id, "reassign", {"new_lead_department": u.works, "new_deadline": "2026-12-18",
                                                "reassign_reason": "属生产部职责"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.data["lead_department"], view.data["due_date"]) == (u.works, "2026-12-18")
    assert view.data["reassignments"][-1]["from"] == u.logistics
    assert open_tasks(env, case_id) == {("task", "handler", u.works)}
    assert services.inbox(env, u.logistics_handler).items == []
    assert [t.case_id for t in services.inbox(env, u.works_handler).items] == [case_id]
    found = services.search_cases(env, SYSTEM_ACTOR, workflow="proposal", data={"lead_department": u.works})
    assert [c.id for c in found.items] == [case_id]  # the register's key column follows
    act(env, u.works_handler, case_id, "answer", {"classification": "solved", "answer": "已解决"})
    assert state(env, u, case_id) == "answered"


def test_the_lead_cannot_answer_while_a_co_handling_opinion_is_awaited(env, union):
    u = union
    case_id = assigned(env, u, co=[u.hr, u.works], due="2026-12-23")
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "已解决"})
    assert "协办部门的意见未提交" in refused.value.errors["__all__"][0].zh
    act(env, u.hr_handler, case_id, "co_opinion", {"opinion": "同意"})
    with pytest.raises(services.ValidationFailed):
        act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "已解决"})
    # The committee stops waiting for the works department, with a reason the history keeps.
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.committee, case_id, "release_co_department", {"released_department": u.hr,
                                                                 "release_reason": "x"})
    assert "released_department" in refused.value.errors
    act(env, u.committee, case_id, "release_co_department", {"released_department": u.works,
                                                             "release_reason": "生产部负责人长期出差"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.history[-1].trigger == "release_co_department"
    assert view.history[-1].payload["form"]["release_reason"] == "生产部负责人长期出差"
    assert open_tasks(env, case_id) == {("task", "handler", u.logistics)}
    assert services.inbox(env, u.works_handler).items == []
    assert len(queued(env, "co_opinion_released")) == 1
    act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "已解决"})
    assert state(env, u, case_id) == "answered"


def test_an_unsatisfied_rating_needs_a_reason(env, union):
    u = union
    case_id = assigned(env, u, due="2026-12-23")
    act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "已解决"})
    for rating in ({"attitude": "unsatisfied", "result": "satisfied"},
                   {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "  "}):
        with pytest.raises(services.ValidationFailed) as refused:
            act(env, u.rep1, case_id, "rate", rating)
        assert list(refused.value.errors) == ["rating_comment"]
    act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "没解决"})
    assert state(env, u, case_id) == "handling"


def test_a_second_answer_never_carries_the_first_answers_measures(env, union):
    u = union
    case_id = assigned(env, u, due="2026-12-23")
    act(env, u.logistics_handler, case_id, "answer", {"classification": "in_plan", "answer": "列入明年计划。",
                                                      "measures_taken": "已做预算"})
    act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "太慢"})
    data = services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert "answer" not in data and "measures_taken" not in data
    assert data["earlier_answers"] == [{"classification": "in_plan", "answer": "列入明年计划。",
                                        "measures_taken": "已做预算", "answered_on": "2026-11-23",
                                        "follow_up_due": "2027-02-22",  # in the plan: 90 days on by default
                                        "attitude": "satisfied", "result": "unsatisfied", "rating_comment": "太慢"}]
    act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "12月起开放。"})
    data = services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert (data["answer"], data.get("measures_taken")) == ("12月起开放。", None)
    act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"})
    data = services.case_view(env, SYSTEM_ACTOR, case_id).data
    assert "rating_comment" not in data  # the first rating's comment is the first answer's


def test_the_registers_search_the_text_and_filter_overdue_ones_in_the_database(env, union, clock):
    from workflows.proposals import services as proposals

    u = union
    late = assigned(env, u)
    on_time = assigned(env, u, due="2026-12-23")
    clock.advance(days=6)
    committee = Actor(u.committee)

    def found(**filters):
        page = proposals.committee_cases(env, committee, u.union, filters=proposals.CommitteeFilters(**filters))
        return sorted(c.id for c in page.items)

    assert found() == sorted([late, on_time])
    assert found(overdue=True) == [late]
    assert found(text="夜间增开") == sorted([late, on_time])  # words of the proposed measures
    assert found(text="无此字词") == []
    assert found(department=u.hr) == [] and found(department=u.logistics) == sorted([late, on_time])
    assert found(category="wages") == [] and found(state="handling", category="welfare") == sorted([late, on_time])
    register = proposals.public_register(env, Actor(u.rep4), u.session, text="影响健康")
    assert sorted(c.id for c in register.found.items) == sorted([late, on_time])
