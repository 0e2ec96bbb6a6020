"""Who may look at a federation and its member unions: the federation's staff (``federation_office`` held at the
federation or above it); anyone else is told the federation does not exist (404, never 403)."""

from __future__ import annotations

from engine import services
from workflows.federation.roles import FEDERATION_OFFICE


def federation(env: services.Env, actor_id: int | None, federation_id: int) -> services.OrgView:
    """The federation, if the actor is its staff (or staff above it); NotFound otherwise."""
    try:
        org = services.get_organisation(env, federation_id)
    except services.NotFound:
        raise services.NotFound("federation", federation_id) from None
    if org.kind != "federation" or actor_id is None or not services.holds_role(
            env, actor_id, FEDERATION_OFFICE, federation_id):
        raise services.NotFound("federation", federation_id)
    return org


def federations_of(env: services.Env, actor_id: int | None) -> list[services.OrgView]:
    """The federations where the actor holds the federation's role (not those below them), by name."""
    if actor_id is None:
        return []
    held = {r.organisation_id for r in services.get_user(env, actor_id).roles if r.role == FEDERATION_OFFICE}
    return sorted((services.get_organisation(env, f) for f in held), key=lambda o: o.id)
