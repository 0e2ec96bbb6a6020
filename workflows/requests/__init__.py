"""Worker requests (职工诉求): sent by any member of staff, anonymously if they choose, registered and answered by
the union office by a deadline, through a department or directly, merged or turned into a proposal, and rated;
the office's list, the monthly statistics and the published procedure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.requests import settings as _settings  # noqa: F401 - declares [request] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The request workflow shaped by ``[request]``, its notification texts, its capability and its report."""
    from workflows.requests import report, spec, texts
    from workflows.requests.capability import RequestAccess
    from workflows.requests.terms import NAME

    registry.register(spec.build(spec.Policy.from_settings(settings)))
    registry.texts.update(texts.TEXTS)
    registry.provide(NAME, RequestAccess)
    registry.reports.register(report.REPORT)
