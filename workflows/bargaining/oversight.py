"""The agreements of many unions as the level above sees them: counts by union (in force, expiring within three
months, expired, signed but not filed, filing overdue), counted by the database over a branch of the tree, and
the register of filed agreements (集体合同备案登记) that the higher union may read from filing on.

"The agreements of a union" are, as ``views.agreements_of`` has it, its own bargaining cases and the regional or
industry ones that cover it (``covered_enterprises``): a regional agreement counts at each union it covers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.i18n import Label
from engine.store.models import Case, Organisation
from workflows.bargaining.models import CoveredEnterprise
from workflows.bargaining.periods import add_months
from workflows.bargaining.regional import REGIONAL
from workflows.bargaining.spec import FILED, NAME
from workflows.bargaining.views import AGREEMENT, EXPIRED, regional_covering

SIGNED_UNFILED = "filing"  # signed by both chiefs, not yet filed (《集体合同规定》 art. 42: within 10 days)
UNDER_REVIEW = "under_review"
SOON_MONTHS = 3  # the renewal window of art. 38 para. 2: the three months before expiry
REVIEW_RESULTS = {UNDER_REVIEW: Label("审查中", "Under review")}
NO_OBJECTION = Label("无异议，已生效", "No objection: in effect")


@dataclass
class AgreementFigures:
    """One union's agreements: in force, expiring within three months, expired, filed and under review, signed
    but not filed, and of those past the filing period."""

    in_force: int = 0
    expiring: int = 0
    expired: int = 0
    under_review: int = 0
    unfiled: int = 0
    filing_overdue: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # in force, by kind of agreement


def _scope(under: int, states: tuple[str, ...], ranges: tuple[tuple[str, str | None, str | None], ...] = ()
           ) -> services.Scope:
    return services.Scope(NAME, under=under, states=states, ranges=ranges)


def figures_below(env: services.Env, under: int, today: date) -> dict[int, AgreementFigures]:
    """Each organisation's agreements below ``under``, counted in four grouped queries (whatever the number of
    unions); the level above reads counts here, not the cases (it reads a case only from filing on)."""
    system, found = services.SYSTEM_ACTOR, {}
    yesterday, soon = (today - timedelta(days=1)).isoformat(), add_months(today, SOON_MONTHS).isoformat()

    if NAME not in {entry.spec.name for entry in env.registry}:
        return found

    def at(org: int) -> AgreementFigures:
        return found.setdefault(org, AgreementFigures())

    for g in services.count_cases(env, system, _scope(under, (*AGREEMENT, EXPIRED, SIGNED_UNFILED, UNDER_REVIEW)),
                                  ("org", "state", "data.kind")):
        figures, n = at(g["org"]), g["count"]
        if g["state"] in AGREEMENT:
            figures.in_force += n
            figures.kinds[g["data.kind"] or ""] = figures.kinds.get(g["data.kind"] or "", 0) + n
        elif g["state"] == EXPIRED:
            figures.expired += n
        elif g["state"] == SIGNED_UNFILED:
            figures.unfiled += n
        else:
            figures.under_review += n
    for g in services.count_cases(env, system, _scope(under, AGREEMENT, (("expires_on", None, yesterday),)),
                                  ("org", "data.kind")):  # past its expiry, the sweep not yet run: expired
        figures = at(g["org"])
        figures.in_force -= g["count"]
        figures.expired += g["count"]
        figures.kinds[g["data.kind"] or ""] -= g["count"]
    for g in services.count_cases(env, system, _scope(under, AGREEMENT, (("expires_on", today.isoformat(), soon),)),
                                  ("org",)):
        at(g["org"]).expiring += g["count"]
    for g in services.count_cases(env, system, _scope(under, (SIGNED_UNFILED,), (("filing_due", None, yesterday),)),
                                  ("org",)):
        at(g["org"]).filing_overdue += g["count"]
    if REGIONAL in {entry.spec.name for entry in env.registry}:
        _covering(env, under, today, yesterday, soon, at)
    return found


def _covering(env: services.Env, under: int, today: date, yesterday: str, soon: str, at: Any) -> None:
    """The regional or industry agreements covering each union below ``under``, counted by the database in one
    query grouped by covered union, step, kind and dates, and added to that union's figures."""
    c, cov, o = Case.__table__.c, CoveredEnterprise.__table__, Organisation.__table__
    expires, due = c.data["expires_on"].as_string(), c.data["filing_due"].as_string()
    late = sa.case((expires <= yesterday, 1), else_=0).label("late")
    soon_ = sa.case((sa.and_(expires >= today.isoformat(), expires <= soon), 1), else_=0).label("soon")
    overdue = sa.case((due <= yesterday, 1), else_=0).label("overdue")
    kind = c.data["kind"].as_string().label("kind")
    states = [*AGREEMENT, EXPIRED, SIGNED_UNFILED, UNDER_REVIEW]
    with env.db.read() as conn:
        path = conn.execute(sa.select(o.c.path).where(o.c.id == under)).scalar()
        if path is None:
            return
        groups = sa.select(cov.c.organisation_id, c.state, kind, late, soon_, overdue, sa.func.count().label("n")) \
            .select_from(cov.join(Case.__table__, c.id == cov.c.case_id)) \
            .where(c.workflow == REGIONAL, c.state.in_(states),
                   cov.c.organisation_id.in_(sa.select(o.c.id).where(o.c.path.like(f"{path}%")))) \
            .group_by(cov.c.organisation_id, c.state, kind, late, soon_, overdue)
        rows = conn.execute(groups).all()
    for org, state, kind_, is_late, is_soon, is_overdue, n in rows:
        figures = at(org)
        if state in AGREEMENT and not is_late:
            figures.in_force += n
            figures.kinds[kind_ or ""] = figures.kinds.get(kind_ or "", 0) + n
            figures.expiring += n if is_soon else 0
        elif state in AGREEMENT or state == EXPIRED:
            figures.expired += n
        elif state == SIGNED_UNFILED:
            figures.unfiled += n
            figures.filing_overdue += n if is_overdue else 0
        else:
            figures.under_review += n


def kinds(env: services.Env) -> dict[str, Label]:
    """The kinds of agreement by code, with their names."""
    kind = services.describe(env, NAME).fields["kind"]
    return {code: kind.choice_label(code) for code in kind.choices}


@dataclass(frozen=True)
class Filing:
    """One filed agreement in the register: the union, kind, title, signed, filed, the review, effect, expiry."""

    case_id: int
    organisation_id: int
    kind: str
    title: str
    signed_on: str | None
    filed_on: str | None
    review: str
    effective_on: str | None
    expires_on: str | None
    step: str


def filings(env: services.Env, actor: services.Actor, under: int, lang: str, *, organisation_id: int | None = None,
            page: int = 1, per_page: int = 50) -> services.Page[Filing]:
    """The filed agreements below ``under`` that ``actor`` may read (the higher union reads them from filing on),
    newest change first, a page at a time."""
    info = services.describe(env, NAME)
    kind = info.fields["kind"]
    found = services.search_cases(env, actor, workflow=NAME, state=FILED, under=under,
                                  organisation_id=organisation_id, page=page, per_page=per_page)
    rows = [_filing(case, kind.choice_label(case.data.get("kind") or "")(lang), lang) for case in found.items]
    return services.Page(rows, found.page, found.per_page, found.total, found.exact)


def every_filing(env: services.Env, actor: services.Actor, under: int, lang: str) -> Iterator[Filing]:
    """``filings`` for a workbook: every filed agreement below ``under`` the actor may read, oldest first, read a
    batch at a time."""
    kind = services.describe(env, NAME).fields["kind"]
    for batch in services.case_batches(env, actor, workflow=NAME, states=FILED, under=under):
        yield from (_filing(case, kind.choice_label(case.data.get("kind") or "")(lang), lang) for case in batch)


def regional_filings(env: services.Env, actor: services.Actor, under: int, lang: str) -> list[Filing]:
    """The filed regional or industry agreements led at or below ``under`` that ``actor`` may read (a few; the
    first page of them), newest change first."""
    if REGIONAL not in {entry.spec.name for entry in env.registry}:
        return []
    kind = services.describe(env, NAME).fields["kind"]
    found = services.search_cases(env, actor, workflow=REGIONAL, state=FILED, under=under,
                                  per_page=services.MAX_PER_PAGE)
    return [_filing(case, kind.choice_label(case.data.get("kind") or "")(lang), lang) for case in found.items]


def covering(env: services.Env, actor: services.Actor, union_id: int, lang: str) -> list[Filing]:
    """The regional or industry agreements covering the union that ``actor`` may read, as register entries."""
    kind = services.describe(env, NAME).fields["kind"]
    return [_filing(case, kind.choice_label(case.data.get("kind") or "")(lang), lang)
            for case in regional_covering(env, actor, union_id)]


def _filing(case: services.CaseSummary, kind: str, lang: str) -> Filing:
    data: dict[str, Any] = case.data
    filing = data.get("filing") or {}
    review = REVIEW_RESULTS.get(case.state, NO_OBJECTION)(lang)
    return Filing(case.id, case.organisation_id, kind, data.get("agreement_title") or case.title,
                  data.get("signed_on"), filing.get("submitted_on"), review, data.get("effective_on"),
                  data.get("expires_on"), case.state_label(lang))
