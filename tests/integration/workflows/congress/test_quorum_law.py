"""The statutory quorum (《企业民主管理规定》; 《集体合同规定》第三十六条 for a collective contract): no rule set for
ordinary matters lowers it, and a refusal cites the law."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.core.context import Actor
from engine.core.errors import Refused
from support.bargaining import Bargaining
from support.congress import Congress
from workflows.congress import services as congress
from workflows.congress.rules import Fraction, rules_of


def lower_quorum(env) -> None:
    """Rules registered in code (not through config, which refuses it) asking for half only."""
    env.registry.policies["congress"] = replace(rules_of(env), quorum=Fraction(1, 2))


def test_rules_asking_for_half_still_open_a_ballot_only_with_two_thirds_present_citing_the_regulation(env):
    c = Congress(env, size=30)
    lower_quorum(env)
    c.check_in_all(c.roster[:19])  # more than half, less than two thirds
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="职工福利费使用方案")
    with pytest.raises(Refused) as caught:
        congress.open_item(env, Actor(c.chair), item)
    label = caught.value.label
    assert caught.value.code == "no_quorum"
    assert "《企业民主管理规定》（全体职工代表三分之二以上出席）" in label.zh and "20" in label.zh and "2/3" in label.zh
    assert "第二十条" not in label.zh  # art. 20 is the pass rule and the secret ballot, not the quorum
    assert "Democratic Management of Enterprises" in label.en and "two thirds" in label.en and "19" in label.en
    assert congress.session_status(env, c.session).quorum.needed == 20
    congress.check_in(env, Actor(c.roster[19]), c.session)
    congress.open_item(env, Actor(c.chair), item)


def test_a_collective_contract_vote_keeps_the_statutory_quorum_and_cites_art_36(env):
    b = Bargaining(env, size=30)
    lower_quorum(env)
    case = b.start(b.office)
    b.negotiate(case)
    b.fire(b.office, case, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                               "agreement_title": "2027年度集体合同"})
    item = b.data(case)["vote_item"]
    b.check_in_all(b.roster[:16])  # over half of 30
    with pytest.raises(Refused) as caught:
        congress.open_item(env, Actor(b.chair), item)
    assert "《集体合同规定》第三十六条" in caught.value.label.zh and "art. 36" in caught.value.label.en
    assert congress.get_item(env, item).status == "draft"
