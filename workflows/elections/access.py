"""What the elections offer their workflows' guards and effects inside an action's transaction
(``ctx.db.use("elections")``): an organisation's name and parent, and recording a committee's new term, which
ends the one before, opens the case that watches the new one and closes the watch on the old."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from engine.core.context import SYSTEM_ACTOR, ActionContext
from engine.core.env import Env
from engine.core.errors import TransitionNotAllowed
from engine.core.runtime import fire_in, start_in
from engine.store.database import Prepared, PreparedStatements, RawTransaction
from engine.store.models import Organisation
from workflows.elections.committee import add_years
from workflows.elections.models import CommitteeTermRow
from workflows.elections.terms import TERM

NAME = "elections"
terms, orgs = CommitteeTermRow.__table__, Organisation.__table__
p = sa.bindparam


class Statements(PreparedStatements):
    """The few statements the capability runs, compiled once per database."""

    def __init__(self, prepare: Any) -> None:
        t = terms.c
        self.org: Prepared = prepare(sa.select(orgs.c.name, orgs.c.parent_id).where(orgs.c.id == p("id")))
        self.running: Prepared = prepare(sa.select(t.id, t.watch_case_id).where(
            t.union_id == p("union"), t.ended_on.is_(None)))
        self.end: Prepared = prepare(terms.update().where(t.id == p("id")).values(
            ended_on=p("day", type_=sa.Date())))
        self.insert: Prepared = prepare(terms.insert().values(
            union_id=p("union"), elected_on=p("elected_on", type_=sa.Date()), term_years=p("years"),
            ends_on=p("ends_on", type_=sa.Date()), approved_on=p("approved_on", type_=sa.Date()),
            case_id=p("case"), ended_on=None, watch_case_id=None).returning(t.id))
        self.link: Prepared = prepare(terms.update().where(t.id == p("id"), t.watch_case_id.is_(None)).values(
            watch_case_id=p("case")))


def term_title(union_name: str, elected_on: date, ends_on: date) -> str:
    return f"{union_name}委员会任期（{elected_on.isoformat()} 至 {ends_on.isoformat()}）"


class ElectionAccess:
    """The committee terms, read and written in the transaction of one action."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env, self.sql = tx, env, Statements.of(env)

    def _day(self, value: date) -> Any:
        return value.isoformat() if self.env.db.sqlite else value

    def organisation(self, organisation_id: int) -> tuple[str, int | None]:
        """The organisation's name and its parent's id."""
        row = self.tx.one(self.sql.org, {"id": organisation_id})
        return (row[0], row[1]) if row else ("", None)

    def link_watch(self, term_id: int, case_id: int) -> bool:
        """Name the case that watches the term; False when another already does."""
        return self.tx.execute(self.sql.link, {"id": term_id, "case": case_id}).rowcount == 1

    def record_term(self, union_id: int, elected_on: date, term_years: int, approved_on: date,
                    case_id: int | None) -> int:
        """The union's new term, the one before ended on the day of the election and its watch closed, and a case
        opened to watch the new one; the new term's id."""
        before = self.tx.all(self.sql.running, {"union": union_id})
        for term_id, _watch in before:
            self.tx.execute(self.sql.end, {"id": term_id, "day": self._day(elected_on)})
        ends_on = add_years(elected_on, term_years)
        (term_id,) = self.tx.one(self.sql.insert, {
            "union": union_id, "elected_on": self._day(elected_on), "years": term_years,
            "ends_on": self._day(ends_on), "approved_on": self._day(approved_on), "case": case_id})
        for _old, watch in before:
            if watch is not None:
                try:
                    fire_in(self.tx, self.env, SYSTEM_ACTOR, watch, "renew")
                except TransitionNotAllowed:  # already renewed
                    pass
        name, _parent = self.organisation(union_id)
        start_in(self.tx, self.env, SYSTEM_ACTOR, TERM, union_id, term_title(name, elected_on, ends_on)[:100],
                 {"term_id": term_id, "elected_on": elected_on.isoformat(), "term_years": term_years,
                  "ends_on": ends_on.isoformat()})
        return int(term_id)


def elections_of(ctx: ActionContext) -> ElectionAccess:
    """The committee terms as this action's guards and effects reach them."""
    return ctx.db.use(NAME)
