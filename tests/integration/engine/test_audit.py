"""The history is append-only, and `unionflow audit verify` finds what a database administrator changed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from engine.cli import main
from engine.store import audit
from support.flows import three_requests


@pytest.fixture
def three_cases(env, people):
    return three_requests(env, people)


def verify_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify"], env={"UNIONFLOW_DATABASE_URL": url})
    return result.exit_code, result.output


def without_guard(env, statement: str, **params) -> None:
    """What a database administrator can do: lift the append-only trigger and change history."""
    with env.db.engine.begin() as conn:
        if env.db.sqlite:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_no_change")
        conn.execute(sa.text(statement), params)


def test_an_intact_history_verifies(env, three_cases, db_url):
    assert list(audit.verify(env.db)) == []
    assert verify_cli(db_url) == (0, "Every history chain holds.\n")


def test_the_database_refuses_to_change_or_delete_history(env, three_cases):
    for statement in ("UPDATE events SET trigger = 'approve' WHERE seq = 2",
                      "DELETE FROM events WHERE seq = 3"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), env.db.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert list(audit.verify(env.db)) == []


def test_an_altered_entry_is_named(env, three_cases, db_url):
    without_guard(env, "UPDATE events SET trigger = 'approve', to_state = 'approved' "
                       "WHERE case_id = :c AND seq = 3", c=three_cases[1])
    (found,) = audit.verify(env.db)
    assert (found.case_id, found.seq) == (three_cases[1], 3)
    assert "altered" in found.reason
    code, output = verify_cli(db_url)
    assert code == 1
    assert f"case {three_cases[1]}: history entry 3" in output


def test_a_deleted_entry_is_named_in_the_middle_and_at_the_end(env, three_cases, db_url):
    without_guard(env, "DELETE FROM events WHERE case_id = :c AND seq = 2", c=three_cases[0])
    without_guard(env, "DELETE FROM events WHERE case_id = :c AND seq = 3", c=three_cases[2])
    found = list(audit.verify(env.db))
    assert [(b.case_id, b.seq) for b in found] == [(three_cases[0], 2), (three_cases[2], 3)]
    assert all("missing" in b.reason for b in found)
    code, output = verify_cli(db_url)
    assert code == 1 and "2 case(s) with a broken history" in output


def test_a_forged_chain_does_not_match_the_case_head(env, three_cases):
    # Rewriting an entry and re-hashing it still breaks the link from the entry after it.
    from engine.store.history import event_hash

    with env.db.engine.connect() as conn:
        e = conn.execute(sa.text("SELECT * FROM events WHERE case_id = :c AND seq = 2"),
                         {"c": three_cases[0]}).mappings().one()
    forged = event_hash(e["case_id"], 2, "approve", e["from_state"], "approved", e["actor_id"], {"form": {}},
                        env.db.load_ts(e["created_at"]), e["prev_hash"])
    without_guard(env, "UPDATE events SET trigger = 'approve', to_state = 'approved', hash = :h "
                       "WHERE id = :id", h=forged, id=e["id"])
    (found,) = audit.verify(env.db)
    assert (found.case_id, found.seq) == (three_cases[0], 3)
    assert "does not link" in found.reason
