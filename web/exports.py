"""Exports written in the background: a register download bigger than ``[web] export_background_rows`` is queued
(``queue_big``) and the page follows it at /exports/<id> until its file can be downloaded there."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, url_for
from flask_login import login_required

from engine import services
from web.context import actor, env, lang

bp = Blueprint("exports", __name__)
REFRESH_SECONDS = 2
TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8"}


def queue_big(report: str, params: dict[str, Any], fmt: str, sheet: int = 0) -> int | None:
    """Queue the report's file for the caller when its main table has more rows than the threshold (one count,
    with the report's own permission check); None when it is small enough to stream now."""
    rows = services.report_size(env(), actor(), report, **params)
    if rows is None or rows <= current_app.config["UNIONFLOW_EXPORT_BACKGROUND_ROWS"]:
        return None
    return services.queue_export(env(), actor(), report, params, fmt, lang(), sheet=sheet, rows_total=rows)


def job_file(job_id: int, fallback: str) -> Response:
    """A finished job's file as an attachment; 404 for anyone but its requester, and before it is done."""
    from web.reports import disposition

    try:
        view, content = services.export_file(env(), actor(), job_id)
    except services.NotFound:
        abort(404)
    response = Response(content, mimetype=TYPES[view.format].split(";")[0], content_type=TYPES[view.format])
    stem = view.filename.rsplit(".", 1)[0]
    response.headers["Content-Disposition"] = disposition(stem, view.format, fallback)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/exports/<int:job_id>")
@login_required
def show(job_id: int) -> str:
    """The job's status and rows written; refreshes itself every 2 s until the file is ready or failed."""
    try:
        job = services.get_export(env(), actor(), job_id)
    except services.NotFound:
        abort(404)
    return render_template("exports/show.html", job=job, refresh=None if job.finished else REFRESH_SECONDS)


@bp.route("/exports/<int:job_id>/file")
@login_required
def download(job_id: int) -> Response:
    return job_file(job_id, f"export-{job_id}")


def redirect_to(job_id: int) -> Response:
    return redirect(url_for("exports.show", job_id=job_id))  # type: ignore[return-value]
