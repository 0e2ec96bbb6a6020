"""Validate the form data an action takes against its fields; returns JSON-ready values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from engine.core import i18n
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from engine.core.spec import Field

INT32 = 2**31
YEARS = (1900, 2200)  # a date outside them is a typing mistake, and would overflow the deadline arithmetic
# NUL and the other C0 control characters but tab, line feed and carriage return; lone UTF-16 surrogates (a JSON
# "\ud800" decodes to one). Neither PostgreSQL nor UTF-8 can store them.
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def bad_characters(text: str) -> bool:
    """Whether ``text`` holds a character no text field may keep (see ``_BAD_CHARACTERS``)."""
    return _BAD_CHARACTERS.search(text) is not None


def day_in_range(day: date) -> bool:
    return YEARS[0] <= day.year <= YEARS[1]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


Cleaned = tuple[Any, Label | None]  # the clean value, or the problem that refused it


def _clean_text(f: Field, value: Any) -> Cleaned:
    """A one-line ``str`` (trimmed) or a ``text`` (trimmed of blank lines only), within its length."""
    if not isinstance(value, str):
        return None, i18n.NOT_TEXT
    value = value.strip() if f.kind == "str" else value.strip("\n")
    if bad_characters(value):
        return None, i18n.BAD_CHARACTERS
    if f.max_length is not None and len(value) > f.max_length:
        return None, i18n.TOO_LONG.format(max=f.max_length, n=len(value))
    return value, None


def _clean_int(f: Field, value: Any) -> Cleaned:
    """A number or an id (organisation, user, case), written or not as text, within its bounds."""
    if isinstance(value, bool):
        return None, i18n.NOT_INTEGER
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return None, i18n.NOT_INTEGER
    if not isinstance(value, int):
        return None, i18n.NOT_INTEGER
    # Ids and numbers live in 32-bit columns and parameters: a larger one is wrong, not a crash.
    if not -INT32 <= value < INT32:
        return None, (i18n.TOO_LARGE if value > 0 else i18n.TOO_SMALL).format(max=INT32 - 1, min=-INT32)
    if f.min_value is not None and value < f.min_value:
        return None, i18n.TOO_SMALL.format(min=f.min_value)
    if f.max_value is not None and value > f.max_value:
        return None, i18n.TOO_LARGE.format(max=f.max_value)
    return value, None


def _clean_ids(f: Field, value: Any) -> Cleaned:
    """A list of ids (or one id), each checked as a plain integer, without repeats, in order."""
    items = value if isinstance(value, list | tuple) else [value]
    out = []
    for item in items:
        one, problem = _clean_int(Field(f.name, f.label, "int"), item)
        if problem is not None:
            return None, problem
        out.append(one)
    return list(dict.fromkeys(out)), None


def _clean_bool(f: Field, value: Any) -> Cleaned:
    """A yes or no, as a bool or as the words a form or a query string sends."""
    if isinstance(value, bool):
        return value, None
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y"):
        return True, None
    if text in ("0", "false", "no", "off", "n"):
        return False, None
    return None, i18n.NOT_BOOL


def _clean_date(f: Field, value: Any) -> Cleaned:
    """A date between the years 1900 and 2200, kept as its ISO text so the case's data stays JSON."""
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            return None, i18n.NOT_DATE
    if not day_in_range(value):
        return None, i18n.DATE_RANGE.format(min=YEARS[0], max=YEARS[1])
    return value.isoformat(), None


def _clean_choice(f: Field, value: Any) -> Cleaned:
    """One of the field's choices."""
    return (value, None) if value in f.choices else (None, i18n.NOT_CHOICE)


def _clean_choices(f: Field, value: Any) -> Cleaned:
    """A list of the field's choices, without repeats, in order."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return None, i18n.NOT_CHOICE
    if any(v not in f.choices for v in value):
        return None, i18n.NOT_CHOICE
    return list(dict.fromkeys(value)), None


_CLEANERS: dict[str, Callable[[Field, Any], Cleaned]] = {
    "str": _clean_text, "text": _clean_text,
    "int": _clean_int, "org": _clean_int, "user": _clean_int, "case": _clean_int,
    "orgs": _clean_ids, "users": _clean_ids,
    "bool": _clean_bool,
    "date": _clean_date,
    "choice": _clean_choice,
    "choices": _clean_choices,
}


def _clean(f: Field, value: Any) -> Cleaned:
    """The clean value of a field that is not empty, or the problem that refuses it."""
    cleaner = _CLEANERS.get(f.kind)
    if cleaner is None:
        raise AssertionError(f"unknown field kind {f.kind!r}")  # refused at registration
    return cleaner(f, value)


def validate_form(fields: tuple[Field, ...], data: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the cleaned values, or raise ``ValidationFailed`` naming every bad field.

    Fields the action does not take are refused rather than ignored, so a typo never passes silently.
    """
    data = data or {}
    errors: dict[str, list[Label]] = {}
    cleaned: dict[str, Any] = {}
    by_name = {f.name: f for f in fields}
    for name in data:
        if name not in by_name:
            errors[name] = [i18n.UNKNOWN_FIELD]
    for f in fields:
        value = data.get(f.name)
        if _empty(value):
            if f.required:
                errors[f.name] = [i18n.REQUIRED]
            continue
        value, problem = _clean(f, value)
        if problem is not None:
            errors[f.name] = [problem]
        else:
            cleaned[f.name] = value
    if errors:
        raise ValidationFailed(errors)
    return cleaned
