"""Registering a workflow refuses inconsistent specs, naming the culprit; one machine serves every case."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.core.errors import SpecError
from engine.core.registry import Registry
from engine.core.spec import Anonymity, Period, State, TaskSpec, TimerSpec, Transition
from support.flows import REQUEST, REQUEST_V2, L


def problems(spec) -> list[str]:
    with pytest.raises(SpecError) as caught:
        Registry().register(spec)
    return list(caught.value.problems)


def with_transitions(*extra: Transition, drop: str | None = None):
    kept = tuple(t for t in REQUEST.transitions if t.trigger != drop)
    return replace(REQUEST, transitions=kept + extra)


def test_the_test_workflows_register():
    registry = Registry()
    assert registry.register(REQUEST).spec is REQUEST
    assert registry.latest("request").spec is REQUEST
    registry.register(REQUEST_V2)
    assert registry.latest("request").spec is REQUEST_V2
    assert registry.get("request", 1).spec is REQUEST


def test_unknown_states_are_named():
    spec = with_transitions(Transition("lost", ("draft", "nowhere"), "limbo", L("x"), roles=("clerk",)))
    found = problems(spec)
    assert "transition 'lost' starts from unknown state 'nowhere'" in found
    assert "transition 'lost' leads to unknown state 'limbo'" in found
    assert problems(replace(REQUEST, initial="begin")) == ["initial state 'begin' is not a defined state"]


def test_unreachable_states_are_named():
    spec = replace(REQUEST, states=(*REQUEST.states, State("island", L("island"), final=True)))
    assert problems(spec) == ["state 'island' is unreachable from 'draft'"]


def test_non_final_dead_ends_and_final_states_with_actions_are_named():
    spec = replace(REQUEST, states=tuple(replace(s, final=False) if s.name == "closed" else s
                                         for s in REQUEST.states))
    assert problems(spec) == ["state 'closed' is a dead end: not final and no action leaves it"]
    spec = replace(REQUEST, states=tuple(replace(s, final=True) if s.name == "answered" else s
                                         for s in REQUEST.states))
    assert problems(spec) == ["state 'answered' is final but has actions: accept, reopen"]


def test_duplicate_triggers_from_one_state_are_named():
    spec = with_transitions(Transition("submit", ("draft",), "closed", L("x"), roles=("clerk",)))
    assert problems(spec) == ["trigger 'submit' is defined twice from state 'draft'"]


def test_undefined_roles_guards_and_effects_are_named():
    spec = with_transitions(Transition("bless", ("review",), "approved", L("x"), roles=("bishop",),
                                       guards=("is_sunday",), effects=("ring_bells",)))
    assert problems(spec) == [
        "transition 'bless' names role 'bishop', which is not defined",
        "transition 'bless' names guard 'is_sunday', which is not defined",
        "transition 'bless' names effect 'ring_bells', which is not defined",
    ]
    spec = replace(REQUEST, states=tuple(replace(s, tasks=(TaskSpec("janitor"),)) if s.name == "draft" else s
                                         for s in REQUEST.states))
    assert problems(spec) == ["state 'draft' opens a task for role 'janitor', which is not defined"]


def test_a_timer_must_fire_an_action_the_system_may_take():
    spec = replace(REQUEST, states=tuple(
        replace(s, timers=(TimerSpec(Period(3), "approve"),)) if s.name == "review" else s for s in REQUEST.states))
    assert problems(spec) == ["state 'review' has a timer firing 'approve', which role 'system' may not fire"]


def test_every_problem_is_listed_at_once():
    spec = replace(with_transitions(Transition("x", ("draft",), "nowhere", L("x"), roles=("nobody",))),
                   initial="draft")
    assert len(problems(spec)) == 2


def test_a_version_cannot_be_registered_twice_with_different_content():
    registry = Registry()
    registry.register(REQUEST)
    registry.register(REQUEST)  # the same spec again is harmless
    with pytest.raises(SpecError, match="version 1 is already registered"):
        registry.register(replace(REQUEST, label=L("other")))


def test_one_machine_per_version_shared_by_every_case():
    registry = Registry()
    entry = registry.register(REQUEST)
    assert entry.machine.models == []  # no case is ever added to it
    assert not entry.machine.auto_transitions
    assert registry.get("request", 1).machine is entry.machine


def test_rollups_name_known_actions_and_one_span_at_most():
    from engine.core.spec import Rollup

    first = REQUEST.transitions[0].trigger
    good = Rollup("figures", ("state", "data.amount", f"has.{first}", f"day.{first}", f"span.start.{first}"),
                  scope="session")
    Registry().register(replace(REQUEST, rollups=(good,)))
    found = problems(replace(REQUEST, rollups=(
        Rollup("figures", ("state", "has.nothing", "when", f"span.start.{first}", f"span.{first}.start")),
        Rollup("figures", ("state",), scope="data.session"))))
    assert "rollup 'figures' is defined twice" in found
    assert "rollup 'figures': unknown key 'has.nothing'" in found
    assert "rollup 'figures': unknown key 'when'" in found
    assert "rollup 'figures': keys must be distinct, one span at most" in found
    assert "rollup 'figures': scope 'data.session' must be a data key" in found


def test_anonymity_names_a_flag_and_roles_of_the_workflow_and_a_period_from_data_needs_a_default():
    found = problems(replace(REQUEST, anonymity=Anonymity("", ("clerk", "nobody"))))
    assert "anonymity names no data key to flag an unnamed starter" in found
    assert "anonymity: role 'nobody', which may know the starter, is not a role of the workflow" in found
    draft = replace(REQUEST.states[0], timers=(TimerSpec(due="data:due", period_from="data:period"),))
    found = problems(replace(REQUEST, states=(draft, *REQUEST.states[1:])))
    assert "state 'draft' has a timer with period_from but no period to fall back on" in found

