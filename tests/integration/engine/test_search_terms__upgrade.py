"""Upgrading a database that holds cases from before search terms were kept writes their terms, so a search finds
them as it finds new ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from engine.core import terms
from engine.store import schema
from engine.store.database import Database
from engine.store.term_tables import CaseTerm
from support.db import empty_database

CASES = (  # id, workflow, title, data, key columns
    (1, "proposal", "关于延长职工食堂夜班供餐时间的提案",
     {"reasons": "夜班职工零点下班时食堂早已关门", "measures": "增设夜班窗口", "answer": "已落实"},
     ("1", "welfare", "7")),
    (2, "request", "Wi-Fi 覆盖车间", {"body": "车间里没有无线网络"}, (None, None, None)),
)


@pytest.fixture
def old_url(backend, tmp_path):
    with empty_database(backend, tmp_path, "uf_terms") as url:
        yield url


def test_upgrading_from_0013_fills_the_terms_of_the_cases_already_there(old_url):
    schema.upgrade(old_url, "0013")
    db = Database(old_url)
    at = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    cases = sa.table("cases", *[sa.column(n) for n in (
        "id", "workflow", "spec_version", "organisation_id", "state", "version", "title", "created_at", "updated_at",
        "state_since", "head_hash", "key1", "key2", "key3")], sa.column("data", sa.JSON))
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO organisations (id, kind, name, path, created_at) "
                                 "VALUES (1, 'union', '工会', '/1/', :t)"), {"t": at})
            for case_id, workflow, title, data, keys in CASES:
                conn.execute(cases.insert().values(
                    id=case_id, workflow=workflow, spec_version=1, organisation_id=1, state="submitted", version=1,
                    title=title, data=data, created_at=at, updated_at=at, state_since=at, head_hash="x",
                    key1=keys[0], key2=keys[1], key3=keys[2]))
        schema.upgrade(old_url)
        t = CaseTerm.__table__.c
        with db.engine.connect() as conn:
            stored = {case_id: set(conn.execute(sa.select(t.term).where(t.case_id == case_id)).scalars())
                      for case_id, *_ in CASES}
            # the words of the title and of the keys the proposal searches; its answer and a request's body are not
            assert stored[1] == terms.of(("proposal", CASES[0][2], ("夜班职工零点下班时食堂早已关门", "增设夜班窗口"),
                                          ("1", "welfare", "7")))
            assert stored[2] == terms.of(("request", "Wi-Fi 覆盖车间", (), (None, None, None)))
            assert terms.narrow(conn, "零点", []) == [1]
            assert terms.narrow(conn, "已落实", []) == []
            assert terms.narrow(conn, "wi-fi", []) == [2]
            assert terms.narrow(conn, "窗口", [terms.key_term("proposal", 3, "7")]) == [1]
            assert terms.narrow(conn, "窗口", [terms.key_term("proposal", 3, "8")]) == []
        schema.downgrade(old_url, "0013")
        with db.engine.connect() as conn:
            assert "case_terms" not in sa.inspect(conn).get_table_names()
    finally:
        db.dispose()
