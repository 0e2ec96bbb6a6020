"""The disclosure register on both backends: one item per entry and period once the period ends, with its
deadline counted on the working-day calendar; publication and corrections keeping the earlier text; questions
answered under the item, the asker named only to the department and the office unless they chose; overdue
items and questions going to the union office."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Notification
from engine.time.calendar import TZ
from support.disclosures import Disclosures, entry
from workflows.disclosures import services as disclosures


@pytest.fixture
def d(env):
    return Disclosures(env)


def test_the_sweep_makes_one_item_per_entry_and_ended_period_with_a_working_day_deadline(d, env, clock):
    made = disclosures.make_due_items(env)  # 2026-11-23: January to October, Q1 to Q3; the event entry none
    assert made == 10 + 3
    assert disclosures.make_due_items(env) == 0  # run again: nothing twice
    october = services.search_cases(env, Actor(d.office), workflow="disclosure", text="2026年10月").items
    assert [c.title for c in october] == ["月度工资发放情况（2026年10月）"]
    data = october[0].data
    # Ten working days after 31 October 2026: 1 November is a Sunday; 2–6 and 9–13 November are workdays.
    assert data["due_on"] == "2026-11-13" and data["department"] == d.hr and data["period"] == "2026-10"
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    assert disclosures.make_due_items(env) == 1  # November has ended


def test_a_period_not_ended_or_made_twice_is_refused_in_the_users_words(d, env):
    with pytest.raises(services.ValidationFailed) as caught:
        disclosures.make_item(env, Actor(d.office), d.wages, period="2026-11")
    assert "期满后才生成" in caught.value.errors["period"][0].zh
    d.item("2026-10")
    with pytest.raises(services.ValidationFailed) as caught:
        disclosures.make_item(env, Actor(d.office), d.wages, period="2026-10")
    assert "每期只生成一次" in caught.value.errors["period"][0].zh
    with pytest.raises(services.ValidationFailed) as caught:
        disclosures.make_item(env, Actor(d.office), d.wages, period="2026-Q3")
    assert "公开频次" in caught.value.errors["period"][0].zh


def test_an_event_item_is_made_by_the_office_and_an_entry_by_a_keeper_only(d, env):
    item = disclosures.make_item(env, Actor(d.office), d.safety, event="11月20日铸造车间烫伤事故")
    assert d.data(item)["department"] == d.works
    with pytest.raises(services.PermissionDenied):
        disclosures.add_entry(env, Actor(d.rep1), d.union, entry("x", "other", "yearly", d.union, d.hr))
    with pytest.raises(services.ValidationFailed) as caught:
        disclosures.add_entry(env, Actor(d.office), d.union, entry("", "bad", "weekly", d.hr, d.union))
    assert set(caught.value.errors) == {"title", "category", "frequency", "department"}


def test_an_item_is_read_by_its_scope_only_once_published(d, env, clock):
    clock.set(datetime(2026, 11, 5, 9, 0, tzinfo=TZ))
    item = d.item()
    staff = Actor(d.rep1)
    with pytest.raises(services.NotFound):
        services.case_view(env, staff, item)
    for reader in (d.office, d.boss, d.hr_handler):
        services.case_view(env, Actor(reader), item)
    with pytest.raises(services.NotFound):
        services.case_view(env, Actor(d.works_handler), item)  # another department, before publication
    assert d.publish(item, on="2026-11-05") == "published"
    assert services.case_view(env, staff, item).data["text"].startswith("10月工资")
    assert d.data(item)["published_late"] is False


def test_a_correction_keeps_the_earlier_text(d, env):
    item = d.item()
    d.publish(item)
    d.fire(d.hr_handler, item, "correct", {"text": "10月工资人均6230元。", "reason": "人均数字录入有误"})
    p = disclosures.panel(env, Actor(d.rep1), services.case_view(env, Actor(d.rep1), item))
    assert p.current.text == "10月工资人均6230元。" and p.current.reason == "人均数字录入有误"
    assert [v.text for v in p.earlier] == ["10月工资已于11月10日足额发放，人均6320元。"]


def test_a_question_is_answered_under_the_item_the_asker_anonymous_to_other_staff(d, env, clock):
    item = d.item()
    d.publish(item)
    question = disclosures.ask(env, Actor(d.rep1), item, "夜班津贴是否计入？")
    named = disclosures.ask(env, Actor(d.rep2), item, "加班费何时发放？", show_name=True)
    q = services.case_view(env, Actor(d.hr_handler), question)
    assert q.data["asker"] == d.rep1 and q.data["answer_due"] == "2026-11-30"  # five working days
    for outsider in (d.rep2, d.works_handler):
        with pytest.raises(services.NotFound):
            services.case_view(env, Actor(outsider), question)
    assert disclosures.answered(env, Actor(d.rep3), item) == []
    d.fire(d.hr_handler, question, "answer", {"answer": "夜班津贴计入工资总额。"})
    d.fire(d.hr_handler, named, "answer", {"answer": "随11月工资发放。"})
    shown = disclosures.answered(env, Actor(d.rep3), item)
    assert [(a.question, a.asker, a.answer) for a in shown] == [
        ("夜班津贴是否计入？", None, "夜班津贴计入工资总额。"), ("加班费何时发放？", "李秀英", "随11月工资发放。")]
    with pytest.raises(services.NotFound):
        services.case_view(env, Actor(d.rep3), question)  # the question itself, with its asker, stays private
    services.case_view(env, Actor(d.rep1), question)


def test_no_question_on_an_item_not_published_nor_by_someone_who_cannot_read_it(d, env):
    item = d.item()
    with pytest.raises(services.NotFound):
        disclosures.ask(env, Actor(d.rep1), item, "?")
    with pytest.raises(services.ValidationFailed) as caught:
        disclosures.ask(env, Actor(d.office), item, "尚未公开的问题")
    assert "只能对已公开的事项提问" in caught.value.errors["__all__"][0].zh
    welfare = d.item("2026-Q3", d.welfare)
    d.fire(d.logistics_handler, welfare, "publish", {"text": "三季度福利基金支出12万元。",
                                                     "published_on": "2026-11-23"})
    with pytest.raises(services.NotFound):  # a scope of one department: another department does not read it
        services.case_view(env, Actor(d.works_handler), welfare)


def test_overdue_items_and_unanswered_questions_go_to_the_union_office(d, env, clock):
    on_time = d.item("2026-09")  # periods are made in order: an earlier one after a later is refused
    late = d.item("2026-10")
    d.publish(on_time)
    question = disclosures.ask(env, Actor(d.rep1), on_time, "九月加班费为何减少？")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=TZ))
    d.sweep()
    inbox = services.inbox(env, d.office)
    assert {t.case_id for t in inbox.items} >= {late, question}
    listed = disclosures.overdue(env, Actor(d.office), d.union)
    assert [(o.case_id, o.due) for o in listed] == [(late, "2026-11-13"), (question, "2026-11-30")]
    with pytest.raises(services.NotFound):
        disclosures.overdue(env, Actor(d.rep1), d.union)
    d.fire(d.hr_handler, question, "answer", {"answer": "九月无加班安排。"})
    assert d.data(question)["answered_late"] is True
    clock.set(clock.now() + timedelta(days=1))
    d.publish(late, on="2026-12-03")
    assert d.data(late)["published_late"] is True


def test_the_sweep_and_the_system_start_refuse_nothing_they_should_not(d, env):
    assert disclosures.make_item(env, SYSTEM_ACTOR, d.safety, event="年度安全检查") > 0


def told(env, case_id: int) -> set[tuple]:
    n = Notification.__table__.c
    with env.db.read() as conn:
        return set(conn.execute(sa.select(n.kind, n.user_id, n.role, n.organisation_id).where(n.case_id == case_id)))


def test_the_department_is_told_of_an_item_and_a_question_and_the_asker_of_the_answer(d, env):
    item = d.item()
    assert ("disclosure_due", None, "handler", d.hr) in told(env, item)
    d.publish(item)
    assert ("disclosure_published", None, "union_office", d.union) in told(env, item)
    question = disclosures.ask(env, Actor(d.rep1), item, "夜班津贴是否计入？")
    assert ("disclosure_question", None, "handler", d.hr) in told(env, question)
    d.fire(d.hr_handler, question, "answer", {"answer": "计入。"})
    assert ("disclosure_answered", d.rep1, None, None) in told(env, question)
