"""A database administrator who keeps PostgreSQL's write-ahead log of a vote reads each voting transaction from
it (``pg_waldump`` and the WAL files, as root on the server) and tries to link the voter to the choice."""

from __future__ import annotations

import json
import random
import re
import secrets
import struct
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from engine.core.context import Actor
from support.congress import Congress
from workflows.congress import sealing
from workflows.congress import services as congress
from workflows.congress.models import BallotItem

CHOICES = {b'"agree"': "agree", b'"disagree"': "disagree", b'"abstain"': "abstain"}
VOTERS = 15
PAGE = 8192
LINE = re.compile(r"rmgr: Heap\s+len \(rec/tot\):\s+\d+/\s*(\d+), tx:\s+(\d+), lsn: ([0-9A-F]+/[0-9A-F]+), .*"
                  r"desc: INSERT(?:\+INIT)? off (\d+).*blkref #0: rel \d+/\d+/(\d+) blk \d+")


def lsn(text: str) -> int:
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


class Wal:
    """Reads records out of the server's WAL files, skipping the page headers a record spans."""

    def __init__(self, conn: sa.Connection) -> None:
        self.dir = Path(conn.exec_driver_sql("SHOW data_directory").scalar_one()) / "pg_wal"
        self.segment = int(conn.exec_driver_sql(
            "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'").scalar_one())
        self.timeline = conn.exec_driver_sql("SELECT timeline_id FROM pg_control_checkpoint()").scalar_one()

    def _file(self, at: int) -> Path:
        number = at // self.segment
        per = 0x100000000 // self.segment
        return self.dir / f"{self.timeline:08X}{number // per:08X}{number % per:08X}"

    def read(self, at: int, length: int) -> bytes:
        out = bytearray()
        while len(out) < length:
            offset = at % self.segment
            if offset % PAGE == 0:  # a page header: long at the start of a segment
                at += 40 if offset == 0 else 24
                continue
            with self._file(at).open("rb") as f:
                f.seek(offset)
                take = min(length - len(out), PAGE - offset % PAGE)
                out += f.read(take)
            at += take
        return bytes(out)


def tuple_data(record: bytes) -> bytes:
    """The user data of the row a heap INSERT record writes: from its block data, or from its full-page image."""
    pos, blocks, main_len = 24, [], 0
    while True:
        block_id = record[pos]
        if block_id == 255:
            main_len, pos = record[pos + 1], pos + 2
            break
        if block_id == 254:
            main_len, pos = struct.unpack_from("<I", record, pos + 1)[0], pos + 5
            break
        if block_id in (253, 252):
            pos += 3 if block_id == 253 else 5
            continue
        flags, data_len = record[pos + 1], struct.unpack_from("<H", record, pos + 2)[0]
        pos += 4
        image = None
        if flags & 0x10:
            length, hole_offset, info = struct.unpack_from("<HHB", record, pos)
            pos += 5
            hole = PAGE - length
            if info & 0x01 and info & 0x1C:
                hole, pos = struct.unpack_from("<H", record, pos)[0], pos + 2
            image = (length, hole_offset, hole)
        pos += (0 if flags & 0x80 else 12) + 4
        blocks.append((image, data_len))
    (image, data_len), *_ = blocks
    offnum = struct.unpack_from("<H", record, len(record) - main_len)[0]
    if image is None:
        data = record[pos:pos + data_len]
        # xl_heap_header (its last byte t_hoff), then the row from its null bitmap (offset 23) on
        return data[5 + data[4] - 23:]
    length, hole_offset, hole = image
    raw = record[pos:pos + length]
    page = raw[:hole_offset] + b"\0" * hole + raw[hole_offset:]
    lp = struct.unpack_from("<I", page, 24 + 4 * (offnum - 1))[0]
    off, size = lp & 0x7FFF, (lp >> 17) & 0x7FFF
    row = page[off:off + size]
    return row[row[22]:]


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_wal_of_the_voting_period_links_no_vote_to_its_voter(env, backend):
    c = Congress(env, size=VOTERS + 5)
    voters = c.roster[:VOTERS]
    for u in c.roster:
        congress.check_in(env, Actor(u), c.session)
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="职工福利费使用方案")
    congress.open_item(env, Actor(c.chair), item)
    slot = f"uf_wal_{secrets.token_hex(4)}"
    with env.db.engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_create_physical_replication_slot('{slot}', true)")  # keeps the WAL
        start = conn.exec_driver_sql("SELECT pg_current_wal_insert_lsn()::text").scalar_one()
        nodes = dict(conn.exec_driver_sql(
            "SELECT relname, pg_relation_filenode(oid::regclass) FROM pg_class WHERE relname IN "
            "('participations', 'ballot_box') AND relnamespace = to_regnamespace(current_schema())").all())
        wal = Wal(conn)
    try:
        rng = random.Random()
        truth = {}
        for u in voters:
            truth[u] = rng.choice(sorted(CHOICES.values()))
            congress.vote(env, Actor(u), item, truth[u])
        result = congress.close_item(env, Actor(c.chair), item)
        with env.db.engine.connect() as conn:
            end = conn.exec_driver_sql("SELECT pg_current_wal_insert_lsn()::text").scalar_one()
            conn.exec_driver_sql("SELECT pg_switch_wal()")  # so every record of the vote is on disk
            dump = subprocess.run(["/usr/lib/postgresql/15/bin/pg_waldump", "-p", str(wal.dir), "-s", start,
                                   "-e", end, "-r", "Heap"], capture_output=True, text=True, check=False).stdout
    finally:
        with env.db.engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_drop_replication_slot('{slot}')")
    assert sum(result["counts"].values()) == VOTERS

    # Per transaction: who it says took part, and what it says was chosen.
    who: dict[int, int] = {}
    what: dict[int, set[str]] = defaultdict(set)
    sealed: dict[int, bytes] = {}
    for m in LINE.finditer(dump):
        total, tx, at, node = int(m.group(1)), int(m.group(2)), lsn(m.group(3)), int(m.group(5))
        if node not in (nodes["participations"], nodes["ballot_box"]):
            continue
        data = tuple_data(wal.read(at, total))
        if node == nodes["participations"]:
            who[tx] = struct.unpack_from("<ii", data)[1]
        else:
            what[tx] |= {name for text, name in CHOICES.items() if text in data}
            found = re.search(rb"[A-Za-z0-9+/]{100,}={0,2}", data)
            if found:
                sealed[tx] = found.group()
    assert sorted(who.values()) == sorted(voters)  # the log does show who took part, transaction by transaction
    linked = [u for tx, u in who.items() if len(what[tx]) == 1]
    right = [u for tx, u in who.items() if what[tx] == {truth[u]}]
    print(f"the WAL of {VOTERS} votes links {len(right)} to their voters ({len(linked)} read)")
    assert linked == [] and right == []

    # Who also holds the ballot secret file opens each voting transaction's ciphertext: all of them link.
    with env.db.engine.connect() as conn:
        opened = conn.execute(sa.select(BallotItem.__table__.c.opened_at).where(
            BallotItem.__table__.c.id == item)).scalar_one()
        # After the close no row keeps a voting transaction's id.
        kept = set(conn.exec_driver_sql("SELECT xmin::text::bigint FROM participations").scalars())
    key = sealing.item_key(env, item, opened)
    with_key = [u for tx, u in who.items() if json.loads(sealing.unseal(key, item, sealed[tx].decode())[0])
                == truth[u]]
    print(f"with the ballot secret too, it links {len(with_key)}")
    assert sorted(with_key) == sorted(voters)
    assert not kept & set(who)


def test_a_ballot_key_changed_while_an_item_is_open_keeps_the_votes_until_it_is_back(env, tmp_path):
    from dataclasses import replace

    from engine.core.errors import Refused
    from workflows.congress.capability import NAME
    from workflows.congress.rules import rules_of

    key_file = tmp_path / "ballot_key"
    c = Congress(env, size=30)
    env.registry.policies[NAME] = replace(rules_of(env), ballot_key_file=key_file)
    for u in c.roster[:25]:
        congress.check_in(env, Actor(u), c.session)
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="职工福利费使用方案")
    congress.open_item(env, Actor(c.chair), item)
    codes = [congress.vote(env, Actor(u), item, "agree") for u in c.roster[:20]]
    assert key_file.stat().st_mode & 0o777 == 0o600  # made on the first vote, for its owner only
    assert congress.check_receipt(env, c.session, codes[0]).counted is False
    kept = key_file.read_bytes()
    key_file.unlink()  # rotated too early: neither a vote nor the close goes on under another secret
    for attempt in (lambda: congress.vote(env, Actor(c.roster[20]), item, "disagree"),
                    lambda: congress.close_item(env, Actor(c.chair), item)):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.code == "ballot_key" and str(key_file) in refused.value.label.en
    key_file.write_bytes(kept)  # the former key back: voting and the close go on, no vote lost
    congress.vote(env, Actor(c.roster[20]), item, "disagree")
    result = congress.close_item(env, Actor(c.chair), item)
    assert (result["counts"]["agree"], result["counts"]["disagree"]) == (20, 1)
