"""Workflow definitions as data: congress proposals, congress sessions, resolutions, bargaining."""

from __future__ import annotations

from config import Settings
from engine.registry import Registry
from workflows import bargaining, congress, proposal


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration."""
    registry.register(proposal.build(proposal.Policy.from_settings(settings)))
    registry.register(congress.build_session())
    registry.register(congress.build_resolution())
    registry.register(bargaining.build(bargaining.Policy.from_settings(settings)))
    return registry
