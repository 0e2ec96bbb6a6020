"""PgBouncer in transaction mode and several waitress processes of the web app, on free ports of this machine; and
the app served by waitress in a thread of the test's own process (the browser tests).

The processes are used by the PgBouncer test and by bench/federation.py. PgBouncer refuses to run as root, so as
root it runs as the postgres user (``-u postgres``) from a directory that user can read.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import sqlalchemy as sa
from flask import Flask
from waitress import wasyncore
from waitress.server import create_server

from engine.store.database import normalise_url

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(app: Flask, *, threads: int = 4) -> Iterator[str]:
    """``app`` served by waitress on a free local port, in a thread of this process; yields its base URL.

    At the end the worker threads finish the requests they hold; then the serving thread closes the sockets
    itself, through waitress's trigger, so its loop ends and no poll meets a socket closed under it.
    """
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)


def _wait(what: str, ready: Callable[[], bool], proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            out = log.read_text(errors="replace")
            raise RuntimeError(f"{what} stopped at start (exit {proc.returncode}): {out[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout} s")
        time.sleep(0.1)


@contextmanager
def pgbouncer(direct_url: str, *, pool_size: int = 20) -> Iterator[str]:
    """PgBouncer (pool_mode = transaction) in front of ``direct_url``'s database; yields the URL through it.

    A ``search_path`` in the URL's options (the tests' schema) becomes the database entry's connect_query, since
    PgBouncer passes no ``options`` startup parameter on.
    """
    url = sa.engine.make_url(normalise_url(direct_url))
    search_path = ""
    options = url.query.get("options", "")
    if isinstance(options, str) and options.startswith("-csearch_path="):
        search_path = options.removeprefix("-csearch_path=")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="uf-pgbouncer-"))
    folder.chmod(0o755)
    entry = f"host={url.host or '127.0.0.1'} port={url.port or 5432} dbname={url.database} user={url.username}"
    if search_path:
        entry += f" connect_query='SET search_path TO {search_path}'"
    ini = folder / "pgbouncer.ini"
    ini.write_text(f"""[databases]
unionflow = {entry}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / 'users.txt'}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
stats_users = {url.username}
stats_period = 1
""", encoding="utf-8")
    (folder / "users.txt").write_text(f'"{url.username}" ""\n', encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o644)
    command = ["pgbouncer", str(ini)]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    log = folder / "pgbouncer.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    pooled = f"postgresql://{url.username}@127.0.0.1:{port}/unionflow"

    def ready() -> bool:
        try:
            with psycopg.connect(pooled, connect_timeout=2, prepare_threshold=None) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            return False

    try:
        _wait("pgbouncer", ready, proc, log, 30)
        yield pooled
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def pgbouncer_counts(pooled_url: str) -> tuple[int, int]:
    """(transactions, queries) PgBouncer has passed to the server for its database so far (``SHOW STATS``; its
    totals are refreshed every second): a query is one round trip to PostgreSQL, BEGIN and COMMIT included."""
    url = sa.engine.make_url(pooled_url)
    admin = url.set(database="pgbouncer").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True, prepare_threshold=None) as conn:
        result = conn.pgconn.exec_(b"SHOW STATS")  # the console speaks the simple protocol only
        names = [result.fname(i).decode() for i in range(result.nfields)]
        for row in range(result.ntuples):
            values = dict(zip(names, (result.get_value(row, i) for i in range(result.nfields)), strict=True))
            if values["database"] == url.database.encode():
                return int(values["total_xact_count"]), int(values["total_query_count"])
    return 0, 0


@contextmanager
def web_processes(count: int, database_url: str, instance: Path, *, threads: int = 8, pooled: bool = True,
                  read_url: str = "", extra: dict[str, str] | None = None) -> Iterator[str]:
    """``count`` processes of ``unionflow serve --reuse-port`` sharing one port; yields the base URL."""
    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    environ = {**os.environ, "UNIONFLOW_DATABASE_URL": database_url, "UNIONFLOW_DATABASE_POOLED": str(pooled).lower(),
               "UNIONFLOW_DATABASE_READ_URL": read_url, "UNIONFLOW_INSTANCE_PATH": str(instance),
               "UNIONFLOW_WEB__SECRET_KEY": secrets.token_urlsafe(32), **(extra or {})}
    command = [str(Path(sys.executable).parent / "unionflow"), "serve", "--port", str(port), "--reuse-port",
               "--threads", str(threads)]
    procs = []
    logs = [instance / f"serve-{port}-{n}.log" for n in range(count)]
    for log in logs:
        with log.open("wb") as out:
            procs.append(subprocess.Popen(command, env=environ, cwd=instance, stdout=out, stderr=subprocess.STDOUT))
    try:
        for proc, log in zip(procs, logs, strict=True):  # each announces itself once its socket listens
            _wait("unionflow serve", lambda log=log: "running at" in log.read_text(errors="replace"), proc, log, 60)
        base = f"http://127.0.0.1:{port}"
        _wait("unionflow serve", lambda: httpx.get(base + "/login", timeout=5).status_code == 200, procs[0], logs[0],
              30)
        yield base
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
