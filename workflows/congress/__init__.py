"""The staff and workers' congress (职代会): terms and rosters, sessions with documents and check-in, secret
ballots item by item with paper boxes, results, and resolutions followed up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.congress import settings as _settings  # noqa: F401 - declares [congress] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The session and resolution workflows, ``[congress]`` rules, texts, the capability other workflows use
    to reach a session's ballot, and the sweep that closes ballot items at their set time."""
    from workflows.congress import closing, spec, texts
    from workflows.congress.capability import NAME, CongressAccess
    from workflows.congress.rules import CongressRules

    registry.register(spec.build_session())
    registry.register(spec.build_resolution())
    registry.policies[NAME] = CongressRules.from_settings(settings)
    registry.texts.update(texts.TEXTS)
    registry.provide(NAME, CongressAccess)
    registry.add_sweep("ballot item(s) closed at their set time", closing.close_due_items)
