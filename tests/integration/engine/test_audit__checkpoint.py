"""Checkpoints: a signed Merkle root over every case's head, sent out of the database, finds a history rewritten
consistently (every hash recomputed up to the case's head), which the chain check alone cannot."""

from __future__ import annotations

import hashlib
import json

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from engine import services
from engine.cli import main
from engine.core.context import Actor
from engine.notify.outbox import deliver
from engine.store import audit, checkpoint
from engine.store.history import event_hash
from support.flows import three_requests
from support.notify import MailServer, use

CHAIR, HIGHER = "chair@union.example", "federation@acftu.example"


@pytest.fixture
def mail():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def cases(env, people):
    return three_requests(env, people)


def cli(db_url, tmp_path, *args):
    env = {"UNIONFLOW_DATABASE_URL": db_url, "UNIONFLOW_AUDIT__SIGNING_KEY": str(tmp_path / "keys" / "audit.pem"),
           "UNIONFLOW_AUDIT__CHECKPOINT_DIR": str(tmp_path / "anchors"),
           "UNIONFLOW_AUDIT__RECIPIENTS": json.dumps([CHAIR, HIGHER])}
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def rewrite_consistently(env, case_id: int, seq: int) -> None:
    """What a database administrator who knows the hash can do: alter an entry, recompute every hash after it
    up to the case's head, and move the head."""
    with env.db.engine.begin() as conn:
        if env.db.sqlite:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_no_change")
        rows = conn.execute(sa.text("SELECT * FROM events WHERE case_id = :c ORDER BY seq"),
                            {"c": case_id}).mappings().all()
        prev = rows[seq - 2]["hash"] if seq > 1 else "0" * 64
        for e in rows[seq - 1:]:
            payload = env.db.load_js(e["payload"])
            if e["seq"] == seq:
                payload = {**(payload or {}), "form": {"department": 999}}
            digest = event_hash(case_id, e["seq"], e["trigger"], e["from_state"], e["to_state"], e["actor_id"],
                                payload, env.db.load_ts(e["created_at"]), prev)
            conn.execute(sa.text("UPDATE events SET payload = :p, prev_hash = :prev, hash = :h WHERE id = :id"),
                         {"p": json.dumps(payload, ensure_ascii=False), "prev": prev, "h": digest, "id": e["id"]})
            prev = digest
        conn.execute(sa.text("UPDATE cases SET head_hash = :h WHERE id = :c"), {"h": prev, "c": case_id})
        if not env.db.sqlite:
            conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER events_no_change")


def test_the_merkle_root_is_rfc_6962():
    # RFC 6962's tree over 0..2: leaves hashed with 0x00, nodes with 0x01, split at the largest power of two.
    h = hashlib.sha256
    a, b, c = (h(b"\x00" + d).digest() for d in (b"a", b"b", b"c"))
    assert checkpoint.merkle_root([b"a", b"b", b"c"]) == h(b"\x01" + h(b"\x01" + a + b).digest() + c).digest()
    assert checkpoint.merkle_root([]) == h(b"").digest()
    assert checkpoint.merkle_root([b"a"]) == a


def test_a_checkpoint_is_signed_sent_out_and_finds_a_consistent_rewrite(env, people, cases, db_url, tmp_path,
                                                                      mail):
    code, output = cli(db_url, tmp_path, "audit", "keygen", str(tmp_path / "keys" / "audit.pem"))
    assert code == 0, output
    assert cli(db_url, tmp_path, "audit", "keygen", str(tmp_path / "keys" / "audit.pem"))[0] == 1  # kept
    code, output = cli(db_url, tmp_path, "audit", "checkpoint")
    assert code == 0, output
    (file,) = (tmp_path / "anchors").iterdir()
    anchored = json.loads(file.read_text())
    assert anchored["size"] == 3 and [leaf[0] for leaf in anchored["leaves"]] == cases
    assert f"root {anchored['root']}" in output
    made = checkpoint.latest(env)
    assert made is not None and (made.root, made.size) == (anchored["root"], 3)

    # Out of the database: e-mailed to the chair and the higher union through the outbox.
    use(env, smtp_port=mail.port)
    deliver(env, now=made.created_at)  # the command ran on the wall clock
    assert sorted(m["X-Envelope-To"] for m in mail.messages) == [CHAIR, HIGHER]
    assert all(anchored["root"] in m.get_body(("plain",)).get_content() for m in mail.messages)

    # History written after the checkpoint, and a case started since, are no mismatch.
    services.fire(env, Actor(people.handler), cases[0], "answer", {"answer": "已办理"})
    services.start_case(env, Actor(people.clerk), "request", people.union, "新提案", {"body": "b"})
    code, output = cli(db_url, tmp_path, "audit", "verify", "--checkpoint", str(file))
    assert code == 0, output
    assert "the 3 case(s) of the checkpoint" in output

    rewrite_consistently(env, cases[1], 3)
    assert list(audit.verify(env.db)) == []  # the chain alone holds: the rewrite is consistent
    code, output = cli(db_url, tmp_path, "audit", "verify", "--checkpoint", str(file))
    assert code == 1
    assert f"REWRITTEN case {cases[1]}: history up to entry 3 was rewritten" in output
    assert f"case {cases[0]}" not in output and f"case {cases[2]}" not in output


def test_a_forged_checkpoint_file_is_refused(env, cases, db_url, tmp_path):
    assert cli(db_url, tmp_path, "audit", "keygen", str(tmp_path / "keys" / "audit.pem"))[0] == 0
    assert cli(db_url, tmp_path, "audit", "checkpoint")[0] == 0
    (file,) = (tmp_path / "anchors").iterdir()
    rewrite_consistently(env, cases[2], 2)
    # The administrator also rewrites the file's head for the case, and its root: the signature no longer holds.
    data = json.loads(file.read_text())
    with env.db.engine.connect() as conn:
        head = conn.execute(sa.text("SELECT version, head_hash FROM cases WHERE id = :c"), {"c": cases[2]}).one()
    data["leaves"] = [[c, v, head.head_hash] if c == cases[2] else [c, v, h] for c, v, h in data["leaves"]]
    data["root"] = checkpoint.merkle_root([checkpoint.leaf(*x) for x in data["leaves"]]).hex()
    file.write_text(json.dumps(data))
    code, output = cli(db_url, tmp_path, "audit", "verify", "--checkpoint", str(file))
    assert code == 1 and "the signature does not verify" in output


def test_the_scheduler_makes_a_checkpoint_at_half_past_two(env, cases, tmp_path, monkeypatch, caplog):
    import logging
    import threading

    from engine.scheduler import process as scheduler
    from engine.scheduler.settings import SchedulerOptions

    assert SchedulerOptions().checkpoint_at.strftime("%H:%M") == "02:30"  # Asia/Shanghai, like every job
    checkpoint.keygen(tmp_path / "audit.pem")
    options = checkpoint.AuditOptions(signing_key=tmp_path / "audit.pem", checkpoint_dir=tmp_path / "anchors")
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(env, SchedulerOptions(), threading.Event(), options))
    with caplog.at_level(logging.INFO, logger="engine.scheduler.process"):
        scheduler.checkpoint_job()
    made = checkpoint.latest(env)
    assert made is not None and made.size == 3
    assert [r.getMessage().split(",")[0] for r in caplog.records] == [
        f"checkpoint {made.id}: root {made.root} over 3 cases"]
    assert len(list((tmp_path / "anchors").iterdir())) == 1
