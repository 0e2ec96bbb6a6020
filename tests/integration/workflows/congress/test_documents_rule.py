"""Documents seven days ahead (local practice, ``documents_days``), judged by the day a session actually opens:
opening earlier needs a recorded reason, and a reserved matter is then not voted on."""

from __future__ import annotations

import pytest

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.errors import Refused, ValidationFailed
from support.congress import Congress
from support.time import sh
from workflows.congress import services as congress


def test_opening_less_than_seven_days_after_the_documents_asks_for_a_reason(env, clock):
    c = Congress(env, size=30, phase="documents")  # delivered Monday 23 November, planned for 28 December
    clock.set(sh(2026, 11, 29, 18))  # six days later
    with pytest.raises(ValidationFailed) as caught:
        c.act(c.chair, "open_session")
    (message,) = caught.value.errors["early_reason"]
    assert "2026-11-23" in message.zh and "2026-11-30" in message.zh and "地方惯例" in message.zh
    assert "local practice" in message.en and "7 days" in message.en
    assert services.case_view(env, SYSTEM_ACTOR, c.case).state == "documents_delivered"
    c.act(c.chair, "open_session", {"early_reason": "公司改制方案须提前听取代表意见。"})
    view = services.case_view(env, SYSTEM_ACTOR, c.case)
    assert view.state == "in_session" and view.data["early_reason"] == "公司改制方案须提前听取代表意见。"
    assert view.data["opened_on"] == "2026-11-29"


def test_on_the_seventh_day_the_session_opens_without_a_reason(env, clock):
    c = Congress(env, size=30, phase="documents")
    clock.set(sh(2026, 11, 30, 8, 30))
    assert c.act(c.chair, "open_session") == "in_session"


def test_a_reserved_motion_is_not_voted_in_a_session_opened_early_though_its_planned_day_was_far(env, clock):
    c = Congress(env, size=30, phase="documents")  # planned for 28 December: 35 days after the documents
    clock.set(sh(2026, 11, 25, 9))  # opened two days after the documents went out
    c.act(c.chair, "open_session", {"early_reason": "临时召开"})
    c.check_in_all()
    reserved = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="集体合同草案", reserved=True)
    ordinary = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="增补代表")
    with pytest.raises(Refused) as caught:
        congress.open_item(env, Actor(c.chair), reserved)
    label = caught.value.label
    assert caught.value.code == "reserved"
    assert "2026-11-25" in label.zh and "2026-11-18" in label.zh and "2026-11-23" in label.zh  # opened, deadline
    assert "local practice" in label.en and "opened on 2026-11-25" in label.en
    clock.set(sh(2026, 12, 1, 9))  # a week on, the session that opened early still cannot decide it
    with pytest.raises(Refused):
        congress.open_item(env, Actor(c.chair), reserved)
    congress.open_item(env, Actor(c.chair), ordinary)
