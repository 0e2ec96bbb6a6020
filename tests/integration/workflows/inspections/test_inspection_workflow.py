"""A representatives' inspection: organised with representatives of the current term's roster, findings recorded
by them, each rectified by its department by a deadline counted on the holiday calendar, checked by the
representatives (accepted; refused once with a new deadline; refused again to the union chair), overdue ones
supervised; who reads what. On both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.store.models import Notification, Task
from engine.time import deadlines
from support.inspections import Inspected
from support.time import sh

REPORT = {"rectification": "已铺设防滑垫并设置警示牌。", "rectified_on": "2026-11-23"}


@pytest.fixture
def u(env):
    return Inspected(env)


def open_tasks(env, case_id: int) -> list:
    t = Task.__table__.c
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(Task.__table__).where(t.case_id == case_id, t.closed_at.is_(None))).all()


def kinds(env, case_id: int) -> list[str]:
    n = Notification.__table__.c
    with env.db.engine.connect() as conn:
        return [k for (k,) in conn.execute(sa.select(n.kind).where(n.case_id == case_id).order_by(n.id))]


def test_only_representatives_on_the_current_terms_roster_take_part(env, u):
    outsider = services.create_user(env, "rep_old", "钱旧代表")
    services.grant_role(env, outsider, u.union, "representative")
    with pytest.raises(services.ValidationFailed) as caught:
        u.start(u.office, "inspection", "车间巡视", {"representatives": [u.rep1, outsider],
                                                 "inspection_date": "2026-11-26", "places": "一车间"})
    message = caught.value.errors["representatives"][0]
    assert "代表名册" in message.zh and "第二十五条" in message.zh and "art. 25" in message.en
    with pytest.raises(services.PermissionDenied):  # the office organises, not a representative
        u.start(u.rep1, "inspection", "车间巡视", {"representatives": [u.rep1], "inspection_date": "2026-11-26",
                                                "places": "一车间"})


def test_a_finding_is_recorded_by_a_representative_of_the_inspection_while_it_records(env, u):
    case = u.finding()
    assert u.state(case) == "rectifying"
    assert u.data(case)["representatives"] == [u.rep1, u.rep2]
    assert "finding_assigned" in kinds(env, case)
    [task] = open_tasks(env, case)
    assert (task.role, task.organisation_id) == ("handler", u.logistics)
    with pytest.raises(services.ValidationFailed) as caught:  # rep3 is on the roster but not on this inspection
        u.finding(who=u.rep3)
    assert "参加这次巡视" in caught.value.errors["inspection_id"][0].zh
    u.fire(u.office, u.inspection, "end_recording", {})
    with pytest.raises(services.ValidationFailed) as caught:
        u.finding()
    assert "结束记录" in caught.value.errors["inspection_id"][0].zh


def test_without_a_date_the_deadline_is_15_working_days_on_the_holiday_calendar(env, u):
    case = u.finding(due=None)
    data = u.data(case)
    # Recorded on Monday 23 November 2026: counted from the next day (《民法典》 art. 201), the 15th working day
    # is Monday 14 December.
    assert data["due_date"] == data["first_due_date"] == "2026-12-14"
    assert data["counted"]["due_date"]["unit"] == "workdays"
    with pytest.raises(services.ValidationFailed) as caught:
        u.finding(due="2026-11-20")
    assert "due_date" in caught.value.errors


def test_the_department_reports_and_the_representatives_accept(env, u):
    case = u.finding()
    with pytest.raises(services.PermissionDenied):  # another department cannot report
        u.fire(u.hr_handler, case, "report_rectification", REPORT)
    with pytest.raises(services.ValidationFailed) as caught:
        u.fire(u.logistics_handler, case, "report_rectification", {**REPORT, "rectified_on": "2026-11-30"})
    assert "rectified_on" in caught.value.errors
    u.fire(u.logistics_handler, case, "report_rectification", {**REPORT, "rectified_on": "2026-11-23"})
    assert u.state(case) == "checking"
    assert {t.user_id for t in open_tasks(env, case)} == {u.rep1, u.rep2}
    with pytest.raises(services.PermissionDenied):  # a representative not on the inspection does not check
        u.fire(u.rep3, case, "accept", {})
    u.fire(u.rep2, case, "accept", {"check_note": "已复查"})
    assert u.state(case) == "accepted" and open_tasks(env, case) == []
    assert u.data(case)["reported_on"] == "2026-11-23" and not u.data(case)["reported_late"]


def test_refused_once_it_goes_back_with_a_new_deadline_refused_twice_to_the_chair(env, u, clock):
    case = u.finding()
    u.fire(u.logistics_handler, case, "report_rectification", REPORT)
    u.fire(u.rep1, case, "refuse", {"refusal_reason": "防滑垫尺寸不足", "new_due_date": "2026-12-18"})
    assert u.state(case) == "rectifying" and u.data(case)["due_date"] == "2026-12-18"
    assert "finding_refused" in kinds(env, case)
    u.fire(u.logistics_handler, case, "report_rectification", REPORT)
    view = services.case_view(env, Actor(u.rep1), case)
    assert [a.trigger for a in view.actions] == ["accept", "refuse_again"]  # a second plain refusal is not offered
    with pytest.raises(services.EngineError):
        u.fire(u.rep1, case, "refuse", {"refusal_reason": "仍不合格"})
    u.fire(u.rep1, case, "refuse_again", {"refusal_reason": "仍不合格"})
    assert u.state(case) == "chair_decision" and "finding_escalated" in kinds(env, case)
    [task] = open_tasks(env, case)
    assert task.role == "union_chair"
    with pytest.raises(services.PermissionDenied):
        u.fire(u.office, case, "close_finding", {"decision": "结案"})
    u.fire(u.chair, case, "order_rectification", {"new_due_date": "2026-12-31", "decision": "限期更换"})
    assert u.state(case) == "rectifying" and u.data(case)["due_date"] == "2026-12-31"


def test_without_a_new_date_a_refusal_counts_10_working_days(env, u):
    case = u.finding()
    u.fire(u.logistics_handler, case, "report_rectification", REPORT)
    u.fire(u.rep1, case, "refuse", {"refusal_reason": "未设警示牌"})
    assert u.data(case)["due_date"] == "2026-12-07"  # the 10th working day after Monday 23 November


def test_an_overdue_finding_is_supervised_by_the_office_and_its_department_head_told(env, u, clock):
    case = u.finding(due="2026-11-30")
    clock.set(sh(2026, 12, 1, 9))
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)
    assert kinds(env, case).count("finding_overdue") == 2  # the department's head and the union office
    assert any(t.role == "union_office" for t in open_tasks(env, case))
    u.fire(u.office, case, "supervise", {"supervision_note": "请本周内整改"})
    assert "finding_supervised" in kinds(env, case)


def test_who_reads_an_inspection_and_its_findings(env, u):
    mine = u.finding(department=u.logistics)
    theirs = u.finding(title="车间消防通道堆放杂物", department=u.works)
    for who in (u.rep1, u.rep2, u.office, u.chair):
        for case in (u.inspection, mine, theirs):
            services.case_view(env, Actor(who), case)  # no refusal
    services.case_view(env, Actor(u.logistics_handler), mine)
    services.case_view(env, Actor(u.works_head), theirs)
    for who, case in ((u.logistics_handler, theirs), (u.logistics_handler, u.inspection), (u.works_head, mine),
                      (u.rep3, mine), (u.rep3, u.inspection), (u.staff, mine), (u.leader, theirs),
                      (u.committee, u.inspection)):
        with pytest.raises((services.NotFound, services.PermissionDenied)):
            services.case_view(env, Actor(who), case)
