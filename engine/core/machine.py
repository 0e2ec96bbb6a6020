"""The ``transitions`` classes the shared machines are built from, with a fast path for what specs never use.

A spec's transitions have guards (conditions) and effects (``after`` callbacks) only: no prepare, before,
enter, exit, finalize or exception callbacks and no queue. When none is registered, an event checks the source
state, runs the conditions, moves the state and runs the effects without the library's empty callback loops
and debug logging; when any is registered, the library's own code runs, so the behaviour is the library's.
That makes firing on a shared machine cheap enough that it beats a machine per case even for a 2-state spec.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine, State, Transition
from transitions.core import Event, EventData


class FastTransition(Transition):
    def execute(self, event_data: EventData) -> bool:
        machine = event_data.machine
        if self.prepare or self.before or machine.before_state_change or self.dest is None:
            return super().execute(event_data)
        for condition in self.conditions:
            if not condition.check(event_data):
                return False
        source, dest = machine.states[self.source], machine.states[self.dest]
        if source.on_exit:
            source.exit(event_data)
        setattr(event_data.model, machine.model_attribute, dest.value)
        event_data.state = dest
        if dest.on_enter:
            dest.enter(event_data)
        if dest.final and machine.on_final:
            machine.callbacks(machine.on_final, event_data)
        if self.after or machine.after_state_change:
            machine.callbacks([*self.after, *machine.after_state_change], event_data)
        return True


class FastEvent(Event):
    def trigger(self, model: Any, *args: Any, **kwargs: Any) -> bool:
        machine = self.machine
        if machine.has_queue or machine.prepare_event or machine.finalize_event or machine.on_exception:
            return super().trigger(model, *args, **kwargs)
        state = machine.states[getattr(model, machine.model_attribute)]
        event_data = EventData(state, self, machine, model, args, kwargs)
        if self._is_valid_source(state):  # raises MachineError for an action not open in this state
            for transition in self.transitions[state.name]:
                event_data.transition = transition
                if transition.execute(event_data):
                    event_data.result = True
                    break
        return event_data.result


class FastMachine(Machine):
    """A ``transitions.Machine`` whose events and transitions take the fast path when they can."""

    event_cls = FastEvent
    transition_cls = FastTransition
    state_cls = State
