"""Reports, for the roles that read them on the pages: the proposal register of a session (Excel, or CSV of the
register or its statistics), a proposal's form as Word, and the dashboard's figures with the tables behind its
charts."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

from flask import Response

from engine import services
from engine.core.i18n import Label
from web.api import schemas as s
from web.api.common import actor, blueprint, caller, problem_responses, t
from web.api.exports import accepted
from web.api.problems import Problem, lang
from web.context import env
from web.exports import queue_big
from web.reports import TYPES, disposition, download
from web.unions import unions_of
from workflows.congress import services as congress

bp = blueprint("reports", "Reports", "The proposal register, the proposal form, the dashboard's figures and the "
               "monthly worker request statistics.")
NO_SESSION = Label("该工会没有这次会议。", "The union has no such session.")


def binary(media_type: str, what: str) -> dict[str, Any]:
    return {"description": what, "headers": {"Content-Disposition": {
                "description": "attachment, with the file's (Chinese) name", "schema": {"type": "string"}}},
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}


def report(name: str, **params: Any) -> services.Report:
    return services.build_report(env(), actor(), name, lang(), **params)


@bp.get("/reports/proposals")
@bp.input(s.RegisterQuery, location="query", arg_name="query")
@bp.doc(operation_id="getProposalRegister", responses={
    200: {**binary(TYPES["xlsx"], "The register and its statistics as an Excel workbook, or one table as CSV "
                                  "(UTF-8)."),
          "content": {TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                      "text/csv": {"schema": {"type": "string"}}}},
    202: {"description": "Too big to wait for: the file is being written in the background. Location names the "
                         "export to follow (GET it until its status is done, then GET its file).",
          "headers": {"Location": {"description": "The export", "schema": {"type": "string"}}},
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExportOut"}}}},
    **problem_responses(403, 404, 422)})
def register(query: dict[str, Any]) -> Response:
    """A session's proposal register, for the union office and the proposal committee; one of more than
    `export_background_rows` rows is written in the background (202)"""
    fmt, session_id = query["format"], query["session_id"]
    sheet = 1 if fmt == "csv" and query["table"] == "statistics" else 0
    job = queue_big("proposal_register", {"session_id": session_id}, fmt, sheet)
    if job is not None:
        return accepted(job)
    found = report("proposal_register", session_id=session_id)
    return download(found, fmt, f"proposals-{session_id}{'-statistics' if sheet else ''}", sheet)


@bp.post("/reports/proposals/exports")
@bp.input(s.RegisterQuery, arg_name="body")
@bp.doc(operation_id="exportProposalRegister", responses={
    202: {"description": "The file is being written in the background; Location names the export to follow.",
          "headers": {"Location": {"description": "The export", "schema": {"type": "string"}}},
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExportOut"}}}},
    **problem_responses(403, 404, 422)})
def export_register(body: dict[str, Any]) -> Response:
    """Write a session's proposal register in the background, whatever its size (202; follow Location)"""
    sheet = 1 if body["format"] == "csv" and body["table"] == "statistics" else 0
    params = {"session_id": body["session_id"]}
    rows = services.report_size(env(), actor(), "proposal_register", **params)
    return accepted(services.queue_export(env(), actor(), "proposal_register", params, body["format"], lang(),
                                          sheet=sheet, rows_total=rows))


@bp.get("/reports/requests")
@bp.input(s.RequestStatisticsQuery, location="query", arg_name="query")
@bp.doc(operation_id="getRequestStatistics", responses={
    200: binary(TYPES["xlsx"], "A month's worker request statistics, by topic and by department, as Excel."),
    **problem_responses(403, 422)})
def request_statistics(query: dict[str, Any]) -> Response:
    """A month's worker request statistics (by topic and department: received, replied on time, days to reply,
    ratings), for the union office and chair; no sender is named"""
    readers = services.report_readers(env(), "request_statistics")
    unions = unions_of(caller(), readers, below=False)
    union_id = query.get("organisation_id", unions[0] if unions else 0)
    if union_id not in unions:
        raise services.PermissionDenied("request_statistics", readers)
    found = report("request_statistics", organisation_id=union_id, month=query["month"])
    return download(found, "xlsx", f"requests-{query['month']}")


@bp.get("/proposals/<int:case_id>/form.docx")
@bp.doc(operation_id="getProposalForm", responses={
    200: binary(TYPES["docx"], "The proposal form (提案表) as a Word document."), **problem_responses(403, 404)})
def proposal_form(case_id: int) -> Response:
    """A proposal's form to print, as Word, for whoever may read the proposal's form on its page"""
    found = report("proposal_form", case_id=case_id)
    assert found.form is not None
    out = BytesIO()
    services.write_docx(found.form, out)
    response = Response(out.getvalue(), mimetype=TYPES["docx"])
    response.headers["Content-Disposition"] = disposition(found.filename, "docx", f"proposal-{case_id}")
    return response


def value(raw: Any) -> Any:
    if isinstance(raw, Label):
        return t(raw)
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    if isinstance(raw, list | tuple):
        return [value(v) for v in raw]
    return raw


def keys(chart: services.Chart) -> list[str]:
    """A row's cells: the bar's name and each column's."""
    return list(dict.fromkeys([chart.label, *(col.key for col in chart.columns)]))


@bp.get("/dashboard")
@bp.input(s.DashboardQuery, location="query", arg_name="query")
@bp.output(s.DashboardOut)
@bp.doc(operation_id="getDashboard", responses=problem_responses(403, 404, 422))
def dashboard(query: dict[str, Any]) -> dict[str, Any]:
    """The dashboard of a union: its headline figures and the table behind each chart (a session's, the newest by
    default, or every session's)"""
    unions = unions_of(caller(), services.report_readers(env(), "dashboard"), below=False)
    if not unions:
        raise services.PermissionDenied("dashboard", services.report_readers(env(), "dashboard"))
    union_id = query.get("organisation_id", unions[0])
    if union_id not in unions:
        raise services.PermissionDenied("dashboard", services.report_readers(env(), "dashboard"))
    sessions = sorted(congress.list_congress_sessions(env(), union_id),
                      key=lambda v: (v.collection_opens, v.term, v.number, v.id), reverse=True)
    session_id: int | None = None
    if query.get("session_id") is not None:
        if query["session_id"] not in {v.id for v in sessions}:
            raise Problem(404, "not-found", detail=t(NO_SESSION))
        session_id = query["session_id"]
    elif sessions and not query["all_sessions"]:
        session_id = sessions[0].id
    found = report("dashboard", organisation_id=union_id, session_id=session_id)
    return {"organisation_id": union_id, "session_id": session_id, "title": found.title,
            "summary": [{"label": t(what), "value": t(n)} for what, n in found.summary],
            "charts": [chart_out(c) for c in found.charts]}


def chart_out(c: services.Chart) -> dict[str, Any]:
    return {"key": c.key, "title": t(c.title), "note": t(c.note) if c.note else None, "label": c.label,
            "value": c.value, "columns": [{"key": col.key, "header": t(col.header), "kind": col.kind}
                                          for col in c.columns],
            "rows": [{key: value(row.get(key)) for key in keys(c)} for row in c.rows]}


@bp.get("/reports/suggestions")
@bp.input(s.SuggestionRegisterQuery, location="query", arg_name="query")
@bp.doc(operation_id="getSuggestionRegister", responses={
    200: binary(TYPES["xlsx"], "A union's rationalisation suggestions of a year and its award list, as an Excel "
                               "workbook."),
    **problem_responses(400, 403)})
def suggestion_register(query: dict[str, Any]) -> Response:
    """A union's yearly register of rationalisation suggestions with the year's award list, for its union office"""
    found = report("suggestion_register", union_id=query["union_id"], year=query["year"])
    return download(found, "xlsx", f"suggestions-{query['year']}")
