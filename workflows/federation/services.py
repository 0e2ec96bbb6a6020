"""The federation's public services, for the pages, the API and the benchmarks: the view over its member unions
(figures of a year, one union's drill-down, the workbook), the filings register, and joining by invitation."""

from __future__ import annotations

from engine import services
from workflows.bargaining import services as bargaining
from workflows.federation.access import federation, federations_of
from workflows.federation.affiliations import (
    NOTE_MAX,
    STATUS,
    Invitation,
    answer,
    candidates,
    invite,
    received,
    sent,
    withdraw,
)
from workflows.federation.roles import FEDERATION_OFFICE
from workflows.federation.views import (
    FILING_COLUMNS,
    PER_PAGE,
    UNION_COLUMNS,
    Overview,
    UnionDetail,
    overview,
    overview_xlsx,
    union_detail,
)

__all__ = ["FEDERATION_OFFICE", "federation", "federations_of",
           # the view over the member unions
           "Overview", "UnionDetail", "overview", "union_detail", "overview_xlsx", "UNION_COLUMNS", "PER_PAGE",
           # the filings register
           "FILING_COLUMNS", "filings", "regional_filings",
           # joining by invitation
           "Invitation", "NOTE_MAX", "STATUS", "invite", "sent", "candidates", "received", "answer", "withdraw"]


def filings(env: services.Env, actor_id: int | None, federation_id: int, lang: str = "zh", *, page: int = 1,
            per_page: int = PER_PAGE) -> services.Page[bargaining.Filing]:
    """The filed agreements of the federation's member unions (集体合同备案登记), as its staff may read them."""
    federation(env, actor_id, federation_id)
    return bargaining.filings(env, services.Actor(actor_id), federation_id, lang, page=page, per_page=per_page)


def regional_filings(env: services.Env, actor_id: int | None, federation_id: int, lang: str = "zh"
                     ) -> list[bargaining.Filing]:
    """The filed regional or industry agreements the federation (or one below it) led."""
    federation(env, actor_id, federation_id)
    return bargaining.regional_filings(env, services.Actor(actor_id), federation_id, lang)
