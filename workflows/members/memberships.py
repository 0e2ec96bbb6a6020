"""Writing the member register: membership numbers drawn per union, a person's key, and rows added in bulk (the
import and the demo) or one by one (an admission, the receiving end of a transfer), always inside the caller's
transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from workflows.members.models import Member, MemberSequence

members, sequences = Member.__table__, MemberSequence.__table__
NUMBER_DIGITS = 5


def new_person() -> str:
    """The random key a person's memberships share (64 bits: no collision among millions)."""
    return secrets.token_hex(8)


def draw_numbers(conn: sa.Connection, union_id: int, count: int, year: int) -> list[str]:
    """``count`` membership numbers the union has not given out (its year and a running number, 202600042),
    the union's sequence moved past them in the caller's transaction (a row lock on PostgreSQL; SQLite's
    write transactions are serial), so two admissions never draw the same one."""
    seq = sequences.c
    last = conn.execute(sa.select(seq.last).where(seq.union_id == union_id).with_for_update()).scalar()
    if last is None:
        conn.execute(sequences.insert().values(union_id=union_id, last=0))
        last = 0
    drawn: list[str] = []
    while len(drawn) < count:
        batch = [f"{year}{n:0{NUMBER_DIGITS}d}" for n in range(last + 1, last + 1 + count - len(drawn))]
        taken = set(conn.execute(sa.select(members.c.number).where(members.c.union_id == union_id,
                                                                   members.c.number.in_(batch))).scalars())
        drawn += [number for number in batch if number not in taken]  # an imported number is skipped
        last += len(batch)
    conn.execute(sequences.update().where(seq.union_id == union_id).values(last=last))
    return drawn


def add_rows(conn: sa.Connection, rows: Iterable[dict[str, Any]], created_at: Any) -> int:
    """Insert memberships in one executemany; each row names its union, number and personal fields, and gets
    a person key unless it carries one. Returns how many were added."""
    batch = []
    for row in rows:
        row = {"person": new_person(), "status": "member", "left_on": None, "left_reason": None, "destination": None,
               "previous_id": None, "case_id": None, "birth_date": None, "id_last4": None, "phone": None,
               "workplace": None, **row, "created_at": created_at}
        batch.append(row)
    if batch:
        conn.execute(members.insert(), batch)
    return len(batch)


def on_register(conn: sa.Connection, person: str) -> Any:
    """The person's membership now on a register, or None."""
    return conn.execute(sa.select(members).where(members.c.person == person, members.c.status == "member")).first()


def close(conn: sa.Connection, member_id: int, status: str, left_on: date, reason: str,
          destination: str | None = None) -> None:
    """Take a membership off its register (left or transferred out), keeping the row."""
    done = conn.execute(members.update().where(members.c.id == member_id, members.c.status == "member")
                        .values(status=status, left_on=left_on, left_reason=reason, destination=destination))
    if done.rowcount != 1:
        raise LookupError(f"membership {member_id} is not on a register")
