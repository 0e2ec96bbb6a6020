"""``unionflow members import``: a union's existing member register from a CSV or .xlsx file, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from config import Settings
from engine import services
from engine.core.context import Actor
from workflows.members import services as members


@click.group("members")
def members_group() -> None:
    """The member register (会员名册)."""


@members_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--union", "union_id", type=click.IntRange(min=1), required=True, metavar="UNION_ID",
              help="The union whose register it is (its id).")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="The union office account the import is made as (it must keep this union's register).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the messages.")
@click.pass_obj
def members_import(settings: Settings, file: Path, union_id: int, username: str, lang: str) -> None:
    """Add FILE (.csv in UTF-8 or GBK, or .xlsx) to a union's register.

    Columns (a header row, English or Chinese names): number/会员编号, name/姓名, gender/性别 (男/女),
    joined_on/入会日期, and optionally birth_date/出生日期, id_number/身份证号 (only its last four are kept),
    phone/手机号码, workplace/部门. Every row is checked; when any is wrong, each error is listed by line and
    column and nothing is imported.
    """
    env = services.open_env(settings)
    try:
        env.db.check_schema()
        user = services.find_user(env, username)
        if user is None:
            raise click.ClickException(f"no account {username!r}")
        done = members.import_members(env, Actor(user.id), union_id, file.read_bytes())
    except members.ImportRejected as err:
        says = ("文件有 {n} 处错误，未导入任何内容：" if lang == "zh"
                else "The file has {n} error(s); nothing was imported:")
        click.echo(says.format(n=len(err.rows)), err=True)
        for row in err.rows:
            click.echo(f"  {row.text(lang)}", err=True)
        sys.exit(1)
    except services.EngineError as err:
        raise click.ClickException(err.label(lang)) from None
    finally:
        env.db.dispose()
    click.echo(f"已导入 {done.added} 名会员。" if lang == "zh" else f"Imported {done.added} members.")
