"""Throttling of password and token guessing, after OWASP's Authentication and Credential Stuffing cheat sheets.

Failures are rows of ``login_failures`` (a key and a time), so that every web process on one database counts
the same ones. A key is refused for a while once it has failed ``free`` times within ``WINDOW``: 2^(n - free)
seconds after its n-th failure, at most ``CAP``; a refused attempt is not checked and not counted.

- ``pair:`` one account from one address, unknown devices: refused after 5 failures, 1 s, 2 s, 4 s … 15 min;
- ``user:`` one account from every unknown device: refused after 20 failures, 1 s, 2 s … 15 min, so that an
  attack spread over many addresses is slowed down as well;
- ``dev:`` one known device (its signed cookie names the account): counted apart from the two above, so that the
  owner still signs in while their account is attacked; refused after 5 failures like a pair;
- ``addr:`` one address, every account and bad API tokens: never refuses a sign-in (behind a proxy an address
  is many people) but slows it down, 0.25 s per failure past 20 in 15 minutes, at most 2 s; bad API tokens
  from it are answered 429 past 20 in 15 minutes; a valid token is never refused.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from engine.store.models import LoginFailure

failures = LoginFailure.__table__
WINDOW = timedelta(hours=24)  # failures older than this are forgotten
CAP = timedelta(minutes=15)  # the longest refusal
PAIR_FREE = 5
ACCOUNT_FREE = 20
DEVICE_FREE = 5
ADDRESS_WINDOW = timedelta(minutes=15)
ADDRESS_FREE = 20
ADDRESS_STEP = 0.25  # seconds of slow-down per address failure past ADDRESS_FREE
ADDRESS_MAX_PAUSE = 2.0
TOKEN_FREE = 20  # bad tokens from one address within ADDRESS_WINDOW before further bad ones get 429

# How a sign-in waits out an address's slow-down; tests replace it to see the pause without taking it.
pause: Callable[[float], None] = time.sleep


@dataclass(frozen=True, slots=True)
class Limit:
    """A counted key: after ``free`` failures within ``window`` it is refused for a doubling time."""

    key: str
    free: int
    window: timedelta = WINDOW


def pair_key(username: str, address: str) -> str:
    """One account from one address; hashed, for a username and an IPv6 address are longer than the column."""
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()[:40]
    return f"pair:{digest}"


def account_key(username: str) -> str:
    return f"user:{username.strip().lower()}"[:120]


def device_key(device: str) -> str:
    return f"dev:{device}"[:120]


def address_key(address: str) -> str:
    """The key of a client address, shared by the sign-in form and API tokens."""
    return f"addr:{address}"


def refusal(free: int, count: int) -> timedelta:
    """How long a key is refused after its ``count``-th failure: none before ``free``, then 2^(count - free) s."""
    if count < free:
        return timedelta(0)
    return min(CAP, timedelta(seconds=2 ** min(count - free, 20)))


def wait(conn: sa.Connection, limits: Iterable[Limit], now: datetime) -> int | None:
    """Whole seconds until every limit lets an attempt through again; None when they all do now."""
    longest = timedelta(0)
    for limit in limits:
        f = failures.c
        count, last = conn.execute(sa.select(sa.func.count(), sa.func.max(f.at))
                                   .where(f.key == limit.key, f.at > now - limit.window)).one()
        if count and last is not None:
            last = last if last.tzinfo else last.replace(tzinfo=now.tzinfo)
            longest = max(longest, last + refusal(limit.free, count) - now)
    if longest <= timedelta(0):
        return None
    return max(1, math.ceil(longest.total_seconds()))


PRUNE_EVERY = 500  # every so many failures, those of every key older than WINDOW are deleted


def record(conn: sa.Connection, keys: Iterable[str], now: datetime) -> None:
    """Count a failure against each key, forgetting the key's failures older than ``WINDOW`` (and now and then
    every key's, so that names tried once do not pile up)."""
    for key in keys:
        conn.execute(failures.delete().where(failures.c.key == key, failures.c.at <= now - WINDOW))
        row_id = conn.execute(failures.insert().values(key=key, at=now)).inserted_primary_key[0]
        if row_id % PRUNE_EVERY == 0:
            conn.execute(failures.delete().where(failures.c.at <= now - WINDOW))


def forget(conn: sa.Connection, keys: Iterable[str]) -> None:
    """A success: the keys' failures no longer count."""
    conn.execute(failures.delete().where(failures.c.key.in_(list(keys))))


def address_pause(conn: sa.Connection, address: str, now: datetime) -> float:
    """Seconds a sign-in from ``address`` waits before its password is checked (0 for most)."""
    count = conn.execute(sa.select(sa.func.count()).select_from(failures).where(
        failures.c.key == address_key(address), failures.c.at > now - ADDRESS_WINDOW)).scalar_one()
    return min(ADDRESS_MAX_PAUSE, ADDRESS_STEP * (count - ADDRESS_FREE + 1)) if count >= ADDRESS_FREE else 0.0


def token_limit(address: str) -> Limit:
    return Limit(address_key(address), TOKEN_FREE, ADDRESS_WINDOW)
