"""What the federation's pages and its workbook show: the summary, the charts with their tables, the member
unions' table (those needing attention first, a page at a time) and one union's own figures and lists."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.output.tables import Column
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress
from workflows.federation import stored
from workflows.federation.access import federation
from workflows.federation.figures import UnionFigures, collect

L = Label
PER_PAGE = 50
TOP = 10  # the unions with most overdue work, charted
UNION = Column("name", L("工会", "Union"), "text", 30)
COUNT = Column("count", L("数量", "Count"), "int", 10)
ITEM = Column("item", L("项目", "Item"), "text", 24)
UNION_COLUMNS = (
    UNION, Column("federation", L("直属上级工会", "Directly under"), "text", 20),
    Column("congress_held", L("本年职代会（已召开）", "Congress sessions held"), "int", 12),
    Column("secret_ballot", L("其中无记名投票表决", "With a secret ballot"), "int", 12),
    Column("quorum_met", L("其中到会人数达三分之二", "Quorum met (2/3)"), "int", 12),
    Column("proposals", L("提案件数", "Proposals"), "int", 10),
    Column("answered", L("已答复", "Answered"), "int", 10),
    Column("on_time", L("按期答复", "Answered on time"), "int", 10),
    Column("satisfaction", L("满意率", "Satisfaction"), "percent", 10),
    Column("in_force", L("有效集体合同", "Agreements in force"), "int", 10),
    Column("expiring", L("三个月内到期", "Expiring within 3 months"), "int", 12),
    Column("expired", L("已到期", "Expired"), "int", 10),
    Column("unfiled", L("已签未报送审查", "Signed, not filed"), "int", 12),
    Column("filing_overdue", L("其中逾期未报送", "Of which filing overdue"), "int", 12),
    Column("term_ends", L("工会委员会任期届满", "Committee term ends"), "date", 14),
    Column("past_term", L("是否超期未换届", "Past its term"), "text", 10),
    Column("overdue", L("逾期待办", "Overdue tasks"), "int", 10),
)
FILING_COLUMNS = (
    Column("union", L("工会", "Union"), "text", 28), Column("kind", L("合同类型", "Kind"), "text", 18),
    Column("title", L("合同名称", "Agreement"), "text", 32), Column("signed_on", L("签订日期", "Signed on"), "date"),
    Column("filed_on", L("报送日期", "Filed on"), "date"), Column("review", L("审查结果", "Review result"), "text", 16),
    Column("effective_on", L("生效日期", "Effective on"), "date"),
    Column("expires_on", L("期满日期", "Expires on"), "date"),
)
YES, NO = L("是", "Yes"), L("否", "No")


def union_row(u: UnionFigures, lang: str) -> dict[str, Any]:
    """A union's line in the table and the workbook."""
    p, a, c = u.proposals, u.agreements, u.congress
    return {"id": u.id, "name": u.name, "federation": u.federation, "congress_held": c.held,
            "secret_ballot": c.with_secret_ballot, "quorum_met": c.quorum_met, "proposals": p.made,
            "answered": p.answered, "on_time": p.on_time, "satisfaction": p.satisfaction, "in_force": a.in_force,
            "expiring": a.expiring, "expired": a.expired, "unfiled": a.unfiled, "filing_overdue": a.filing_overdue,
            "term_ends": u.term_ends_on, "past_term": (YES if u.past_term else NO)(lang) if u.term_ends_on else "",
            "overdue": u.overdue, "flagged": u.past_term}


def charts(kept: stored.Kept, worst: list[UnionFigures], lang: str, kinds: dict[str, Label] | None = None
           ) -> list[services.Chart]:
    """The totals drawn as on the dashboard: each chart with the table behind it (``worst``: the unions with most
    overdue work; ``kinds``: the agreements' kinds by code, for the agreements in force by kind)."""
    t, f = kept.total, kept.flags
    n = f["unions"]
    p, a = t.proposals, t.agreements
    unions = Column("count", L("工会数", "Unions"), "int", 10)
    rows_congress = [{"item": L("本年已召开职代会", "Held a congress this year")(lang), "count": f["held_congress"]},
                     {"item": L("本年未召开职代会", "No congress held this year")(lang),
                      "count": n - f["held_congress"]}]
    rows_proposals = [{"item": label(lang), "count": value} for label, value in (
        (L("提案", "Proposals"), p.made), (L("已交办", "Assigned"), p.assigned), (L("已答复", "Answered"), p.answered),
        (L("按期答复", "Answered on time"), p.on_time), (L("已评价", "Rated"), p.rated),
        (L("满意及基本满意", "Satisfied or basically satisfied"), p.liked))]
    rows_agreements = [{"item": label(lang), "count": value} for label, value in (
        (L("有效", "In force"), a.in_force), (L("三个月内到期", "Expiring within 3 months"), a.expiring),
        (L("已到期", "Expired"), a.expired), (L("审查中", "Under review"), a.under_review),
        (L("已签未报送审查", "Signed, not filed"), a.unfiled),
        (L("逾期未报送审查", "Filing overdue"), a.filing_overdue))]
    rows_terms = [{"item": label(lang), "count": value} for label, value in (
        (L("超期未换届", "Past the term"), f["past_term"]),
        (L("半年内届满", "Ending within six months"), f["term_ending"]),
        (L("任期内", "In term"), f["with_term"] - f["past_term"] - f["term_ending"]),
        (L("未登记任期", "No term recorded"), n - f["with_term"]))]
    by_kind = [{"item": (kinds or {}).get(code, L(code or "—", code or "—"))(lang), "count": n}
               for code, n in sorted(a.kinds.items()) if n]
    rows_overdue = [{"name": u.name, "count": u.overdue} for u in worst]
    return [
        services.Chart("congress", L("职代会召开情况", "Congress sessions"), (ITEM, unions), rows_congress,
                       "item", "count", note=L("《企业民主管理规定》：职代会每年至少召开一次。",
                                               "A congress meets at least once a year (企业民主管理规定).")),
        services.Chart("proposals", L("提案办理", "Proposals handled"), (ITEM, COUNT), rows_proposals, "item",
                       "count"),
        services.Chart("agreements", L("集体合同", "Collective agreements"), (ITEM, COUNT), rows_agreements, "item",
                       "count", note=L("签订后十日内报送劳动保障行政部门审查（《集体合同规定》第四十二条）。",
                                       "Filed with the labour administration within 10 days of signing "
                                       "(集体合同规定 art. 42).")),
        services.Chart("kinds", L("有效集体合同（按类型）", "Agreements in force by kind"), (ITEM, COUNT), by_kind,
                       "item", "count", note=L("含覆盖本企业的区域性、行业性集体合同。",
                                               "Regional and industry agreements count at each union they cover.")),
        services.Chart("terms", L("工会委员会任期", "Union committees' terms"), (ITEM, unions), rows_terms, "item",
                       "count", note=L("基层工会委员会每届任期三年或者五年（《工会法》第十六条）。",
                                       "A base union committee serves three or five years (工会法 art. 16).")),
        services.Chart("overdue", L("逾期待办最多的工会", "Most overdue work"), (UNION, COUNT), rows_overdue, "name",
                       "count"),
    ]


def summary(kept: stored.Kept, lang: str) -> list[tuple[str, str]]:
    t, f = kept.total, kept.flags
    rate = t.proposals.satisfaction
    return [(L("会员工会", "Member unions")(lang), str(f["unions"])),
            (L("本年已召开职代会", "Held a congress this year")(lang), str(f["held_congress"])),
            (L("提案", "Proposals")(lang), str(t.proposals.made)),
            (L("提案满意率", "Proposers' satisfaction")(lang), f"{100 * rate:.1f}%" if rate is not None else "—"),
            (L("有效集体合同", "Agreements in force")(lang), str(t.agreements.in_force)),
            (L("已签未报送审查", "Signed, not filed")(lang), str(t.agreements.unfiled)),
            (L("超期未换届", "Past the committee's term")(lang), str(f["past_term"])),
            (L("逾期待办", "Overdue tasks")(lang), str(t.overdue))]


@dataclass
class Overview:
    """The federation's view: summary, charts, and one page of its member unions, those needing attention first."""

    federation: services.OrgView
    year: int
    summary: list[tuple[str, str]]
    charts: list[services.Chart]
    unions: services.Page[dict[str, Any]]
    columns: tuple[Column, ...] = UNION_COLUMNS
    as_of: datetime | None = None  # when the oldest of the figures shown was counted
    max_age_minutes: int = stored.MAX_AGE_MINUTES  # every union is counted again at least this often


def overview(env: services.Env, actor_id: int | None, federation_id: int, year: int, *, lang: str = "zh",
             page: int = 1, per_page: int = PER_PAGE) -> Overview:
    """The view from the figures kept per union and per federation (``stored``): a few rows whatever the size of
    the branch."""
    org = federation(env, actor_id, federation_id)
    per_page = max(1, min(per_page, services.MAX_PER_PAGE))
    page = max(1, page)
    kept, (shown, worst) = stored.view(env, org, year, [((page - 1) * per_page, per_page, False), (0, TOP, True)])
    return Overview(org, year, summary(kept, lang), charts(kept, worst, lang, bargaining.kinds(env)),
                    services.Page([union_row(u, lang) for u in shown], page, per_page, kept.flags["unions"]),
                    as_of=kept.oldest, max_age_minutes=stored.max_age_minutes(env))


@dataclass
class UnionDetail:
    """One member union as its federation sees it: its figures, its congress sessions of the year, its filed
    agreements (each one the federation may open), its committee's term and its overdue work."""

    federation: services.OrgView
    year: int
    union: UnionFigures
    row: dict[str, Any]
    sessions: list[congress.SessionHeld]
    filings: list[bargaining.Filing]
    regional: list[bargaining.Filing]  # regional or industry agreements covering it
    term_case: int | None = None  # the election behind the committee's term, when the actor may open it


def union_detail(env: services.Env, actor_id: int | None, federation_id: int, union_id: int, year: int, *,
                 lang: str = "zh") -> UnionDetail:
    figures = collect(env, actor_id, federation_id, year, only=union_id)
    union = figures.unions[0]
    found = bargaining.filings(env, services.Actor(actor_id), union_id, lang, per_page=services.MAX_PER_PAGE)
    term_case = union.term.case_id if union.term else None
    if term_case is not None:
        try:
            services.case_view(env, services.Actor(actor_id), term_case)
        except services.NotFound:
            term_case = None
    return UnionDetail(figures.federation, year, union, union_row(union, lang),
                       congress.sessions_of_year(env, union_id, year, union_id), found.items,
                       bargaining.covering(env, services.Actor(actor_id), union_id, lang), term_case)


def _filing_rows(env: services.Env, actor_id: int | None, federation_id: int, lang: str,
                 names: dict[int, str]) -> Iterator[dict[str, Any]]:
    actor = services.Actor(actor_id)
    for f in chain(bargaining.every_filing(env, actor, federation_id, lang),
                   bargaining.regional_filings(env, actor, federation_id, lang)):
        yield {"union": names.get(f.organisation_id, ""), "kind": f.kind, "title": f.title,
               "signed_on": f.signed_on, "filed_on": f.filed_on, "review": f.review,
               "effective_on": f.effective_on, "expires_on": f.expires_on}


def _union_rows(env: services.Env, kept: stored.Kept, lang: str) -> Iterator[dict[str, Any]]:
    offset, batch = 0, 1000
    while True:
        found = stored.view(env, kept.federation, kept.year, [(offset, batch, False)])[1][0]
        yield from (union_row(u, lang) for u in found)
        if len(found) < batch:
            return
        offset += batch


def overview_xlsx(env: services.Env, actor_id: int | None, federation_id: int, year: int, *,
                  lang: str = "zh") -> bytes:
    """The view as a workbook: every member union's line, the totals' tables, and the filings register."""
    org = federation(env, actor_id, federation_id)
    kept, (worst,) = stored.view(env, org, year, [(0, TOP, True)])
    names = {org.id: org.name, **{b.id: b.name for b in services.organisations_below(env, federation_id)}}
    sheets = [services.Sheet(L("会员工会", "Member unions"), UNION_COLUMNS,
                             _union_rows(env, kept, lang)),
              *(c.sheet() for c in charts(kept, worst, lang, bargaining.kinds(env))),
              services.Sheet(L("集体合同备案登记", "Filings register"), FILING_COLUMNS,
                             _filing_rows(env, actor_id, federation_id, lang, names))]
    out = io.BytesIO()
    services.write_xlsx(sheets, out, lang)
    return out.getvalue()
