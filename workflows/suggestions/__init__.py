"""Rationalisation suggestions (合理化建议): sent by any member of staff, routed, assessed, implemented with the
benefit measured, and awarded; the yearly register and the award list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.suggestions import settings as _settings  # noqa: F401 - declares [suggestion] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The suggestion workflow shaped by ``[suggestion]``, its notification texts and its register."""
    from workflows.suggestions import spec, texts, yearly

    registry.register(spec.build(spec.Policy.from_settings(settings)))
    registry.texts.update(texts.TEXTS)
    registry.reports.register(yearly.REPORT)
