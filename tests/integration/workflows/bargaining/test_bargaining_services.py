"""Bargaining's public services decide who sees what: the dashboard, the staff's case and the agreement."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine import services
from engine.core.context import Actor
from engine.time.calendar import TZ
from support.bargaining import Bargaining
from workflows.bargaining import services as bargaining

TODAY = date(2026, 11, 20)


@pytest.fixture
def b(env):
    return Bargaining(env)


def agreed(b, clock) -> int:
    """A collective contract signed and filed, in effect after its review period, not yet published."""
    case_id = b.start(b.office)
    b.negotiate(case_id)
    b.agree(case_id)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    return case_id


def test_the_staff_see_only_published_agreements_and_the_two_sides_see_all(env, b, clock):
    case_id = agreed(b, clock)
    talks = b.start(b.office)
    staff, office, employer = Actor(b.works_handler), Actor(b.office), Actor(b.boss)
    board = bargaining.dashboard(env, staff, b.union, TODAY)
    assert not board.full and board.agreements == [] and [c.id for c in board.running] == [talks]
    assert board.collecting == {talks} and board.past == [] and board.published == set()
    for side in (office, employer):
        board = bargaining.dashboard(env, side, b.union, TODAY)
        assert board.full and [c.id for c in board.agreements] == [case_id] and board.published == set()
    b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    board = bargaining.dashboard(env, staff, b.union, TODAY)
    assert [c.id for c in board.agreements] == [case_id] and board.published == {case_id}
    assert [d.key for d in board.dates[talks]] == [] and not board.can_start
    assert bargaining.agreement(env, staff, case_id).text and not bargaining.agreement(env, staff, case_id).expired


def test_an_outsider_sees_nothing_and_may_open_no_case(env, b, clock):
    case_id = agreed(b, clock)
    b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    outsider = services.create_user(env, "outsider", "孙路人")
    other = services.create_organisation(env, "别的厂工会", "union")
    services.grant_role(env, outsider, other, "representative")
    board = bargaining.dashboard(env, Actor(outsider), b.union, TODAY)
    assert (board.agreements, board.running, board.past) == ([], [], [])
    with pytest.raises(services.NotFound):  # an outsider cannot tell the case exists
        bargaining.staff_case(env, Actor(outsider), case_id)
    with pytest.raises(services.NotFound):
        bargaining.agreement(env, Actor(outsider), case_id)
    with pytest.raises(services.NotFound):
        bargaining.staff_case(env, Actor(b.works_handler), 999_999)
    assert bargaining.staff_case(env, Actor(b.works_handler), case_id).summary.id == case_id


def test_an_agreement_is_not_found_before_it_is_published(env, b, clock):
    case_id = agreed(b, clock)
    with pytest.raises(services.NotFound):
        bargaining.agreement(env, Actor(b.works_handler), case_id)
    dates = bargaining.watched_dates(services.case_view(env, Actor(b.office), case_id), TODAY)
    assert [d.key for d in dates] == ["effective_on", "publish_due", "expires_on"] and not any(d.late for d in dates)
