"""Exports written in the background, for the caller who asked for them: their progress and, once done, the file.
Another caller gets 404."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for

from engine import services
from web.api import schemas as s
from web.api.common import actor, blueprint, problem_responses, t
from web.context import env
from web.exports import TYPES, job_file

bp = blueprint("exports", "Exports", "Report files too big to wait for, written in the background: their progress "
                                     "and their file, for the caller who asked for them.")


def out(job: services.ExportView) -> dict[str, Any]:
    return {"id": job.id, "report": job.report, "format": job.format, "status": job.status,
            "status_label": t(job.status_label), "rows_done": job.rows_done, "rows_total": job.rows_total,
            "filename": job.filename, "size": job.size, "created_at": job.created_at, "started_at": job.started_at,
            "finished_at": job.finished_at,
            "file": url_for("api_exports.get_export_file", job_id=job.id) if job.done else None}


def accepted(job_id: int) -> Response:
    """202 with the export's place in Location, and the export as it stands."""
    found = services.get_export(env(), actor(), job_id)
    response = jsonify(s.ExportOut().dump(out(found)))
    response.status_code = 202
    response.headers["Location"] = url_for("api_exports.get_export", job_id=job_id)
    return response


@bp.get("/exports/<int:job_id>")
@bp.output(s.ExportOut)
@bp.doc(operation_id="getExport", responses=problem_responses(404))
def get_export(job_id: int) -> dict[str, Any]:
    """An export the caller asked for: its status and rows written, and where its file is once done"""
    return out(services.get_export(env(), actor(), job_id))


@bp.get("/exports/<int:job_id>/file")
@bp.doc(operation_id="getExportFile", responses={
    200: {"description": "The finished file.",
          "content": {TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                      "text/csv": {"schema": {"type": "string"}}}},
    **problem_responses(404)})
def get_export_file(job_id: int) -> Response:
    """The file of a finished export the caller asked for (404 before it is done)"""
    return job_file(job_id, f"export-{job_id}")
