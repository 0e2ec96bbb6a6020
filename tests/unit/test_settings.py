"""Settings come from defaults, then the TOML file, then UNIONFLOW_* variables."""

from __future__ import annotations

import pytest

from config import load_settings


def test_defaults_put_the_database_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'instance' / 'unionflow.db'}"
    assert settings.timezone == "Asia/Shanghai"


def test_the_file_overrides_defaults_and_the_environment_overrides_the_file(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text('database_url = "sqlite:////srv/a.db"\nsqlite_busy_timeout_ms = 9000\n'
                    '[proposal]\nhandling_days = 20\n', encoding="utf-8")
    settings = load_settings(path, environ={})
    assert (settings.database_url, settings.sqlite_busy_timeout_ms) == ("sqlite:////srv/a.db", 9000)
    assert settings.extra == {"proposal": {"handling_days": 20}}
    settings = load_settings(path, environ={"UNIONFLOW_DATABASE_URL": "postgresql://db/unionflow"})
    assert settings.effective_database_url == "postgresql://db/unionflow"
    settings = load_settings(environ={"UNIONFLOW_CONFIG": str(path)})
    assert settings.sqlite_busy_timeout_ms == 9000


@pytest.mark.parametrize("text, message", [
    ("database_url = ", "not valid TOML"),
    ("sqlite_busy_timeout_ms = 'soon'", "must be a whole number"),
    ('timezone = "UTC"', "fixed to Asia/Shanghai"),
])
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_settings(path, environ={})


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})
