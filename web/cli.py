"""``unionflow serve``: the web app under waitress (runs on Linux and on the Windows servers many unions use)."""

from __future__ import annotations

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
@click.pass_obj
def serve(settings: Settings, host: str, port: int, threads: int) -> None:
    """Serve the web app with waitress (not Flask's development server)."""
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
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"unionflow is running at http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{port}/ "
               "(Ctrl+C stops it)")
    waitress.serve(app, host=host, port=port, threads=threads)
