"""Changing or terminating an agreement in force (《集体合同规定》 arts. 39–41) on both backends: the change is a
bargaining case of its own (request, reply, talks, draft, congress, signatures, filing, review), and when it takes
effect the agreement shows "changed" or "terminated" with the date and the reason; refusals cite the articles."""

from __future__ import annotations

from datetime import datetime

import pytest
from test_bargaining_disputes import told
from test_bargaining_law import refusal

from engine import services
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.store import audit
from engine.time.calendar import TZ
from support.bargaining import DRAFT_2, MANDATE, TOPICS, Bargaining
from workflows.bargaining import amendments


@pytest.fixture
def b(env):
    return Bargaining(env)


def in_force(b: Bargaining, clock) -> int:
    case_id = b.start(b.office)
    b.negotiate(case_id)
    b.agree(case_id)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    return case_id


def amend(b: Bargaining, who: int, old: int, **form) -> int:
    initiator = "employer" if who == b.boss else "union"
    return services.start_case(b.env, Actor(who), "bargaining", b.union, "变更2027年度集体合同", {
        "kind": "collective_contract", "initiator": initiator, "counterpart": "华东机械厂", "topics": TOPICS,
        "amends": old, "purpose": "change", "ground": "agreed", "amend_reason": "夜班津贴标准调整。", **form}).case_id


def through_the_procedure(b: Bargaining, case_id: int, sent: str, day: str) -> None:
    """Art. 41: the written request and reply, both sides' negotiators, a draft, the congress, signing, filing."""
    b.fire(b.boss if sent == "send_request_to_union" else b.office, case_id, sent, {"received_on": day})
    b.fire(b.office if sent == "send_request_to_union" else b.boss, case_id, "agree_to_negotiate",
           {"replied_on": day, "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                            "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_2.replace("30元", "40元")})
    b.agree(case_id, day=day)


def test_a_change_by_agreement_follows_the_procedure_and_marks_the_agreement_changed(b, clock):
    old = in_force(b, clock)
    clock.set(datetime(2027, 3, 1, 10, tzinfo=TZ))
    new = amend(b, b.boss, old)
    assert services.case_view(b.env, Actor(b.office), new).summary.follows_id == old
    through_the_procedure(b, new, "send_request_to_union", "2027-03-01")
    clock.set(datetime(2027, 3, 17, 1, tzinfo=TZ))  # 15 days after the administration received it
    b.sweep()
    assert amendments.settle in b.env.registry.sweeps.values()  # the scheduler's sweep runs it after the timers
    assert amendments.settle(b.env) == 1
    view = services.case_view(b.env, Actor(b.office), old)
    assert view.state == "amended"
    assert view.data["ended_by"] == {"case": new, "on": "2027-03-17", "purpose": "change", "ground": "agreed",
                                     "reason": "夜班津贴标准调整。"}
    assert told(b, old, "bargaining_changed") == {"union_office", "employer"}
    data = b.data(new)
    assert data["expires_on"] == b.data(old)["expires_on"] == "2028-12-08"  # the change runs to the old expiry
    assert amendments.settle(b.env) == 0  # marked once
    assert b.fire(b.office, new, "publish", {"published_on": "2027-03-17", "how": "厂务公开栏"}) == "in_force"
    assert list(audit.verify(b.env.db)) == []


def test_a_termination_on_a_statutory_ground_is_published_and_ends_the_agreement(b, clock):
    old = in_force(b, clock)
    clock.set(datetime(2027, 3, 1, 10, tzinfo=TZ))
    new = amend(b, b.office, old, purpose="terminate", ground="merger", amend_reason="公司被兼并，合同无法履行。")
    through_the_procedure(b, new, "send_request", "2027-03-01")
    clock.set(datetime(2027, 3, 17, 1, tzinfo=TZ))
    b.sweep()
    amendments.settle(b.env)
    assert services.case_view(b.env, Actor(b.office), old).state == "terminated"
    assert told(b, old, "bargaining_terminated") == {"union_office", "employer", "representative"}
    assert "expires_on" not in b.data(new)  # a termination has no term
    assert b.fire(b.office, new, "publish", {"published_on": "2027-03-17", "how": "厂务公开栏"}) == \
        "termination_published"  # published to the staff, then closed
    staff = services.case_view(b.env, Actor(b.rep5), old)  # every member reads the agreement and how it ended
    assert staff.data["ended_by"]["ground"] == "merger"


def test_what_may_be_changed_and_how_is_refused_citing_articles_39_to_41(b, clock):
    talks = b.start(b.office)
    with pytest.raises(ValidationFailed) as caught:  # not an agreement in force
        amend(b, b.office, talks)
    assert "第三十九条" in refusal(caught, "amends")
    old = in_force(b, clock)
    with pytest.raises(ValidationFailed) as caught:
        amend(b, b.office, old, ground="")
    assert "第四十条" in refusal(caught, "ground")
    with pytest.raises(ValidationFailed) as caught:
        amend(b, b.office, old, kind="wage_agreement")
    assert "第四十一条" in refusal(caught, "kind")
    with pytest.raises(ValidationFailed) as caught:  # a change is named by the agreement it changes
        services.start_case(b.env, Actor(b.office), "bargaining", b.union, "变更", {
            "kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS,
            "purpose": "terminate"})
    assert "第三十九条" in refusal(caught, "purpose")
