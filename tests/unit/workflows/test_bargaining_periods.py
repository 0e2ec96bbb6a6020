"""Terms counted in months (《民法典》 art. 202): the day before the corresponding day, or the month's last day
where there is none; month arithmetic for the renewal window."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.bargaining.periods import add_months, term_end


@pytest.mark.parametrize(("effective", "months", "last"), [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025: the month's last day
    (date(2024, 2, 29), 48, date(2028, 2, 28)),  # 29 February 2028 exists: the day before it
    (date(2027, 3, 1), 12, date(2028, 2, 29)),  # the next term can take effect on 1 March 2028
    (date(2026, 12, 9), 24, date(2028, 12, 8)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),  # six calendar months, not 182 days (2027-03-01)
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
])
def test_a_term_ends_the_day_before_the_corresponding_day_or_on_the_months_last_day(effective, months, last):
    assert term_end(effective, months) == last


def test_months_are_added_and_taken_away_to_the_corresponding_day_or_the_months_last_day():
    assert add_months(date(2028, 12, 8), -3) == date(2028, 9, 8)
    assert add_months(date(2025, 5, 31), -3) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)
