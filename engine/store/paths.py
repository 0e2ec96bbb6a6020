"""The organisation tree's materialised paths (``/1/4/9/``) compared so that an index reads them: "starts with"
as a range, since the digits sort after ``/`` (``/1/4/`` ≤ path < ``/1/40``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def below(path: sa.ColumnElement[Any], prefix: str | sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """``path`` is ``prefix`` or starts with it: the organisation at ``prefix`` and every one below it."""
    if isinstance(prefix, str):
        return sa.and_(path >= prefix, path < prefix[:-1] + "0")
    return sa.and_(path >= prefix, path < sa.func.substr(prefix, 1, sa.func.length(prefix) - 1) + "0")


def ancestors(path: str) -> list[int]:
    """The organisations on a path, the root first, the organisation itself last."""
    return [int(part) for part in path.strip("/").split("/") if part]
