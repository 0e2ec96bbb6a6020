"""``unionflow serve``: the app under waitress, with the address it prints; a stale database is refused first."""

from __future__ import annotations

import shutil

import waitress
from click.testing import CliRunner

from config import Settings
from web.cli import serve


def test_serve_runs_the_app_under_waitress_and_prints_its_address(sqlite_template, tmp_path, monkeypatch):
    shutil.copyfile(sqlite_template, tmp_path / "u.db")
    settings = Settings(instance_path=tmp_path / "instance", database_url=f"sqlite:///{tmp_path / 'u.db'}")
    served = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.update(app=app, **options))
    result = CliRunner().invoke(serve, ["--port", "8123", "--threads", "4"], obj=settings)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert (served["host"], served["port"], served["threads"]) == ("127.0.0.1", 8123, 4)
    assert served["app"].test_client().get("/login").status_code == 200
    served["app"].extensions["unionflow"].db.dispose()


def test_serve_refuses_a_database_that_was_not_upgraded(tmp_path, monkeypatch):
    settings = Settings(instance_path=tmp_path / "instance", database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(waitress, "serve", lambda app, **options: None)
    result = CliRunner().invoke(serve, [], obj=settings)
    assert result.exit_code == 1 and "unionflow db upgrade" in result.output
