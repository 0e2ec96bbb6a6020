"""Who calls the API: a personal token sent as ``Authorization: Bearer …``, or the browser's signed-in session
(whose writes then need the CSRF token, as the pages' forms do)."""

from __future__ import annotations

from flask import current_app, g, request

from engine import services
from web.api.problems import TYPES, Problem, lang
from web.context import WebUser, env, load_user

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CHALLENGE = 'Bearer realm="unionflow"'


def authenticate() -> None:
    """Set ``g.user`` for an API request, or raise the problem saying why not (401, 429)."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Problem(401, "unauthorized", detail=_detail(), headers={"WWW-Authenticate": CHALLENGE})
        try:
            with services.primary_reads():  # a revoked token stops at once, never a replica late
                owner = services.token_owner(env(), secret.strip(), address=request.remote_addr)
        except services.TokenRefused as refused:
            if refused.throttled:
                raise Problem(429, "throttled", detail=refused.label(lang()),
                              headers={"Retry-After": str(refused.retry_after)}) from None
            raise Problem(401, "unauthorized", detail=refused.label(lang()),
                          headers={"WWW-Authenticate": f'{CHALLENGE}, error="invalid_token"'}) from None
        g.user = WebUser(owner, token="")
        g.api_auth = "token"
        return
    if load_user(None) is None:
        raise Problem(401, "unauthorized", detail=_detail(), headers={"WWW-Authenticate": CHALLENGE})
    g.api_auth = "session"
    if request.method not in SAFE_METHODS:
        # A page's script writes with the session cookie: it must send the page's CSRF token (X-CSRFToken).
        current_app.extensions["csrf"].protect()


def _detail() -> str:
    return TYPES["unauthorized"][1](lang())
