"""Workflow definitions as data: congress proposals (and, later, congress sessions and bargaining)."""

from __future__ import annotations

from config import Settings
from engine.registry import Registry
from workflows import proposal


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration."""
    registry.register(proposal.build(proposal.Policy.from_settings(settings)))
    return registry
