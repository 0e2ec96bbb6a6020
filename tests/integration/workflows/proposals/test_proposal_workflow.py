"""Congress proposals from draft to closing, reloaded from the database at every step, on both backends."""

from __future__ import annotations

from dataclasses import replace

import pytest

from config import Settings
from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from support.acting import act
from support.union import Union
from workflows.proposals import spec as proposal

FORM = {"session_id": 0, "category": "welfare", "reasons": "三班倒职工夜间无处就餐，影响健康。",
        "measures": "食堂夜间增开窗口，供应热食至凌晨两点。"}


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    return Union(env)


def draft(env, u, who=None, title="关于职工食堂增加夜班供餐的提案"):
    form = {**FORM, "session_id": u.session}
    return services.start_case(env, Actor(who or u.rep1), "proposal", u.union, title, form).case_id


def submitted(env, u, **kw):
    case_id = draft(env, u, **kw)
    act(env, u.rep1 if "who" not in kw else kw["who"], case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    return case_id


def state(env, u, case_id):
    return services.case_view(env, SYSTEM_ACTOR, case_id).state


def test_the_whole_path_with_a_rehandling(env, union, clock):
    u = union
    case_id = draft(env, u)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3, u.rep4]})
    assert {t.case_id for t in services.inbox(env, u.rep4).items} == {case_id}
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep4, case_id, "decline")
    assert state(env, u, case_id) == "co_signing"
    assert act(env, u.rep3, case_id, "co_sign").state == "submitted"  # the second co-signer submits it
    assert services.inbox(env, u.rep4).items == []  # the unanswered invitation closed with the state

    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    assert services.case_view(env, SYSTEM_ACTOR, case_id).data["number"] == 1
    act(env, u.leader, case_id, "endorse", {"instruction": "请后勤保障部牵头，人力资源部配合。"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "co_departments": [u.hr],
                                             "due_date": "2026-12-23"})
    assert [t.case_id for t in services.inbox(env, u.logistics_handler).items] == [case_id]
    act(env, u.hr_handler, case_id, "co_opinion", {"opinion": "可调整夜班补贴标准配合实施。"})
    assert services.inbox(env, u.hr_handler).items == []
    act(env, u.logistics_handler, case_id, "answer", {"classification": "in_plan", "answer": "已列入明年一季度计划。"})
    act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "unsatisfied",
                                       "rating_comment": "希望今年内解决"})
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "handling" and view.data["rehandled"] == 1
    assert [e.trigger for e in view.history[-2:]] == ["rate", "rehandle"]
    assert view.data["pending_co_departments"] == []  # re-handling is the lead department's
    act(env, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "12月起夜班窗口开放。"})
    assert act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"}).state == "closed"


def test_a_second_unsatisfied_rating_goes_to_the_committee(env, union):
    u = union
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.works, "due_date": "2026-12-23"})
    for _ in range(2):
        act(env, u.works_handler, case_id, "answer", {"classification": "not_now", "answer": "暂无预算",
                                                      "reason_not_now": "年度预算已用完"})
        act(env, u.rep1, case_id, "rate", {"attitude": "basically_satisfied", "result": "unsatisfied",
                                           "rating_comment": "仍未解决"})
    assert state(env, u, case_id) == "committee_decision"
    act(env, u.committee, case_id, "close_after_review", {"comment": "已说明原因，予以办结。"})
    assert state(env, u, case_id) == "closed"


def test_only_representatives_propose_and_only_in_the_collection_period(env, union, clock):
    u = union
    with pytest.raises(services.PermissionDenied):
        draft(env, u, who=u.works_handler)
    clock.advance(days=30)  # 2026-12-23: the period closed on 12-15
    with pytest.raises(services.ValidationFailed) as caught:
        draft(env, u)
    assert "征集期" in caught.value.errors["session_id"][0].zh


def test_invitations_must_go_to_enough_other_representatives(env, union):
    u = union
    case_id = draft(env, u)
    for invited, fragment in (([u.rep2], "至少邀请 2 位"), ([u.rep1, u.rep2], "不能邀请自己"),
                              ([u.rep2, u.works_handler], "只能邀请本届职代会代表名册上的代表")):
        with pytest.raises(services.ValidationFailed) as caught:
            act(env, u.rep1, case_id, "invite", {"co_signers_invited": invited})
        assert fragment in caught.value.errors["co_signers_invited"][0].zh
    with pytest.raises(services.NotFound):  # another's draft is private: not even its existence shows
        act(env, u.rep4, case_id, "edit", {"title": "x", **{k: v for k, v in FORM.items() if k != "session_id"}})


def test_invitations_lapse_when_the_period_ends(env, union):
    u = union
    case_id = draft(env, u)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    services.fire(env, SYSTEM_ACTOR, case_id, "lapse")
    assert state(env, u, case_id) == "draft"
    assert services.inbox(env, u.rep2).items == []


def test_returned_proposals_are_revised_and_the_edit_is_kept(env, union):
    u = union
    case_id = submitted(env, u)
    with pytest.raises(services.ValidationFailed):
        act(env, u.committee, case_id, "return_for_revision", {})  # a reason is needed
    act(env, u.committee, case_id, "return_for_revision", {"reason": "请一事一案，拆分为两份提案。"})
    fields = {"title": "关于食堂夜班供餐的提案", "category": "welfare", "reasons": "夜班职工就餐难",
              "measures": "增开夜间窗口"}
    act(env, u.rep1, case_id, "resubmit", fields)
    view = services.case_view(env, Actor(u.rep1), case_id)
    assert view.state == "submitted" and view.summary.title == "关于食堂夜班供餐的提案"
    assert view.history[-1].payload["form"]["title"] == "关于食堂夜班供餐的提案"


def test_merged_proposals_follow_the_main_one(env, union):
    u = union
    main = submitted(env, u)
    act(env, u.committee, main, "accept")
    other = submitted(env, u, title="关于夜班职工就餐的建议")
    with pytest.raises(services.ValidationFailed):
        act(env, u.committee, other, "merge", {"main_case": other})
    act(env, u.committee, other, "merge", {"main_case": main, "comment": "内容相同，并案办理"})
    assert state(env, u, other) == "merged"
    assert [c.id for c in services.followers(env, main)] == [other]
    assert services.case_view(env, Actor(u.rep1), other).summary.follows_id == main


def test_a_rejection_needs_a_reason_and_tells_the_proposer(env, union):
    u = union
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "reject", {"reason": "属于个人诉求，不符合立案范围。"})
    view = services.case_view(env, Actor(u.rep1), case_id)
    assert view.state == "not_accepted" and view.data["reason"] == "属于个人诉求，不符合立案范围。"


def test_an_extension_keeps_both_dates(env, union):
    u = union
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.works, "due_date": "2026-12-23"})
    act(env, u.works_handler, case_id, "request_extension", {"new_due_date": "2027-01-20", "reason": "需采购设备"})
    act(env, u.committee, case_id, "grant_extension")
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.data["due_date"] == "2027-01-20"
    assert view.data["extensions"] == [{"from": "2026-12-23", "to": "2027-01-20"}]
    assert services.inbox(env, u.works_handler).items[0].due_at.date().isoformat() == "2027-01-20"


def test_without_endorsement_an_accepted_proposal_goes_to_assignment(env, union):
    u = union
    policy = proposal.Policy.from_settings(Settings(proposal={"endorsement": False}))
    env.registry.register(replace(proposal.build(policy), version=proposal.VERSION + 1))
    case_id = submitted(env, u)
    assert act(env, u.committee, case_id, "accept").state == "assignment"


def test_a_suggestion_is_answered_by_its_department(env, union):
    u = union
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "convert_to_suggestion", {"department": u.logistics, "reason": "属日常管理事项"})
    act(env, u.logistics_handler, case_id, "answer_suggestion", {"answer": "已安排食堂调整。"})
    assert state(env, u, case_id) == "suggestion_answered"


def test_an_extension_is_asked_before_the_deadline(env, union, clock):
    u = union
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.works, "due_date": "2026-11-30"})
    clock.advance(days=8)  # 2026-12-01: the deadline has passed
    with pytest.raises(services.ValidationFailed) as caught:
        act(env, u.works_handler, case_id, "request_extension", {"new_due_date": "2026-12-20", "reason": "晚了"})
    assert "办理期限已过" in caught.value.errors["new_due_date"][0].zh


def test_the_rules_come_from_the_config_and_bad_ones_are_named():
    names = {"canteen": ["食堂管理", "Canteen"]}
    policy = proposal.Policy.from_settings(Settings(proposal={
        "min_co_signers": 3, "categories": ["welfare", "canteen"], "category_names": names}))
    assert (policy.min_co_signers, policy.categories) == (3, ("welfare", "canteen"))
    assert proposal.build(policy).start.fields[1].choice_label("canteen").zh == "食堂管理"
    for bad, words in (({"min_cosigners": 3}, "proposal.min_cosigners: unknown setting"),
                       ({"categories": ["nonsense"]}, "unknown categories"),
                       ({"handling_days": 0}, "proposal.handling_days: must be a positive number")):
        with pytest.raises(ValueError, match=words):
            proposal.Policy.from_settings(Settings(proposal=bad))


def test_an_overdue_proposal_is_supervised_and_its_department_head_told(env, union, clock):
    from engine.store.models import Notification, Task
    from engine.time import deadlines

    u = union
    head = services.create_user(env, "logistics_head", "钱部长")
    services.grant_role(env, head, u.logistics, "department_head")
    case_id = submitted(env, u)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-11-27"})
    clock.advance(days=6)  # Sunday 2026-11-29: the deadline ended with Friday 11-27
    fired = [deadlines.fire_timer(env, t) for t in deadlines.due_timers(env)]
    assert fired == ["fired", "fired", "fired"]  # two reminders before, then the deadline
    with env.db.engine.connect() as conn:
        tasks = conn.execute(Task.__table__.select().where(Task.__table__.c.case_id == case_id,
                                                           Task.__table__.c.status == "open")).all()
        told = conn.execute(Notification.__table__.select().where(
            Notification.__table__.c.kind == "proposal_overdue")).all()
    assert {(t.kind, t.role) for t in tasks} == {("task", "handler"), ("supervision", "proposal_committee")}
    assert {(n.role, n.organisation_id) for n in told} == {("department_head", u.logistics),
                                                          ("proposal_committee", u.union)}
    assert services.inbox(env, u.logistics_handler).items[0].overdue
