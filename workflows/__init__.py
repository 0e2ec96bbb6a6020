"""Workflow definitions as data: congress proposals, congress sessions and the follow-up of resolutions."""

from __future__ import annotations

from config import Settings
from engine.registry import Registry
from workflows import congress, proposal


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration."""
    registry.register(proposal.build(proposal.Policy.from_settings(settings)))
    registry.register(congress.build_session())
    registry.register(congress.build_resolution())
    return registry
