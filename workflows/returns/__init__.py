"""Yearly statistical returns (统计报表): a union's return filled in from what the system holds, reviewed and
submitted to the federation, accepted or returned; the federation's consolidation and the Excel file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.returns import settings as _settings  # noqa: F401 - declares [return] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The return workflow, its notification texts, what its effects read, and the sweep that opens each union's
    return of the year just ended."""
    from workflows.returns import opening, rules, spec, terms, texts

    registry.register(spec.build())
    registry.texts.update(texts.TEXTS)
    registry.provide(rules.CAPABILITY, rules.ReturnsAccess)
    table = settings.section("return")
    registry.policies["return_template"] = table.template
    registry.policies[terms.DUE_POLICY] = table.due
    registry.add_sweep("statistical return(s) opened for the year just ended", opening.open_returns)
