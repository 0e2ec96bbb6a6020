"""Settings come from defaults, then the TOML file, then UNIONFLOW_* variables (nested tables too); each table
is declared by the package that owns it, and anything unknown or mistyped is refused by its key."""

from __future__ import annotations

import pytest

import workflows  # noqa: F401 - the domains declare their tables ([proposal], [congress], ...) when imported
from config import Section, Settings, SettingsError, declare_section, load_settings, sections


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


def test_the_environment_sets_a_nested_table_and_beats_the_file(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text('[notify]\nmax_attempts = 3\n[notify.smtp]\nhost = "smtp.example.com"\npassword = "in-file"\n',
                    encoding="utf-8")
    settings = load_settings(path, environ={"UNIONFLOW_NOTIFY__SMTP__PASSWORD": "secret",
                                            "UNIONFLOW_NOTIFY__MAX_ATTEMPTS": "5", "UNIONFLOW_TEST_PG_URL": "x"})
    notify = settings.section("notify")
    assert (notify.smtp.host, notify.smtp.password, notify.max_attempts) == ("smtp.example.com", "secret", 5)
    assert load_settings(environ={"UNIONFLOW_NOTIFY__SMTP__PASSWORD": "p"}).section("notify").smtp.password == "p"


def test_settings_built_in_code_hold_what_they_are_given(monkeypatch):
    monkeypatch.setenv("UNIONFLOW_DATABASE_URL", "postgresql://db/unionflow")
    settings = Settings(congress={"documents_days": 10})
    assert settings.database_url == "" and settings.section("congress").documents_days == 10
    assert settings.section("bargaining").reply_days == 20  # a table not given has its defaults
    with pytest.raises(SettingsError, match=r"^congress.quorum: must be \[numerator, denominator\]"):
        Settings(congress={"quorum": [3, 2]})


@pytest.mark.parametrize("text, message", [
    ("[notify.smtp]\npasword = 'x'\n", "notify.smtp.pasword: unknown setting"),
    ("databse_url = 'sqlite://'\n", "databse_url: unknown setting"),
    ("[proposl]\nhandling_days = 20\n", "proposl: unknown table"),
    ("[notify.smtp]\nport = 'twenty-five'\n", "notify.smtp.port: must be a whole number, got 'twenty-five'"),
    ("[proposal]\nreminders = ['soon']\n", "proposal.reminders: 'soon' is not a period"),
    ("[calendar]\nholidays = ['2027-02-30']\n", "calendar.holidays: "),
    ("[scheduler]\ndigest_at = 'late'\n", "scheduler.digest_at: must be a time such as 08:30"),
])
def test_a_bad_key_is_refused_naming_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "unionflow.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    assert str(refused.value).startswith(f"config file {path}: {message}")


def test_a_bad_environment_variable_is_named(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text("[notify]\nmax_attempts = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="^environment variable UNIONFLOW_NOTIFY__MAX_ATTEMPTS: "
                                            "notify.max_attempts: must be a whole number, got 'many'"):
        load_settings(path, environ={"UNIONFLOW_NOTIFY__MAX_ATTEMPTS": "many"})


def test_a_package_declares_its_table(tmp_path, monkeypatch):
    class Sample(Section):
        limit: int = 1

    path = tmp_path / "unionflow.toml"
    path.write_text("[sample]\nlimit = 4\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="sample: unknown table"):
        load_settings(path, environ={})
    monkeypatch.setitem(sections._DECLARED, "sample", Sample)
    assert load_settings(path, environ={"UNIONFLOW_SAMPLE__LIMIT": "6"}).section("sample") == Sample(limit=6)
    # a workflow whose policy is its table reads it by the table's class
    assert Sample.from_settings(load_settings(path, environ={})) == Sample(limit=4)
    with pytest.raises(KeyError, match="not declared"):
        type("Undeclared", (Section,), {}).from_settings(Settings())
    with pytest.raises(ValueError, match="declared twice"):
        declare_section("sample", type("Sample", (Section,), {"__module__": "elsewhere"}))
    with pytest.raises(ValueError, match="core setting"):
        declare_section("database_url", Sample)


@pytest.mark.parametrize("quorum", [[1, 2], [3, 5], [66, 100]])
def test_a_congress_quorum_below_the_statutory_two_thirds_is_refused_naming_the_article(quorum):
    law = "《企业民主管理规定》（全体职工代表三分之二以上出席）"
    with pytest.raises(SettingsError, match=rf"^congress.quorum: must be at least 2/3 .*{law}"):
        Settings(congress={"quorum": quorum})
    assert Settings(congress={"quorum": [2, 3]}).section("congress").quorum == (2, 3)
    assert Settings(congress={"quorum": [3, 4]}).section("congress").quorum == (3, 4)  # stricter is allowed
