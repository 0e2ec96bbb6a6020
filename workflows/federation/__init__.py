"""Above the enterprise: a federation (上级工会) and its member unions. This package holds what the level above
does with the unions below it; ``roles`` names the federation's own role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.federation import settings as _settings  # noqa: F401 - declares [federation] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The federation's role, which an administrator grants at a federation, its notifications' words, and the
    sweep that keeps its member unions' figures fresh."""
    from workflows.federation import stored, texts
    from workflows.federation.roles import ROLES

    registry.offer_roles(ROLES)
    registry.texts.update(texts.TEXTS)
    registry.policies["federation_figures_max_age"] = settings.section("federation").figures_max_age_minutes
    registry.add_sweep("member union(s) of a federation counted again", stored.refresh_old)
