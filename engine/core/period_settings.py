"""Periods as a config table writes them, for a table's fields: ``"3 workdays"``, or a list of such."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from engine.core.spec import Period


def read_periods(value: Any) -> tuple[Period, ...]:
    """``"3 workdays"`` or ``["3 workdays", "0 days"]`` (or periods already read) as periods."""
    values = value if isinstance(value, list | tuple) else [value]
    return tuple(v if isinstance(v, Period) else Period.parse(v) for v in values)


def read_period_or_none(value: Any) -> Period | None:
    """``"3 workdays"`` (or a list's first) as a period; an empty list as none."""
    return next(iter(read_periods(value)), None)


Periods = Annotated[tuple[Period, ...], BeforeValidator(read_periods)]
"""Several periods: the reminders before a deadline, say."""
PeriodOrNone = Annotated[Period | None, BeforeValidator(read_period_or_none)]
"""One period, or none (``[]``): how often an overdue deadline is told again, say."""
