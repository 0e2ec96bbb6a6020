"""Statistical returns' public services, for the pages, the API and the benchmark: the figures computed, a union's
return as its readers see it (computed beside corrected, with the notes), starting one, a federation's returns and
consolidation, and both as Excel filled into the office's template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.time.calendar import TZ
from workflows.returns import consolidation, listing, workbook
from workflows.returns.consolidation import Consolidated, Missing, Part
from workflows.returns.figures import compute as _compute
from workflows.returns.lines import BY_CODE, COUNT, LINES, SECTIONS, SHARE, Line, share
from workflows.returns.listing import UnionReturn, due_of, is_overdue
from workflows.returns.terms import FEDERATION_OFFICE, NAME, OFFICE, UNION_READERS, L

__all__ = ["NAME", "LINES", "SECTIONS", "FEDERATION_OFFICE", "Consolidated", "Missing", "Part", "Figure",
           "ReturnView", "compute", "consolidate", "consolidation_xlsx", "federations_of", "find_return",
           "return_title", "return_view", "return_xlsx", "start_return", "unions_of", "years", "STATUS",
           "consolidated_figures", "union_returns", "union_years", "today", "starters_of", "UnionReturn", "YearRow",
           "due_of", "PER_PAGE"]
YEARS_BACK = 5
PER_PAGE = 50  # the lists' page: unions
# Where a union's return stands, as the federation's list says it (``none``: no return; a draft: not submitted).
STATUS = {"none": L("未填报", "Not started"), "draft": L("未上报", "Not submitted"),
          "submitted": L("待审核", "To review"), "returned": L("已退回修改", "Returned for correction"),
          "accepted": L("已审核通过", "Accepted")}


@dataclass(frozen=True, slots=True)
class Figure:
    """One line as a page shows it: the reported value, the computed one and the correction's note (a count), or
    the share of two reported counts."""

    line: Line
    value: int | float | None
    computed: int | None = None
    corrected: bool = False
    note: str = ""

    @property
    def is_share(self) -> bool:
        return self.line.kind == SHARE


@dataclass(frozen=True, slots=True)
class YearRow:
    """A year of a union's returns: its return if any, the day it is due and whether that passed unsubmitted."""

    year: int
    case: services.CaseSummary | None
    due: date
    overdue: bool
    to_come: bool  # not submitted yet (none, a draft, returned)


@dataclass(frozen=True, slots=True)
class ReturnView:
    case_id: int
    union_id: int
    union: str
    year: int
    state_label: Label
    final: bool
    version: int
    sections: list[tuple[Label, list[Figure]]]
    corrections: int
    return_reason: str
    actions: list[Any]
    due: date
    overdue: bool
    to_come: bool


def years(today: date) -> list[int]:
    return [today.year - n for n in range(YEARS_BACK)]


def return_title(year: int) -> str:
    return f"{year} 年度工会统计报表"


def compute(env: services.Env, union_id: int, year: int) -> dict[str, int]:
    """Every count line of the union's return for ``year``, as the system holds it now."""
    return _compute(env, union_id, year)


def unions_of(env: services.Env, user_id: int) -> list[int]:
    """The unions whose returns the user keeps (the union office or chair there)."""
    return services.unions_of(env, user_id, UNION_READERS, below=False)


def starters_of(env: services.Env, user_id: int) -> list[int]:
    """The unions where the user may start a return (the union office)."""
    return services.unions_of(env, user_id, (OFFICE,), below=False)


def federations_of(env: services.Env, user_id: int) -> list[services.OrgView]:
    """The federations where the user is the federation's staff (at it or above it)."""
    return [o for o in services.list_organisations(env, kind="federation")
            if services.holds_role(env, user_id, FEDERATION_OFFICE, o.id)]


def find_return(env: services.Env, actor: services.Actor, union_id: int, year: int) -> services.CaseSummary | None:
    """The union's return for the year, if the actor may read it."""
    found = services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, data={"year": year},
                                  per_page=1)
    return found.items[0] if found.items else None


def start_return(env: services.Env, actor: services.Actor, union_id: int, year: int) -> int:
    """Start the union's return for ``year`` with its figures computed; the case's id."""
    return services.start_case(env, actor, NAME, union_id, return_title(year), {"year": year}).case_id


def _figures(data: dict[str, Any]) -> list[Figure]:
    computed, corrections, values = data.get("figures") or {}, data.get("corrections") or {}, data.get("values") or {}
    out = []
    for line in LINES:
        if line.kind == COUNT:
            fix = corrections.get(line.code)
            out.append(Figure(line, values.get(line.code, 0), computed.get(line.code, 0), fix is not None,
                              fix["note"] if fix else ""))
        else:
            out.append(Figure(line, share(values, line)))
    return out


def _sections(figures: list[Figure]) -> list[tuple[Label, list[Figure]]]:
    return [(label, [f for f in figures if f.line.section == key]) for key, label in SECTIONS.items()]


def return_view(env: services.Env, actor: services.Actor, case_id: int) -> ReturnView:
    """A union's return as its reader sees it; NotFound for whoever may not read it, or for another kind of case."""
    view = services.case_view(env, actor, case_id)
    if view.summary.workflow != NAME:
        raise services.NotFound("case", case_id)
    d = view.data
    union = services.get_organisation(env, view.summary.organisation_id)
    due = due_of(env, int(d["year"]), d)
    return ReturnView(case_id, union.id, union.name, int(d["year"]), view.summary.state_label, view.final,
                      view.version, _sections(_figures(d)), len(d.get("corrections") or {}),
                      str(d.get("return_reason") or ""), view.actions, due,
                      is_overdue(view.summary.state, due, today(env)), view.summary.state in listing.OPEN)


def _federation(env: services.Env, actor_id: int | None, federation_id: int) -> None:
    """NotFound unless the actor is the federation's staff (there or above) and it is a federation."""
    try:
        org = services.get_organisation(env, federation_id)
    except services.NotFound:
        raise services.NotFound("federation", federation_id) from None
    if org.kind != "federation" or actor_id is None or not services.holds_role(
            env, actor_id, FEDERATION_OFFICE, federation_id):
        raise services.NotFound("federation", federation_id)


def consolidate(env: services.Env, actor_id: int | None, federation_id: int, year: int) -> Consolidated:
    """The federation's consolidated return for ``year``: per line the sum over its unions' accepted returns
    (a city's takes in its districts', each district's part beside), and the unions not accepted yet. For the
    federation's staff; NotFound for anyone else."""
    _federation(env, actor_id, federation_id)
    return consolidation.consolidate(env, federation_id, year)


def consolidated_figures(found: Consolidated) -> list[tuple[Label, list[Figure]]]:
    values: dict[str, int] = dict(found.values)
    return _sections([Figure(line, values.get(line.code, 0) if line.kind == COUNT else share(values, line))
                      for line in LINES])


def _template(env: services.Env) -> Any:
    return workbook.template_path(env.registry.policy("return_template", ""))


def return_xlsx(env: services.Env, actor: services.Actor | int, case_id: int, lang: str = "zh") -> bytes:
    """A union's return as Excel, filled into the template (``[return] template`` or the shipped one), for whoever
    may read it (an ``Actor`` or a user's id); NotFound for anyone else."""
    actor = services.Actor(actor) if isinstance(actor, int) else actor
    view = services.case_view(env, actor, case_id)
    if view.summary.workflow != NAME:
        raise services.NotFound("case", case_id)
    d = view.data
    union = services.get_organisation(env, view.summary.organisation_id)
    notes = {k: v["note"] for k, v in (d.get("corrections") or {}).items()}
    fields = workbook.fields_of(union.name, int(d["year"]), view.summary.state_label(lang), d.get("values") or {},
                                d.get("figures") or {}, notes)
    return workbook.fill(_template(env), fields)


def consolidation_xlsx(env: services.Env, actor_id: int | None, federation_id: int, year: int,
                       lang: str = "zh") -> bytes:
    """The federation's consolidation as Excel, in the same template (computed = reported: sums of accepted)."""
    found = consolidate(env, actor_id, federation_id, year)
    state = L(f"汇总 {found.accepted}/{found.unions} 家", f"{found.accepted} of {found.unions} unions")(lang)
    return workbook.fill(_template(env), workbook.fields_of(found.name, year, state, found.values))


def today(env: services.Env) -> date:
    return env.clock.now().astimezone(TZ).date()


LINE_LABELS = {code: line.label for code, line in BY_CODE.items()}


def union_returns(env: services.Env, actor_id: int | None, federation_id: int, year: int, page: int = 1
                  ) -> services.Page[UnionReturn]:
    """The unions below the federation with where their returns for ``year`` stand and when they are due, those
    still to come first, ``PER_PAGE`` at a time. For the federation's staff; NotFound for anyone else."""
    _federation(env, actor_id, federation_id)
    return listing.union_returns(env, federation_id, year, today(env), page, PER_PAGE)


def union_years(env: services.Env, actor: services.Actor, union_ids: list[int], today_: date, page: int = 1
                ) -> services.Page[tuple[services.OrgView, list[YearRow]]]:
    """A page of the unions the actor keeps returns for (``PER_PAGE`` at a time), each with its recent years: the
    return of each, if any, the day it is due and whether it is overdue."""
    page = max(1, page)
    shown = union_ids[(page - 1) * PER_PAGE:page * PER_PAGE]
    out = []
    for union_id in shown:
        found = services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, per_page=YEARS_BACK * 4)
        by_year = {int(c.data["year"]): c for c in found.items if c.data.get("year") is not None}
        rows = []
        for year in years(today_):
            case = by_year.get(year)
            due = due_of(env, year, case.data if case else None)
            state = case.state if case else listing.NOT_STARTED
            rows.append(YearRow(year, case, due, is_overdue(state, due, today_), state in listing.OPEN))
        out.append((services.get_organisation(env, union_id), rows))
    return services.Page(out, page, PER_PAGE, len(union_ids))
