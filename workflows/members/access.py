"""What the member register offers its workflows' guards and effects inside an action's transaction
(``ctx.db.use("members")``): a membership, a union, numbers drawn, a membership closed and one opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from engine.core.context import ActionContext
from engine.core.env import Env
from engine.store.database import Prepared, PreparedStatements, RawTransaction
from engine.store.models import Case, Organisation
from workflows.members.memberships import NUMBER_DIGITS
from workflows.members.models import Member, MemberSequence
from workflows.members.terms import TRANSFER

NAME = "members"
members, sequences, orgs, cases = Member.__table__, MemberSequence.__table__, Organisation.__table__, Case.__table__
OPEN_TRANSFER = ("requested", "awaiting")
FIELDS = ("id", "person", "union_id", "number", "name", "gender", "birth_date", "id_last4", "phone", "workplace",
          "status")


@dataclass(frozen=True, slots=True)
class MemberInfo:
    id: int
    person: str
    union_id: int
    number: str
    name: str
    gender: str
    birth_date: Any
    id_last4: str | None
    phone: str | None
    workplace: str | None
    status: str


class Statements(PreparedStatements):
    """The statements the capability runs, compiled once per database."""

    def __init__(self, prepare: Any) -> None:
        m, s, o, c = members.c, sequences.c, orgs.c, cases.c
        p = sa.bindparam
        # Locked on PostgreSQL: a leaving recorded meanwhile waits for this action, which then sees it.
        self.member: Prepared = prepare(sa.select(*(m[f] for f in FIELDS)).where(m.id == p("id")).with_for_update())
        self.union: Prepared = prepare(sa.select(o.kind, o.name).where(o.id == p("id")))
        self.same_phone: Prepared = prepare(sa.select(m.id).where(m.union_id == p("union"), m.phone == p("phone"),
                                                                  m.status == "member").limit(1))
        self.open_transfer: Prepared = prepare(sa.select(c.id).where(
            c.workflow == TRANSFER, c.key2 == p("member"), sa.or_(*(c.state == s for s in OPEN_TRANSFER)),
            c.id != p("case")).limit(1))
        self.last: Prepared = prepare(sa.select(s.last).where(s.union_id == p("union")).with_for_update())
        # A union's first number: two first admissions at once both insert; the second waits, then does nothing.
        self.new_sequence: Prepared = prepare(
            sa.text("INSERT INTO member_sequences (union_id, last) VALUES (:union, 0) ON CONFLICT DO NOTHING"))
        self.set_last: Prepared = prepare(sequences.update().where(s.union_id == p("union")).values(last=p("last")))
        self.taken: Prepared = prepare(sa.select(m.id).where(m.union_id == p("union"), m.number == p("number")))
        self.close: Prepared = prepare(members.update().where(m.id == p("id"), m.status == "member").values(
            status=p("status"), left_on=p("left_on", type_=sa.Date()), left_reason=p("reason"),
            destination=p("destination")))
        self.open: Prepared = prepare(members.insert().values(
            person=p("person"), union_id=p("union"), number=p("number"), name=p("name"), gender=p("gender"),
            birth_date=p("birth_date", type_=sa.Date()), id_last4=p("id_last4"), phone=p("phone"),
            workplace=p("workplace"), joined_on=p("joined_on", type_=sa.Date()), joined_how=p("how"),
            status="member", previous_id=p("previous"), case_id=p("case"),
            created_at=p("at", type_=sa.DateTime(timezone=True))).returning(m.id))


class MemberAccess:
    """The register's tables, read and written in the transaction of one action."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env, self.sql = tx, env, Statements.of(env)

    def _day(self, value: date | None) -> Any:
        return value.isoformat() if value is not None and self.env.db.sqlite else value

    def member(self, member_id: Any) -> MemberInfo | None:
        try:
            row = self.tx.one(self.sql.member, {"id": int(member_id)})
        except (TypeError, ValueError):
            return None
        if row is None:
            return None
        info = MemberInfo(*row)
        birth = info.birth_date
        return info if not isinstance(birth, str) else MemberInfo(*row[:6], date.fromisoformat(birth), *row[7:])

    def union(self, union_id: Any) -> tuple[str, str] | None:
        """The organisation's kind and name."""
        try:
            row = self.tx.one(self.sql.union, {"id": int(union_id)})
        except (TypeError, ValueError):
            return None
        return (row[0], row[1]) if row else None

    def phone_on_register(self, union_id: int, phone: str) -> bool:
        return self.tx.one(self.sql.same_phone, {"union": union_id, "phone": phone}) is not None

    def open_transfer(self, member_id: int, case_id: int | None) -> bool:
        """Whether another transfer of the membership is under way."""
        return self.tx.one(self.sql.open_transfer, {"member": str(member_id), "case": case_id or 0}) is not None

    def draw_number(self, union_id: int, year: int) -> str:
        """The union's next membership number not yet given out (an imported one is skipped)."""
        row = self.tx.one(self.sql.last, {"union": union_id})
        if row is None:
            self.tx.execute(self.sql.new_sequence, {"union": union_id})
            row = self.tx.one(self.sql.last, {"union": union_id})  # locked now, whoever inserted it
        last = row[0] if row else 0
        while True:
            last += 1
            number = f"{year}{last:0{NUMBER_DIGITS}d}"
            if self.tx.one(self.sql.taken, {"union": union_id, "number": number}) is None:
                break
        self.tx.execute(self.sql.set_last, {"union": union_id, "last": last})
        return number

    def close(self, member_id: int, status: str, left_on: date, reason: str, destination: str | None) -> bool:
        """Take the membership off its register; False when it was not on one."""
        return self.tx.execute(self.sql.close, {"id": member_id, "status": status, "left_on": self._day(left_on),
                                                "reason": reason, "destination": destination}).rowcount == 1

    def open(self, *, person: str, union_id: int, number: str, name: str, gender: str, birth_date: date | None,
             id_last4: str | None, phone: str | None, workplace: str | None, joined_on: date, how: str,
             previous: int | None, case_id: int | None, at: datetime) -> int:
        """Put a membership on the union's register; its id."""
        row = self.tx.one(self.sql.open, {
            "person": person, "union": union_id, "number": number, "name": name, "gender": gender,
            "birth_date": self._day(birth_date), "id_last4": id_last4, "phone": phone, "workplace": workplace,
            "joined_on": self._day(joined_on), "how": how, "previous": previous, "case": case_id,
            "at": self.env.db.ts(at)})
        assert row is not None
        return int(row[0])


def register_of(ctx: ActionContext) -> MemberAccess:
    """The register as this action's guards and effects reach it."""
    return ctx.db.use(NAME)
