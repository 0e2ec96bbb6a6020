"""``unionflow calendar due`` and ``unionflow calendar load``, through click's test runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

NOTICE = """year = 2027
note = "国务院办公厅关于2027年部分节假日安排的通知（测试用）"
holidays = ["2027-01-01", "2027-02-05..2027-02-11", 2027-04-05]
workdays = ["2027-02-13"]
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config naming a database file that does not exist: the calendar is the package's and the config's."""
    path = tmp_path / "unionflow.toml"
    path.write_text(f'instance_path = "{tmp_path / "instance"}"\n'
                    f'database_url = "sqlite:///{tmp_path / "none.db"}"\n', encoding="utf-8")
    return path


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), "calendar", *args])


def test_due_prints_the_moment_in_beijing_time(config):
    result = run(config, "due", "--from", "2026-09-28", "--days", "20")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2026-10-20T00:00:00+08:00\n"
    assert "loaded holiday notices are not used" in result.stderr
    assert not (config.parent / "none.db").exists()  # looking did not create a database


@pytest.mark.parametrize("args, line", [
    (["--from", "2026-09-28T15:00", "--workdays", "10"], "2026-10-17T00:00:00+08:00"),
    (["--from", "2026-09-30T14:00:00Z", "--hours", "48"], "2026-10-02T22:00:00+08:00"),
    (["--from", "2027-02-04T17:00+08:00", "--workdays", "3"], "2027-02-12T00:00:00+08:00 (暂定)"),
    (["--from", "2027-02-04", "--workdays", "3", "--lang", "en"], "2027-02-12T00:00:00+08:00 (provisional)"),
])
def test_due_counts_working_days_and_hours_and_marks_a_guess(config, args, line):
    result = run(config, "due", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [line]


def test_explain_prints_the_steps(config):
    result = run(config, "due", "--from", "2026-09-28", "--days", "20", "--explain", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2026-10-20T00:00:00+08:00",
        "1. Event: Mon 2026-09-28.",
        "2. Counting starts the next day: day 1 is Tue 2026-09-29.",
        "3. Holidays and rest days inside the period count as days: Thu 2026-10-01 to Wed 2026-10-07 "
        "(National Day); Sun 2026-10-11 (rest day); Sat 2026-10-17 (rest day).",
        "4. Day 20 is Sun 2026-10-18.",
        "5. The last day is a holiday or rest day, so the period ends on the next working day: skipping "
        "Sun 2026-10-18 (rest day), the last day is Mon 2026-10-19.",
        "6. The period ends at Mon 2026-10-19 24:00 (2026-10-20T00:00:00+08:00).",
    ]
    chinese = run(config, "due", "--from", "2026-09-28", "--days", "20", "--explain").stdout.splitlines()
    assert chinese[1] == "1. 事件发生：2026年9月28日（星期一）。"
    assert chinese[-1] == "6. 期间于2026年10月19日（星期一）24:00届满（2026-10-20T00:00:00+08:00）。"


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "2026-09-28 25:00"])
def test_a_bad_date_is_a_usage_error(config, bad):
    result = run(config, "due", "--from", bad, "--days", "20")
    assert result.exit_code == 2
    assert "Invalid value for '--from'" in result.stderr and "is not a date (2026-09-28)" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [[], ["--days", "3", "--hours", "4"], ["--days", "0"]])
def test_one_period_is_needed(config, args):
    result = run(config, "due", "--from", "2026-09-28", *args)
    assert result.exit_code == 2


def test_the_config_s_calendar_table_counts(tmp_path, config):
    config.write_text(config.read_text(encoding="utf-8")
                      + '[calendar]\nholidays = ["2027-02-05..2027-02-11"]\nworkdays = ["2027-02-13"]\n',
                      encoding="utf-8")
    result = run(config, "due", "--from", "2027-02-04T17:00", "--workdays", "3")
    assert result.stdout == "2027-02-16T00:00:00+08:00\n"  # Fri 02-12, Sat 02-13 (worked), Mon 02-15


def test_load_stores_a_notice_that_due_then_uses(tmp_path, config, sqlite_template):
    database = tmp_path / "unionflow.db"
    shutil.copyfile(sqlite_template, database)
    config.write_text(config.read_text(encoding="utf-8").replace("none.db", "unionflow.db"), encoding="utf-8")
    notice = tmp_path / "2027.toml"
    notice.write_text(NOTICE, encoding="utf-8")
    result = run(config, "load", str(notice))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The 2027 notice is loaded: 9 holidays, 1 make-up working days;")
    result = run(config, "due", "--from", "2027-02-04T17:00", "--workdays", "3")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2027-02-16T00:00:00+08:00\n", "")


def test_load_refuses_a_wrong_notice_saying_why(tmp_path, config, sqlite_template):
    shutil.copyfile(sqlite_template, tmp_path / "none.db")
    notice = tmp_path / "2027.toml"
    notice.write_text('year = 2027\nholidays = ["2027-02-30"]\n', encoding="utf-8")
    result = run(config, "load", str(notice))
    assert result.exit_code == 1
    assert "holidays: '2027-02-30' is not a date or a range of dates" in result.stderr
    assert "the notice was not loaded" in result.stderr
    notice.write_text("year = 2027\nholiday = []\n", encoding="utf-8")
    assert "unknown: holiday" in run(config, "load", str(notice)).stderr
