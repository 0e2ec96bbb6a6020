"""Fixtures: a database per test on SQLite and on a real PostgreSQL server, migrated once per run.

The engine owns its transactions (one per action, ``BEGIN IMMEDIATE`` / ``FOR UPDATE``) and concurrency is
behaviour under test, so tests do not run inside an outer savepoint: each SQLite test gets a copy of a
database file migrated once, and each PostgreSQL test the run's schema with its tables emptied.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
import sqlalchemy as sa

from engine import schema, services
from engine.clock import FixedClock
from engine.db import Database
from engine.env import Env
from engine.models import Base
from engine.registry import Registry
from support.flows import FRAGILE, PETITION, REQUEST

PG_URL = os.environ.get("UNIONFLOW_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
TZ = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-23, 10:00 in Shanghai.
START = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
BACKENDS = ["sqlite", "postgresql"]


def _pg_url_with_schema(schema_name: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema_name}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    schema.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    name = f"uf_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    except psycopg.OperationalError as err:
        pytest.fail(f"PostgreSQL is needed for the tests and is not reachable at {PG_URL}: {err}. "
                    "Start it, or set UNIONFLOW_TEST_PG_URL.")
    admin.execute(f"CREATE SCHEMA {name}")
    url = _pg_url_with_schema(name)
    try:
        schema.upgrade(url)
        yield url
    finally:
        admin.execute(f"DROP SCHEMA {name} CASCADE")
        admin.close()


def fresh_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database for one test."""
    if backend == "sqlite":
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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_url(backend, request, tmp_path)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def env(db_url: str, clock: FixedClock) -> Iterator[Env]:
    registry = Registry()
    registry.register(REQUEST)
    registry.register(FRAGILE)
    registry.register(PETITION)
    environment = Env(Database(db_url), registry, clock)
    yield environment
    environment.db.dispose()


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


@pytest.fixture
def people(env: Env) -> People:
    return People(env)


def snapshot(env: Env) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused action changed nothing."""
    out = {}
    with env.db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = sorted(tuple(r) for r in conn.execute(sa.select(table)))
    return out
