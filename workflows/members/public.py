"""The public pages' limits, counted per client address on the engine's failure rows: applications (many may come
from one factory's Wi-Fi during a recruitment drive, so the limit is generous) and progress look-ups that found
nothing (someone trying codes: refused for a doubling time after a few misses)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from engine import services
from engine.identity import throttle
from workflows.members import moves, views

APPLY_FREE, APPLY_WINDOW = 30, timedelta(hours=1)  # applications from one address per hour before a wait
LOOKUP_FREE, LOOKUP_WINDOW = 10, timedelta(minutes=15)  # misses from one address before a wait


class Throttled(Exception):
    """Too many from this address: try again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def _key(kind: str, address: str) -> str:
    return f"{kind}:" + hashlib.sha256(address.encode()).hexdigest()[:40]


def _check(env: services.Env, limit: throttle.Limit) -> None:
    with env.db.read() as conn:
        seconds = throttle.wait(conn, [limit], env.clock.now())
    if seconds is not None:
        raise Throttled(seconds)


def apply(env: services.Env, union_id: int, form: dict, address: str) -> moves.Applied:
    """An application from the public page, counted against the address (whether or not it is accepted)."""
    limit = throttle.Limit(_key("join", address), APPLY_FREE, APPLY_WINDOW)
    _check(env, limit)
    with env.db.write() as conn:
        throttle.record(conn, [limit.key], env.clock.now())
    return moves.apply(env, union_id, form)


def progress(env: services.Env, reference: str, phone: str, address: str) -> views.Progress | None:
    """A progress look-up; a miss counts against the address, a hit does not."""
    limit = throttle.Limit(_key("progress", address), LOOKUP_FREE, LOOKUP_WINDOW)
    _check(env, limit)
    found = views.progress(env, reference, phone)
    if found is None:
        with env.db.write() as conn:
            throttle.record(conn, [limit.key], env.clock.now())
    return found
