"""Fixtures: a database per test on SQLite and on a real PostgreSQL server, migrated once per run.

The engine owns its transactions (one per action, ``BEGIN IMMEDIATE`` / ``FOR UPDATE``) and concurrency is
behaviour under test, so tests do not run inside an outer savepoint: each SQLite test gets a copy of a
database file migrated once, and each PostgreSQL test the run's schema with its tables emptied.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from engine.core.env import Env
from engine.core.registry import Registry
from engine.store import schema
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.db import PG_URL, START, People, fresh_url, pg_url_with_schema
from support.flows import FRAGILE, PETITION, REQUEST
from support.notify import RobotServer

BACKENDS = ["sqlite", "postgresql"]


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
    url = pg_url_with_schema(name)
    try:
        schema.upgrade(url)
        yield url
    finally:
        admin.execute(f"DROP SCHEMA {name} CASCADE")
        admin.close()


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


@pytest.fixture
def people(env: Env) -> People:
    return People(env)


@pytest.fixture
def robot() -> Iterator[RobotServer]:
    """A chat robot's webhook on a real local HTTP server."""
    server = RobotServer()
    yield server
    server.close()
