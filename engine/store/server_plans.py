"""Plans kept on the server for the hot statements, behind a transaction-mode pooler.

PgBouncer in transaction mode (1.18 on Debian 12: no ``max_prepared_statements``) lends each transaction another
server connection, so psycopg prepares nothing and PostgreSQL plans every statement anew. A join of a few tables
costs more to plan than to run: an API comment spent about 3 of its 3.8 ms in PostgreSQL planning its reader check,
its participants and its token's owner. A statement marked ``hot`` (``execution_options(server_plan=True)``) is
run instead through a PL/pgSQL function made once from its own compiled text. PL/pgSQL keeps the plans of its
queries in each server connection, whichever client's transaction lands there, so the statement is planned once
per server connection rather than once per call.

The function is named by a digest of the statement's text, made in the connection's first schema on the first
call in a process (in its own committed transaction, under an advisory lock, so processes starting together make
it once), with the parameter and column types PostgreSQL itself reads off the statement. It runs as its caller
(no SECURITY DEFINER) and sees the same tables. A statement whose function cannot be made (no CREATE right on the
schema, a read-only server) is run as written: slower, never wrong. A statement changed by a new release, or a column
type changed by a migration, gets a new function; an old one is left in place (a few small rows of the catalog),
so that processes still running the old release keep working through a rolling upgrade.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from typing import Any

import psycopg
import sqlalchemy as sa

SERVER_PLAN = "server_plan"  # the execution option that marks a statement
PREFIX = "uf_plan_"
_PLACEHOLDER = re.compile(r"%%|%\(([^)]+)\)s")  # psycopg's pyformat parameters, and an escaped percent sign
log = logging.getLogger(__name__)


def hot(statement: Any) -> Any:
    """``statement`` marked to run through a plan kept on the server (where ``ServerPlans`` is installed)."""
    return statement.execution_options(**{SERVER_PLAN: True})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class ServerPlans:
    """The functions one database's statements run through, made on first use; install with ``listen``."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._calls: dict[str, str | None] = {}  # a statement's text -> the call that replaces it (None: as is)
        self._lock = threading.Lock()

    def listen(self, engine: sa.Engine) -> None:
        sa.event.listen(engine, "before_cursor_execute", self._rewrite, retval=True)
        sa.event.listen(engine, "handle_error", self._forget)

    def _forget(self, context: sa.engine.ExceptionContext) -> None:
        """A function gone (dropped by hand, a restore of an older dump) fails its call once and is made again on
        the next one."""
        if isinstance(context.original_exception, psycopg.errors.UndefinedFunction) and context.statement:
            for statement, call in list(self._calls.items()):
                if call == context.statement:
                    self._calls.pop(statement, None)

    def _rewrite(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> tuple[str, Any]:
        if executemany or context is None or not context.execution_options.get(SERVER_PLAN):
            return statement, parameters
        call = self._calls.get(statement, "")
        if call == "":
            # Never wait for the thread making a function: it needs a server connection of its own, which a
            # pooler lends only once the transactions of the waiting threads end.
            if not self._lock.acquire(blocking=False):
                return statement, parameters
            try:
                call = self._calls.get(statement, "")
                if call == "":
                    call = self._calls[statement] = self._make(statement, context)
            finally:
                self._lock.release()
        return (call, parameters) if call else (statement, parameters)

    def _make(self, statement: str, context: Any) -> str | None:
        """The call standing for ``statement``, its function made if no process made it yet; None to run it as
        written (told once in the log)."""
        compiled = getattr(context, "compiled", None)
        if compiled is None or any(b.expanding for b in compiled.binds.values()) \
                or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            log.warning("a statement marked for a server plan is not a fixed SELECT; it runs as written")
            return None
        names: list[str] = []

        def number(m: re.Match[str]) -> str:
            if m.group(1) is None:
                return "%"
            if m.group(1) not in names:
                names.append(m.group(1))
            return f"${names.index(m.group(1)) + 1}"

        body = _PLACEHOLDER.sub(number, statement)
        try:
            with psycopg.connect(self.conninfo, prepare_threshold=None, connect_timeout=10) as conn:
                function, arguments, columns = _ensure(conn, body)
        except psycopg.Error as err:
            log.warning("no server plan for a statement (%s: %s); it runs as written", type(err).__name__,
                        str(err).splitlines()[0] if str(err) else "")
            return None
        args = ", ".join(f"%({n})s::{t}" for n, t in zip(names, arguments, strict=True))
        outputs = ", ".join(f"uf_{i + 1} AS {_quote(column)}" for i, column in enumerate(columns))
        return f"SELECT {outputs} FROM {function}({args})"


def _ensure(conn: psycopg.Connection, body: str) -> tuple[str, list[str], list[str]]:
    """The function running ``body`` in the connection's first schema, made unless a process made it: (its
    qualified name, its parameters' types, the names of the columns). Named by the text and the types PostgreSQL
    reads off it, so a column whose type a migration changed gets a new function. One transaction, so that
    PgBouncer keeps it on one server connection."""
    with conn.transaction():
        described = conn.pgconn.prepare(b"", body.encode())
        if described.status != psycopg.pq.ExecStatus.COMMAND_OK:
            raise psycopg.ProgrammingError(described.get_error_message())
        shape = conn.pgconn.describe_prepared(b"")
        params = [shape.param_type(i) for i in range(shape.nparams)]
        columns = [shape.fname(i).decode() for i in range(shape.nfields)]
        types = [t for (t,) in conn.execute(
            "SELECT format_type(oid, NULL) FROM unnest(%s::oid[]) WITH ORDINALITY AS t(oid, n) ORDER BY n",
            ([*params, *(shape.ftype(i) for i in range(shape.nfields))],))]
        arguments, results = types[:len(params)], types[len(params):]
        digest = hashlib.sha256("\n".join([body, *types]).encode()).digest()
        name = PREFIX + digest.hex()[:24]
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (int.from_bytes(digest[:8], "big", signed=True),))
        schema, made = conn.execute("SELECT current_schema(), EXISTS (SELECT 1 FROM pg_proc WHERE proname = %s "
                                    "AND pronamespace = current_schema()::regnamespace)", (name,)).fetchone() \
            or ("", False)
        function = f"{_quote(schema)}.{name}"
        if not made:
            returns = ", ".join(f"uf_{i + 1} {t}" for i, t in enumerate(results))
            conn.execute(f"CREATE FUNCTION {function}({', '.join(arguments)}) RETURNS TABLE({returns}) "  # type: ignore[arg-type]
                         f"LANGUAGE plpgsql STABLE AS $uf_plan$\n#variable_conflict use_column\nBEGIN\n"
                         f"RETURN QUERY {body};\nEND\n$uf_plan$")
    return function, arguments, columns
