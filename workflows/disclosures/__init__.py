"""The disclosure register (厂务公开): what the union and the employer must disclose and how often, each period's
item made by the scheduler and published by its department, staff questions answered under the item, overdue
ones followed up by the union office, and the yearly report to the congress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.disclosures import settings as _settings  # noqa: F401 - declares [disclosure] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The item and question workflows shaped by ``[disclosure]``, their texts, the capability their rules use,
    and the sweep that makes each period's items once the period ends."""
    from workflows.disclosures import access, entries, spec, texts

    policy = spec.Policy.from_settings(settings)
    registry.register(spec.build_item(policy))
    registry.register(spec.build_question(policy))
    registry.texts.update(texts.TEXTS)
    registry.provide(access.NAME, access.DisclosureAccess)
    registry.add_sweep("disclosure item(s) made for their period", entries.make_due_items)
