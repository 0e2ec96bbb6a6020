"""Counting ballots without a database: valid choices, paper tallies, two tellers, and results by pass rule."""

from __future__ import annotations

import json

import pytest

from engine.core.errors import ValidationFailed
from workflows.congress import tally
from workflows.congress.rules import EVALUATION_SCALE, PASS_RULES, Fraction

ELECTION = {"candidates": ["甲", "乙", "丙", "丁"], "max_choices": 2}
EVALUATION = {"managers": ["张经理", "李经理"], "scale": [[k, v.zh, v.en] for k, v in EVALUATION_SCALE.items()]}
MAJORITY, TWO_THIRDS = PASS_RULES["majority_of_all"], PASS_RULES["two_thirds_of_all"]


def motion_result(agree: int, *, eligible: int, present: int, rule=MAJORITY, disagree: int = 0) -> dict:
    online = {"agree": agree, "disagree": disagree, "abstain": 0}
    return tally.result("motion", {}, rule, eligible=eligible, present=present, participants=agree + disagree,
                        online=online, online_ballots=agree + disagree, paper=[])


# -- choices ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("choice", ["agree", "disagree", "abstain"])
def test_a_motion_takes_one_of_three_choices(choice):
    assert json.loads(tally.check_choice("motion", {}, choice)) == choice


@pytest.mark.parametrize("bad", ["yes", "", None, ["agree"], 1, "AGREE"])
def test_a_motion_refuses_anything_else(bad):
    with pytest.raises(ValidationFailed):
        tally.check_choice("motion", {}, bad)


def test_an_election_choice_is_stored_sorted_and_may_be_empty():
    assert tally.check_choice("election", ELECTION, [3, 0]) == "[0, 3]"
    assert tally.check_choice("election", ELECTION, []) == "[]"


@pytest.mark.parametrize("bad", [[0, 0], [4], [-1], [True], ["0"], 0, None])
def test_an_election_refuses_repeated_unknown_or_odd_candidates(bad):
    with pytest.raises(ValidationFailed):
        tally.check_choice("election", ELECTION, bad)


def test_an_election_refuses_more_than_max_choices_and_says_how_many():
    with pytest.raises(ValidationFailed) as caught:
        tally.check_choice("election", ELECTION, [0, 1, 2])
    assert "2" in caught.value.errors["choice"][0].zh


def test_an_evaluation_rates_every_manager_on_the_scale_or_leaves_one_out():
    stored = tally.check_choice("evaluation", EVALUATION, ["competent", None])
    assert json.loads(stored) == ["competent", None]
    for bad in (["competent"], ["competent", "excellent"], "competent", ["competent", None, None]):
        with pytest.raises(ValidationFailed):
            tally.check_choice("evaluation", EVALUATION, bad)


def test_counting_stored_choices():
    stored = [tally.check_choice("election", ELECTION, c) for c in ([0, 1], [1], [], [1, 3])]
    counts, ballots = tally.count_votes("election", ELECTION, stored)
    assert (counts, ballots) == ({"c0": 1, "c1": 3, "c2": 0, "c3": 1}, 4)
    stored = [tally.check_choice("evaluation", EVALUATION, c) for c in (["competent", "incompetent"], [None, None])]
    counts, ballots = tally.count_votes("evaluation", EVALUATION, stored)
    assert ballots == 2 and counts["m0:competent"] == 1 and counts["m1:incompetent"] == 1
    assert sum(counts.values()) == 2


# -- paper --------------------------------------------------------------------------------------------------------
def test_a_paper_count_must_add_up():
    good = {"ballots": "10", "invalid": 1, "agree": 6, "disagree": 3, "abstain": 1}
    assert tally.check_paper("motion", {}, good) == {"ballots": 10, "invalid": 1, "agree": 6, "disagree": 3,
                                                     "abstain": 1}
    for bad in ({**good, "agree": 7}, {**good, "invalid": -1}, {**good, "agree": "六"}):
        with pytest.raises(ValidationFailed):
            tally.check_paper("motion", {}, bad)
    with pytest.raises(ValidationFailed):  # a candidate with more votes than ballots
        tally.check_paper("election", ELECTION, {"ballots": 2, "c0": 3})
    with pytest.raises(ValidationFailed):  # more names ticked than two per ballot
        tally.check_paper("election", ELECTION, {"ballots": 2, "c0": 2, "c1": 2, "c2": 1})
    with pytest.raises(ValidationFailed):
        tally.check_paper("evaluation", EVALUATION, {"ballots": 1, "m0:competent": 1, "m0:incompetent": 1})


def test_a_box_counts_only_when_two_different_tellers_entered_the_same():
    a = {"ballots": 3, "invalid": 0, "agree": 3, "disagree": 0, "abstain": 0}
    b = {**a, "agree": 2, "disagree": 1}
    confirmed, open_boxes = tally.confirmed_boxes([("1", 11, a), ("1", 12, a), ("2", 11, a), ("2", 12, b),
                                                   ("3", 11, a), ("4", 11, a), ("4", 11, a)])
    assert confirmed == {"1": a}
    assert open_boxes == ["2", "3", "4"]  # disagree; one teller only; the same teller twice
    confirmed, open_boxes = tally.confirmed_boxes([("2", 11, a), ("2", 12, b), ("2", 13, b)])
    assert confirmed == {"2": b} and open_boxes == []  # a third teller settles it


# -- results ------------------------------------------------------------------------------------------------------
def test_more_than_half_of_all_representatives_not_of_those_present():
    # 30 on the roster, 20 present: 15 for is more than half of those present but not of all.
    assert motion_result(15, eligible=30, present=20)["passed"] is False
    assert motion_result(16, eligible=30, present=20)["passed"] is True
    out = motion_result(15, eligible=30, present=20)
    assert (out["base"], out["needed"], out["rule"]) == (30, 16, "majority_of_all")


def test_two_thirds_of_all_is_at_least_two_thirds():
    assert motion_result(20, eligible=30, present=30, rule=TWO_THIRDS)["passed"] is True
    assert motion_result(19, eligible=30, present=30, rule=TWO_THIRDS)["passed"] is False
    assert motion_result(20, eligible=31, present=30, rule=TWO_THIRDS)["passed"] is False


def test_paper_boxes_add_to_the_online_count():
    out = tally.result("motion", {}, MAJORITY, eligible=10, present=9, participants=9,
                       online={"agree": 3, "disagree": 1, "abstain": 0}, online_ballots=4,
                       paper=[{"ballots": 3, "invalid": 1, "agree": 3, "disagree": 0, "abstain": 0},
                              {"ballots": 1, "invalid": 0, "agree": 0, "disagree": 0, "abstain": 1}])
    assert out["counts"] == {"agree": 6, "disagree": 1, "abstain": 1}
    assert (out["ballots"], out["invalid"], out["passed"]) == (8, 1, True)


def test_an_election_elects_at_most_k_and_leaves_a_tie_at_the_last_place_open():
    def elected(votes: list[int], k: int = 2, eligible: int = 10) -> tuple[list[int], bool]:
        options = {"candidates": [str(i) for i in range(len(votes))], "max_choices": k}
        out = tally.result("election", options, MAJORITY, eligible=eligible, present=eligible,
                           participants=eligible, online={f"c{i}": v for i, v in enumerate(votes)},
                           online_ballots=eligible, paper=[])
        assert out["passed"] is bool(out["elected"])
        return out["elected"], out["tie"]

    assert elected([9, 8, 7]) == ([0, 1], False)
    assert elected([9, 7, 7]) == ([0], True)  # two tie for the second seat: neither is elected
    assert elected([9, 5, 2]) == ([0], False)  # 5 of 10 is not more than half
    assert elected([6, 6, 6]) == ([], True)


def test_an_evaluation_gives_each_managers_share_of_each_rating():
    counts = {"m0:competent": 3, "m0:basically_competent": 1, "m0:incompetent": 0,
              "m1:competent": 0, "m1:basically_competent": 0, "m1:incompetent": 0}
    out = tally.result("evaluation", EVALUATION, None, eligible=5, present=5, participants=4, online=counts,
                       online_ballots=4, paper=[])
    assert out["shares"]["0"] == {"competent": 0.75, "basically_competent": 0.25, "incompetent": 0.0}
    assert out["shares"]["1"] == {"competent": 0.0, "basically_competent": 0.0, "incompetent": 0.0}
    assert "passed" not in out


@pytest.mark.parametrize(("fraction", "base", "needed"), [
    (Fraction(1, 2, strict=True), 30, 16), (Fraction(1, 2, strict=True), 31, 16), (Fraction(2, 3), 30, 20),
    (Fraction(2, 3), 31, 21), (Fraction(2, 3), 0, 0), (Fraction(5, 100), 601, 31)])
def test_needed_is_the_smallest_count_that_meets_the_fraction(fraction, base, needed):
    assert fraction.needed(base) == needed
    assert fraction.met(needed, base) and (needed == 0 or not fraction.met(needed - 1, base))
