"""Databases for tests: the PostgreSQL server to use, a fresh migrated database per test, and snapshots."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.env import Env
from engine.store.database import Database
from engine.store.models import Base
from workflows import TABLES  # noqa: F401 - the domains' tables join the shared metadata

PG_URL = os.environ.get("UNIONFLOW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
TZ = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-23, 10:00 in Shanghai.
START = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


def pg_url_with_schema(schema_name: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema_name}"


def fresh_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database for one test."""
    if backend == "sqlite":
        import shutil

        target = tmp_path / "unionflow.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    url = request.getfixturevalue("pg_schema_url")
    db = Database(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    db.dispose()
    return url


class People:
    """A union with two departments and one user per role, as most engine tests need."""

    def __init__(self, env: Env) -> None:
        self.federation = services.create_organisation(env, "市总工会", "federation")
        self.union = services.create_organisation(env, "某公司工会", "union", self.federation)
        self.dept = services.create_organisation(env, "生产部", "department", self.union)
        self.other_dept = services.create_organisation(env, "财务部", "department", self.union)
        self.clerk = services.create_user(env, "clerk", "王职员")
        self.clerk2 = services.create_user(env, "clerk2", "李职员")
        self.reviewer = services.create_user(env, "reviewer", "张审查", language="en")
        self.head = services.create_user(env, "head", "赵主席")
        self.handler = services.create_user(env, "handler", "钱承办")
        self.outsider = services.create_user(env, "outsider", "孙路人")
        services.grant_role(env, self.clerk, self.union, "clerk")
        services.grant_role(env, self.clerk2, self.union, "clerk")
        services.grant_role(env, self.reviewer, self.union, "reviewer")
        services.grant_role(env, self.head, self.federation, "head")
        services.grant_role(env, self.handler, self.dept, "handler")


@contextmanager
def empty_database(backend: str, tmp_path: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database of ``backend`` (a PostgreSQL schema of its own, dropped afterwards), for
    migration tests that start from an older revision."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield pg_url_with_schema(name)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


def snapshot(env: Env) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused action changed nothing."""
    out = {}
    with env.db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = sorted(tuple(r) for r in conn.execute(sa.select(table)))
    return out
