"""Filing is an act at the labour administration's office: its last day ends when the office closes, not at
24:00 (《民法典》 art. 203(2)); ``[bargaining] office_closes``, 17:00 unless set. On both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_bargaining_law import signed, state

from config import SettingsError, load_settings
from engine import services
from engine.core.context import Actor
from engine.core.spec import TimerSpec
from engine.core.writes import data_due
from engine.time.calendar import TZ
from support.bargaining import Bargaining
from workflows.bargaining import views


@pytest.fixture
def b(env):
    return Bargaining(env)


def supervised(env, b, case_id) -> bool:
    return any(t.case_id == case_id for t in services.inbox(env, b.chair).items)


def test_the_filing_deadline_ends_at_the_offices_closing_on_its_last_day(env, b, clock):
    case_id = signed(b)  # signed on Monday 23 November: ten days, the last Thursday 3 December
    assert state(b, case_id) == "filing" and b.data(case_id)["filing_due"] == "2026-12-03"
    [task] = [t for t in services.inbox(env, b.boss).items if t.case_id == case_id]
    assert task.due_at.astimezone(TZ) == datetime(2026, 12, 3, 17, 0, tzinfo=TZ)
    clock.set(datetime(2026, 12, 3, 16, 59, tzinfo=TZ))
    b.sweep()
    assert not supervised(env, b, case_id)  # the office is still open
    clock.set(datetime(2026, 12, 3, 17, 1, tzinfo=TZ))
    b.sweep()
    assert supervised(env, b, case_id)  # closed: overdue, the union chair supervises the filing
    note = {d.key: d.note for d in views.all_dates(services.case_view(env, Actor(b.office), case_id),
                                                    clock.now().date())}["filing_due"]
    assert "17:00" in note.zh and "《民法典》第二百零三条第二款" in note.zh and "art. 203 para. 2" in note.en


def test_a_case_without_a_closing_time_ends_at_24_00():
    timer = TimerSpec(due="data:filing_due", closes_from="data:policy.office_closes")
    midnight = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)  # 24:00 in Beijing
    assert data_due(timer, {"filing_due": "2026-12-03", "policy": {}}) == midnight  # started before the setting
    assert data_due(timer, {"filing_due": "2026-12-03", "policy": {"office_closes": "24:00"}}) == midnight
    assert data_due(timer, {"filing_due": "2026-12-03", "policy": {"office_closes": "17:30"}}) == datetime(
        2026, 12, 3, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", ["5pm", "25:00", "17:60", "7:00"])
def test_a_closing_time_that_is_not_a_time_of_day_is_refused_at_start_up(tmp_path, value):
    path = tmp_path / "unionflow.toml"
    path.write_text(f'[bargaining]\noffice_closes = "{value}"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    assert "bargaining.office_closes" in str(refused.value) and "art. 203(2)" in str(refused.value)


def test_a_holiday_notice_moves_the_filing_deadline_and_keeps_the_closing_time(env, b, clock):
    clock.set(datetime(2026, 12, 30, 10, tzinfo=TZ))
    case_id = signed(b, day="2026-12-30")  # ten days: Saturday 2027-01-09, a rest day on the guessed calendar
    assert b.data(case_id)["filing_due"] == "2027-01-11"
    [task] = [t for t in services.inbox(env, b.boss).items if t.case_id == case_id]
    assert (task.due_at.astimezone(TZ), task.provisional) == (datetime(2027, 1, 11, 17, 0, tzinfo=TZ), True)
    services.load_notice(env, 2027, "2027-01-01..2027-01-03", "2027-01-09", "test notice")  # 01-09 worked
    assert b.data(case_id)["filing_due"] == "2027-01-09"
    [task] = [t for t in services.inbox(env, b.boss).items if t.case_id == case_id]
    assert (task.due_at.astimezone(TZ), task.provisional) == (datetime(2027, 1, 9, 17, 0, tzinfo=TZ), False)
