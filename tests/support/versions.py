"""Two versions of a small workflow and the migration between them, for the tests of versions side by side."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from engine.core.registry import Registry
from engine.core.spec import Field, Migration, Period, Start, State, TaskSpec, TimerSpec, Transition, WorkflowSpec
from support.flows import L

ERRAND = WorkflowSpec(
    name="errand",
    version=1,
    label=L("errand"),
    roles={"clerk": L("clerk"), "reviewer": L("reviewer"), "head": L("head")},
    initial="draft",
    start=Start(roles=("clerk",), fields=(Field("body", L("body"), "text"),)),
    states=(
        State("draft", L("draft"), tasks=(TaskSpec("starter"),)),
        State("review", L("review"), tasks=(TaskSpec("reviewer"),),
              timers=(TimerSpec(Period(2, "days"), "expire"),)),
        State("on_hold", L("on hold"), tasks=(TaskSpec("reviewer"),)),
        State("done", L("done"), final=True),
        State("expired", L("expired"), final=True),
    ),
    transitions=(
        Transition("submit", ("draft",), "review", L("submit"), roles=("starter",)),
        Transition("hold", ("review",), "on_hold", L("hold"), roles=("reviewer",)),
        Transition("resume", ("on_hold",), "review", L("resume"), roles=("reviewer",)),
        Transition("approve", ("review",), "done", L("approve"), roles=("reviewer",)),
        Transition("expire", ("review",), "expired", L("expire"), roles=("system",)),
    ),
)

# Version 2 renames the draft, adds a check by the head before the review and drops holding a case.
ERRAND_V2 = replace(
    ERRAND,
    version=2,
    initial="drafting",
    states=(
        State("drafting", L("drafting"), tasks=(TaskSpec("starter"),)),
        State("check", L("check"), tasks=(TaskSpec("head"),)),
        *(s for s in ERRAND.states if s.name not in ("draft", "on_hold")),
    ),
    transitions=(
        Transition("submit", ("drafting",), "check", L("submit"), roles=("starter",)),
        Transition("confirm", ("check",), "review", L("confirm"), roles=("head",)),
        *(t for t in ERRAND.transitions if t.trigger in ("approve", "expire")),
    ),
)


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 calls the body the text."""
    data["text"] = data.pop("body", "")
    return data


TO_V2 = Migration("errand", 1, 2, {"draft": "drafting", "review": "review"}, upgrade)


def register_both(registry: Registry) -> Registry:
    registry.register(ERRAND)
    registry.register(ERRAND_V2)
    registry.add_migration(TO_V2)
    return registry
