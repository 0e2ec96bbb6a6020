"""Yearly statistical returns (统计报表): a union's return filled in from what the system holds, reviewed and
submitted to the federation, accepted or returned; the federation's consolidation and the Excel file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.returns import settings as _settings  # noqa: F401 - declares [return] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The return workflow, its notification texts and what its effects read."""
    from workflows.returns import rules, spec, texts

    registry.register(spec.build())
    registry.texts.update(texts.TEXTS)
    registry.provide(rules.CAPABILITY, rules.ReturnsAccess)
    registry.policies["return_template"] = settings.section("return").template
