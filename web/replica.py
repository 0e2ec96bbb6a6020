"""Reads from the replica for the pages that opt in; the primary for a while after the user's own write.

The dashboards, reports, exports and federation views (the views of ``AREAS``, the ``ENDPOINTS``, or a view
marked ``reads_replica``) read from ``database_read_url`` when one is set. A user who has just changed something
(a successful POST, PUT, PATCH or DELETE) is marked in their signed session cookie; for
``database_read_your_writes_seconds`` after it all their reads go to the primary, so the page they land on shows
what they did. Other pages always read the primary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request, session
from werkzeug.wrappers import Response

from engine import services

WROTE_AT = "wrote_at"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The modules whose reading views (web pages and API alike) may come from the replica: figures a few seconds old
# are as good there.
AREAS = ("web.reports", "web.exports", "web.api.reports", "web.federation", "web.api.federation")
# Single views elsewhere: a federation's consolidated returns (a union's own return is read from the primary).
ENDPOINTS = frozenset({"returns.federation", "returns.federation_download"})
View = TypeVar("View", bound=Callable[..., Any])


def reads_replica(view: View) -> View:
    """Mark one view of another blueprint as reading from the replica."""
    view.unionflow_replica = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask, read_your_writes_seconds: float) -> None:
    app.config.setdefault("UNIONFLOW_READ_YOUR_WRITES_SECONDS", read_your_writes_seconds)
    app.before_request(_route)
    app.after_request(_mark)
    app.teardown_request(_end)


def _opted_in() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    module = getattr(view, "__module__", "") or ""
    return (module.startswith(AREAS) or request.endpoint in ENDPOINTS
            or bool(getattr(view, "unionflow_replica", False)))


def recently_wrote() -> bool:
    """Whether this browser's user changed something less than the configured seconds ago."""
    wrote = session.get(WROTE_AT)
    window = current_app.config["UNIONFLOW_READ_YOUR_WRITES_SECONDS"]
    return isinstance(wrote, int | float) and time.time() - wrote < window


def _route() -> None:
    services.start_request(replica_ok=_opted_in(), pinned=recently_wrote())


def _end(_error: BaseException | None) -> None:
    """Leave the thread as it found it: a server thread (or a test) reads the primary between requests."""
    services.start_request(replica_ok=False, pinned=False)


def _mark(response: Response) -> Response:
    if request.method in WRITES and response.status_code < 400 and request.endpoint != "static":
        session[WROTE_AT] = round(time.time(), 3)
    return response
