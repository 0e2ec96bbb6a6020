"""The error pages of the site: 400, 403, 404, 409, 413, 429 and 500 in the site's layout and the reader's
language, each with a way back; the JSON API keeps its problem+json answers (web/api/problems.py)."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from web.context import load_user

log = logging.getLogger(__name__)

# The codes with a page of their own; any other 4xx gets the general page, any other 5xx the 500 page.
TITLES = {
    400: _l("The request could not be read"),
    403: _l("You may not do this"),
    404: _l("Page not found"),
    409: _l("This changed meanwhile"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}
PAGES = frozenset(TITLES)


def _back() -> str | None:
    """The page the reader came from, when it is on this site (never back to an outside address)."""
    referrer = request.referrer
    if not referrer:
        return None
    here, there = urlsplit(request.host_url), urlsplit(referrer)
    if (there.scheme, there.netloc) != (here.scheme, here.netloc) or there.path == request.path:
        return None
    return referrer


def page(err: HTTPException) -> Response:
    """The HTML page for ``err``, with its status code (and its Allow or Retry-After header)."""
    code = err.code or 500
    if code == 401:  # a page that needs a signed-in user: the sign-in page, then back here
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    shown = code if code in PAGES else (500 if code >= 500 else 400)
    try:
        signed_in = load_user(None) is not None
        # What our own refusal said in the reader's language (``for_reader``: a field's bad characters, say); the
        # framework's descriptions are English, and the page explains in the reader's language instead.
        detail = err.description if getattr(err, "for_reader", False) else None
        html = render_template(f"errors/{shown}.html", code=code, title=TITLES[shown], back=_back(),
                               home=url_for("home"), signed_in=signed_in, detail=detail)
    except Exception:  # the page itself failed (the database is down...): a plain page, still translated
        log.exception("rendering the %s page failed", code)
        html = (f"<!doctype html><html><head><meta charset='utf-8'><title>{code}</title></head><body><main>"
                f"<h1>{TITLES[shown]}</h1><p><a href='/'>{_('Back to the start page')}</a></p></main></body></html>")
    response = Response(html, status=code, mimetype="text/html")
    for name, value in err.get_headers():  # what the error says besides its page: Allow (405), Retry-After (429)
        if name.lower() in ("allow", "retry-after"):
            response.headers[name] = value
    return response
