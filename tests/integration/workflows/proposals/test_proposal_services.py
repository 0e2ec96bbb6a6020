"""Proposals' public services decide who sees what: the register, a merged proposal's main one, a page's details."""

from __future__ import annotations

from datetime import date

import pytest

from engine import services
from engine.core.context import Actor
from support.acting import act
from support.union import Union
from workflows.proposals import services as proposals
from workflows.proposals import spec as proposal

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    return Union(env)


def draft(env, u, title, who=None):
    form = {**FORM, "session_id": u.session}
    return services.start_case(env, Actor(who or u.rep1), "proposal", u.union, title, form).case_id


def submitted(env, u, title):
    case_id = draft(env, u, title)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    return case_id


def titles(register):
    return sorted(c.title for c in register.found.items)


def test_a_representative_reads_the_public_steps_of_every_proposal_but_no_draft(env, union):
    u = union
    accepted = submitted(env, u, "关于食堂夜班供餐的提案")
    act(env, u.committee, accepted, "accept")
    draft(env, u, "还在草稿里的提案")
    draft(env, u, "刘洋自己的草稿", who=u.rep4)
    register = proposals.public_register(env, Actor(u.rep4), u.session)
    assert titles(register) == ["关于食堂夜班供餐的提案"]
    assert "draft" not in register.states and "co_signing" not in register.states
    assert "endorsement" in register.states and register.session.id == u.session
    assert titles(proposals.public_register(env, Actor(u.rep4), u.session, state="draft")) == [
        "关于食堂夜班供餐的提案"]  # a private step is no filter: the public ones stay
    assert titles(proposals.public_register(env, Actor(u.rep4), u.session, state="assignment")) == []
    assert titles(proposals.public_register(env, Actor(u.rep4), u.session, category="wages")) == []


def test_a_department_member_reads_the_register_and_an_outsider_may_not(env, union):
    u = union
    accepted = submitted(env, u, "关于食堂夜班供餐的提案")
    act(env, u.committee, accepted, "accept")
    assert titles(proposals.public_register(env, Actor(u.works_handler), u.session)) == ["关于食堂夜班供餐的提案"]
    outsider = services.create_user(env, "outsider", "孙路人")
    other = services.create_organisation(env, "别的厂工会", "union")
    services.grant_role(env, outsider, other, "representative")
    with pytest.raises(services.PermissionDenied):
        proposals.public_register(env, Actor(outsider), u.session)
    with pytest.raises(services.NotFound):
        proposals.public_register(env, Actor(u.rep4), 999_999)
    services.set_user_active(env, u.rep4, False)
    with pytest.raises(services.PermissionDenied):
        proposals.public_register(env, Actor(u.rep4), u.session)


def test_whoever_sees_a_merged_proposal_sees_the_one_it_follows(env, union):
    u = union
    main = submitted(env, u, "关于食堂夜班供餐的提案")
    act(env, u.committee, main, "accept")
    other = submitted(env, u, "关于夜班职工就餐的建议")
    assert proposals.main_case(env, Actor(u.rep1), other) is None
    act(env, u.committee, other, "merge", {"main_case": main, "comment": "内容相同，并案办理"})
    followed = proposals.main_case(env, Actor(u.rep1), other)
    assert followed is not None and (followed.id, followed.title) == (main, "关于食堂夜班供餐的提案")
    assert followed.state_label("zh") == "待领导批示" and followed.answer is None
    outsider = services.create_user(env, "outsider", "孙路人")
    with pytest.raises(services.NotFound):  # an outsider cannot tell the case exists
        proposals.main_case(env, Actor(outsider), other)


def test_the_details_name_the_co_signers_and_who_is_still_asked(env, union):
    u = union
    case_id = draft(env, u, "关于食堂夜班供餐的提案")
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3, u.rep4]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep4, case_id, "decline")
    shown = proposals.details(env, services.case_view(env, Actor(u.rep1), case_id), date(2026, 11, 20))
    assert shown.inviting and [p.name for p in shown.invited] == ["李秀英", "张伟", "刘洋"]
    assert [p.id for p in shown.confirmed] == [u.rep2] and [p.name for p in shown.declined] == ["刘洋"]
    assert [p.name for p in shown.waiting] == ["张伟"]
    assert not shown.overdue and shown.awaiting_opinions == []
    act(env, u.rep3, case_id, "co_sign")
    shown = proposals.details(env, services.case_view(env, Actor(u.rep1), case_id), date(2026, 11, 20))
    assert not shown.inviting and shown.waiting == []
