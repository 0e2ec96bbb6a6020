"""Agenda collection before a congress session (会前征集议题): staff send proposed topics while the session
collects, the union office groups them and puts the chosen ones on the session's agenda, and every sender is
told what became of their topic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The agenda topic workflow and its notification texts."""
    from workflows.agenda import spec, texts

    registry.register(spec.build())
    registry.texts.update(texts.TEXTS)
