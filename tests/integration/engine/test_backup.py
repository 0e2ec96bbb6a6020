"""``unionflow db backup`` and ``unionflow db restore`` on both backends: what was written after the backup is
gone after the restore, the history verifies, and a copy whose history was altered is refused loudly."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from engine import services
from engine.cli import main
from engine.services import SYSTEM_ACTOR
from support.api import api_env
from support.union import Union
from support.web import start_proposal


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


def titles(env):
    return sorted(c.title for c in services.search_cases(env, SYSTEM_ACTOR, workflow="proposal").items)


def cli(env, tmp_path, *args, **kwargs):
    runner = CliRunner(env={"UNIONFLOW_DATABASE_URL": str(env.db.engine.url.render_as_string(hide_password=False)),
                            "UNIONFLOW_INSTANCE_PATH": str(tmp_path / "instance")})
    return runner.invoke(main, list(args), **kwargs)


def test_a_restore_brings_back_the_database_as_it_was_at_the_backup(env, tmp_path):
    u = Union(env)
    start_proposal(env, u)
    copy = tmp_path / "backups" / "unionflow.backup"
    done = cli(env, tmp_path, "db", "backup", str(copy))
    assert done.exit_code == 0, done.output
    assert copy.stat().st_size > 0

    later = services.start_case(env, services.Actor(u.rep2), "proposal", u.union, "备份之后的提案",
                                {"session_id": u.session, "category": "welfare", "reasons": "r", "measures": "m"})
    assert titles(env) == ["关于食堂夜班供餐的提案", "备份之后的提案"]

    refused = cli(env, tmp_path, "db", "restore", str(copy), input="n\n")
    assert refused.exit_code == 1 and len(titles(env)) == 2  # asked, and not confirmed
    done = cli(env, tmp_path, "db", "restore", str(copy), "--yes")
    assert done.exit_code == 0, done.output
    assert "every history chain holds" in done.output
    env.db.dispose()
    assert titles(env) == ["关于食堂夜班供餐的提案"]
    with pytest.raises(services.NotFound):
        services.case_view(env, SYSTEM_ACTOR, later.case_id)
    assert cli(env, tmp_path, "audit", "verify").exit_code == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_copy_whose_history_was_altered_is_refused_loudly(env, tmp_path):
    u = Union(env)
    start_proposal(env, u)
    copy = tmp_path / "unionflow.backup"
    assert cli(env, tmp_path, "db", "backup", str(copy)).exit_code == 0
    with sqlite3.connect(copy) as altered:  # as someone with the file could: past the append-only trigger
        for (trigger,) in altered.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                          "AND tbl_name = 'events'").fetchall():
            altered.execute(f"DROP TRIGGER {trigger}")
        altered.execute("UPDATE events SET to_state = 'closed'")
    done = cli(env, tmp_path, "db", "restore", str(copy), "--yes")
    assert done.exit_code == 1
    assert "the restored history does not verify" in done.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_file_that_is_not_a_database_is_refused(env, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database" * 100)
    done = cli(env, tmp_path, "db", "restore", str(junk), "--yes")
    assert done.exit_code == 1 and "not a SQLite database" in done.output
