"""The periods a register entry's items are made for: a month (2026-11), a quarter (2026-Q4) or a year (2026),
each with its first and last day, the one a day falls in, and the periods that have ended by a given day."""

from __future__ import annotations

from datetime import date, timedelta

from engine.core.i18n import Label


def period_of(frequency: str, day: date) -> str:
    """The key of the period ``day`` falls in."""
    if frequency == "monthly":
        return f"{day.year}-{day.month:02d}"
    if frequency == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if frequency == "yearly":
        return str(day.year)
    raise ValueError(f"no periods for {frequency!r}")


def bounds(key: str) -> tuple[date, date]:
    """The first and last day of a period given by its key."""
    if "-Q" in key:
        year, quarter = int(key[:4]), int(key[-1])
        first = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    elif "-" in key:
        year, month = int(key[:4]), int(key[5:7])
        first = date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    else:
        first, following = date(int(key), 1, 1), date(int(key) + 1, 1, 1)
    return first, following - timedelta(days=1)


def valid(key: str, frequency: str) -> bool:
    """Whether ``key`` names a period of that frequency."""
    try:
        return frequency != "event" and period_of(frequency, bounds(key)[0]) == key
    except (ValueError, IndexError):
        return False


def ended(frequency: str, starts_on: date, last: str | None, today: date) -> list[str]:
    """The periods from the one ``starts_on`` falls in that have ended before ``today`` and come after ``last``,
    oldest first (at most the last 24: an entry added long ago does not flood the office)."""
    found: list[str] = []
    key = period_of(frequency, starts_on)
    while bounds(key)[1] < today:
        if last is None or bounds(key)[0] > bounds(last)[1]:
            found.append(key)
        key = period_of(frequency, bounds(key)[1] + timedelta(days=1))
    return found[-24:]


def label(key: str) -> Label:
    """A period as people write it: 2026年11月 / November 2026, 2026年第4季度 / Q4 2026, 2026年度 / 2026."""
    if "-Q" in key:
        return Label(f"{key[:4]}年第{key[-1]}季度", f"Q{key[-1]} {key[:4]}")
    if "-" in key:
        month = int(key[5:7])
        return Label(f"{key[:4]}年{month}月", f"{date(2000, month, 1):%B} {key[:4]}")
    return Label(f"{key}年度", key)
