"""The database: SQLAlchemy engine set-up per backend, transactions, and the schema revision check.

Write transactions on SQLite begin with ``BEGIN IMMEDIATE`` (WAL, busy timeout): a deferred transaction that
reads then writes fails at once with "database is locked" whatever the timeout. On PostgreSQL writers lock
the case row ``FOR UPDATE``.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

import orjson
import sqlalchemy as sa
from psycopg.types.json import set_json_loads
from sqlalchemy import event

from engine.core.errors import SchemaOutdated
from engine.store import routing
from engine.store.server_plans import ServerPlans

if TYPE_CHECKING:
    from engine.core.env import Env

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
_READ_ONLY = "unionflow_read_only"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` URLs as people write them and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Prepared:
    """A statement compiled once for the database's dialect, run on the raw driver connection."""

    __slots__ = ("sql", "names", "constants")

    def __init__(self, statement: sa.Executable, dialect: sa.Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names = tuple(compiled.params)
        # Literal values in the statement (a status, a constant) travel as parameters too.
        self.constants = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}

    def bind(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**self.constants, **params} if self.constants else params


class PreparedStatements:
    """The statements a capability runs, compiled once per database: a subclass prepares them in its
    ``__init__(prepare)``; ``Subclass.of(env)`` is the set made for ``env``'s database."""

    _made: ClassVar[dict[int, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._made = {}

    def __init__(self, prepare: Callable[[sa.Executable], Prepared]) -> None:
        """A subclass prepares its statements here, each with ``prepare``."""

    @classmethod
    def of(cls, env: Env) -> Self:
        found = cls._made.get(id(env.db))
        if found is None:
            found = cls._made[id(env.db)] = cls(env.db.prepare)
        return found


class RawTransaction:
    """One write transaction on the pooled driver connection: the engine's hot path."""

    __slots__ = ("_cursor", "db")

    def __init__(self, cursor: Any, db: Database) -> None:
        self._cursor = cursor
        self.db = db

    def execute(self, stmt: Prepared, params: Mapping[str, Any]) -> Any:
        self._cursor.execute(stmt.sql, stmt.bind(params))
        return self._cursor

    def executemany(self, stmt: Prepared, rows: list[dict[str, Any]]) -> None:
        if len(rows) == 1:
            self._cursor.execute(stmt.sql, stmt.bind(rows[0]))
        elif rows:
            self._cursor.executemany(stmt.sql, [stmt.bind(r) for r in rows])

    def one(self, stmt: Prepared, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        self._cursor.execute(stmt.sql, stmt.bind(params))
        return self._cursor.fetchone()

    def all(self, stmt: Prepared, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        self._cursor.execute(stmt.sql, stmt.bind(params))
        return self._cursor.fetchall()


class Database:
    """Connections to one database; ``sqlite`` tells which backend rules apply."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 5000, echo: bool = False, pooled: bool = False,
                 read_url: str = "", replica: bool = False) -> None:
        self.url = normalise_url(url)
        self.busy_timeout_ms = busy_timeout_ms
        self.replica: Database | None = None
        # JSON written through SQLAlchemy is stored as the hot path's ``js`` stores it: UTF-8, not \u escapes.
        # and read back with orjson, several times faster than json.loads (a register export reads every case's data).
        options: dict[str, Any] = {"echo": echo, "pool_reset_on_return": None, "json_serializer": self.js,
                                   "json_deserializer": orjson.loads}
        if self.url.startswith("sqlite"):
            database = sa.engine.make_url(self.url).database
            if not database or database == ":memory:":
                raise ValueError("unionflow needs a SQLite file (several connections share it)")
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            options["connect_args"] = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
            self.engine = sa.create_engine(self.url, **options)
            self.sqlite = True
            event.listen(self.engine, "connect", self._sqlite_connect)
            event.listen(self.engine, "begin", self._sqlite_begin)
        else:
            # pre_ping: a pooled connection the server dropped (a restart, pg_terminate_backend, a firewall's
            # idle timeout) is found dead at checkout and replaced, instead of failing the request that gets it.
            if pooled:
                # Through PgBouncer in transaction mode (1.18 here: no max_prepared_statements) each transaction
                # may land on another server connection, so psycopg must never prepare a statement server-side.
                options["connect_args"] = {"prepare_threshold": None}
            self.engine = sa.create_engine(self.url, pool_size=10, max_overflow=20, pool_pre_ping=not pooled,
                                           **options)
            self.sqlite = False
            event.listen(self.engine, "connect", self._pg_connect)
            if pooled:
                _ping_when_idle(self.engine)
            if pooled and not replica:  # the hot statements' plans kept on the server (a replica makes none)
                ServerPlans(self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
                            ).listen(self.engine)
            if read_url:
                self.replica = Database(read_url, echo=echo, pooled=pooled, replica=True)
        self.dialect = self.engine.dialect
        if self.sqlite and read_url:
            raise ValueError("a read replica needs PostgreSQL (database_read_url is set beside a SQLite file)")
        if self.sqlite:
            # Named parameters, so one parameter dict serves both backends' drivers.
            self.dialect = type(self.dialect)(paramstyle="named")
        self._checked = False

    def _sqlite_connect(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "secure_delete=ON",
                       f"busy_timeout={self.busy_timeout_ms}"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @staticmethod
    def _pg_connect(dbapi_connection: Any, _record: Any) -> None:
        set_json_loads(orjson.loads, dbapi_connection)  # psycopg decodes json and jsonb columns with it

    @staticmethod
    def _sqlite_begin(conn: sa.Connection) -> None:
        read_only = conn.get_execution_options().get(_READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    def prepare(self, statement: sa.Executable) -> Prepared:
        return Prepared(statement, self.dialect)

    # -- values on the hot path, encoded as SQLAlchemy's types would -------------------------------------
    def ts(self, value: datetime) -> Any:
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else value

    @staticmethod
    def load_ts(value: Any) -> datetime:
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @staticmethod
    def js(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def load_js(value: Any) -> Any:
        return orjson.loads(value) if isinstance(value, str | bytes) else value

    # -- transactions --------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[RawTransaction]:
        """A write transaction on the driver connection; commits on success, rolls back on any error."""
        self.check_schema()
        raw = self.engine.raw_connection()
        try:
            driver = raw.driver_connection
            cursor = driver.cursor()
            if self.sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            try:
                yield RawTransaction(cursor, self)
                driver.commit() if not self.sqlite else cursor.execute("COMMIT")
            except BaseException:
                driver.rollback() if not self.sqlite else _sqlite_rollback(cursor)
                raise
            finally:
                cursor.close()
        finally:
            raw.close()

    def raw(self, conn: sa.Connection) -> RawTransaction:
        """Run prepared statements inside a transaction opened through SQLAlchemy."""
        return RawTransaction(conn.connection.driver_connection.cursor(), self)

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction through SQLAlchemy Core, for actions off the hot path."""
        self.check_schema()
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self, *, single: bool = False) -> Iterator[sa.Connection]:
        """A read-only snapshot; on SQLite it takes no write lock. Inside ``routing.replica_reads()`` it comes
        from the replica when there is one and the reader has not just written (``routing.primary_reads()``).
        ``single``: for one statement, a snapshot in itself, so on PostgreSQL it is sent without BEGIN and COMMIT
        (autocommit: two round trips fewer); statements after the first each see their own snapshot."""
        self.check_schema()
        engine = self.replica.engine if self.replica is not None and routing.wants_replica() else self.engine
        options: dict[str, Any] = {_READ_ONLY: True}
        if single and not self.sqlite:
            options["isolation_level"] = "AUTOCOMMIT"
        with engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    def reads_from(self) -> str:
        """``replica`` or ``primary``: where a read here would go now (for a status line and tests)."""
        return "replica" if self.replica is not None and routing.wants_replica() else "primary"

    # -- schema --------------------------------------------------------------------------------------------
    def current_revision(self) -> str | None:
        with self.engine.connect().execution_options(**{_READ_ONLY: True}) as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def check_schema(self) -> None:
        """Refuse to work on a database older or newer than the code (checked once per process)."""
        if self._checked:
            return
        head = head_revision()
        current = self.current_revision()
        if current != head:
            raise SchemaOutdated(current, head)
        self._checked = True

    def dispose(self) -> None:
        self.engine.dispose()
        if self.replica is not None:
            self.replica.dispose()


PING_IDLE = 0.5  # seconds a connection to a pooler may rest and be lent again without a ping


def _ping_when_idle(engine: sa.Engine) -> None:
    """Ping a connection at checkout only once it has rested ``PING_IDLE`` seconds, as HikariCP skips checking a
    connection used within its ``aliveBypassWindowMs``. Behind PgBouncer the connection to the pooler outlives
    the server's (PgBouncer replaces a dropped server connection itself) and is lost only with the pooler, so
    under load the two pings of every API call (one per transaction) are spared; a dead one is replaced."""

    def used(_dbapi: Any, record: Any, *_: Any) -> None:
        record.info["used"] = time.monotonic()

    def checkout(dbapi: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("used", 0.0) < PING_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi)
        except engine.dialect.loaded_dbapi.Error as err:
            raise sa.exc.DisconnectionError(str(err)) from err  # the pool replaces it and tries again

    event.listen(engine, "connect", used)
    event.listen(engine, "checkin", used)
    event.listen(engine, "checkout", checkout)


def _sqlite_rollback(cursor: Any) -> None:
    if cursor.connection.in_transaction:
        cursor.execute("ROLLBACK")


@functools.cache
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads; merge them")
    return heads[0]
