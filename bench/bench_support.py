"""What the benchmarks share: the PostgreSQL server, a throw-away schema on it, and a bare driver connection
set up exactly as the engine sets up its own."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from engine.store.database import Database

PG_URL = os.environ.get("UNIONFLOW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "secure_delete=ON", "busy_timeout=5000")


def _driver_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def pg_schema_url() -> Iterator[str | None]:
    """A URL whose tables go in a schema of their own, dropped afterwards; None when no server answers."""
    try:
        admin = psycopg.connect(_driver_url(PG_URL), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        yield None
        return
    name = f"uf_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield _driver_url(f"{PG_URL}{sep}options=-csearch_path%3D{name}")
    finally:
        admin.execute(f"DROP SCHEMA {name} CASCADE")
        admin.close()


def raw_connection(db: Database) -> tuple[Any, Callable[[datetime], Any]]:
    """A bare sqlite3 / psycopg connection to the engine's database, and how it passes a time."""
    if db.sqlite:
        conn = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=5, check_same_thread=False)
        for pragma in SQLITE_PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        return conn, lambda d: d.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return psycopg.connect(_driver_url(db.url)), lambda d: d
