"""The workflows a union runs, one package per domain, each registering its specs and hooks with the engine:
``proposals`` (congress proposals), ``congress`` (sessions, rosters, secret ballots, resolutions) and
``bargaining`` (collective contracts and wage agreements), ``requests`` (worker requests, 职工诉求),
``disclosures`` (the disclosure register, 厂务公开), ``inspections`` (representatives' inspections), ``agenda``
(agenda topics before a session), ``federation`` (the level above: a federation and its member unions),
``members`` (member registers, admission and transfer), ``returns`` (yearly statistical returns, 统计报表);
``dashboard`` reads across them."""

from __future__ import annotations

from config import Settings
from engine.core.i18n import Label
from engine.core.registry import Registry
from workflows import (
    agenda,
    bargaining,
    congress,
    dashboard,
    disclosures,
    elections,
    federation,
    inspections,
    members,
    proposals,
    requests,
    returns,
    suggestions,
)
from workflows import settings as _settings  # noqa: F401 - declares [demo]; each domain declares its own table
from workflows.bargaining import models as _bargaining_models
from workflows.congress import models as _congress_models
from workflows.disclosures import models as _disclosure_models
from workflows.elections import models as _election_models
from workflows.federation import models as _federation_models
from workflows.members import models as _member_models
from workflows.returns import models as _return_models

# Every domain table, so that the shared metadata (Alembic, the schema check) knows them all.
TABLES = (*_congress_models.TABLES, *_bargaining_models.TABLES)
TABLES += _disclosure_models.TABLES
TABLES += _federation_models.TABLES
TABLES += _election_models.TABLES
TABLES += _member_models.TABLES
TABLES += _return_models.TABLES

# The roles the union office hands out on its pages and through the API, in the order a union thinks of them.
OFFICE_ROLES = {
    "representative": Label("职工代表", "Representative"),
    "proposal_committee": Label("提案工作委员会", "Proposal committee"),
    "leader": Label("企业领导", "Enterprise leader"),
    "handler": Label("承办人", "Department handler"),
    "department_head": Label("部门负责人", "Department head"),  # told when the department's proposals are overdue
    "union_office": Label("工会办公室", "Union office"),
    "staff": Label("职工", "Staff member"),  # sends worker requests
}


def register_all(registry: Registry, settings: Settings) -> Registry:
    """Register every workflow this installation runs, shaped by its configuration, with its hooks."""
    for package in (proposals, congress, bargaining, agenda, requests, inspections, suggestions):
        package.register(registry, settings)
    disclosures.register(registry, settings)
    federation.register(registry, settings)
    elections.register(registry, settings)
    members.register(registry, settings)
    returns.register(registry, settings)
    registry.reports.register(dashboard.REPORT)
    registry.offer_roles(OFFICE_ROLES)
    return registry
