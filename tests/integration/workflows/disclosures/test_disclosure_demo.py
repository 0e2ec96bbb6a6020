"""The demo's disclosure register: several entries, published items with questions answered under them (one
corrected), one item overdue and one question unanswered past its deadline, both in the union office's list."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows import register_all
from workflows.demo import load_demo
from workflows.disclosures import services as disclosures
from workflows.proposals import demo as demo_data

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.Env]:
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(sqlite_template, folder / "demo.db")
    settings = Settings(instance_path=folder / "instance", database_url=f"sqlite:///{folder / 'demo.db'}")
    env = services.open_env(settings, clock=FixedClock(NOW))
    register_all(env.registry, settings)
    load_demo(env, settings, "demo-password-1", now=NOW)
    yield env
    env.db.dispose()


def _user(env: services.Env, username: str) -> int:
    return services.find_user(env, username).id


def test_the_demo_register_has_entries_and_published_items_with_answered_questions(demo):
    env = demo
    office = Actor(_user(env, demo_data.OFFICE[1]))
    (union,) = services.unions_of(env, office.user_id)
    assert len(disclosures.list_entries(env, office, union)) == 6
    items = services.search_cases(env, office, workflow="disclosure").items
    published = [c for c in items if c.state == "published"]
    assert len(published) >= 2 and {c.state for c in items} == {"published", "to_publish"}
    staff = Actor(_user(env, demo_data.REPRESENTATIVE[1]))
    answered = [a for c in published for a in disclosures.answered(env, staff, c.id)]
    assert len(answered) == 3 and {a.asker is None for a in answered} == {True, False}
    assert any(len(c.data["versions"]) == 2 for c in published)  # one corrected, the earlier text kept


def test_the_demo_has_one_item_and_one_question_overdue_in_the_offices_list(demo):
    env = demo
    office = Actor(_user(env, demo_data.OFFICE[1]))
    (union,) = services.unions_of(env, office.user_id)
    overdue = disclosures.overdue(env, office, union)
    assert sorted(o.workflow for o in overdue) == ["disclosure", "disclosure_question"]
    tasks = {t.case_id for t in services.inbox(env, office.user_id, per_page=100).items}
    assert {o.case_id for o in overdue} <= tasks
