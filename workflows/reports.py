"""``unionflow report``: the reports the union office reads out or files, written as Excel or CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from config import Settings
from engine import services
from engine.output.tables import FORMATS, write_csv, write_xlsx
from workflows import register_all
from workflows.proposals.report import Register


@click.group("report")
def report() -> None:
    """Write reports as Excel (.xlsx) or CSV files."""


@report.command("proposals")
@click.option("--session", "session_id", type=int, required=True, help="The congress session's id.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("--table", type=click.Choice(("register", "statistics")), default="register", show_default=True,
              help="For CSV, which table: the register or the handling statistics (Excel has both).")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: 提案汇编-<session>.<format> in the current folder; '-' for stdout).")
@click.pass_obj
def proposals(settings: Settings, session_id: int, fmt: str, table: str, lang: str, output: Path | None) -> None:
    """The proposal register (提案汇编) and handling statistics of a session."""
    env = services.open_env(settings)
    register_all(env.registry, settings)
    try:
        register = Register(env, session_id, lang)
        target = output or Path(f"提案汇编-{session_id}.{fmt}")
        out = sys.stdout.buffer if str(target) == "-" else target.open("wb")
        try:
            if fmt == "xlsx":
                write_xlsx(register.sheets(), out, lang)
            else:
                register_sheet, stats_sheet = register.sheets()
                write_csv(register_sheet if table == "register" else stats_sheet, out, lang)
        finally:
            if out is not sys.stdout.buffer:
                out.close()
    except services.EngineError as err:
        raise click.ClickException(err.label(lang)) from None
    finally:
        env.db.dispose()
    if str(target) != "-":
        click.echo(f"Wrote {target}.", err=True)
