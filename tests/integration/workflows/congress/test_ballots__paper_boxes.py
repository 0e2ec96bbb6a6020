"""Paper boxes as tellers see them: confirmed, waiting or differing, with only their own numbers."""

import pytest

from engine import services
from engine.core.context import Actor
from support.congress import Congress
from workflows.congress import services as congress

COUNT = {"ballots": 2, "invalid": 0, "agree": 1, "disagree": 1, "abstain": 0}


def test_each_teller_sees_where_each_box_stands_and_only_their_own_numbers(env):
    c = Congress(env, size=6)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.open_item(env, Actor(c.chair), item)
    one, two = Actor(c.teller1), Actor(c.teller2)
    congress.enter_tally(env, one, item, "1", COUNT)
    congress.enter_tally(env, one, item, "2", COUNT)
    congress.enter_tally(env, two, item, "1", COUNT)
    congress.enter_tally(env, two, item, "2", {**COUNT, "agree": 2, "disagree": 0})
    congress.enter_tally(env, one, item, "3", COUNT)
    seen = {b.box: b for b in congress.paper_boxes(env, two, item)}
    assert {b: (s.status, s.tellers) for b, s in seen.items()} == {
        "1": ("confirmed", 2), "2": ("differs", 2), "3": ("waiting", 1)}
    assert seen["2"].mine["agree"] == 2 and seen["3"].mine is None  # teller 1's numbers stay theirs
    assert [b.mine for b in congress.paper_boxes(env, Actor(c.chair), item)] == [None, None, None]
    with pytest.raises(services.PermissionDenied):
        congress.paper_boxes(env, Actor(c.rep1), item)
