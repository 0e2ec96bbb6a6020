"""The scheduler's single-active lock: one active process per database, the others wait as standbys.

On PostgreSQL the active scheduler holds a session-level advisory lock on a connection of its own for as long
as it runs; the server releases it when that session ends, even when the process is killed or its machine is
gone (the connection asks the server for TCP keepalives, so a silent peer is dropped in about half a minute).
On SQLite it holds an exclusive ``flock`` on a file next to the database, which the operating system releases
when the process dies. The lock is an economy, not what keeps a deadline from firing twice: every timer is
fired under the case's lock and re-read there, so two schedulers for a moment would still fire it once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from engine.store.database import Database

log = logging.getLogger(__name__)
# A silent peer of the lock's session is given up after IDLE + INTERVAL * COUNT seconds, on both sides.
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 10, 5, 3


class SchedulerLock(Protocol):
    """The right to be the active scheduler of one database."""

    def try_acquire(self) -> bool:
        """Take the lock if it is free; never blocks."""

    def holds(self) -> bool:
        """Whether the lock taken is still ours (a lost database session loses it)."""

    def holder(self) -> str:
        """Who holds the lock, for the standby's message."""

    def release(self) -> None: ...


def advisory_key(schema: str) -> int:
    """The advisory lock's 64-bit key: fixed for an installation, one per schema sharing a database."""
    digest = hashlib.sha256(f"unionflow scheduler:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def this_process() -> str:
    """The host and pid of this process, as the lock's holder is named."""
    return f"pid {os.getpid()} on {socket.gethostname()}"


class AdvisoryLock:
    """``pg_try_advisory_lock`` on a dedicated connection, outside the pool, kept for the life of the process."""

    def __init__(self, db: Database) -> None:
        cargs, cparams = db.engine.dialect.create_connect_args(db.engine.url)
        self._connect_args = (cargs, cparams)
        self._conn: Any = None
        self.key: int | None = None

    def _connect(self) -> Any:
        import psycopg

        cargs, cparams = self._connect_args
        conn = psycopg.connect(*cargs, **cparams, autocommit=True, connect_timeout=10,
                               application_name=f"unionflow scheduler ({this_process()})"[:63],
                               keepalives=1, keepalives_idle=KEEPALIVE_IDLE,
                               keepalives_interval=KEEPALIVE_INTERVAL, keepalives_count=KEEPALIVE_COUNT)
        # The server's side of the same: a scheduler whose machine vanished must not keep the lock for hours.
        for name, value in (("tcp_keepalives_idle", KEEPALIVE_IDLE), ("tcp_keepalives_interval", KEEPALIVE_INTERVAL),
                            ("tcp_keepalives_count", KEEPALIVE_COUNT)):
            conn.execute(f"SET {name} = {value}")
        self.key = advisory_key(conn.execute("SELECT current_schema()").fetchone()[0])
        return conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # closing a broken connection has nothing left to report
                pass
        self._conn = None

    def try_acquire(self) -> bool:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            return bool(self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0])
        except Exception as err:  # the server is down or restarting: stay a standby and try again
            log.warning("cannot reach PostgreSQL for the scheduler lock: %s", err)
            self._drop()
            return False

    def holds(self) -> bool:
        # While the session lives nobody else can release its lock, so a live session is proof enough.
        try:
            return self._conn is not None and self._conn.execute("SELECT 1").fetchone() is not None
        except Exception as err:
            log.error("the scheduler lock's database session was lost: %s", err)
            self._drop()
            return False

    def holder(self) -> str:
        if self._conn is None or self.key is None:
            return "unknown"
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        try:
            row = self._conn.execute(
                "SELECT a.application_name, l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = %s "
                "AND l.objid::bigint = %s AND l.objsubid = 1 AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())", (high, low)).fetchone()
        except Exception:
            return "unknown"
        return f"{row[0] or 'a session'}, server pid {row[1]}" if row else "unknown"

    def release(self) -> None:
        # Closing the session releases the lock; an explicit unlock would only add a round trip.
        self._drop()


class FileLock:
    """An exclusive lock on ``<database file>.scheduler.lock``; the file names the holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _lock(self._fd):
            return False
        self._held = True
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, f"{this_process()}\n".encode())
        return True

    def holds(self) -> bool:
        return self._held  # the OS keeps a flock until the descriptor is closed

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self._fd is not None:
            if self._held:
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the lock
        self._fd, self._held = None, False


def _lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows servers: a byte-range lock on the file's first byte does the same
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def scheduler_lock_for(db: Database) -> SchedulerLock:
    """The lock that makes one scheduler active on this database."""
    if db.sqlite:
        database = sa.engine.make_url(db.url).database
        assert database is not None  # Database refuses SQLite URLs without a file
        path = Path(database).resolve()
        return FileLock(path.with_name(path.name + ".scheduler.lock"))
    return AdvisoryLock(db)
