"""Due dates in 2027 and 2028, years ``chinese-calendar`` 1.11 does not know: the statutory holidays of
《全国年节及纪念日放假办法》 (as in force from 2025) plus weekends, every such due date provisional.

The expected dates are written by hand, not from the code. The 2027 lunar and solar-term dates were taken
from Hong Kong's published general holidays for 2027 (the same Chinese calendar): Lunar New Year's Day
Saturday 6 February (so Spring Festival Eve, 除夕, is Friday 5 February and days 2–3 are 7–8 February),
Ching Ming (清明) Monday 5 April, Tuen Ng (端午) Wednesday 9 June, and "the day following the Mid-Autumn
Festival" Thursday 16 September (so Mid-Autumn, 中秋, is Wednesday 15 September). 2027-01-01 is a Friday;
2028-02-29 is a Tuesday; 2028-05-01 a Monday.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from engine.core.spec import Period
from engine.time.calendar import Calendar, statutory_holidays
from support.time import sh

CAL = Calendar()

HOLIDAYS_2027 = {
    date(2027, 1, 1): "元旦",
    date(2027, 2, 5): "春节（除夕）", date(2027, 2, 6): "春节", date(2027, 2, 7): "春节", date(2027, 2, 8): "春节",
    date(2027, 4, 5): "清明节",
    date(2027, 5, 1): "劳动节", date(2027, 5, 2): "劳动节",
    date(2027, 6, 9): "端午节",
    date(2027, 9, 15): "中秋节",
    date(2027, 10, 1): "国庆节", date(2027, 10, 2): "国庆节", date(2027, 10, 3): "国庆节",
}


def test_the_statutory_holidays_of_2027():
    assert {d: label.zh for d, label in statutory_holidays(2027).items()} == HOLIDAYS_2027


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_holidays_agree_with_the_notices_chinese_calendar_knows(year):
    # The rules as amended apply from 2025: every day they fix was a holiday in the State Council's notice.
    assert all(chinese_calendar.is_holiday(d) for d in statutory_holidays(year))
    assert len(statutory_holidays(year)) == 13


@pytest.mark.parametrize("event, period, due, why", [
    (sh(2027, 1, 26, 10), Period(10), sh(2027, 2, 10),
     "day 10 is Fri 02-05, Spring Festival Eve; 02-06 … 02-08 are Spring Festival: ends with Tue 02-09"),
    (sh(2027, 1, 27, 10), Period(10), sh(2027, 2, 10), "day 10 is Sat 02-06, the 1st of the first lunar month"),
    (sh(2027, 3, 31, 10), Period(5), sh(2027, 4, 7), "day 5 is Mon 04-05, Qingming: ends with Tue 04-06"),
    (sh(2028, 4, 26, 10), Period(5), sh(2028, 5, 4), "day 5 is Mon 2028-05-01; 05-02 too: ends with Wed 05-03"),
    (sh(2027, 6, 2, 10), Period(7), sh(2027, 6, 11), "day 7 is Wed 06-09, Dragon Boat: ends with Thu 06-10"),
    (sh(2027, 9, 8, 10), Period(7), sh(2027, 9, 17), "day 7 is Wed 09-15, Mid-Autumn: ends with Thu 09-16"),
    (sh(2027, 9, 24, 10), Period(7), sh(2027, 10, 5),
     "day 7 is Fri 10-01, National Day; 10-02 and 10-03 too (a weekend): ends with Mon 10-04"),
    (sh(2027, 9, 28, 10), Period(3), sh(2027, 10, 5), "day 3 is Fri 10-01"),
    (sh(2026, 12, 30, 10), Period(2), sh(2027, 1, 5), "day 2 is Fri 2027-01-01, New Year's Day"),
    (sh(2027, 1, 29, 17), Period(10, "workdays"), sh(2027, 2, 17),
     "02-01 … 02-04, then 02-05 … 02-08 are off, 02-09 … 02-12, the weekend, 02-15, Tue 02-16"),
    (sh(2027, 2, 4, 17), Period(3, "workdays"), sh(2027, 2, 12), "Fri 02-05 is the Eve: 02-09, 02-10, 02-11"),
    (sh(2027, 9, 30, 9), Period(1, "workdays"), sh(2027, 10, 5), "10-01 … 10-03 off: Mon 10-04"),
    (sh(2027, 1, 31, 12), Period(30), sh(2027, 3, 3), "30 days from 01-31 end with Tue 03-02 (2027 is not leap)"),
    (sh(2027, 2, 27, 12), Period(1), sh(2027, 3, 2), "day 1 is Sun 02-28: the month ends, Mon 03-01"),
    (sh(2027, 12, 30, 12), Period(2), sh(2028, 1, 4),
     "day 2 is Sat 2028-01-01 (New Year's Day), then Sunday: ends with Mon 2028-01-03"),
    (sh(2028, 2, 28, 12), Period(1), sh(2028, 3, 1), "day 1 is the leap day, Tue 2028-02-29"),
    (sh(2028, 1, 31, 12), Period(30), sh(2028, 3, 2), "30 days from 01-31 end with Wed 03-01 in a leap year"),
    (sh(2028, 2, 25, 12), Period(2, "workdays"), sh(2028, 3, 1), "Mon 02-28, Tue 02-29"),
    (sh(2028, 1, 21, 12), Period(5, "workdays"), sh(2028, 2, 4),
     "2028's Eve is Tue 01-25, the festival 01-26 … 01-28: Mon 01-24, Mon 01-31, 02-01, 02-02, Thu 02-03"),
])
def test_periods_in_years_no_notice_covers_are_provisional(event, period, due, why):
    result = CAL.due(event, period)
    assert result.at == due, why
    assert result.provisional is True, why


@pytest.mark.parametrize("event, period, due", [
    (sh(2026, 12, 21, 10), Period(10), sh(2027, 1, 1)),  # ends at 24:00 of Thu 2026-12-31: no 2027 day counted
    (sh(2026, 12, 31, 10), Period(48, "hours"), sh(2027, 1, 2, 10)),  # hours need no calendar
    (sh(2026, 9, 28, 10), Period(20), sh(2026, 10, 20)),
])
def test_periods_on_known_days_are_not_provisional(event, period, due):
    result = CAL.due(event, period)
    assert (result.at, result.provisional) == (due, False)


def test_a_loaded_notice_replaces_the_guess():
    # The 2027 notice might give 02-05 … 02-13 off with Saturday 02-20 worked.
    holidays = [date(2027, 2, d) for d in range(5, 14)]
    cal = Calendar(holidays=holidays, workdays=[date(2027, 2, 20)])
    result = cal.due(sh(2027, 2, 4, 17), Period(3, "workdays"))
    assert result.at == sh(2027, 2, 18)  # Sun 02-14 is a rest day: Mon 02-15 … Wed 02-17
    assert result.provisional is False
    assert cal.due(sh(2027, 2, 18, 17), Period(2, "workdays")).at == sh(2027, 2, 21)  # Fri 19, Sat 20 (worked)
    assert cal.due(sh(2027, 5, 27, 10), Period(10)).provisional is False  # the whole year is the notice's


def test_reminders_before_a_guessed_deadline_skip_the_guessed_holidays():
    due = sh(2027, 2, 10)  # 24:00 of Tue 2027-02-09
    assert CAL.before(due, Period(2, "workdays")) == sh(2027, 2, 3, 9)  # Thu 02-04, Wed 02-03


def test_the_days_say_why_they_are_off():
    assert CAL.info(date(2027, 2, 5)).why.en == "Spring Festival (Eve)"
    assert CAL.info(date(2027, 2, 13)).why.zh == "休息日"
    assert CAL.info(date(2026, 10, 10)).why.zh == "调休上班日"
    assert CAL.info(date(2026, 10, 1)).why.zh == "国庆节"
    assert CAL.info(date(2027, 2, 9)).why is None and CAL.info(date(2027, 2, 9)).provisional is True


def test_the_steps_of_the_national_day_example():
    # unionflow calendar due --from 2026-09-28 --days 20
    steps = CAL.explain(sh(2026, 9, 28), Period(20))
    assert [s.en for s in steps] == [
        "Event: Mon 2026-09-28.",
        "Counting starts the next day: day 1 is Tue 2026-09-29.",
        "Holidays and rest days inside the period count as days: Thu 2026-10-01 to Wed 2026-10-07 (National Day); "
        "Sun 2026-10-11 (rest day); Sat 2026-10-17 (rest day).",
        "Day 20 is Sun 2026-10-18.",
        "The last day is a holiday or rest day, so the period ends on the next working day: skipping "
        "Sun 2026-10-18 (rest day), the last day is Mon 2026-10-19.",
        "The period ends at Mon 2026-10-19 24:00 (2026-10-20T00:00:00+08:00).",
    ]
    assert steps[0].zh == "事件发生：2026年9月28日（星期一）。"
    assert steps[2].zh.endswith("2026年10月1日至10月7日（国庆节）、2026年10月11日（星期日，休息日）、"
                                "2026年10月17日（星期六，休息日）。")
    assert steps[4].zh == ("最后一日是法定节假日或休息日，顺延至其后的第一个工作日："
                           "跳过2026年10月18日（星期日，休息日），最后一日为2026年10月19日（星期一）。")
    assert steps[5].zh == "期间于2026年10月19日（星期一）24:00届满（2026-10-20T00:00:00+08:00）。"


def test_the_steps_of_a_provisional_working_day_period_name_the_guessed_year():
    steps = CAL.explain(sh(2027, 2, 4, 17), Period(3, "workdays"))
    assert steps[0].en == "Event: Thu 2027-02-04 17:00 (Beijing time)."
    assert steps[2].en == ("Days not counted: Fri 2027-02-05 (Spring Festival (Eve)); "
                           "Sat 2027-02-06 to Mon 2027-02-08 (Spring Festival).")
    assert steps[3].en == "Working day 3 is Thu 2027-02-11: the last day of the period."
    assert steps[-1].zh.startswith("暂定：2027 年的放假安排尚未载入")
    assert "2027" in steps[-1].en and steps[-1].en.startswith("Provisional:")


def test_the_steps_of_an_hours_period():
    steps = CAL.explain(sh(2026, 9, 30, 22), Period(48, "hours"))
    assert [s.en for s in steps] == [
        "Event: Wed 2026-09-30 22:00 (Beijing time).",
        "Counted in hours: 48 hours run on from the event, through holidays and rest days.",
        "The period ends at Fri 2026-10-02 22:00 (2026-10-02T22:00:00+08:00).",
    ]
