"""When the database cannot take a write (a read-only SQLite file or file system, a full disk), the request gets
a 503 page in the site's layout (the API: 503 problem+json) and the log a line saying what happened; no traceback
reaches the user, and the server goes on answering the requests that only read."""

from __future__ import annotations

import errno
import logging
import sqlite3

import sqlalchemy as sa
from flask import Flask, render_template
from werkzeug.wrappers import Response

from web.api import problems

log = logging.getLogger("unionflow.web")
_WORDS = ("readonly database", "read-only", "database or disk is full", "disk i/o error", "no space left",
          "unable to open database file")
_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT}


def storage_refused(err: BaseException) -> bool:
    """Whether ``err`` says the storage refused a write (rather than a bug to report as such)."""
    if isinstance(err, OSError) and err.errno in _ERRNOS:
        return True
    cause = err.orig if isinstance(err, sa.exc.DBAPIError) else err
    return any(word in str(cause).lower() for word in _WORDS)


def _unavailable(err: Exception) -> Response | tuple[str, int]:
    if not storage_refused(err):
        raise err
    log.error("the database refused a write, answered 503: %s", err if not isinstance(err, sa.exc.DBAPIError)
              else err.orig)
    if problems.on_api():
        return problems.response(503, detail="数据库暂时无法写入，请稍后再试。/ The database cannot take changes "
                                             "right now; try again later.", headers={"Retry-After": "60"})
    try:
        return render_template("errors/503.html"), 503
    except Exception:  # noqa: BLE001 - the layout reads the database too; then a page without it
        return Response("<!doctype html><meta charset=utf-8><title>503</title><p>数据库暂时无法写入，请稍后再试。"
                        "</p><p>The database cannot take changes right now; try again later.</p>", 503,
                        mimetype="text/html")


def init_app(app: Flask) -> None:
    for kind in (sa.exc.OperationalError, sa.exc.DatabaseError, sqlite3.OperationalError, sqlite3.DatabaseError,
                 OSError):
        app.register_error_handler(kind, _unavailable)
