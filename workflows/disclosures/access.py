"""What the disclosure register offers its workflows' guards and effects inside an action's transaction
(``ctx.db.use("disclosures")``): a register entry, claiming its period, and the answer shown under an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from engine.core.context import ActionContext
from engine.core.env import Env
from engine.store.database import Prepared, PreparedStatements, RawTransaction
from engine.store.models import User
from workflows.disclosures.models import DisclosureAnswer, DisclosureEntry

NAME = "disclosures"
entries, answers, users = DisclosureEntry.__table__, DisclosureAnswer.__table__, User.__table__


@dataclass(frozen=True, slots=True)
class EntryInfo:
    """A register entry as a new item copies it."""

    id: int
    organisation_id: int
    title: str
    category: str
    frequency: str
    channel: str
    scope_id: int
    department_id: int
    active: bool
    last_period: str | None


class Statements(PreparedStatements):
    """The few statements the capability runs, compiled once per database."""

    def __init__(self, prepare: Any) -> None:
        e = entries.c
        self.entry: Prepared = prepare(sa.select(e.id, e.organisation_id, e.title, e.category, e.frequency,
                                                 e.channel, e.scope_id, e.department_id, e.active, e.last_period)
                                       .where(e.id == sa.bindparam("id")))
        self.claim: Prepared = prepare(entries.update().where(
            e.id == sa.bindparam("id"), sa.or_(e.last_period.is_(None), e.last_period < sa.bindparam("period")))
            .values(last_period=sa.bindparam("period")))
        self.name: Prepared = prepare(sa.select(users.c.display_name).where(users.c.id == sa.bindparam("id")))
        self.answer: Prepared = prepare(answers.insert().values(
            question_id=sa.bindparam("question_id"), item_id=sa.bindparam("item_id"),
            question=sa.bindparam("question"), asker_name=sa.bindparam("asker_name"), answer=sa.bindparam("answer"),
            asked_on=sa.bindparam("asked_on", type_=sa.Date()),
            answered_at=sa.bindparam("answered_at", type_=sa.DateTime(timezone=True))))


class DisclosureAccess:
    """The register's tables, read and written in the transaction of one action."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env, self.sql = tx, env, Statements.of(env)

    def entry(self, entry_id: int) -> EntryInfo | None:
        row = self.tx.one(self.sql.entry, {"id": entry_id})
        return EntryInfo(*row[:8], bool(row[8]), row[9]) if row is not None else None

    def claim_period(self, entry_id: int, period: str) -> bool:
        """Record that the entry's item for ``period`` is made: False when it already was (or a later one)."""
        return self.tx.execute(self.sql.claim, {"id": entry_id, "period": period}).rowcount == 1

    def user_name(self, user_id: int) -> str:
        row = self.tx.one(self.sql.name, {"id": user_id})
        return row[0] if row else ""

    def record_answer(self, question_id: int, item_id: int, question: str, asker_name: str | None, answer: str,
                      asked_on: date, answered_at: datetime) -> None:
        """The question and its answer, shown under the item to everyone who reads it."""
        self.tx.execute(self.sql.answer, {"question_id": question_id, "item_id": item_id, "question": question,
                                          "asker_name": asker_name, "answer": answer,
                                          "asked_on": asked_on.isoformat() if self.env.db.sqlite else asked_on,
                                          "answered_at": self.env.db.ts(answered_at)})


def register_of(ctx: ActionContext) -> DisclosureAccess:
    """The register as this action's guards and effects reach it."""
    return ctx.db.use(NAME)
