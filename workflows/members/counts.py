"""Member figures per union in one grouped read: on the register on a day, women among them, and this year's
admissions, leavings and transfers in and out, as the federation's returns and the union's pages show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from engine import services
from workflows.members.models import Member

members = Member.__table__


@dataclass(frozen=True, slots=True)
class MemberCounts:
    """A union's figures on a day; the yearly ones count from 1 January of that day's year up to the day."""

    total: int = 0
    women: int = 0
    admitted: int = 0  # joined this year other than by transfer (admitted, or imported with this year's date)
    left: int = 0
    transferred_in: int = 0
    transferred_out: int = 0


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.count().filter(condition)


def _statement(filtered: bool) -> sa.Select:
    """The grouped read; ``filtered``: only the unions asked for (an IN list), else every union's group (cheaper
    than a list of thousands of unions, each row checked against it, when most unions are asked for)."""
    m = members.c
    on, year_start = sa.bindparam("on", type_=sa.Date), sa.bindparam("year_start", type_=sa.Date)
    # Every row read joined on or before the day and was not gone before the year began (the WHERE).
    on_register = sa.or_(m.left_on.is_(None), m.left_on > on)
    gone_this_year = m.left_on <= on
    statement = (sa.select(m.union_id, _count(on_register).label("total"),
                           _count(sa.and_(on_register, m.gender == "female")).label("women"),
                           _count(sa.and_(m.joined_on >= year_start, m.joined_how != "transfer_in")).label("admitted"),
                           _count(sa.and_(gone_this_year, m.status == "left")).label("left"),
                           _count(sa.and_(m.joined_on >= year_start, m.joined_how == "transfer_in"))
                           .label("transferred_in"),
                           _count(sa.and_(gone_this_year, m.status == "transferred_out")).label("transferred_out"))
                 .where(m.joined_on <= on, sa.or_(m.left_on.is_(None), m.left_on >= year_start))
                 .group_by(m.union_id))
    return statement.where(m.union_id.in_(sa.bindparam("unions", expanding=True))) if filtered else statement


FILTERED, EVERY_UNION = _statement(True), _statement(False)
LIST_AT_MOST = 500  # asked for more unions than this, every union is grouped and the rest dropped


def member_counts(env: services.Env, union_ids: list[int], on: date) -> dict[int, MemberCounts]:
    """Each union's figures on ``on``, every union asked for present (zeros where it has no members), read in
    one grouped statement off the ``ix_members_counts`` index (measured by ``bench/members.py``)."""
    found = {union_id: MemberCounts() for union_id in union_ids}
    if not union_ids:
        return found
    with env.db.read() as conn:
        params = {"on": on, "year_start": date(on.year, 1, 1)}
        if len(found) <= LIST_AT_MOST:
            rows = conn.execute(FILTERED, {**params, "unions": sorted(found)})
        else:
            rows = conn.execute(EVERY_UNION, params)
        for row in rows:
            if row.union_id not in found:
                continue
            found[row.union_id] = MemberCounts(int(row.total), int(row.women), int(row.admitted), int(row.left),
                                               int(row.transferred_in), int(row.transferred_out))
    return found
