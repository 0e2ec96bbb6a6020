"""Verify the history chains: every entry's hash, its link to the one before, and the case's head."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from engine.store.database import Database
from engine.store.history import GENESIS, event_hash
from engine.store.models import Case, Event

cases, events = Case.__table__, Event.__table__


@dataclass(frozen=True, slots=True)
class Break:
    """The first place a case's chain does not hold."""

    case_id: int
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"case {self.case_id}: history entry {self.seq}: {self.reason}"


def _check_case(case_id: int, version: int, head: str, rows: list[sa.Row]) -> Break | None:
    prev, expected_seq = GENESIS, 1
    for e in rows:
        if e.seq != expected_seq:
            return Break(case_id, expected_seq, f"missing (found entry {e.seq} next)")
        if e.prev_hash != prev:
            return Break(case_id, e.seq, "does not link to the entry before it")
        digest = event_hash(case_id, e.seq, e.trigger, e.from_state, e.to_state, e.actor_id, e.payload,
                            e.created_at, e.prev_hash)
        if digest != e.hash:
            return Break(case_id, e.seq, "its content was altered (hash mismatch)")
        prev, expected_seq = e.hash, expected_seq + 1
    if expected_seq - 1 != version:
        return Break(case_id, expected_seq, f"missing (the case is at version {version})")
    if prev != head:
        return Break(case_id, expected_seq - 1, "is not the case's recorded head")
    return None


def verify(db: Database, batch: int = 500) -> Iterator[Break]:
    """Yield the first break of each broken case, walking cases in batches by id."""
    after = 0
    while True:
        with db.read() as conn:
            heads = conn.execute(sa.select(cases.c.id, cases.c.version, cases.c.head_hash)
                                 .where(cases.c.id > after).order_by(cases.c.id).limit(batch)).all()
            if not heads:
                return
            low, high = heads[0].id, heads[-1].id
            by_case: dict[int, list[sa.Row]] = {}
            for e in conn.execute(sa.select(events).where(events.c.case_id.between(low, high))
                                  .order_by(events.c.case_id, events.c.seq)):
                by_case.setdefault(e.case_id, []).append(e)
        for case_id, version, head in heads:
            found = _check_case(case_id, version, head, by_case.get(case_id, []))
            if found is not None:
                yield found
        after = high
