"""Regional bargaining is bargaining's steps and periods with other actors: the same states and deadlines, the
federation and the employers' association acting where an enterprise's union office and employer act, and the
congress's pass rule of art. 36."""

from __future__ import annotations

from workflows.bargaining import bodies, regional, spec


def test_it_keeps_bargainings_steps_and_deadlines():
    ours, theirs = regional.build(), spec.build()
    assert {s.name for s in ours.states} <= {s.name for s in theirs.states}
    timers = {s.name: [(t.due, t.trigger) for t in s.timers] for s in theirs.states}
    for state in ours.states:
        assert [(t.due, t.trigger) for t in state.timers] == timers[state.name], state.name


def test_the_enterprises_own_roles_never_act_on_it():
    for t in regional.build().transitions:
        assert not {"employer", "union_chair", "representative"} & set(t.roles), t.trigger
        assert "union_office" not in t.roles or "federation_office" in t.roles, t.trigger


def test_the_staff_of_covered_enterprises_read_it_once_published_only():
    built = regional.build()
    for state in built.states:
        covered = any(r.org == "data:covered" for r in state.readers)
        assert covered == (state.name in spec.PUBLISHED), state.name


def test_art_36_two_thirds_present_and_more_than_half_of_all_for():
    assert bodies.passes(30, 20, 16)
    assert not bodies.passes(30, 19, 16)  # quorum missed
    assert not bodies.passes(30, 28, 15)  # half is not more than half
    assert bodies.passes(31, 21, 16) and not bodies.passes(31, 20, 16)
