"""The committee's terms as the rest of the house reads them: each union's current term in one query, and the
dates a term's reminders fall on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from engine import services
from workflows.elections.models import CommitteeTermRow

terms = CommitteeTermRow.__table__
IN_LIST_LIMIT = 900  # more ids than this: read every running term once and pick (one query either way)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February when the day is 29 February and the year is not leap)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (or earlier, negative), the month's last day if it has fewer."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


@dataclass(frozen=True, slots=True)
class CommitteeTerm:
    """A union committee's running term: elected on a day for 3 or 5 years, approved by the higher union or not."""

    union_id: int
    elected_on: date
    term_years: int
    ends_on: date
    approved: bool
    case_id: int | None = None

    def past_term(self, day: date) -> bool:
        """True once the term has run out on ``day`` (工会法第十六条: a term of three or five years)."""
        return day >= self.ends_on

    def ends_within(self, day: date, months: int) -> bool:
        """True when the term runs out within ``months`` months after ``day`` and has not yet."""
        return not self.past_term(day) and self.ends_on <= add_months(day, months)


def _term(row: Any) -> CommitteeTerm:
    return CommitteeTerm(row.union_id, row.elected_on, row.term_years, row.ends_on, row.approved_on is not None,
                         row.case_id)


def committee_terms(env: services.Env, union_ids: Iterable[int]) -> dict[int, CommitteeTerm]:
    """Each given union's running term (the one not ended), by union id; a union with none recorded is left out."""
    wanted = {int(u) for u in union_ids}
    if not wanted:
        return {}
    query = sa.select(terms.c.union_id, terms.c.elected_on, terms.c.term_years, terms.c.ends_on,
                      terms.c.approved_on, terms.c.case_id).where(terms.c.ended_on.is_(None))
    if len(wanted) <= IN_LIST_LIMIT:
        query = query.where(terms.c.union_id.in_(sorted(wanted)))
    found: dict[int, CommitteeTerm] = {}
    with env.db.read() as conn:
        for row in conn.execute(query.order_by(terms.c.elected_on)):
            if row.union_id in wanted:
                found[row.union_id] = _term(row)  # the latest elected wins should two be left running
    return found


def record_term(env: services.Env, union_id: int, elected_on: date, term_years: int, *,
                approved_on: date | None, case_id: int | None = None, conn: sa.Connection | None = None) -> int:
    """Record a new term for the union, ending the one running on the day the new one was elected; its id."""
    def write(c: sa.Connection) -> int:
        c.execute(sa.update(terms).where(terms.c.union_id == union_id, terms.c.ended_on.is_(None))
                  .values(ended_on=elected_on))
        return int(c.execute(sa.insert(terms).values(
            union_id=union_id, elected_on=elected_on, term_years=term_years,
            ends_on=add_years(elected_on, term_years), approved_on=approved_on, case_id=case_id,
            ended_on=None)).inserted_primary_key[0])

    if conn is not None:
        return write(conn)
    with env.db.write() as c:
        return write(c)
