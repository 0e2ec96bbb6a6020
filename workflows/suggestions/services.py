"""Suggestions' public services, for the pages and the API: a member's own suggestions, the year's register and
award list as a reader may read them (with their columns' headers, so a page knows no data key), and the award
list as Word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from engine.output.tables import Column
from workflows.suggestions.terms import NAME, L
from workflows.suggestions.yearly import AWARD_COLUMNS, READERS, REGISTER_COLUMNS, YearRegister, totals

__all__ = ["NAME", "TITLE", "YearView", "awards", "award_title", "may_export", "mine", "register", "years",
           "write_awards_docx"]
# What the register page shows of each row (the export has every column); the first is the linked title.
PAGE_COLUMNS = ("title", "sender", "field", "department", "outcome", "implemented_on", "benefit_amount", "grade")
FIGURES = {"sent": L("提出", "Sent"), "adopted": L("采纳（含部分采纳）", "Adopted (in whole or part)"),
           "implemented": L("已实施", "Implemented"), "benefit": L("核定效益（元）", "Benefit measured (yuan)")}
YEARS_BACK = 5
# The case's title, as the form to send a suggestion asks for it.
TITLE = Field("title", L("建议名称", "Title"), "str", max_length=100,
              help=L("一句话说明建议什么。", "What you suggest, in a few words."))


@dataclass(frozen=True)
class YearView:
    """A union's year as its reader sees it: columns, rows (each with the case's id), and headline figures."""

    union_id: int
    year: int
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    figures: list[tuple[Label, int]]
    may_export: bool


def mine(env: services.Env, actor: services.Actor, page: int = 1, per_page: int = 20
         ) -> services.Page[services.CaseSummary]:
    """The suggestions the actor sent, the latest change first."""
    return services.search_cases(env, actor, workflow=NAME, started_by=actor.user_id, page=page, per_page=per_page)


def years(today: date) -> list[int]:
    return [today.year - n for n in range(YEARS_BACK)]


def may_export(env: services.Env, user_id: int, union_id: int) -> bool:
    return union_id in services.unions_of(env, user_id, READERS, below=False)


def register(env: services.Env, actor: services.Actor, union_id: int, year: int, lang: str) -> YearView:
    """The suggestions sent in the year that the actor may read, with the register's figures over them."""
    rows = list(YearRegister(env, actor, union_id, year, lang).register_rows())
    shown = tuple(c for key in PAGE_COLUMNS for c in REGISTER_COLUMNS if c.key == key)
    figures = [(FIGURES[k], n) for k, n in totals(rows).items()]
    return YearView(union_id, year, shown, rows, figures, may_export(env, actor.user_id or 0, union_id))


def awards(env: services.Env, actor: services.Actor, union_id: int, year: int, lang: str) -> YearView:
    """The suggestions awarded for the year that the actor may read (awarded ones are open to the union's staff)."""
    rows = YearRegister(env, actor, union_id, year, lang).award_rows()
    figures = [(FIGURES["benefit"], sum(r["benefit_amount"] or 0 for r in rows))]
    return YearView(union_id, year, AWARD_COLUMNS, rows, figures, may_export(env, actor.user_id or 0, union_id))


def award_title(union: str, year: int) -> Label:
    return L(f"{union} {year} 年度合理化建议奖励名单", f"{union}: rationalisation suggestion awards {year}")


def write_awards_docx(view: YearView, union: str, lang: str, out: IO[bytes]) -> None:
    """The award list as a Word document the office edits and prints: a line per award, the first prizes first."""
    headers = {c.key: c.header(lang) for c in view.columns}
    lines = []
    for row in view.rows:
        parts = [f"{headers[k]}：{row[k]}" for k in ("sender", "department", "implemented_on", "benefit_amount")
                 if row.get(k) not in (None, "")]
        if row.get("benefit"):
            parts.append(f"{headers['benefit']}：{row['benefit']}")
        lines.append([services.Cell(row["grade"], f"{row['title']}\n" + "；".join(parts), wide=True, tall=True)])
    heading = [(L("年度", "Year")(lang), str(view.year)), (L("获奖建议", "Awards")(lang), str(len(view.rows)))]
    services.write_docx(services.Form(award_title(union, view.year)(lang), heading, lines), out)
