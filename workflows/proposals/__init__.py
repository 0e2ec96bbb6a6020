"""Congress proposals (职代会提案): from the draft and its co-signers through review, handling and the
proposer's rating; the register, the proposal form and the demo's proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.proposals import settings as _settings  # noqa: F401 - declares [proposal] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The proposal workflow shaped by ``[proposal]`` in both its versions, its notification texts and its reports."""
    from workflows.proposals import form, spec, texts
    from workflows.proposals import report as register_report
    from workflows.proposals.capability import CAPABILITY, ProposalAccess

    policy = spec.Policy.from_settings(settings)  # version 1's cases finish there unless migrated
    v1 = registry.register(spec.build(policy, version=1)).spec
    registry.register(spec.build(policy))
    registry.add_migration(spec.migration_1_to_2(v1))
    registry.texts.update(texts.TEXTS)
    registry.provide(CAPABILITY, ProposalAccess)
    for report in (register_report.REPORT, form.REPORT):
        registry.reports.register(report)
