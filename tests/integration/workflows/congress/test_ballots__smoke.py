"""Smoke: a session through check-in, a motion and its result."""

from engine.core.context import Actor
from support.congress import Congress
from workflows.congress import services as congress


def test_motion(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案", reserved=True)
    congress.open_item(env, Actor(c.chair), item)
    receipts = [congress.vote(env, Actor(u), item, "agree" if i < 20 else "disagree") for i, u in enumerate(c.roster)]
    result = congress.close_item(env, Actor(c.chair), item)
    assert result["counts"] == {"agree": 20, "disagree": 10, "abstain": 0}
    assert result["passed"] is True
    check = congress.check_receipt(env, c.session, receipts[0])
    assert check.counted and check.choice == "agree"
