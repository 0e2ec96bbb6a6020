"""Due dates by the rules for counting periods (《民法典》 arts. 201–203), in Asia/Shanghai.

A period in days starts the day after the event; when its last day is a statutory holiday or a rest day it
ends on the next working day; it ends at 24:00 of its last day. Working-day periods skip weekends and
statutory holidays and count make-up working days. Holidays come from an override table (the State
Council's yearly notice, loaded by the admin), then the ``chinese-calendar`` package; for a year neither
knows, weekends plus the fixed-date statutory holidays, and the due date is marked provisional.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from engine.spec import Period

TZ = ZoneInfo("Asia/Shanghai")
REMINDER_HOUR = time(9, 0)
# Statutory holidays with fixed solar dates (《全国年节及纪念日放假办法》); lunar ones need the notice.
_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


@dataclass(frozen=True, slots=True)
class Due:
    """A computed due moment (UTC) and whether it rests on a guessed calendar."""

    at: datetime
    provisional: bool = False


class Calendar:
    """Working days of mainland China.

    ``holidays`` and ``workdays`` are a loaded notice (holidays and make-up working days): a year with any
    date in them is taken from them alone, weekends otherwise being rest days.
    """

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> None:
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        self.notice_years = frozenset(d.year for d in self.holidays | self.workdays)

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """Return (is a working day, provisional)."""
        if day.year in self.notice_years:
            if day in self.holidays:
                return False, False
            return day in self.workdays or day.weekday() < 5, False
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:
            if (day.month, day.day) in _FIXED_HOLIDAYS:
                return False, True
            return day.weekday() < 5, True

    def _next_workday(self, day: date) -> tuple[date, bool]:
        provisional = False
        while True:
            working, guessed = self.is_workday(day)
            provisional |= guessed
            if working:
                return day, provisional
            day += timedelta(days=1)

    @staticmethod
    def _end_of(day: date) -> datetime:
        return datetime.combine(day + timedelta(days=1), time(0), TZ).astimezone(UTC)

    def due(self, start: datetime, period: Period) -> Due:
        """When a period that starts with an event at ``start`` runs out."""
        if period.unit == "hours":
            return Due((start + timedelta(hours=period.amount)).astimezone(UTC))
        first = start.astimezone(TZ).date()
        if period.unit == "days":
            last, provisional = self._next_workday(first + timedelta(days=period.amount))
            return Due(self._end_of(last), provisional)
        day, provisional, counted = first, False, 0
        while counted < period.amount:
            day, guessed = self._next_workday(day + timedelta(days=1))
            provisional |= guessed
            counted += 1
        return Due(self._end_of(day), provisional)

    def before(self, due: datetime, period: Period) -> datetime:
        """When a reminder ``period`` before ``due`` goes out: at 09:00 for days and working days."""
        if period.unit == "hours":
            return due - timedelta(hours=period.amount)
        last = (due.astimezone(TZ) - timedelta(microseconds=1)).date()
        if period.unit == "days":
            day = last - timedelta(days=period.amount)
        else:
            day, counted = last, 0
            while counted < period.amount:
                day -= timedelta(days=1)
                if self.is_workday(day)[0]:
                    counted += 1
        return datetime.combine(day, REMINDER_HOUR, TZ).astimezone(UTC)
