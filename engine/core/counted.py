"""Deadlines a case keeps as dates in its data, counted on the holiday calendar, with how they were counted.

An effect that sets such a date calls ``ActionContext.count_deadline``: the date goes into the data field as
before (``TimerSpec(due="data:<field>")`` fires at the end of it, pages show it), and the data's ``counted``
entry keeps the period's start, length and unit, whether the count rests on a year whose holiday notice is not
out yet (provisional), and the dates that follow from it (a contract's first day after its review period).
Loading a holiday notice counts each pending one again (``engine.time.deadline_moves``) and moves the date,
its followers, its timer, reminders and tasks, with a history entry.

A person who later sets the field by hand (a deadline the committee chose) makes the entry stale: an entry
counts only while its ``last`` is still the field's value.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

COUNTED = "counted"  # the data key of the entries; no workflow may name a field so
MOVED = "deadline_moved"  # the trigger of the history entry a notice's recount appends


def record(data: dict[str, Any], key: str, start: datetime, amount: int, unit: str, last: date,
           provisional: bool, follow: dict[str, int] | None = None) -> None:
    """Set ``data[key]`` to ``last`` and keep how it was counted; ``follow`` names fields set that many days
    after it."""
    data[key] = last.isoformat()
    entry: dict[str, Any] = {"from": start.isoformat(), "amount": amount, "unit": unit, "last": last.isoformat(),
                             "provisional": provisional}
    if follow:
        entry["follow"] = dict(follow)
        for name, days in follow.items():
            data[name] = (last + timedelta(days=days)).isoformat()
    data[COUNTED] = {**(data.get(COUNTED) or {}), key: entry}


def entry(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    """How ``data[key]`` was counted, or None when it was not (or a person has set it since)."""
    found = (data.get(COUNTED) or {}).get(key)
    if not isinstance(found, dict) or found.get("last") != data.get(key):
        return None
    return found


def provisional(data: dict[str, Any], key: str) -> bool:
    """Whether the date in ``data[key]`` was counted on a year whose holiday notice is not out yet."""
    found = entry(data, key)
    return bool(found and found.get("provisional"))


def recounted(data: dict[str, Any], key: str, last: date, provisional: bool) -> dict[str, Any]:
    """A copy of ``data`` with the counted ``key`` moved to ``last`` (and its followers with it)."""
    old = entry(data, key)
    if old is None:
        raise KeyError(key)
    moved = {**data, key: last.isoformat()}
    for name, days in (old.get("follow") or {}).items():
        moved[name] = (last + timedelta(days=days)).isoformat()
    moved[COUNTED] = {**data[COUNTED], key: {**old, "last": last.isoformat(), "provisional": provisional}}
    return moved
