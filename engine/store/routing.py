"""Which server a read goes to: the replica for reads that opt in, the primary after the reader's own write.

A read service (a dashboard, a federation view, a report, an export) opts in with ``replica_reads()``; the web
pins a user's reads to the primary for a few seconds after their own write (``pin_primary``), so what they just
did is never missing from the page they land on. Writes always go to the primary. Both are context variables:
one request, one thread (or task) at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_REPLICA_OK: ContextVar[bool] = ContextVar("unionflow_replica_ok", default=False)
_PINNED: ContextVar[bool] = ContextVar("unionflow_primary_pinned", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may come from the replica (a few seconds behind), unless pinned to the primary."""
    token = _REPLICA_OK.set(True)
    try:
        yield
    finally:
        _REPLICA_OK.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside go to the primary whatever opted in: the reader has just written."""
    token = _PINNED.set(True)
    try:
        yield
    finally:
        _PINNED.reset(token)


def start_request(*, replica_ok: bool, pinned: bool) -> None:
    """Set both for one request from scratch (a server thread serves many requests one after another)."""
    _REPLICA_OK.set(replica_ok)
    _PINNED.set(pinned)


def wants_replica() -> bool:
    return _REPLICA_OK.get() and not _PINNED.get()
