"""The demo's member registers: every demo union has its register with women's share as in its trade, a transfer
from the demo union waits for 常州恒达纺织有限公司工会's office, and an application waits for the demo union's."""

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
from workflows.federation import demo as demo_federation
from workflows.members import demo as demo_members
from workflows.members import services as members
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


def test_every_demo_union_has_a_register_with_a_realistic_share_of_women(demo):
    env = demo
    office = Actor(_user(env, demo_data.OFFICE[1]))
    (union,) = services.unions_of(env, office.user_id, ("union_office",))
    hengda_office = Actor(_user(env, demo_federation.MEMBER_UNIONS["hengda"][1][1]))
    (hengda,) = services.unions_of(env, hengda_office.user_id, ("union_office",))
    counts = members.member_counts(env, [union, hengda], NOW.date())
    for union_id, key in ((union, "demo"), (hengda, "hengda")):
        size, share, _ = demo_members.UNIONS[key]
        figures = counts[union_id]
        assert size * 0.85 <= figures.total <= size
        assert abs(figures.women / figures.total - share) < 0.08
    assert members.register_page(env, office, union).total >= 300


def test_a_transfer_awaits_hengda_and_an_application_awaits_the_demo_unions_office(demo):
    env = demo
    office = Actor(_user(env, demo_data.OFFICE[1]))
    hengda_office = Actor(_user(env, demo_federation.MEMBER_UNIONS["hengda"][1][1]))
    waiting = services.search_cases(env, hengda_office, workflow=members.TRANSFER).items
    assert [(c.state, c.title) for c in waiting] == [
        ("awaiting", "钱丽华的会员关系转接（转入常州恒达纺织有限公司工会）")]
    assert waiting[0].id in {t.case_id for t in services.inbox(env, hengda_office.user_id).items}
    applied = services.search_cases(env, office, workflow=members.ADMISSION).items
    assert [(c.state, c.title) for c in applied] == [("applied", "蒋雨婷的入会申请")]
    fed = Actor(_user(env, demo_federation.STAFF[1]))
    assert services.search_cases(env, fed, workflow=members.TRANSFER).items == []


def test_a_member_who_came_by_transfer_shows_both_unions_in_her_history(demo):
    env = demo
    office = Actor(_user(env, demo_data.OFFICE[1]))
    (union,) = services.unions_of(env, office.user_id, ("union_office",))
    (row,) = members.register_page(env, office, union, text=demo_members.MOVED_IN).items
    history = members.member_page(env, office, row.id).history
    assert [(h.union_name, h.status) for h in history] == [("常州新阳电子科技有限公司工会", "transferred_out"),
                                                           ("华东精密机械有限公司工会", "member")]
