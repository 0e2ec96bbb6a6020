"""Due dates by 《民法典》 arts. 201–203 around 2026's holidays; expected dates written from the State
Council's 2026 holiday notice, not from the code."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.core.spec import Period
from engine.time.calendar import Calendar
from support.time import sh

CAL = Calendar()


@pytest.mark.parametrize("event, period, due, why", [
    (sh(2026, 9, 28, 15), Period(20), sh(2026, 10, 20),
     "day 20 is Sun 10-18, a rest day: the period ends with Mon 10-19"),
    (sh(2026, 9, 20, 9), Period(10), sh(2026, 10, 1), "day 10 is Wed 09-30, a working day"),
    (sh(2026, 9, 24, 9), Period(7), sh(2026, 10, 9), "day 7 is 10-01, National Day: ends with Thu 10-08"),
    (sh(2026, 10, 3, 9), Period(7), sh(2026, 10, 11), "day 7 is Sat 10-10, a make-up working day"),
    (sh(2026, 9, 28, 15), Period(10, "workdays"), sh(2026, 10, 17),
     "09-29, 09-30, 10-08, 10-09, Sat 10-10 (make-up), 10-12 … 10-16"),
    (sh(2026, 2, 12, 9), Period(3, "workdays"), sh(2026, 2, 25),
     "Fri 02-13, Sat 02-14 (make-up), then Spring Festival 02-15 … 02-23, Tue 02-24"),
    (sh(2026, 9, 30, 22), Period(48, "hours"), sh(2026, 10, 2, 22), "hours run through holidays"),
    (sh(2024, 2, 28, 12), Period(1), sh(2024, 3, 1), "leap day 2024-02-29 is a Thursday"),
    (sh(2024, 1, 31, 12), Period(30), sh(2024, 3, 2), "30 days from 01-31 end with Fri 03-01"),
    (sh(2026, 11, 22, 23, 30), Period(1), sh(2026, 11, 24),
     "counting starts the day after in Shanghai, though it is still 11-22 15:30 UTC… and 11-22 is a Sunday"),
])
def test_periods_end_at_midnight_after_the_last_day(event, period, due, why):
    result = CAL.due(event, period)
    assert result.at == due, why
    assert result.provisional is False


def test_a_year_the_notice_does_not_cover_is_provisional_and_keeps_fixed_holidays():
    # 2027-01-01 is a Friday and New Year's Day: the period ends with Monday 2027-01-04.
    result = CAL.due(sh(2026, 12, 30, 10), Period(2))
    assert result.at == sh(2027, 1, 5)
    assert result.provisional is True
    assert CAL.due(sh(2026, 12, 1, 10), Period(5)).provisional is False


def test_an_override_from_the_notice_wins():
    cal = Calendar(holidays=[date(2027, 1, 1), date(2027, 1, 4)], workdays=[date(2027, 1, 2)])
    result = cal.due(sh(2026, 12, 30, 10), Period(2))
    assert result.at == sh(2027, 1, 3)  # the loaded notice makes Saturday 01-02 a working day
    assert result.provisional is False


@pytest.mark.parametrize("before, at", [
    (Period(3, "workdays"), sh(2026, 10, 13, 9)),
    (Period(0, "days"), sh(2026, 10, 16, 9)),
    (Period(1, "days"), sh(2026, 10, 15, 9)),
    (Period(6, "hours"), sh(2026, 10, 16, 18)),
])
def test_reminders_go_out_before_the_due_time(before, at):
    due = sh(2026, 10, 17)  # 24:00 of Friday 2026-10-16
    assert CAL.before(due, before) == at


def test_due_times_are_utc():
    assert CAL.due(sh(2026, 9, 28, 15), Period(20)).at.utcoffset().total_seconds() == 0
    assert isinstance(CAL.due(sh(2026, 9, 28, 15), Period(20)).at, datetime)
