"""The ``[suggestion]`` config table: who runs the suggestions office and a union's periods for assessing and
implementing a rationalisation suggestion (local practice, not statute)."""

from __future__ import annotations

from pydantic import PositiveInt, field_validator

from config import Section, declare_section
from engine.core.period_settings import PeriodOrNone, Periods
from engine.core.spec import Period


class SuggestionTable(Section):
    """What ``Policy`` is built from; each suggestion records the periods it started under."""

    # The role that routes suggestions, is told of overdue ones and marks awards (a union's suggestions office).
    office_role: str = "union_office"
    assess_workdays: PositiveInt = 15  # the department assesses within these working days of routing
    implementation_days: PositiveInt = 90  # an adopted suggestion's implementation is reported within these days
    reminders: Periods = (Period(3, "workdays"), Period(0, "days"))
    overdue_repeat: PeriodOrNone = Period(3, "workdays")

    @field_validator("office_role")
    @classmethod
    def _role(cls, value: str) -> str:
        if not value.isidentifier():
            raise ValueError("office_role: a role's name, such as union_office")
        return value


declare_section("suggestion", SuggestionTable)
