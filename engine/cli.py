"""The ``unionflow`` command: thin wrappers over the services. Other layers add commands through the
``unionflow.commands`` entry point group."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click

from config import Settings, load_settings
from engine.core.errors import EngineError
from engine.core.registry import Registry
from engine.store import audit, backup, checkpoint, schema
from engine.store.database import Database, head_revision


@click.group()
@click.option("--config", "config_file", type=click.Path(dir_okay=False), envvar="UNIONFLOW_CONFIG",
              help="TOML config file (default: instance/unionflow.toml if present).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """unionflow: the workflows a trade union runs, on a generic workflow engine."""
    try:
        for ep in entry_points(group="unionflow.workflows"):
            ep.load()  # importing an installed workflow declares its config tables, which the file may set
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
    _fill_readers(settings)


def _fill_readers(settings: Settings) -> None:
    """Store who may read each case that has no readers yet, and count in the rollups each case not yet counted
    (a database from before they were stored)."""
    from engine import services
    from engine.core import readers, rollups

    env = services.open_env(settings)
    try:
        load_workflows(env.registry, settings)
        filled = readers.fill_missing(env)
        counted = rollups.fill_missing(env)
    finally:
        env.db.dispose()
    if filled:
        click.echo(f"Readers stored for {filled} case(s).")
    if counted:
        click.echo(f"Rollups counted for {counted} case(s).")


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def db_backup(settings: Settings, file: Path) -> None:
    """Write a consistent copy of the database to FILE (SQLite: a database file; PostgreSQL: pg_dump -Fc)."""
    database = Database(settings.effective_database_url)
    try:
        backup.backup(database, file)
    except backup.BackupFailed as err:
        raise click.ClickException(str(err)) from None
    finally:
        database.dispose()
    click.echo(f"Wrote {file} ({file.stat().st_size} bytes).")


@db.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database with the copy. Go on?")
@click.pass_obj
def db_restore(settings: Settings, file: Path) -> None:
    """Replace the database's contents with the copy in FILE, then verify every history chain (exit 1 if one
    is broken). Stop the web servers and the scheduler first."""
    database = Database(settings.effective_database_url)
    try:
        restored = backup.restore(database, file)
    except backup.BackupFailed as err:
        raise click.ClickException(str(err)) from None
    finally:
        database.dispose()
    click.echo(f"Restored {file}: {restored.cases} cases, {restored.events} history entries; "
               "every history chain holds.")


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
@click.option("--checkpoint", "checkpoint_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also check the cases against this checkpoint file.")
@click.option("--public-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The key the checkpoint was signed with (default: the configured signing key).")
@click.pass_obj
def audit_verify(settings: Settings, checkpoint_file: Path | None, public_key: Path | None) -> None:
    """Walk every case's history chain; exit 1 naming the first broken entry of each broken case. With
    --checkpoint, also exit 1 naming each case whose history differs from what the checkpoint anchored."""
    if checkpoint_file is not None:
        _verify_checkpoint(settings, checkpoint_file, public_key)
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


@audit_group.command("keygen")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def audit_keygen(path: Path) -> None:
    """Make an Ed25519 signing key for checkpoints at PATH (and its public key at PATH.pub)."""
    try:
        public = checkpoint.keygen(path)
    except checkpoint.CheckpointError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Signing key written to {path} (keep it secret), public key to {path}.pub: {public}")
    click.echo(f"Set it in the config file:\n[audit]\nsigning_key = \"{path.resolve()}\"")


@audit_group.command("checkpoint")
@click.pass_obj
def audit_checkpoint(settings: Settings) -> None:
    """Sign a Merkle root over every case's head; store it, e-mail it and write its file."""
    env = _engine_env(settings)
    try:
        made = checkpoint.make(env, settings.section("audit"))
    except (checkpoint.CheckpointError, EngineError) as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()
    click.echo(f"Checkpoint {made.id} at {made.created_at.isoformat()}: {made.size} case(s), root {made.root}")
    click.echo(f"signature {made.signature}\npublic key {made.public_key}")
    if made.file is not None:
        click.echo(f"written to {made.file}")
    recipients = settings.section("audit").recipients
    if recipients:
        click.echo(f"e-mailed (by the scheduler's outbox) to {', '.join(recipients)}")


def _engine_env(settings: Settings) -> Any:
    from engine.core.env import Env
    from engine.time.clock import SystemClock

    database = Database(settings.effective_database_url)
    try:
        database.check_schema()
    except EngineError:
        database.dispose()
        raise
    return Env(database, Registry(), SystemClock())


def _verify_checkpoint(settings: Settings, path: Path, public_key: Path | None) -> None:
    key_file = public_key or settings.section("audit").signing_key
    if key_file is None:
        raise click.ClickException("give --public-key, or set [audit] signing_key in the config")
    env = _engine_env(settings)
    try:
        data = checkpoint.read_file(path, checkpoint.load_public(key_file))
        found = list(checkpoint.compare(env, data["leaves"]))
    except checkpoint.CheckpointError as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()
    for mismatch in found:
        click.echo(f"REWRITTEN {mismatch}", err=True)
    if found:
        click.echo(f"{len(found)} case(s) differ from the checkpoint of {data['created_at']}.", err=True)
        sys.exit(1)
    click.echo(f"The signature holds and the {data['size']} case(s) of the checkpoint of {data['created_at']} "
               "match it.")


def load_workflows(registry: Registry, settings: Settings) -> int:
    """Register the installed workflows (``unionflow.workflows`` entry points); return how many versions."""
    for ep in entry_points(group="unionflow.workflows"):
        ep.load()(registry, settings)
    return len(list(registry))


@main.group("workflows", invoke_without_command=True)
@click.pass_context
def workflows_group(ctx: click.Context) -> None:
    """List each workflow's registered versions and their open cases; move cases between versions."""
    if ctx.invoked_subcommand is not None:
        return
    from engine.core import versions

    with _workflow_env(ctx.obj) as env:
        found = versions.workflow_versions(env)
    for info in found:
        notes = [" (newest)" if info.newest else "", "" if info.registered else " (not registered)"]
        click.echo(f"{info.workflow} v{info.version}: {info.open_cases} open case(s){''.join(notes)}")


@workflows_group.command("migrate")
@click.argument("workflow")
@click.option("--to", "to_version", type=click.IntRange(min=1), required=True, help="The version to move to.")
@click.option("--dry-run", is_flag=True, help="Report what would move; change nothing.")
@click.pass_obj
def workflows_migrate(settings: Settings, workflow: str, to_version: int, dry_run: bool) -> None:
    """Move WORKFLOW's open cases on older versions to version --to by the migrations it declares.

    Each case moves in its own transaction; a case whose state has no mapping is refused and stays as it is.
    """
    from engine.core import versions

    with _workflow_env(settings) as env:
        report = versions.migrate(env, workflow, to_version, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    for m in report.moves:
        where = f"case {m.case_id}: v{m.from_version} {m.from_state}"
        click.echo(f"{where}: refused, {m.reason}" if m.refused else f"{where} -> v{to_version} {m.to_state}")
    click.echo(f"{len(report.moved)} case(s) {verb}, {len(report.refused)} refused."
               + (" Dry run: nothing was changed." if dry_run else ""))


@contextmanager
def _workflow_env(settings: Settings) -> Iterator[Any]:
    """The services' environment with the installed workflows registered; errors become click's."""
    from engine import services

    env = services.open_env(settings)
    try:
        load_workflows(env.registry, settings)
        env.db.check_schema()
        yield env
    except (EngineError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()


@main.command("scheduler")
@click.option("--standby-retry", type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="While another scheduler is active, try to take over every SECONDS (default 5).")
@click.option("--sweep-seconds", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Fire due deadlines and reminders every SECONDS (default 30).")
@click.pass_obj
def scheduler_command(settings: Settings, standby_retry: float | None, sweep_seconds: float | None) -> None:
    """Fire deadlines and reminders, deliver notifications, send digests and check the history.

    One scheduler is active per database; another started waits as a standby and takes over when the
    active one stops. SIGTERM or Ctrl+C stops it cleanly.
    """
    from engine import services
    from engine.scheduler import process as scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        env = services.open_env(settings, scheduler=True)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    try:
        if not load_workflows(env.registry, settings):
            # Without its workflow a timer cannot fire: refuse to start rather than retire every deadline.
            raise click.ClickException("no workflow is installed (entry points 'unionflow.workflows'): "
                                       "reinstall unionflow with `pip install -e .`")
        env.db.check_schema()
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        scheduler.run_scheduler(env, settings, stop_event=stop, standby_retry=standby_retry,
                                sweep_seconds=sweep_seconds, announce=click.echo)
    except (EngineError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()
    click.echo("Scheduler stopped.")


for _ep in entry_points(group="unionflow.commands"):
    main.add_command(_ep.load(), _ep.name)

from engine.time.calendar_cli import calendar_group  # noqa: E402 - the calendar commands live in their own module

main.add_command(calendar_group, "calendar")
