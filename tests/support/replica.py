"""The streaming replica the deployment tests read from: made by tools/replica.sh, waited on until it replays."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from engine.store.database import normalise_url

ROOT = Path(__file__).resolve().parents[2]
REPLICA_PORT = 5433


def make_replica(port: int = REPLICA_PORT) -> int:
    """Run tools/replica.sh (idempotent: a replica already streaming is kept) and return its port."""
    done = subprocess.run([str(ROOT / "tools" / "replica.sh"), str(port)], capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"tools/replica.sh could not make the replica on port {port}: {done.stderr.strip()}")
    return port


def on_port(url: str, port: int) -> str:
    """The same database, user and options on another port of this machine (the replica's)."""
    return sa.engine.make_url(normalise_url(url)).set(port=port).render_as_string(hide_password=False)


def driver(url: str) -> str:
    return normalise_url(url).replace("postgresql+psycopg://", "postgresql://")


def caught_up(primary_url: str, replica_url: str, timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with psycopg.connect(driver(primary_url), autocommit=True) as primary:
        lsn = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    with psycopg.connect(driver(replica_url), autocommit=True) as replica:
        while not replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:
            if time.monotonic() > deadline:
                pytest.fail(f"the replica did not replay up to {lsn} within {timeout} s")
            time.sleep(0.05)


@contextmanager
def replay_paused(replica_url: str) -> Iterator[None]:
    """The replica stops applying the primary's changes (a lag of our making) until the block ends."""
    with psycopg.connect(driver(replica_url), autocommit=True) as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")
