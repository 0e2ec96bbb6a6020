"""The shared machines' fast path does what the library does: same states, same refusals, same callbacks."""

from __future__ import annotations

import pytest
from transitions import Machine, MachineError

from engine.core.machine import FastMachine


class Model:
    def __init__(self) -> None:
        self.state = "draft"
        self.seen: list[str] = []


def build(cls: type[Machine], **extra: object) -> Machine:
    transitions = [
        {"trigger": "submit", "source": "draft", "dest": "review", "after": [lambda e: e.model.seen.append("after")]},
        {"trigger": "decide", "source": "review", "dest": "closed",
         "conditions": [lambda e: e.kwargs.get("ok", False)]},
        {"trigger": "decide", "source": "review", "dest": "draft"},  # the second candidate when the first refuses
        {"trigger": "note", "source": "review", "dest": "review"},
    ]
    return cls(model=None, states=["draft", "review", {"name": "closed", "final": True}], transitions=transitions,
               initial="draft", auto_transitions=False, send_event=True, **extra)


def run(machine: Machine) -> list[object]:
    model, out = Model(), []
    for trigger, kwargs in (("submit", {}), ("note", {}), ("decide", {"ok": False}), ("submit", {}),
                            ("decide", {"ok": True})):
        out.append((machine.events[trigger].trigger(model, **kwargs), model.state))
    with pytest.raises(MachineError):
        machine.events["submit"].trigger(model)  # not open from a final state
    return [*out, model.seen]


def test_the_fast_machine_moves_and_refuses_as_the_library_does():
    assert run(build(FastMachine)) == run(build(Machine)) == [
        (True, "review"), (True, "review"), (True, "draft"), (True, "review"), (True, "closed"), ["after", "after"]]


def test_a_callback_the_fast_path_does_not_know_runs_through_the_library():
    entered: list[str] = []
    machine = build(FastMachine, before_state_change=[lambda e: entered.append("before")],
                    finalize_event=[lambda e: entered.append("finally")])
    model = Model()
    machine.events["submit"].trigger(model)
    assert model.state == "review" and entered == ["before", "finally"]


def test_a_guard_that_raises_leaves_the_state_as_it_was():
    def refuse(_event: object) -> bool:
        raise ValueError("refused")

    machine = FastMachine(model=None, states=["a", "b"], initial="a", auto_transitions=False, send_event=True,
                          transitions=[{"trigger": "go", "source": "a", "dest": "b", "conditions": [refuse]}])
    model = Model()
    model.state = "a"
    with pytest.raises(ValueError, match="refused"):
        machine.events["go"].trigger(model)
    assert model.state == "a"
