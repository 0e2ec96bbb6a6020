"""One representative's attempt to vote, in a process of its own with its own Env, for the double-voting test.

Started by ``multiprocessing`` (a fork server, itself spawned) with the database URL, so the child shares
nothing with the test but the database; it waits at the barrier so that every attempt starts together, and
reports how it went.
"""

from __future__ import annotations

from typing import Any

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import Refused
from engine.core.registry import Registry
from engine.store.database import Database
from workflows.congress import services as congress

# What the fork server imports once for all children: the engine, the PostgreSQL dialect and the migrations'
# reader (the schema check). Not this module: Python 3.11's fork server preloads before it has the test's
# ``sys.path``, and silently skips what it cannot import.
PRELOAD = ("engine.services", "sqlalchemy.dialects.postgresql.psycopg", "alembic.script")


def attempt(url: str, user_id: int, item_id: int, choice: Any, barrier: Any, results: Any) -> None:
    env = Env(Database(url), Registry())
    try:
        env.db.check_schema()
        barrier.wait(timeout=120)
        try:
            congress.vote(env, Actor(user_id), item_id, choice)
            results.put("voted")
        except Refused as err:
            results.put(err.code)
    except BaseException as err:  # the test reports what went wrong rather than waiting for a result
        results.put(f"error: {err!r}")
    finally:
        env.db.dispose()
