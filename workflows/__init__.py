"""Workflow definitions as data: congress proposals, congress sessions, resolutions, bargaining; and the reports
they offer (the proposal register, the proposal form, the dashboard)."""

from __future__ import annotations

from config import Settings
from engine.registry import Registry
from workflows import bargaining, congress, dashboard, proposal, proposal_form, proposal_report


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration, and its reports."""
    registry.register(proposal.build(proposal.Policy.from_settings(settings)))
    registry.register(congress.build_session())
    registry.register(congress.build_resolution())
    registry.register(bargaining.build(bargaining.Policy.from_settings(settings)))
    for report in (proposal_report.REPORT, proposal_form.REPORT, dashboard.REPORT):
        registry.reports.register(report)
    return registry
