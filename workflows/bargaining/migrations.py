"""How bargaining cases move between the workflow's versions: the state map and the data upgrade of each step."""

from __future__ import annotations

from engine.core.spec import Migration, WorkflowSpec
from workflows.bargaining.terms import AWAITING_PUBLICATION, NAME


def migration_1_to_2(v1: WorkflowSpec) -> Migration:
    """Version 1's cases move to version 2 step by step under the same name, but for the renamed step."""
    renamed = {AWAITING_PUBLICATION[1]: AWAITING_PUBLICATION[2]}
    return Migration(NAME, 1, 2, {s.name: renamed.get(s.name, s.name) for s in v1.states})


def migration_2_to_3(v2: WorkflowSpec) -> Migration:
    """Version 2's cases move to version 3 under the same step: version 3 adds kinds and steps, renames none;
    a moved case records the coordination periods it did not record when it started (art. 53)."""
    def upgrade(data: dict) -> dict:
        policy = data.setdefault("policy", {})
        policy.setdefault("coordination_days", 30)
        policy.setdefault("coordination_extension_days", 15)
        return data
    return Migration(NAME, 2, 3, {s.name: s.name for s in v2.states}, upgrade)
