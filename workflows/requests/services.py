"""Worker requests' public services, for the pages and the API: a request's details, the sender's and the office's
lists, the monthly statistics and the published procedure."""

from __future__ import annotations

from workflows.requests.report import statistics
from workflows.requests.spec import start_fields
from workflows.requests.terms import NAME
from workflows.requests.views import (
    OFFICE_ROLES,
    SENDING_ROLES,
    TITLE_FIELD,
    Details,
    Procedure,
    Row,
    Shown,
    details,
    my_requests,
    office_list,
    procedure,
    rows,
)

STATISTICS = "request_statistics"

__all__ = ["NAME", "OFFICE_ROLES", "SENDING_ROLES", "STATISTICS", "TITLE_FIELD", "Details", "Procedure", "Row",
           "Shown", "details", "my_requests", "office_list", "procedure", "rows", "start_fields", "statistics"]
