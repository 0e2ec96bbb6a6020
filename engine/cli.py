"""The ``unionflow`` command: thin wrappers over the services. Other layers add commands through the
``unionflow.commands`` entry point group."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import click

from config import Settings, load_settings
from engine import audit, schema
from engine.db import Database, head_revision
from engine.errors import EngineError


@click.group()
@click.option("--config", "config_file", type=click.Path(dir_okay=False), envvar="UNIONFLOW_CONFIG",
              help="TOML config file (default: instance/unionflow.toml if present).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """unionflow: congress proposals, congress ballots and collective bargaining for trade unions."""
    try:
        ctx.obj = load_settings(config_file)
    except ValueError as err:
        raise click.ClickException(str(err)) from None


@main.group()
def db() -> None:
    """Create and upgrade the database."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(settings: Settings) -> None:
    """Create the database or bring it up to the code's schema."""
    url = settings.effective_database_url
    database = Database(url)
    before = database.current_revision()
    database.dispose()
    schema.upgrade(url)
    head = head_revision()
    shown = url.split("@")[-1] if "@" in url else url
    if before == head:
        click.echo(f"Database {shown} is already at revision {head}.")
    else:
        click.echo(f"Database {shown} upgraded from {before or 'empty'} to {head}.")


@db.command("revision")
@click.pass_obj
def db_revision(settings: Settings) -> None:
    """Print the database's revision and the code's."""
    database = Database(settings.effective_database_url)
    try:
        click.echo(f"database: {database.current_revision() or 'empty'}\ncode:     {head_revision()}")
    finally:
        database.dispose()


@main.group("audit")
def audit_group() -> None:
    """Check the tamper-evident history."""


@audit_group.command("verify")
@click.pass_obj
def audit_verify(settings: Settings) -> None:
    """Walk every case's history chain; exit 1 naming the first broken entry of each broken case."""
    database = Database(settings.effective_database_url)
    try:
        database.check_schema()
        breaks = list(audit.verify(database))
    except EngineError as err:
        raise click.ClickException(str(err)) from None
    finally:
        database.dispose()
    for found in breaks:
        click.echo(f"BROKEN {found}", err=True)
    if breaks:
        click.echo(f"{len(breaks)} case(s) with a broken history.", err=True)
        sys.exit(1)
    click.echo("Every history chain holds.")


for _ep in entry_points(group="unionflow.commands"):
    main.add_command(_ep.load(), _ep.name)
