"""``unionflow users import``: a congress term's roster of representatives from a CSV file, and its rule checks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from config import Settings
from engine import services
from engine.core.i18n import Label
from workflows.congress import services as congress
from workflows.congress.roster import COLUMNS, RowError, decode, parse

SAYS = {
    "imported": Label("已导入第 {term} 届代表名册（组织 {organisation}）：新增 {added} 人，更新 {updated} 人，"
                      "移除 {removed} 人，新建账号 {created} 个。",
                      "Imported the roster of term {term} (organisation {organisation}): {added} added, "
                      "{updated} updated, {removed} removed, {created} accounts created."),
    "rejected": Label("文件有 {n} 处错误，未导入任何内容：", "The file has {n} error(s); nothing was imported:"),
    "checks": Label("名册检查：", "Roster rules:"),
}
MET = {True: Label("符合", "met"), False: Label("不符合", "not met"), None: Label("无法判断", "unknown")}
OPTIONS = {"term": "--term", "staff_count": "--staff-count", "women_staff_count": "--women-staff-count"}


def row_error(error: RowError, lang: str) -> str:
    """``row 3, category: …`` / ``第 3 行，类别：…``: the column as a file may name it in that language."""
    if lang == "zh":
        column = f"，{COLUMNS[error.column][1]}" if error.column in COLUMNS else ""
        return f"第 {error.row} 行{column}：{error.message.zh}"
    column = f", {error.column}" if error.column in COLUMNS else ""
    return f"row {error.row}{column}: {error.message.en}"


def _rejected(errors: list[RowError], lang: str) -> None:
    _fail([SAYS["rejected"](lang).format(n=len(errors)), *(f"  {row_error(e, lang)}" for e in errors)])


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


@click.group("users")
def users_group() -> None:
    """Import users: a congress term's roster of representatives."""


@users_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "organisation_id", type=click.IntRange(min=1), required=True, metavar="ORG_ID",
              help="The union whose congress it is (its id).")
@click.option("--term", type=click.IntRange(min=1), required=True, metavar="N", help="The term (届), e.g. 5.")
@click.option("--staff-count", type=click.IntRange(min=0), metavar="N",
              help="All staff of the organisation, for the rule checks (kept with the term).")
@click.option("--women-staff-count", type=click.IntRange(min=0), metavar="N",
              help="Women among the staff, for the rule checks (kept with the term).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the messages.")
@click.pass_obj
def users_import(settings: Settings, file: Path, organisation_id: int, term: int, staff_count: int | None,
                 women_staff_count: int | None, lang: str) -> None:
    """Replace a term's roster with FILE.csv and create accounts for new usernames.

    Columns (a header row, English or Chinese names): username/用户名/工号, name/姓名, email/邮箱 (optional),
    delegation/代表团, category/类别 (worker, technical, manager or 一线职工, 技术人员, 中层及以上管理人员),
    sex/性别 (m/f or 男/女), department/部门. UTF-8 or GBK (as Excel saves it). Every row is checked; when any
    is wrong, each error is listed by row and column and nothing is imported.
    """
    content = file.read_bytes()
    _, errors = parse(decode(content))  # before the term is touched: a bad file changes nothing at all
    if errors:
        _rejected(errors, lang)
    env = services.open_env(settings)
    try:
        env.db.check_schema()
        term_id = congress.ensure_term(env, organisation_id, term, staff_count=staff_count,
                                       women_staff_count=women_staff_count)
        done = congress.import_roster(env, term_id, content)
        checks = congress.check_rules(env, term_id)
    except congress.RosterRejected as err:
        _rejected(err.rows, lang)
        return
    except services.ValidationFailed as err:
        colon = "：" if lang == "zh" else ": "
        _fail([f"{OPTIONS.get(field, field)}{colon}{message(lang)}" for field, messages in err.errors.items()
               for message in messages])
        return
    except services.EngineError as err:
        raise click.ClickException(err.label(lang)) from None
    finally:
        env.db.dispose()
    click.echo(SAYS["imported"](lang).format(term=term, organisation=organisation_id, added=done.added,
                                             updated=done.updated, removed=done.removed, created=done.users_created))
    click.echo(SAYS["checks"](lang))
    colon = "：" if lang == "zh" else ": "
    for check in checks:
        click.echo(f"  [{MET[check.met](lang)}] {check.label(lang)}{colon}{check.figures(lang)}")
