"""Smoke: a session through check-in, a motion and its result."""

from engine import services
from engine.context import Actor
from support.congress import Congress


def test_motion(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = services.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案", reserved=True)
    services.open_item(env, Actor(c.chair), item)
    receipts = [services.vote(env, Actor(u), item, "agree" if i < 20 else "disagree") for i, u in enumerate(c.roster)]
    result = services.close_item(env, Actor(c.chair), item)
    assert result["counts"] == {"agree": 20, "disagree": 10, "abstain": 0}
    assert result["passed"] is True
    check = services.check_receipt(env, c.session, receipts[0])
    assert check.counted and check.choice == "agree"
