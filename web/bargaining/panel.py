"""The talks of a bargaining case as its pages show them: the case page's panel and the case file."""

from __future__ import annotations

from engine import services
from web.bargaining.common import bp
from web.context import actor, env
from web.unions import today
from workflows.bargaining import services as bargaining


@bp.app_template_global("bargaining_panel")
def panel(view: services.CaseView) -> bargaining.Talks:
    """Everything the bargaining part of a case page (and the case file) shows, as the domain gives it."""
    return bargaining.talks(env(), actor(), view, today())


@bp.app_template_global("regional_panel")
def regional_panel(view: services.CaseView) -> bargaining.RegionalFacts:
    """A regional or industry case's covered enterprises and its congresses' results, as the domain gives them."""
    return bargaining.regional_facts(env(), view)
