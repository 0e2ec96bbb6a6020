"""``unionflow serve``: the web app under waitress (runs on Linux and on the Windows servers many unions use)."""

from __future__ import annotations

import socket

import click
import waitress

from config import Settings
from engine import services
from web import create_app, faults


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Requests served at the same time.")
@click.option("--reuse-port", is_flag=True,
              help="Share the port with other `unionflow serve` processes (Linux: the kernel spreads connections).")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, threads: int, reuse_port: bool) -> None:
    """Serve the web app with waitress (not Flask's development server).

    Several processes: start this N times with --reuse-port on Linux, or on N ports behind a reverse proxy.
    """
    app = create_app(settings=settings)
    try:
        app.extensions["unionflow"].db.check_schema()  # say so now rather than on the first page
    except services.SchemaOutdated as err:
        raise click.ClickException(str(err)) from None
    except Exception as err:  # noqa: BLE001 - a read-only or full disk: serve the 503 page until it is fixed
        if not faults.storage_refused(err):
            raise
        click.echo(f"Warning: the database cannot be opened for writing ({getattr(err, 'orig', err)}); every page "
                   "answers 503 until it can.", err=True)
    sockets = [_shared_socket(host, port)] if reuse_port else None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"unionflow is running at http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{port}/ "
               "(Ctrl+C stops it)")
    if sockets:
        waitress.serve(app, sockets=sockets, threads=threads)
    else:
        waitress.serve(app, host=host, port=port, threads=threads)


def _shared_socket(host: str, port: int) -> socket.socket:
    """A listening socket other processes may bind too (SO_REUSEPORT), bound before the start is announced."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise click.ClickException("--reuse-port needs Linux; on Windows give each process its own --port and put "
                                   "a reverse proxy in front")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock
