"""The statements one comment posted over the JSON API sends to the database, on either backend: counted, so that
the hot path of the throughput benchmark cannot silently grow back (a count, not a timing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from engine.store.database import RawTransaction
from support.api import World, api_app, api_env, bearer


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@contextmanager
def recorded(env: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement sent while inside, through SQLAlchemy or a raw write transaction, and one line per
    connection taken from the pool (``checkout``: a transaction of its own)."""
    sent: list[str] = []

    def on_execute(_conn, _cursor, statement, _params, _context, _many) -> None:
        sent.append(statement)

    def on_checkout(*_: Any) -> None:
        sent.append("checkout")

    for name in ("execute", "executemany", "one", "all"):
        original = getattr(RawTransaction, name)

        def counted(self, stmt, params, _original=original, _many=name == "executemany"):
            if params or not _many:  # executemany of no rows sends nothing
                sent.append(stmt.sql)
            return _original(self, stmt, params)

        monkeypatch.setattr(RawTransaction, name, counted)
    event.listen(env.db.engine, "before_cursor_execute", on_execute)
    event.listen(env.db.engine, "checkout", on_checkout)
    try:
        yield sent
    finally:
        event.remove(env.db.engine, "before_cursor_execute", on_execute)
        event.remove(env.db.engine, "checkout", on_checkout)
        monkeypatch.undo()


# The token with its owner and their roles: 1. The reader check with the author's name, the participants who may
# read, the case locked, its history entry, its version and the notifications: 6. (One per participant before.)
STATEMENTS = 7
TRANSACTIONS = 2  # the token's read and the comment's write


def test_a_comment_over_the_api_sends_the_same_few_statements_however_many_are_told(env, tmp_path, monkeypatch):
    world = World(env)
    client = api_app(env, tmp_path).test_client()
    rep1 = bearer(world.token(world.rep1))
    told = []
    for case_id in (world.proposal, world.bargain):  # a draft only its starter reads; a case with many actors
        url = f"/api/v1/cases/{case_id}/comments"
        assert client.post(url, headers=rep1, json={"text": "先热身。"}).status_code == 201  # first-use caches
        with recorded(env, monkeypatch) as sent:
            posted = client.post(url, headers=rep1, json={"text": "同意，建议尽快落实。"})
        assert posted.status_code == 201, posted.get_data(as_text=True)
        statements = [s for s in sent if s != "checkout" and not s.startswith("BEGIN")]  # SQLite's own BEGIN
        assert len(statements) <= STATEMENTS, "\n".join(statements)
        assert sent.count("checkout") <= TRANSACTIONS, "\n".join(sent)
        with env.db.read() as conn:
            told.append(conn.exec_driver_sql(
                f"SELECT count(*) FROM notifications WHERE case_id = {int(case_id)} AND kind = 'comment'").scalar())
    assert told[0] < told[1] and told[1] >= 2 * 3  # each of the two comments told to three or more
