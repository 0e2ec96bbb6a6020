"""``unionflow db backup FILE`` and ``unionflow db restore FILE``: a consistent copy of the whole database, and
putting one back. SQLite: the online backup API (a consistent copy while the server runs); PostgreSQL:
``pg_dump -Fc`` and ``pg_restore --clean --if-exists`` in one transaction. A restore ends by walking every
case's history chain and raises ``RestoreFailed`` when one is broken."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa

from engine.store import audit
from engine.store.database import Database

PG_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's client binaries when they are not on PATH


class BackupFailed(Exception):
    """The copy could not be made or put back; the message says why."""


class RestoreFailed(BackupFailed):
    """The copy was put back but does not hold: a history chain is broken or the file was not a database."""


@dataclass(frozen=True, slots=True)
class Restored:
    cases: int
    events: int


def _tool(name: str) -> str:
    found = shutil.which(name) or (str(PG_BIN / name) if (PG_BIN / name).exists() else None)
    if found is None:
        raise BackupFailed(f"{name} is needed for a PostgreSQL database and was not found on PATH or in {PG_BIN}")
    return found


def _libpq(url: str) -> tuple[str, list[str]]:
    """The URL as libpq takes it, and ``--schema`` when the URL puts the tables in a schema of their own
    (``options=-csearch_path=…``)."""
    plain = sa.engine.make_url(url).set(drivername="postgresql")
    schemas = []
    for option in parse_qs(urlsplit(url).query).get("options", []):
        for word in unquote(option).split():
            if word.startswith("-csearch_path="):
                schemas = [f"--schema={word.split('=', 1)[1].split(',')[0]}"]
    return plain.render_as_string(hide_password=False), schemas


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _sqlite_path(db: Database) -> str:
    return str(sa.engine.make_url(db.url).database)


def backup(db: Database, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` (a SQLite file, or a pg_dump custom archive)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if db.sqlite:
        source = sqlite3.connect(_sqlite_path(db))
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
            source.close()
    else:
        url, schemas = _libpq(db.url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", *schemas, f"--file={partial}", f"--dbname={url}"])
    os.replace(partial, target)


def restore(db: Database, source: Path) -> Restored:
    """Put the copy in ``source`` back in place of the database's contents, then check every history chain."""
    if not source.is_file():
        raise BackupFailed(f"{source}: no such file")
    db.dispose()
    if db.sqlite:
        copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise RestoreFailed(f"{source}: the file is damaged (PRAGMA integrity_check)")
            live = sqlite3.connect(_sqlite_path(db))
            try:
                copy.backup(live)
            finally:
                live.close()
        except sqlite3.DatabaseError as err:
            raise RestoreFailed(f"{source}: not a SQLite database ({err})") from None
        finally:
            copy.close()
    else:
        url, schemas = _libpq(db.url)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *schemas,
              f"--dbname={url}", str(source)])
    return verify(db)


def verify(db: Database) -> Restored:
    """The audit verification a restore ends with: every case's chain must hold."""
    breaks = list(audit.verify(db))
    if breaks:
        raise RestoreFailed("the restored history does not verify: " + "; ".join(str(b) for b in breaks[:10]))
    with db.engine.connect() as conn:
        cases = conn.execute(sa.text("SELECT count(*) FROM cases")).scalar_one()
        events = conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
    return Restored(cases, events)
