"""What the API's blueprints share: how each is made, the caller, labels in the caller's language, and the
problems each kind of operation may answer with (for the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import g

from engine import services
from web.api import problems
from web.context import WebUser

PREFIX = "/api/v1"
BLUEPRINTS: list[APIBlueprint] = []


def blueprint(name: str, tag: str, description: str) -> APIBlueprint:
    """An API blueprint under /api/v1 whose engine errors come back as problems."""
    bp = APIBlueprint(f"api_{name}", __name__, url_prefix=PREFIX, tag={"name": tag, "description": description})
    bp.register_error_handler(services.EngineError, problems.of_engine)
    BLUEPRINTS.append(bp)
    return bp


def caller() -> WebUser:
    return g.user


def actor() -> services.Actor:
    return services.Actor(caller().id)


def t(value: Any) -> str:
    """A bilingual label in the caller's language; anything else as a string."""
    return problems.text(value)


def problem_responses(*statuses: int) -> dict[int, dict[str, Any]]:
    """``@bp.doc(responses=…)`` for the problems an operation may answer with."""
    return {status: {"description": DESCRIPTIONS.get(status, "Problem"),
                     "content": {problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for status in statuses}


DESCRIPTIONS = {
    400: "The request could not be read (not JSON, a missing CSRF token with a session).",
    401: "No valid token and no signed-in session.",
    403: "The caller may not do this.",
    404: "No such case, session, item or file.",
    409: "Not possible now: the action cannot be taken at this step, or the rules refuse it (see code).",
    412: "If-Match names a version that is not the case's current one.",
    413: "The request is too large.",
    422: "The request has errors, listed by field in errors.",
    428: "If-Match is missing.",
    429: "Too many failed attempts from this address: wait Retry-After seconds.",
}
