"""A search by words reads the cases its terms point at and finds exactly what reading every case found: words of
the title and of the searchable texts, one character, Latin letters in either case, with a key filter, and after
an action changed the texts (the old words no longer match, the new ones do)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa

from engine import services
from engine.core import queries, terms
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.core.spec import Field, Transition
from engine.store.database import Database, RawTransaction
from engine.store.term_tables import CaseTerm
from support.db import People
from support.flows import REQUEST, L

SEARCHED = replace(
    REQUEST, name="searched", searchable=("body",), indexed=("department",),
    transitions=(*REQUEST.transitions,
                 Transition("retitle", ("draft",), "draft", L("retitle"), roles=("starter",),
                            fields=(Field("title", L("title"), "text", max_length=100),))))
CASES = (("关于延长职工食堂夜班供餐时间", "夜班职工零点下班时食堂早已关门。"),
         ("宿舍网络", "二号楼 Wi-Fi 信号差，晚上经常断线。"),
         ("停车场扩建", "早班职工常把车停在厂外路边。"),
         ("食", "一个字的标题"),
         ("WIFI 覆盖车间", "车间里没有无线网络"))
QUERIES = ("食堂", "夜班供餐", "堂", "食", "wi-fi", "WI-FI", "Wifi", "w", "F", "信号差", "网络", "夜班零点", "不存在",
           " 食堂 ", "%", "食_", "职工", "车间里", "下班时食堂", "标题")


@pytest.fixture
def env(db_url, clock) -> Iterator[Env]:
    registry = Registry()
    registry.register(SEARCHED)
    environment = Env(Database(db_url), registry, clock)
    yield environment
    environment.db.dispose()


def found(env: Env, text: str, **filters) -> tuple[list[int], int, bool]:
    page = services.search_cases(env, services.SYSTEM_ACTOR, workflow="searched", text=text, text_keys=("body",),
                                 per_page=200, **filters)
    return [c.id for c in page.items], page.total, page.exact


def read_all(env: Env, monkeypatch, text: str, **filters) -> tuple[list[int], int, bool]:
    """The search as it was before terms: every case of the list checked with LIKE."""
    with monkeypatch.context() as m:
        m.setattr(queries, "_narrow", lambda *args: None)
        return found(env, text, **filters)


def start(env: Env, people: People, title: str, body: str) -> int:
    return services.start_case(env, Actor(people.clerk), "searched", people.union, title, {"body": body}).case_id


def stored(env: Env, case_id: int) -> set[int]:
    t = CaseTerm.__table__.c
    with env.db.read() as conn:
        return set(conn.execute(sa.select(t.term).where(t.case_id == case_id)).scalars())


def test_words_of_the_title_and_the_text_find_what_reading_every_case_found(env, monkeypatch):
    people = People(env)
    ids = [start(env, people, title, body) for title, body in CASES]
    assert found(env, "食堂")[0] == [ids[0]]  # in the title and in the text
    assert found(env, "零点下班")[0] == [ids[0]]  # in the text only
    assert found(env, "堂")[0] == [ids[0]]  # one character, in the middle of a word
    assert sorted(found(env, "食")[0]) == [ids[0], ids[3]]  # one character, a whole title too
    assert sorted(found(env, "wi-fi")[0]) == [ids[1]]  # Latin letters in either case
    assert sorted(found(env, "wifi")[0]) == [ids[4]]
    assert found(env, "夜班零点")[0] == []  # each word is there, not the phrase
    for query in QUERIES:
        assert found(env, query) == read_all(env, monkeypatch, query), query


def test_a_key_filter_and_many_candidates_give_the_same_cases(env, monkeypatch):
    people = People(env)
    ids = [start(env, people, f"食堂{n}号窗口", "夜班供餐") for n in range(6)]
    for case_id in ids[:4]:
        services.fire(env, Actor(people.clerk), case_id, "submit")
        services.fire(env, Actor(people.reviewer), case_id, "assign",
                      {"department": people.dept if case_id in ids[:2] else people.other_dept})
    dept = {"data": {"department": people.dept}}
    assert sorted(found(env, "食堂", **dept)[0]) == ids[:2]
    assert found(env, "食堂", **dept) == read_all(env, monkeypatch, "食堂", **dept)
    # Terms that point at more cases than are looked up one by one: the list is read in its order instead.
    for cap, few in ((2, 500), (5000, 1)):
        with monkeypatch.context() as m:
            m.setattr(terms, "CAP", cap)
            m.setattr(terms, "FEW", few)
            for query in ("食堂", "窗口", "堂", "3号"):
                assert sorted(found(env, query)[0]) == sorted(read_all(env, monkeypatch, query)[0]), query
            assert sorted(found(env, "食堂", **dept)[0]) == ids[:2]


def test_after_an_action_changes_the_texts_the_old_words_no_longer_match(env, monkeypatch):
    people = People(env)
    case_id = start(env, people, "食堂窗口", "夜班供餐时间太短")
    other = start(env, people, "停车场", "车位不够")
    services.fire(env, Actor(people.clerk), case_id, "edit", {"body": "淋浴间没有热水"})
    assert found(env, "夜班")[0] == []
    assert found(env, "热水")[0] == [case_id]
    services.fire(env, Actor(people.clerk), case_id, "retitle", {"title": "淋浴间翻修"})
    assert found(env, "食堂")[0] == []
    assert found(env, "翻修")[0] == [case_id]
    for query in ("食堂", "夜班", "热水", "淋浴", "翻", "车位"):
        assert found(env, query) == read_all(env, monkeypatch, query), query
    # What is stored is exactly the terms of the texts now: nothing of the old words is left behind.
    spec = env.registry.get("searched", 1).spec
    assert stored(env, case_id) == terms.of(terms.source(spec, "淋浴间翻修", {"body": "淋浴间没有热水"}))
    assert stored(env, other) == terms.of(terms.source(spec, "停车场", {"body": "车位不够"}))


def test_an_action_that_leaves_the_texts_alone_writes_no_term(env, monkeypatch):
    people = People(env)
    case_id = start(env, people, "食堂窗口", "夜班供餐")
    before = stored(env, case_id)
    written: list[str] = []
    for name in ("execute", "executemany"):
        run = getattr(RawTransaction, name)
        monkeypatch.setattr(RawTransaction, name, lambda self, stmt, params, run=run: (
            written.append(stmt.sql) if "case_terms" in stmt.sql else None, run(self, stmt, params))[1])
    services.fire(env, Actor(people.clerk), case_id, "submit")
    assert written == []
    services.fire(env, Actor(people.reviewer), case_id, "send_back")
    services.fire(env, Actor(people.clerk), case_id, "edit", {"body": "夜班供餐时间"})
    assert written  # a changed text does write
    spec = env.registry.get("searched", 1).spec
    assert stored(env, case_id) == terms.of(terms.source(spec, "食堂窗口", {"body": "夜班供餐时间"})) != before
