"""Disputes (《集体合同规定》 arts. 49–55) on both backends: either side asks the labour administration to coordinate
after a refusal, a silence or a deadlock; the other side is told; the coordination's 30 days from acceptance,
extended once by 15; its outcome; every refusal citing its article."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from test_bargaining_law import refusal

from engine import services
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.store.models import Notification
from engine.time.calendar import TZ
from support.bargaining import DRAFT_1, MANDATE, Bargaining


@pytest.fixture
def b(env):
    return Bargaining(env)


def told(b: Bargaining, case_id: int, kind: str) -> set[str]:
    """The roles a notification of ``kind`` about the case went to."""
    notifications = Notification.__table__
    with b.env.db.read() as conn:
        return set(conn.execute(sa.select(notifications.c.role).where(
            notifications.c.case_id == case_id, notifications.c.kind == kind)).scalars())


def tasked(b: Bargaining, user_id: int, case_id: int) -> bool:
    return case_id in {t.case_id for t in services.inbox(b.env, user_id).items}


def state(b: Bargaining, case_id: int) -> str:
    return services.case_view(b.env, Actor(b.office), case_id).state


def in_talks(b: Bargaining) -> int:
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                            "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    return case_id


ASK = {"requested_on": "2026-11-23", "bodies": "市人力资源和社会保障局", "note": "工资增幅分歧，三轮协商未果。"}


def test_the_union_refuses_an_employers_request_and_the_employer_takes_it_to_coordination(b, clock):
    case_id = b.start(b.boss, initiator="employer")
    b.fire(b.boss, case_id, "send_request_to_union", {"received_on": "2026-11-23"})
    assert b.fire(b.office, case_id, "refuse", {"reason": "本年度已签订工资协议。"}) == "dispute"
    assert told(b, case_id, "bargaining_dispute_employer") == {"employer"}  # the employer side is told
    assert tasked(b, b.boss, case_id) and not tasked(b, b.office, case_id)  # the requesting side asks
    with pytest.raises(ValidationFailed) as caught:  # the union refused: it cannot give up the employer's request
        b.fire(b.office, case_id, "end_without_agreement", {"reason": "不协商。"})
    assert "第三十二条" in refusal(caught)

    assert b.fire(b.boss, case_id, "request_coordination", ASK) == "coordination_requested"
    assert told(b, case_id, "bargaining_coordination_requested") == {"union_office"}  # the other side is told
    assert tasked(b, b.office, case_id) and tasked(b, b.boss, case_id)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "accept_coordination", {"accepted_on": "2026-11-20"})
    assert "第五十三条" in refusal(caught, "accepted_on")
    assert b.fire(b.office, case_id, "accept_coordination", {"accepted_on": "2026-11-23"}) == "coordination"
    assert b.data(case_id)["coordination_due"] == "2026-12-23"  # 30 days from acceptance (art. 53)
    assert b.fire(b.boss, case_id, "extend_coordination", {"reason": "需调查企业经营状况。"}) == "coordination"
    assert b.data(case_id)["coordination_due"] == "2027-01-07"  # extended once by 15 days
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "extend_coordination", {"reason": "再延长。"})
    assert "第五十三条" in refusal(caught) and "2027-01-07" in refusal(caught)

    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "resume_talks", {"concluded_on": "2026-11-20", "protocol": "继续协商。"})
    assert "第五十五条" in refusal(caught, "concluded_on")
    assert b.fire(b.office, case_id, "resume_talks", {
        "concluded_on": "2026-11-23", "protocol": "双方同意于12月内开展工资集体协商。"}) == "preparation"
    (entry,) = b.data(case_id)["coordinations"]
    assert (entry["side"], entry["outcome"], entry["extended"]) == ("employer", "resume_talks", True)
    assert "coordination_due" not in b.data(case_id)


def test_no_reply_to_the_union_tells_the_union_and_its_chair_and_the_union_asks(b, clock):
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    clock.set(datetime(2026, 12, 15, 1, tzinfo=TZ))  # 20 days ended on Monday 14 December
    b.sweep()
    assert state(b, case_id) == "dispute"
    assert told(b, case_id, "bargaining_dispute") == {"union_office", "union_chair"}
    assert told(b, case_id, "bargaining_dispute_employer") == set()
    assert tasked(b, b.office, case_id) and not tasked(b, b.boss, case_id)
    assert b.fire(b.office, case_id, "end_without_agreement", {"reason": "另行安排。"}) == "ended"


def test_a_deadlock_goes_to_coordination_only_after_a_round_and_an_overdue_coordination_reaches_the_office(b, clock):
    case_id = in_talks(b)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "request_coordination", ASK)
    assert "第四十九条" in refusal(caught)
    b.fire(b.rep1, case_id, "record_round", {"held_on": "2026-11-23", "attendance": "双方各3人",
                                             "minutes": "分歧较大，未能达成一致。"})
    assert b.fire(b.office, case_id, "request_coordination", ASK) == "coordination_requested"
    assert told(b, case_id, "bargaining_coordination_requested") == {"employer"}
    b.fire(b.boss, case_id, "accept_coordination", {"accepted_on": "2026-11-23", "handler": "劳动关系科"})
    clock.set(datetime(2026, 12, 24, 1, tzinfo=TZ))
    b.sweep()  # the period ended on 23 December without an outcome recorded
    assert told(b, case_id, "bargaining_coordination_overdue") == {"union_office", "union_chair"}
    assert any(t.overdue for t in services.inbox(b.env, b.office).items if t.case_id == case_id)
    with pytest.raises(ValidationFailed) as caught:  # no draft to put to the congress
        b.fire(b.office, case_id, "proceed_with_draft", {"concluded_on": "2026-12-23", "protocol": "按协议提交。"})
    assert "第五十五条" in refusal(caught)
    assert b.fire(b.boss, case_id, "coordination_failed", {"concluded_on": "2026-12-23",
                                                           "protocol": "双方未能达成一致。"}) == "dispute"
    assert tasked(b, b.office, case_id) and tasked(b, b.boss, case_id)  # either may apply again


def test_coordination_agreement_on_the_draft_sends_it_on_to_the_congress(b, clock):
    case_id = in_talks(b)
    b.fire(b.rep1, case_id, "record_round", {"held_on": "2026-11-23", "attendance": "双方各3人",
                                             "minutes": "分歧较大。"})
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    b.fire(b.boss, case_id, "request_coordination", ASK)
    b.fire(b.office, case_id, "accept_coordination", {"accepted_on": "2026-11-23"})
    assert b.fire(b.boss, case_id, "proceed_with_draft", {"concluded_on": "2026-11-23",
                                                          "protocol": "双方同意按第1稿提交职代会。"}) == "negotiating"
    assert b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                         "agreement_title": "2027年度集体合同"}) == "congress_vote"
