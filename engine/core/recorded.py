"""Values a case recorded when it started, used for it instead of the spec's defaults (``*_from`` refs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import time
from typing import Any

from engine.core.spec import DATA, Field, Overdue, Period, TimerSpec

_ABSENT = object()


def recorded(data: Mapping[str, Any], ref: str | None) -> Any:
    """The value ``data:<key>[.<key>…]`` names in the case's data, or ``_ABSENT`` when it holds none.

    A spec built from configuration bakes today's lists into it; a case records the lists it started under
    and these refs read them back, so a change of configuration never changes a running case's definition.
    """
    if ref is None:
        return _ABSENT
    value: Any = data
    for key in ref[len(DATA):].split("."):
        if not isinstance(value, Mapping) or key not in value:
            return _ABSENT
        value = value[key]
    return value


def field_for(f: Field, data: Mapping[str, Any]) -> Field:
    """The field as this case sees it: its recorded choices when it has any."""
    found = recorded(data, f.choices_from)
    if found is _ABSENT or not isinstance(found, list | tuple):
        return f
    return replace(f, choices=tuple(str(c) for c in found))


def fields_for(fields: tuple[Field, ...], data: Mapping[str, Any]) -> tuple[Field, ...]:
    if not any(f.choices_from for f in fields):
        return fields
    return tuple(field_for(f, data) for f in fields)


def reminders_for(timer: TimerSpec, data: Mapping[str, Any]) -> tuple[Period, ...]:
    """The periods before a deadline at which this case's reminders go out."""
    found = recorded(data, timer.remind_from)
    if found is _ABSENT or not isinstance(found, list | tuple):
        return timer.remind_before
    return tuple(Period.parse(text) for text in found)


def repeat_for(overdue: Overdue | None, data: Mapping[str, Any]) -> Period | None:
    """How often this case's overdue reminders repeat (None: they do not)."""
    if overdue is None:
        return None
    found = recorded(data, overdue.repeat_from)
    if found is _ABSENT:
        return overdue.repeat
    return Period.parse(found) if found else None


def closes_for(timer: TimerSpec, data: Mapping[str, Any]) -> time | None:
    """When this case's deadline ends on its last day, if before 24:00 (an office's closing time)."""
    found = recorded(data, timer.closes_from)
    if not isinstance(found, str) or found in ("", "24:00"):
        return None
    try:
        return time.fromisoformat(found)
    except ValueError:
        return None
