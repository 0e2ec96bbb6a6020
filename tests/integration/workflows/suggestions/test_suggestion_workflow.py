"""Rationalisation suggestions on both backends: any member of staff sends one, the union office routes it, the
department assesses it by its deadline (overdue: the office urges, the department's head is told), an adopted
one is open to the union's staff and followed until its implementation is reported with the benefit, and the
office marks the award; a suggestion not adopted stays with its sender, the office and the department."""

from __future__ import annotations

import pytest

from config import Settings
from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification, Task
from engine.time import deadlines
from support.acting import act
from support.union import Union
from workflows.suggestions import spec as suggestion
from workflows.suggestions.yearly import YearRegister, totals

tasks, notifications = Task.__table__, Notification.__table__
FORM = {"field": "cost", "situation": "冲压车间边角料直接报废。", "proposal": "边角料分拣后用于小件冲压。",
        "expected_benefit": "每年节约钢材约 3 吨。"}


@pytest.fixture
def union(env):
    env.registry.register(suggestion.build())
    u = Union(env, roster=False)
    u.head = services.create_user(env, "head", "钱部长")
    services.grant_role(env, u.head, u.logistics, "department_head")
    u.outsider_union = services.create_organisation(env, "另一家工会", "union")
    u.outsider = services.create_user(env, "outsider", "外单位")
    services.grant_role(env, u.outsider, u.outsider_union, "union_office")
    return u


def sent(env, u, who=None, title="冲压边角料再利用"):
    return services.start_case(env, Actor(who or u.works_handler), suggestion.NAME, u.union, title, dict(FORM)).case_id


def readable(env, who, case_id):
    try:
        services.case_view(env, Actor(who), case_id)
    except (services.NotFound, services.PermissionDenied):
        return False
    return True


def queued(env, kind):
    with env.db.engine.connect() as conn:
        return {n.user_id or (n.role, n.organisation_id)
                for n in conn.execute(notifications.select().where(notifications.c.kind == kind))}


def open_tasks(env, case_id):
    with env.db.engine.connect() as conn:
        return {(t.kind, t.role, t.organisation_id) for t in conn.execute(
            tasks.select().where(tasks.c.case_id == case_id, tasks.c.status == "open"))}


def fire_due(env):
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)


def test_the_whole_path_from_a_department_member_to_the_award(env, union, clock):
    u = union
    case_id = sent(env, u)  # 周生产 holds a role in 生产部 only: staff of the union all the same
    assert queued(env, "suggestion_sent") == {("union_office", u.union)}
    assert {t.case_id for t in services.inbox(env, u.office).items} == {case_id}
    act(env, u.office, case_id, "route", {"department": u.logistics, "route_note": "请后勤保障部评估"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "assessing"
    assert view.data["assess_due"] == "2026-12-14"  # 15 working days after Monday 11-23
    assert queued(env, "suggestion_received") == {u.works_handler}
    assert {t.case_id for t in services.inbox(env, u.logistics_handler).items} == {case_id}
    act(env, u.logistics_handler, case_id, "adopt",
        {"outcome": "adopted_in_part", "assessment": "分拣可行，小件冲压先试点。"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.state, view.data["outcome"], view.data["assessed_on"]) == ("implementing", "adopted_in_part",
                                                                          "2026-11-23")
    assert view.data["implementation_due"] > "2027-02-20"  # 90 days on
    assert queued(env, "suggestion_adopted") == {u.works_handler, ("union_office", u.union)}
    clock.advance(days=10)
    act(env, u.logistics_handler, case_id, "report_implementation",
        {"implemented_on": "2026-12-01", "benefit_amount": 36000, "benefit": "年节约钢材 3.2 吨",
         "implementation": "已在二号线试点。"})
    assert queued(env, "suggestion_implemented") == {u.works_handler, ("union_office", u.union)}
    act(env, u.office, case_id, "award", {"grade": "second", "award_year": 2026})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.state, view.data["grade"], view.data["benefit_amount"]) == ("awarded", "second", 36000)
    assert queued(env, "suggestion_awarded") == {u.works_handler}
    register = YearRegister(env, Actor(u.office), u.union, 2026)
    rows = list(register.register_rows())
    assert [(r["title"], r["outcome"], r["benefit_amount"], r["grade"]) for r in rows] == [
        ("冲压边角料再利用", "部分采纳", 36000, "二等奖")]
    assert totals(rows) == {"sent": 1, "adopted": 1, "implemented": 1, "benefit": 36000}
    assert [r["sender"] for r in register.award_rows()] == ["周生产"]
    assert YearRegister(env, Actor(u.office), u.union, 2025).award_rows() == []


def test_only_the_sender_the_office_and_the_department_read_it_until_it_is_adopted(env, union):
    u = union
    case_id = sent(env, u)
    others = (u.rep2, u.hr_handler, u.logistics_handler, u.outsider)
    assert [readable(env, who, case_id) for who in (u.works_handler, u.office, *others)] == [
        True, True, False, False, False, False]
    act(env, u.office, case_id, "route", {"department": u.logistics})
    assert [readable(env, who, case_id) for who in (u.logistics_handler, u.head, u.rep2, u.hr_handler)] == [
        True, True, False, False]
    act(env, u.logistics_handler, case_id, "adopt", {"outcome": "adopted", "assessment": "可行"})
    # adopted: every member of the union's staff reads it; another union's people still do not
    assert [readable(env, who, case_id) for who in (u.rep2, u.hr_handler, u.leader, u.outsider)] == [
        True, True, True, False]


def test_a_suggestion_not_adopted_stays_private_and_the_sender_has_the_reason(env, union):
    u = union
    case_id = sent(env, u, who=u.rep1)
    act(env, u.office, case_id, "route", {"department": u.logistics})
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.logistics_handler, case_id, "not_adopt", {})
    assert "assessment" in refused.value.errors
    act(env, u.logistics_handler, case_id, "not_adopt", {"assessment": "现有设备无法分拣。"})
    view = services.case_view(env, Actor(u.rep1), case_id)
    assert (view.state, view.data["outcome"], view.data["assessment"]) == ("not_adopted", "not_adopted",
                                                                          "现有设备无法分拣。")
    assert queued(env, "suggestion_not_adopted") == {u.rep1}
    assert [readable(env, who, case_id) for who in (u.logistics_handler, u.office, u.rep2, u.works_handler)] == [
        True, True, False, False]
    assert list(YearRegister(env, Actor(u.rep2), u.union, 2026).register_rows()) == []


def test_someone_outside_the_union_cannot_send_one(env, union):
    u = union
    with pytest.raises(services.PermissionDenied):
        sent(env, u, who=u.outsider)
    nobody = services.create_user(env, "nobody", "无角色")
    with pytest.raises(services.PermissionDenied):
        sent(env, u, who=nobody)


def test_an_assessment_past_its_deadline_goes_to_the_office_and_the_department_head(env, union, clock):
    u = union
    case_id = sent(env, u)
    act(env, u.office, case_id, "route", {"department": u.logistics})
    clock.advance(days=21)  # 12-14 is the last day; 12-14 10:00 still in time
    fire_due(env)
    assert ("supervision", "union_office", u.union) not in open_tasks(env, case_id)
    clock.advance(days=1)  # Tuesday 12-15
    fire_due(env)
    assert ("supervision", "union_office", u.union) in open_tasks(env, case_id)
    assert queued(env, "suggestion_assessment_overdue") == {("department_head", u.logistics), ("union_office", u.union)}


def test_the_department_must_record_a_benefit_and_a_day_already_past(env, union):
    u = union
    case_id = sent(env, u)
    act(env, u.office, case_id, "route", {"department": u.logistics})
    act(env, u.logistics_handler, case_id, "adopt", {"outcome": "adopted", "assessment": "可行"})
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.logistics_handler, case_id, "report_implementation",
            {"implemented_on": "2026-11-23", "implementation": "已实施"})
    assert "benefit" in refused.value.errors
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.logistics_handler, case_id, "report_implementation",
            {"implemented_on": "2026-11-30", "benefit": "提高效率", "implementation": "已实施"})
    assert "implemented_on" in refused.value.errors
    act(env, u.logistics_handler, case_id, "report_implementation",
        {"implemented_on": "2026-11-23", "benefit": "提高效率", "implementation": "已实施"})
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.office, case_id, "award", {"grade": "first", "award_year": 2025})
    assert "award_year" in refused.value.errors
    with pytest.raises(services.PermissionDenied):
        act(env, u.works_handler, case_id, "award", {"grade": "first", "award_year": 2026})


def test_the_periods_and_the_office_come_from_the_config(env, clock):
    settings = Settings(suggestion={"assess_workdays": 5, "office_role": "suggestion_office"})
    env.registry.register(suggestion.build(suggestion.Policy.from_settings(settings)))
    u = Union(env, roster=False)
    clerk = services.create_user(env, "clerk", "合理化建议办")
    services.grant_role(env, clerk, u.union, "suggestion_office")
    case_id = sent(env, u)
    assert not readable(env, u.office, case_id)  # the union office runs suggestions no more here
    act(env, clerk, case_id, "route", {"department": u.logistics})
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["assess_due"] == "2026-11-30"


def test_the_office_routes_it_again_and_the_first_department_no_longer_reads_it(env, union):
    u = union
    case_id = sent(env, u)
    act(env, u.office, case_id, "route", {"department": u.logistics})
    assert "assess_due" in services.case_view(env, SYSTEM_ACTOR, case_id).data["counted"]  # on the calendar path
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, u.office, case_id, "reroute", {"new_department": u.logistics, "reroute_reason": "误送"})
    assert "new_department" in refused.value.errors
    act(env, u.office, case_id, "reroute", {"new_department": u.hr, "reroute_reason": "属于人力资源部职责"})
    assert [readable(env, who, case_id) for who in (u.logistics_handler, u.hr_handler)] == [False, True]
    assert {t.case_id for t in services.inbox(env, u.hr_handler).items} == {case_id}
    assert services.inbox(env, u.logistics_handler).items == []


def test_the_sender_may_withdraw_it_before_routing_and_the_office_may_file_one_without_an_award(env, union):
    u = union
    withdrawn = sent(env, u, title="撤回的建议")
    act(env, u.works_handler, withdrawn, "withdraw")
    assert services.case_view(env, SYSTEM_ACTOR, withdrawn).state == "withdrawn"
    filed = sent(env, u)
    act(env, u.office, filed, "route", {"department": u.logistics})
    act(env, u.logistics_handler, filed, "adopt", {"outcome": "adopted", "assessment": "可行"})
    with pytest.raises(services.TransitionNotAllowed):
        act(env, u.works_handler, filed, "withdraw")
    act(env, u.logistics_handler, filed, "report_implementation",
        {"implemented_on": "2026-11-23", "benefit": "改善作业环境", "implementation": "已实施"})
    act(env, u.office, filed, "file", {"file_note": "效益较小，不参加评奖。"})
    assert services.case_view(env, SYSTEM_ACTOR, filed).state == "closed"
    assert YearRegister(env, Actor(u.office), u.union, 2026).award_rows() == []
