"""Reports in the web: the proposal register as Excel or CSV downloads, the proposal form to print or as Word,
and the dashboard of charts (inline SVG drawn here, no script) with the tables behind them."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from typing import IO, Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import login_required

from engine import services
from web import exports
from web.context import actor, env, lang, text
from web.unions import chosen_union, signed_in, unions_of
from workflows.congress import services as congress

bp = Blueprint("reports", __name__)
CHUNK = 64 * 1024
TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# The drawing of a chart, in SVG units: one row per bar (its name above it), the figure at the bar's end.
WIDTH, ROW, BAR, VALUE_ROOM, LABEL_ROOM = 320, 40, 13, 60, 22.0


def built(name: str, **params: Any) -> services.Report:
    """A report as the signed-in user may read it; 403 or 404 otherwise."""
    try:
        return services.build_report(env(), actor(), name, lang(), **params)
    except services.PermissionDenied:
        abort(403)
    except services.NotFound:
        abort(404)


def may_read(name: str, organisation_id: int) -> bool:
    """Whether the signed-in user holds a role that reads this report in the union (for links and buttons)."""
    readers = services.report_readers(env(), name)
    return organisation_id in unions_of(signed_in(), readers, below=False)


def disposition(name: str, ext: str, fallback: str) -> str:
    """``attachment`` with the Chinese file name (RFC 5987 ``filename*``) and a plain one for old clients."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip() or fallback
    return f"attachment; filename=\"{fallback}.{ext}\"; filename*=UTF-8''{quote(f'{safe}.{ext}', safe='')}"


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while block := handle.read(CHUNK):
            yield block
    finally:
        handle.close()


def download(report: services.Report, fmt: str, fallback: str, sheet: int = 0) -> Response:
    """Stream a report's tables: a CSV row by row as it is read; an Excel workbook written to a temporary file
    first (XlsxWriter writes a zip that needs a seekable file), then sent in chunks."""
    if fmt == "xlsx":
        handle = tempfile.TemporaryFile()
        try:
            services.write_xlsx(report.sheets, handle, lang())
        except BaseException:
            handle.close()
            raise
        size = handle.tell()
        handle.seek(0)
        response = Response(_file_chunks(handle), mimetype=TYPES["xlsx"], direct_passthrough=True)
        response.headers["Content-Length"] = str(size)
        name = report.filename
    else:
        chosen = report.sheets[sheet]
        rows = (chunk.encode("utf-8") for chunk in services.csv_lines(chosen, lang()))
        response = Response(stream_with_context(rows), content_type=TYPES["csv"])
        name = report.filename if sheet == 0 else f"{report.filename}-{chosen.title(lang())}"
    response.headers["Content-Disposition"] = disposition(name, fmt, fallback)
    return response


# -- the proposal register ------------------------------------------------------------------------------------
@bp.route("/reports/proposals")
@login_required
def proposal_register() -> Response:
    """``?session=S&format=xlsx|csv&table=register|statistics``: the register (and statistics) of a session."""
    fmt = request.args.get("format", "xlsx")
    table = request.args.get("table", "register")
    session = request.args.get("session", "")
    if fmt not in services.FORMATS or table not in ("register", "statistics") or not session.isdigit():
        abort(400)
    sheet = 1 if fmt == "csv" and table == "statistics" else 0
    try:  # a big one is written in the background: the page follows it (the web thread counts, no more)
        job = exports.queue_big("proposal_register", {"session_id": int(session)}, fmt, sheet)
    except services.PermissionDenied:
        abort(403)
    except services.NotFound:
        abort(404)
    if job is not None:
        return exports.redirect_to(job)
    report = built("proposal_register", session_id=int(session))
    return download(report, fmt, f"proposals-{session}{'-statistics' if sheet else ''}", sheet)


# -- the proposal form ---------------------------------------------------------------------------------------
@bp.route("/proposals/<int:case_id>/form")
@login_required
def proposal_form(case_id: int) -> str:
    report = built("proposal_form", case_id=case_id)
    return render_template("reports/proposal_form.html", report=report, form=report.form, case_id=case_id)


@bp.route("/proposals/<int:case_id>/form.docx")
@login_required
def proposal_form_docx(case_id: int) -> Response:
    report = built("proposal_form", case_id=case_id)
    assert report.form is not None
    out = BytesIO()  # one page: small enough to build in memory
    services.write_docx(report.form, out)
    response = Response(out.getvalue(), mimetype=TYPES["docx"])
    response.headers["Content-Disposition"] = disposition(report.filename, "docx", f"proposal-{case_id}")
    return response


# -- the dashboard ---------------------------------------------------------------------------------------------
def _union_and_session() -> tuple[int, list[congress.CongressSessionView], int | None]:
    """The union asked for (one where the user reads the dashboard), its sessions, and the session chosen:
    ``?session=all`` for every session, else the one named, else the newest."""
    union_id = chosen_union(unions_of(signed_in(), services.report_readers(env(), "dashboard"), below=False))
    sessions = sorted(congress.list_congress_sessions(env(), union_id),
                      key=lambda s: (s.collection_opens, s.term, s.number, s.id), reverse=True)
    raw = request.args.get("session", "")
    if raw == "all" or not sessions:
        return union_id, sessions, None
    if raw.isdigit():
        if int(raw) not in {s.id for s in sessions}:
            abort(404)
        return union_id, sessions, int(raw)
    return union_id, sessions, sessions[0].id


@bp.route("/dashboard")
@login_required
def dashboard() -> str:
    union_id, sessions, session_id = _union_and_session()
    report = built("dashboard", organisation_id=union_id, session_id=session_id)
    unions = unions_of(signed_in(), services.report_readers(env(), "dashboard"), below=False)
    names = {o.id: o.name for o in services.list_organisations(env(), kind="union")}
    return render_template("reports/dashboard.html", report=report, drawings=[drawing(c) for c in report.charts],
                           unions=[(u, names.get(u, str(u))) for u in unions], union_id=union_id,
                           sessions=sessions, session_id=session_id)


@bp.route("/dashboard/export")
@login_required
def dashboard_export() -> Response:
    union_id, _sessions, session_id = _union_and_session()
    report = built("dashboard", organisation_id=union_id, session_id=session_id)
    return download(report, "xlsx", f"dashboard-{union_id}")


# -- drawing ---------------------------------------------------------------------------------------------------
def cell(column: services.Column, value: Any) -> str:
    """A table cell as the page shows it: counts as they are, rates in per cent, days to one decimal."""
    if value is None or value == "":
        return "—" if column.kind != "text" else ""
    if column.kind == "percent":
        return f"{100 * value:.1f}%"
    if column.kind == "number":
        return f"{value:.1f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _width(words: str) -> float:
    """Roughly how many CJK characters wide a text is (Latin letters and digits are about half as wide)."""
    return sum(1.0 if ord(c) > 0x2E7F else 0.58 for c in words)


def _shortened(words: str) -> str:
    if _width(words) <= LABEL_ROOM:
        return words
    while words and _width(words) > LABEL_ROOM - 1:
        words = words[:-1]
    return words + "…"


def drawing(chart: services.Chart) -> dict[str, Any]:
    """Where each bar of a chart goes: horizontal bars with their name above, so long Chinese names fit a phone."""
    column = next(c for c in chart.columns if c.key == chart.value)
    values = [row.get(chart.value) for row in chart.rows]
    numbers = [v for v in values if isinstance(v, int | float)]
    top = chart.top or (1.0 if chart.kind == "percent" else max([*numbers, 0]))
    room = WIDTH - VALUE_ROOM
    bars = []
    for i, row in enumerate(chart.rows):
        value = row.get(chart.value)
        length = 0.0 if not isinstance(value, int | float) or top <= 0 else max(0.0, value / top) * room
        y = i * ROW
        name = text(row.get(chart.label, ""))
        bars.append({"name": name, "short": _shortened(name), "y": y, "label_y": y + 15, "bar_y": y + 20,
                     "width": round(length, 1), "value": cell(column, value),
                     "value_x": round(length + (4 if length else 0), 1), "value_y": y + 20 + BAR - 2})
    return {"chart": chart, "bars": bars, "width": WIDTH, "height": max(1, len(bars)) * ROW + 2, "bar": BAR,
            "cell": cell}
