"""Validate the form data an action takes against its fields; returns JSON-ready values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from engine.core import i18n
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from engine.core.spec import Field

INT32 = 2**31


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _clean(f: Field, value: Any) -> tuple[Any, Label | None]:
    kind = f.kind
    if kind in ("str", "text"):
        if not isinstance(value, str):
            return None, i18n.NOT_TEXT
        value = value.strip() if kind == "str" else value.strip("\n")
        if "\x00" in value:
            return None, i18n.NOT_TEXT
        if f.max_length is not None and len(value) > f.max_length:
            return None, i18n.TOO_LONG.format(max=f.max_length, n=len(value))
        return value, None
    if kind in ("orgs", "users"):
        items = value if isinstance(value, list | tuple) else [value]
        out = []
        for item in items:
            one, problem = _clean(Field(f.name, f.label, "int"), item)
            if problem is not None:
                return None, problem
            out.append(one)
        return list(dict.fromkeys(out)), None
    if kind in ("int", "org", "user", "case"):
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
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on", "y"):
            return True, None
        if text in ("0", "false", "no", "off", "n"):
            return False, None
        return None, i18n.NOT_BOOL
    if kind == "date":
        if isinstance(value, date):
            return value.isoformat(), None
        try:
            return date.fromisoformat(str(value).strip()).isoformat(), None
        except ValueError:
            return None, i18n.NOT_DATE
    if kind == "choice":
        return (value, None) if value in f.choices else (None, i18n.NOT_CHOICE)
    if kind == "choices":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return None, i18n.NOT_CHOICE
        if any(v not in f.choices for v in value):
            return None, i18n.NOT_CHOICE
        return list(dict.fromkeys(value)), None
    raise AssertionError(f"unknown field kind {kind!r}")  # refused at registration


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
