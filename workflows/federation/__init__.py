"""Above the enterprise: a federation (上级工会) and its member unions. This package holds what the level above
does with the unions below it; ``roles`` names the federation's own role."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The federation's role, which an administrator grants at a federation, and its notifications' words."""
    from workflows.federation import texts
    from workflows.federation.roles import ROLES

    registry.offer_roles(ROLES)
    registry.texts.update(texts.TEXTS)
