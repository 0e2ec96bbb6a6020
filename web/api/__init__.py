"""The JSON API under /api/v1 (APIFlask): its blueprints, authentication, problem responses, the OpenAPI
document at /api/v1/openapi.json, its docs page, and the profile page where tokens are made."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import abort, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from web import errors
from web.api import problems
from web.api.common import BLUEPRINTS, PREFIX

SPEC_PATH = PREFIX + "/openapi.json"
PUBLIC = {"openapi.spec", "api_docs.index"}
MAX_ID = 2**31
ORDER = ["api_cases", "api_me", "api_congress", "api_rosters", "api_bargaining", "api_committee", "api_reports",
         "api_exports", "api_admin", "api_disclosures", "api_federation"]


def settings() -> dict[str, Any]:
    """APIFlask's configuration: OpenAPI 3.1, and the error responses documented by us rather than by it."""
    return {
        "OPENAPI_VERSION": "3.1.0",
        "AUTO_SERVERS": False,
        "AUTO_404_RESPONSE": False,
        "AUTO_VALIDATION_ERROR_RESPONSE": False,
        "AUTO_AUTH_ERROR_RESPONSE": False,
        "AUTO_OPERATION_DESCRIPTION": True,
        "INFO": {"contact": {"name": "unionflow"}},
    }


def _authenticate() -> None:
    if request.path.startswith(PREFIX + "/") and request.endpoint not in PUBLIC:
        from web.api.auth import authenticate

        authenticate()


def _language(response: Response) -> Response:
    """API answers say their language, which depends on Accept-Language."""
    if problems.on_api():
        response.headers.setdefault("Content-Language", "en" if problems.lang() == "en" else "zh-CN")
        response.vary.add("Accept-Language")
    return response


def _ids_in_range(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A number in the address beyond the 32-bit ids names nothing: 404 (rather than a database error)."""
    if values and any(isinstance(v, int) and not 0 <= v < MAX_ID for v in values.values()):
        abort(404)


def _http_error(err: HTTPException) -> Response | HTTPException:
    """Problems under /api/; every other page gets the site's error page in the reader's language."""
    if problems.on_api():
        return problems.of_http(err)
    return errors.page(err)


def _apiflask_error(err: HTTPError) -> Response:
    """A request APIFlask refused while reading it: invalid query or body (422), or another HTTP error."""
    if err.status_code == 422 and isinstance(err.detail, dict):
        return problems.of_validation(err.detail)
    return problems.response(err.status_code, detail=err.message)


def init_app(app: APIFlask) -> None:
    """Register the API on an app whose page blueprints are registered already."""
    from web.api import (  # noqa: F401  (each adds its blueprint)
        admin,
        bargaining,
        cases,
        comments,
        committee,
        congress,
        disclosures,
        exports,
        federation,
        reports,
        rosters,
    )
    from web.api.docs import docs_bp, finish
    from web.api.profile import profile_bp

    app.config.update(settings())
    csrf = app.extensions["csrf"]
    for bp in sorted(BLUEPRINTS, key=lambda b: ORDER.index(b.name)):  # the order of the docs
        app.register_blueprint(bp)
        csrf.exempt(bp)
    app.register_blueprint(docs_bp)
    app.register_blueprint(profile_bp)
    # The pages' blueprints are plain Flask ones: keep them out of the OpenAPI document.
    for bp in app.blueprints.values():
        if not hasattr(bp, "enable_openapi"):
            bp.enable_openapi = False  # type: ignore[attr-defined]
    app.url_value_preprocessor(_ids_in_range)
    app.before_request(_authenticate)
    app.after_request(_language)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(problems.Problem, problems.of_problem)
    app.error_callback = _apiflask_error
    app.spec_processor(finish)
