"""Representatives' inspections (职工代表巡视检查): the inspection the union office organises, the findings its
representatives record, each rectified by its department and checked by them, and the report to the congress."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The inspection and finding workflows, and their notification texts."""
    from workflows.inspections import spec, texts

    registry.register(spec.build_inspection())
    registry.register(spec.build_finding())
    registry.texts.update(texts.TEXTS)
