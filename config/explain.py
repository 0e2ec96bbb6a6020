"""Pydantic's validation errors told as a union office reads them: where, which key, what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_TEXTS: dict[str, str] = {
    "extra_forbidden": "unknown setting",
    "unexpected_keyword_argument": "unknown setting",
    "missing": "required: the table is incomplete without it",
    "int_parsing": "must be a whole number, got {input!r}",
    "int_type": "must be a whole number, got {input!r}",
    "int_from_float": "must be a whole number, got {input!r}",
    "float_parsing": "must be a number, got {input!r}",
    "float_type": "must be a number, got {input!r}",
    "bool_parsing": "must be true or false, got {input!r}",
    "bool_type": "must be true or false, got {input!r}",
    "string_type": "must be text, got {input!r}",
    "time_parsing": "must be a time such as 08:30, got {input!r}",
    "time_type": "must be a time such as 08:30, got {input!r}",
    "list_type": "must be a list, got {input!r}",
    "tuple_type": "must be a list, got {input!r}",
    "dict_type": "must be a table, got {input!r}",
    "model_type": "must be a table, got {input!r}",
    "dataclass_type": "must be a table, got {input!r}",
    "model_attributes_type": "must be a table, got {input!r}",
    "greater_than_equal": "must be at least {ge}, got {input!r}",
    "less_than_equal": "must be at most {le}, got {input!r}",
    "too_short": "must have at least {min_length} item(s)",
    "too_long": "must have at most {max_length} item(s)",
}


def dotted(loc: tuple[str | int, ...]) -> str:
    """``("notify", "robots", 0, "url")`` as ``notify.robots[0].url``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _text(error: ErrorDetails) -> str:
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    kind = error["type"]
    if kind == "extra_forbidden" and len(error["loc"]) == 1 and isinstance(error["input"], dict):
        return "unknown table: no installed package declares it"
    if kind == "value_error":  # our own validators' words
        return str(ctx.get("error", error["msg"]))
    if kind == "greater_than":
        return "must be a positive number" if ctx.get("gt") == 0 else "must be more than {gt}".format(**ctx)
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {error['input']!r}"
    template = _TEXTS.get(kind)
    return template.format(input=error["input"], **ctx) if template else error["msg"]


def explain(err: ValidationError, origin: Callable[[tuple[str | int, ...]], str]) -> str:
    """Every error of ``err`` on one line each: ``<origin>: <dotted key>: <what is wrong>``."""
    lines = []
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        key = dotted(loc)
        where = origin(loc)
        lines.append(f"{where + ': ' if where else ''}{key + ': ' if key else ''}{_text(error)}")
    return "\n".join(lines)
