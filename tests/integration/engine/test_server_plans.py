"""Behind a real PgBouncer in transaction mode: the hot statements (an API token's owner, a comment's reader check
and participants) run through PL/pgSQL functions that keep their plans on the server, with the very answers the
statements give, visibility included; made once however many processes start together; run as written where
the database user may not make them. And a connection to the pooler is pinged only once it has rested."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound
from engine.core.registry import Registry
from engine.identity.tokens import token_owner
from engine.store import database
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.db import START, fresh_url
from support.serving import pgbouncer
from support.union import Union
from workflows import register_all

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def direct(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = fresh_url(backend, request, tmp_path)
    _drop_functions(url)  # each test starts with none made, whatever ran before it in the session's schema
    yield url


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(sa.engine.make_url(url).set(drivername="postgresql").render_as_string(
        hide_password=False), autocommit=True)


def _functions(url: str) -> list[str]:
    with _admin(url) as conn:
        return [n for (n,) in conn.execute("SELECT proname FROM pg_proc WHERE pronamespace = "
                                           "current_schema()::regnamespace AND proname LIKE 'uf_plan_%' "
                                           "ORDER BY proname")]


def _drop_functions(url: str) -> None:
    with _admin(url) as conn:
        for (signature,) in conn.execute("SELECT oid::regprocedure::text FROM pg_proc WHERE pronamespace = "
                                         "current_schema()::regnamespace AND proname LIKE 'uf_plan_%'").fetchall():
            conn.execute(f"DROP FUNCTION {signature}")


def _env(url: str, registry: Registry, *, pooled: bool) -> Env:
    return Env(Database(url, pooled=pooled), registry, FixedClock(START))


@pytest.fixture
def registry() -> Registry:
    return register_all(Registry(), Settings())


@pytest.fixture
def plain(direct: str, registry: Registry) -> Iterator[Env]:
    """The database reached directly, where the statements run as written."""
    env = _env(direct, registry, pooled=False)
    yield env
    env.db.dispose()


@pytest.fixture
def u(plain: Env) -> Union:
    """A union with its representatives (rep1 … rep5), made directly."""
    return Union(plain)


def _sent(env: Env) -> list[str]:
    """The statements the driver receives from now on (after the server plans' rewrite)."""
    sent: list[str] = []
    sa.event.listen(env.db.engine, "before_cursor_execute",
                    lambda _c, _cur, statement, *_: sent.append(statement))
    return sent


def test_hot_statements_run_through_functions_kept_on_the_server_with_the_same_answers(direct, registry, plain, u):
    draft = services.start_case(plain, Actor(u.rep1), "proposal", u.union, "关于夜班班车的提案",
                                {"session_id": u.session, "category": "welfare", "reasons": "夜班下班无车",
                                 "measures": "增开夜班班车"}).case_id
    secret = services.create_token(plain, u.rep1, "测试").secret
    with pgbouncer(direct) as pooled_url:
        pooled = _env(pooled_url, registry, pooled=True)
        sent = _sent(pooled)
        for _ in range(7):  # past the five custom plans PostgreSQL makes before it keeps a generic one
            assert token_owner(pooled, secret) == token_owner(plain, secret)
        said = services.post_comment(pooled, Actor(u.rep1), draft, "请大家看看")
        assert (said.author, said.text) == ("王建国", "请大家看看")
        with pytest.raises(NotFound):  # a draft is its starter's alone: the function answers as the statement
            services.post_comment(pooled, Actor(u.rep4), draft, "我也说两句")
        with pytest.raises(NotFound):
            services.post_comment(plain, Actor(u.rep4), draft, "我也说两句")
        assert [c.text for c in services.list_comments(plain, Actor(u.rep1), draft)] == ["请大家看看"]
        pooled.db.dispose()
    made = _functions(direct)
    assert len(made) == 3  # the token's owner, the reader check, the participants
    called = [s for s in sent if "uf_plan_" in s]
    assert len(called) == 7 + 2 + 1  # every token read, the comment's two hot reads, the refused reader check
    assert not any(s.lstrip().upper().startswith("SELECT USERS.ID") for s in sent)  # never as written


def test_a_function_dropped_under_a_running_process_is_made_again_after_one_failed_call(direct, registry, plain, u):
    secret = services.create_token(plain, u.rep2, "测试").secret
    with pgbouncer(direct) as pooled_url:
        env = _env(pooled_url, registry, pooled=True)
        assert token_owner(env, secret).username == "rep2"
        _drop_functions(direct)
        with pytest.raises(sa.exc.ProgrammingError, match="UndefinedFunction"):
            token_owner(env, secret)
        assert token_owner(env, secret).username == "rep2"
        assert len(_functions(direct)) == 1
        env.db.dispose()


def test_processes_starting_together_make_each_function_once(direct, registry, plain, u):
    secret = services.create_token(plain, u.rep2, "测试").secret
    with pgbouncer(direct) as pooled_url:
        starting = [_env(pooled_url, registry, pooled=True) for _ in range(4)]  # as four processes would
        with ThreadPoolExecutor(4) as pool:
            owners = list(pool.map(lambda env: token_owner(env, secret).username, starting))
        assert owners == ["rep2"] * 4
        for env in starting:
            env.db.dispose()
    assert len(_functions(direct)) == 1


def test_a_user_who_may_not_make_functions_gets_the_statements_as_written(direct, registry, plain, u, caplog):
    secret = services.create_token(plain, u.rep3, "测试").secret
    schema = sa.engine.make_url(direct).query["options"].split("=", 1)[1]
    with _admin(direct) as admin:
        admin.execute("DROP ROLE IF EXISTS uf_reader_only")
        admin.execute("CREATE ROLE uf_reader_only LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO uf_reader_only")
        admin.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO uf_reader_only")
    limited = sa.engine.make_url(direct).set(username="uf_reader_only").render_as_string(hide_password=False)
    try:
        env = _env(limited, registry, pooled=True)
        with caplog.at_level(logging.WARNING, logger="engine.store.server_plans"):
            assert [token_owner(env, secret).username for _ in range(3)] == ["rep3"] * 3
        told = [r.getMessage() for r in caplog.records if r.name == "engine.store.server_plans"]
        assert len(told) == 1 and "InsufficientPrivilege" in told[0] and secret not in told[0]
        assert _functions(direct) == []
        env.db.dispose()
    finally:
        with _admin(direct) as admin:
            admin.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM uf_reader_only")
            admin.execute(f"REVOKE ALL ON SCHEMA {schema} FROM uf_reader_only")
            admin.execute("DROP ROLE uf_reader_only")


def test_a_connection_to_the_pooler_is_pinged_once_rested_and_replaced_when_the_pooler_dropped_it(
        direct, registry, plain, u, monkeypatch):
    secret = services.create_token(plain, u.rep5, "测试").secret
    with pgbouncer(direct) as pooled_url:
        env = _env(pooled_url, registry, pooled=True)
        pings: list[int] = []
        ping = env.db.engine.dialect.do_ping
        monkeypatch.setattr(env.db.engine.dialect, "do_ping", lambda dbapi: pings.append(1) or ping(dbapi))
        for _ in range(5):  # one after another, as requests under load: no ping
            assert token_owner(env, secret).username == "rep5"
        assert pings == []
        console = sa.engine.make_url(pooled_url).set(database="pgbouncer").render_as_string(hide_password=False)
        with psycopg.connect(console, autocommit=True, prepare_threshold=None) as admin:
            admin.pgconn.exec_(b"KILL unionflow")  # PgBouncer drops every client's connection to the database
            admin.pgconn.exec_(b"RESUME unionflow")
        time.sleep(database.PING_IDLE + 0.2)
        assert token_owner(env, secret).username == "rep5"  # the dead connection was found and replaced
        assert pings == [1]
        env.db.dispose()
