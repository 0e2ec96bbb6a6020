"""Checks every request passes before a view reads it, so that no input can make a 500: a JSON body nested more
than ``MAX_JSON_DEPTH`` deep (the parser would recurse until the interpreter gives up) is refused before it is
parsed; text anywhere in the query string, a JSON body or a posted form that holds NUL, another control character
or a lone surrogate is refused (the database cannot store them); a whole number in the query string must fit the
32-bit ids and counts it names; a year (``?year=``, or a date or time in a JSON body) must lie between 1900 and
2200.

The API answers 400 problem+json naming the field; a page answers 400. The generic action forms, the proposal
form and the administration's forms are left to where they are read, which puts the same refusal beside the
field and keeps what was typed. A body larger
than Flask's ``MAX_CONTENT_LENGTH`` is refused (413) before it is read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from engine.core import i18n
from engine.services import INT32, YEARS, bad_characters
from web.api import problems
from web.context import lang

MAX_JSON_DEPTH = 64
# Endpoints whose posted fields are checked where they are read, answering beside each field: the engine's
# action and proposal forms, and the administration's forms (``web.admin.forms.AdminForm``).
FIELD_CHECKED = frozenset({"cases.act", "proposals.new"})
FIELD_CHECKED_BLUEPRINTS = frozenset({"admin"})
FREE_TEXT = frozenset({"q", "text", "next"})  # query parameters that are words, never numbers
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_WHOLE = re.compile(r"[+-]?\d+")
_ISO_DAY = re.compile(r"(\d{4})-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def json_depth(body: bytes) -> int:
    """How deep a JSON text nests arrays and objects, without parsing it (strings are skipped)."""
    brackets = _STRINGS.sub(b"", body).translate(None, delete=bytes(set(range(256)) - set(b"[]{}")))
    depth = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a parsed JSON value (keys too), with where it is (``form.title``)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from _strings(item, where)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)


def _refuse(field: str, message: i18n.Label) -> Response:
    if problems.on_api():
        text = message(problems.lang())
        return problems.response(400, "validation", detail=f"{field}: {text}", errors={field: [text]})
    refusal = BadRequest(description=f"{field}: {message(lang())}")
    refusal.for_reader = True  # type: ignore[attr-defined]  # the error page shows it (web/errors.py)
    raise refusal


def _query_problem() -> tuple[str, i18n.Label] | None:
    for name, value in request.args.items(multi=True):
        if bad_characters(name) or bad_characters(value):
            return name, i18n.BAD_CHARACTERS
        if name in FREE_TEXT or not _WHOLE.fullmatch(value.strip()):
            continue
        number = int(value)
        if name == "year" and not YEARS[0] <= number <= YEARS[1]:
            return name, i18n.TOO_SMALL.format(min=YEARS[0]) if number < YEARS[0] else i18n.TOO_LARGE.format(
                max=YEARS[1])
        if not -INT32 <= number < INT32:
            return name, i18n.TOO_LARGE.format(max=INT32 - 1) if number > 0 else i18n.TOO_SMALL.format(min=-INT32)
    return None


def check_request() -> Response | None:
    """Refuse a request whose input no view could take (see the module's docstring); else let it through."""
    found = _query_problem()
    if found is not None:
        return _refuse(*found)
    if request.is_json:
        body = request.get_data(cache=True)
        if body and json_depth(body) > MAX_JSON_DEPTH:
            return _refuse("__all__", i18n.Label(f"JSON 嵌套不能超过 {MAX_JSON_DEPTH} 层。",
                                                 f"JSON may nest at most {MAX_JSON_DEPTH} levels."))
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            return None  # the API's own parser says the body is not JSON
        for where, text in _strings(parsed, ""):
            if bad_characters(text):
                return _refuse(where or "__all__", i18n.BAD_CHARACTERS)
            day = _ISO_DAY.fullmatch(text)
            if day and not YEARS[0] <= int(day.group(1)) <= YEARS[1]:
                return _refuse(where, i18n.DATE_RANGE.format(min=YEARS[0], max=YEARS[1]))
    elif (request.method == "POST" and request.endpoint not in FIELD_CHECKED
          and request.blueprint not in FIELD_CHECKED_BLUEPRINTS):
        for name, value in request.form.items(multi=True):
            if bad_characters(name) or bad_characters(value):
                return _refuse(name, i18n.BAD_CHARACTERS)
    return None


def init_app(app: Flask) -> None:
    """Run the checks before anything else reads the request (sign-in, CSRF, the API's parsers)."""
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)
