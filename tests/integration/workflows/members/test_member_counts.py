"""Member figures per union on both backends: on the register on a day, women, and this year's admissions,
leavings and transfers, for many unions in one grouped read; a union with no members reads as zeros."""

from __future__ import annotations

from datetime import date

from engine import services
from workflows.members import memberships
from workflows.members import services as members


def _row(union: int, number: str, gender: str, joined: date, how: str = "admission", **more) -> dict:
    return {"union_id": union, "number": number, "name": "张三", "gender": gender, "joined_on": joined,
            "joined_how": how, **more}


def test_counts_on_a_day_follow_joining_and_leaving_dates(env):
    city = services.create_organisation(env, "常州市总工会", "federation")
    a = services.create_organisation(env, "甲工会", "union", city)
    b = services.create_organisation(env, "乙工会", "union", city)
    empty = services.create_organisation(env, "丙工会", "union", city)
    with env.db.write() as conn:
        memberships.add_rows(conn, [
            _row(a, "1", "female", date(2020, 3, 1), "import"),
            _row(a, "2", "male", date(2026, 2, 1)),  # admitted this year
            _row(a, "3", "female", date(2026, 5, 1), "transfer_in"),
            _row(a, "4", "male", date(2019, 1, 1), "import", status="left", left_on=date(2026, 4, 1),
                 left_reason="退休"),
            _row(a, "5", "female", date(2019, 1, 1), "import", status="transferred_out", left_on=date(2026, 6, 1),
                 left_reason="调动"),
            _row(a, "6", "male", date(2010, 1, 1), "import", status="left", left_on=date(2025, 6, 1),
                 left_reason="辞职"),  # gone last year: counts for nothing this year
            _row(a, "7", "female", date(2026, 12, 1)),  # after the day asked about
            _row(b, "1", "male", date(2021, 1, 1), "import"),
        ], env.clock.now())
    counts = members.member_counts(env, [a, b, empty], date(2026, 11, 30))
    assert counts[a] == members.MemberCounts(total=3, women=2, admitted=1, left=1, transferred_in=1,
                                             transferred_out=1)
    assert counts[b] == members.MemberCounts(total=1)
    assert counts[empty] == members.MemberCounts()
    earlier = members.member_counts(env, [a], date(2026, 4, 15))[a]  # before the transfers, after the retirement
    assert (earlier.total, earlier.women, earlier.left, earlier.transferred_in) == (3, 2, 1, 0)
    assert members.member_counts(env, [], date(2026, 1, 1)) == {}
    many = [a, b, *range(10**6, 10**6 + 600)]  # past the IN list's size: every union grouped, the rest dropped
    counted = members.member_counts(env, many, date(2026, 11, 30))
    assert counted[a] == counts[a] and counted[10**6] == members.MemberCounts() and len(counted) == 602
