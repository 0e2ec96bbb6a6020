"""Reports: the proposal register's query and the dashboard's figures and charts."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import OneOf, Range, Regexp


class RegisterQuery(Schema):
    session_id = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    format = String(load_default="xlsx", validate=OneOf(("xlsx", "csv")))
    table = String(load_default="register", validate=OneOf(("register", "statistics")),
                   metadata={"description": "For csv: the register or its statistics (xlsx holds both)."})


class RequestStatisticsQuery(Schema):
    month = String(required=True, validate=Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"),
                   metadata={"description": "The month the requests were sent in: 2026-11."})
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1),
                              metadata={"description": "The union; the first the caller reads by default."})


class DashboardQuery(Schema):
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1),
                              metadata={"description": "The union; the first the caller reads by default."})
    session_id = Integer(validate=Range(min=1, max=2**31 - 1),
                         metadata={"description": "The session; the newest by default."})
    all_sessions = Boolean(load_default=False, metadata={"description": "Every session together."})


class ColumnOut(Schema):
    key = String(required=True)
    header = String(required=True)
    kind = String(required=True, metadata={"description": "text, count, percent (a share from 0 to 1), number…"})


class ChartOut(Schema):
    key = String(required=True)
    title = String(required=True)
    note = String(allow_none=True, required=True)
    label = String(required=True, metadata={"description": "The key in each row that names its bar."})
    value = String(required=True, metadata={"description": "The column giving each bar's length."})
    columns = List(Nested(ColumnOut), required=True)
    rows = List(Dict(keys=String()), required=True,
                metadata={"description": "One per bar: its name (label) and a cell per column."})


class Figure(Schema):
    label = String(required=True)
    value = String(required=True)


class DashboardOut(Schema):
    organisation_id = Integer(required=True)
    session_id = Integer(allow_none=True, required=True, metadata={"description": "null: every session."})
    title = String(required=True)
    summary = List(Nested(Figure), required=True)
    charts = List(Nested(ChartOut), required=True)


class ExportOut(Schema):
    id = Integer(required=True)
    report = String(required=True)
    format = String(required=True, metadata={"description": "xlsx or csv"})
    status = String(required=True, validate=OneOf(("queued", "running", "done", "failed")))
    status_label = String(required=True)
    rows_done = Integer(required=True, metadata={"description": "Rows of the main table written so far."})
    rows_total = Integer(allow_none=True, required=True, metadata={"description": "null: not known."})
    filename = String(required=True)
    size = Integer(allow_none=True, required=True, metadata={"description": "Bytes, once done."})
    created_at = DateTime(required=True)
    started_at = DateTime(allow_none=True, required=True)
    finished_at = DateTime(allow_none=True, required=True)
    file = String(allow_none=True, required=True, metadata={"description": "Where to GET the file once done."})


class SuggestionRegisterQuery(Schema):
    union_id = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    year = Integer(required=True, validate=Range(min=1900, max=2200),
                   metadata={"description": "The year the suggestions were sent (the award list: awarded for it)."})
