"""The workflows a union runs, one package per domain, each registering its specs and hooks with the engine:
``proposals`` (congress proposals), ``congress`` (sessions, rosters, secret ballots, resolutions) and
``bargaining`` (collective contracts and wage agreements); ``dashboard`` reads across them."""

from __future__ import annotations

from config import Settings
from engine.core.registry import Registry
from workflows import bargaining, congress, dashboard, proposals
from workflows import settings as _settings  # noqa: F401 - declares [demo]; each domain declares its own table
from workflows.bargaining import models as _bargaining_models
from workflows.congress import models as _congress_models

# Every domain table, so that the shared metadata (Alembic, the schema check) knows them all.
TABLES = (*_congress_models.TABLES, *_bargaining_models.TABLES)


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration, with its hooks."""
    for package in (proposals, congress, bargaining):
        package.register(registry, settings)
    registry.reports.register(dashboard.REPORT)
    return registry
