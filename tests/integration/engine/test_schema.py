"""`unionflow db upgrade` creates and upgrades databases; the code refuses a database of another revision."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from engine import services
from engine.cli import main
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store import schema
from engine.store.database import Database, head_revision
from engine.store.models import Base
from support.db import empty_database
from support.flows import REQUEST
from workflows import TABLES  # noqa: F401 - the domains' tables join the shared metadata


@pytest.fixture
def empty_url(backend, tmp_path):
    with empty_database(backend, tmp_path, "uf_schema") as url:
        yield url


def upgrade_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"UNIONFLOW_DATABASE_URL": url})
    return result.exit_code, result.output


def test_an_empty_database_is_refused_until_upgraded(empty_url):
    registry = Registry()
    registry.register(REQUEST)
    env = Env(Database(empty_url), registry)
    try:
        with pytest.raises(services.SchemaOutdated) as caught:
            services.inbox(env, 1)
        assert "unionflow db upgrade" in caught.value.label.en
        assert "unionflow db upgrade" in caught.value.label.zh
        with pytest.raises(services.SchemaOutdated):
            services.start_case(env, Actor(1), "request", 1, "t")
    finally:
        env.db.dispose()
    code, output = upgrade_cli(empty_url)
    assert code == 0 and f"upgraded from empty to {head_revision()}" in output
    assert "already at revision" in upgrade_cli(empty_url)[1]
    env = Env(Database(empty_url), Registry())
    try:
        assert services.inbox(env, 1).items == []
    finally:
        env.db.dispose()


def test_a_database_from_newer_code_is_refused(empty_url):
    schema.upgrade(empty_url)
    db = Database(empty_url)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'from_the_future'")
        with pytest.raises(services.SchemaOutdated) as caught:
            db.check_schema()
        assert caught.value.current == "from_the_future"
    finally:
        db.dispose()


def test_migrations_go_down_and_up_and_match_the_models(empty_url):
    schema.upgrade(empty_url)
    schema.downgrade(empty_url, "base")
    db = Database(empty_url)
    try:
        with db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
        schema.upgrade(empty_url)
        with db.engine.connect() as conn:
            # Every change to the models comes with a revision: nothing left for autogenerate to find.
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.dispose()


def test_an_old_database_keeps_its_cases_when_upgraded(empty_url, monkeypatch):
    """A database from the first release, with a case in it, comes up to head with nothing lost; who may read the
    case is stored from its workflow, and the case is counted in its workflow's rollup."""
    from dataclasses import replace

    from engine import cli
    from engine.core.spec import Rollup

    counted = replace(REQUEST, rollups=(Rollup("by_step", ("state",)),))
    monkeypatch.setattr(cli, "load_workflows", lambda registry, _settings: registry.register(counted))
    from datetime import UTC, datetime

    schema.upgrade(empty_url, "0001")
    db = Database(empty_url)
    created, moved = datetime(2026, 11, 2, 1, 0, tzinfo=UTC), datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
    env = Env(db, Registry())
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO organisations (id, kind, name, path, created_at) "
                                 "VALUES (1, 'union', '工会', '/1/', :t)"), {"t": created})
            conn.execute(sa.text("INSERT INTO cases (id, workflow, spec_version, organisation_id, state, version, "
                                 "title, data, created_at, updated_at, head_hash) VALUES (1, 'request', 1, 1, "
                                 "'review', 2, '旧事项', '{}', :c, :u, 'x')"), {"c": created, "u": moved})
            for seq, frm, to, at in ((1, None, "draft", created), (2, "draft", "review", moved)):
                conn.execute(sa.text("INSERT INTO events (case_id, seq, trigger, from_state, to_state, payload, "
                                     "created_at, prev_hash, hash) VALUES (1, :s, 't', :f, :to, '{}', :at, 'p', 'h')"),
                             {"s": seq, "f": frm, "to": to, "at": at})
        code, output = upgrade_cli(empty_url)
        assert code == 0 and "upgraded from 0001" in output
        with db.engine.connect() as conn:
            title, state_since = conn.execute(sa.text("SELECT title, state_since FROM cases")).one()
            assert conn.execute(sa.text("SELECT count(*) FROM events")).scalar() == 2
            readers = conn.execute(sa.text("SELECT role, organisation_id FROM case_readers WHERE case_id = 1")).all()
            rollup = conn.execute(sa.text("SELECT rollup, group_key, count FROM rollup_counts")).all()
        assert title == "旧事项"
        assert str(state_since).startswith("2026-11-03 02:30")
        assert "Readers stored for 1 case(s)." in output and ("reviewer", 1) in [tuple(r) for r in readers]
        assert "Rollups counted for 1 case(s)." in output and [tuple(r) for r in rollup] == [
            ("by_step", '["review"]', 1)]
    finally:
        env.db.dispose()
