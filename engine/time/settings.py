"""The ``[calendar]`` config table: holidays and make-up working days an installation sets itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import field_validator

from config import Section, declare_section


class CalendarTable(Section):
    """``holidays = ["2027-01-01", "2027-02-05..2027-02-11"]``, ``workdays = ["2027-02-13"]``."""

    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()

    @field_validator("holidays", "workdays", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        # The holiday notices' parser reads the store's tables; this module is imported with the engine, before it.
        from engine.time.holiday_notices import parse_days

        if not isinstance(value, list | tuple) or not all(isinstance(v, str | date) for v in value):
            raise ValueError('must be a list of dates like "2027-01-01" or ranges like "2027-02-05..2027-02-11"')
        days, problems = parse_days(value)
        if problems:
            raise ValueError(" ".join(p.en for p in problems))
        return tuple(days)


declare_section("calendar", CalendarTable)
