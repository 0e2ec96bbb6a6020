"""The federation's view reads the figures it keeps per union and per federation, on both backends: a union is
counted again when one of its cases changed since it was counted, or when its row is older than
``figures_max_age_minutes`` (the scheduler's sweep does it ahead of the reads); a union that joins or is founded
below the federation is counted, one that leaves (by invitation or moved by an administrator) is no longer summed;
the others are not counted again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from support.bargaining import Bargaining
from support.web import assigned_proposal
from workflows.federation import services as federation
from workflows.federation import stored
from workflows.federation.roles import FEDERATION_OFFICE


class District:
    """A district federation with the test union (joined by invitation) and a second union; its staff."""

    def __init__(self, env) -> None:
        from workflows import federation as federation_package
        from workflows.proposals import register

        register(env.registry, Settings())
        federation_package.register(env.registry, Settings())
        self.u = Bargaining(env)
        self.district = services.create_organisation(env, "武进区总工会", "federation")
        self.other = services.create_organisation(env, "恒达纺织工会", "union", self.district)
        self.staff = services.create_user(env, "district_staff", "顾明远")
        services.grant_role(env, self.staff, self.district, FEDERATION_OFFICE)
        invitation = federation.invite(env, self.staff, self.district, self.u.union, "欢迎加入")
        federation.answer(env, self.u.office, invitation, True, "同意")


@pytest.fixture
def d(env, clock):
    return District(env)


def counted_at(env, union_id: int) -> object:
    t = stored.table.c
    with env.db.read() as conn:
        return conn.execute(sa.select(t.computed_at).where(t.organisation_id == union_id, t.year == 2026)).scalar()


def proposals_of(view, union_id: int) -> int:
    return next(r["proposals"] for r in view.unions.items if r["id"] == union_id)


def test_a_changed_union_is_counted_again_and_the_others_are_not(env, clock, d):
    federation.overview(env, d.staff, d.district, 2026)
    clock.advance(hours=1)  # the cases changed when the rows were counted: counted again once, then kept
    first = federation.overview(env, d.staff, d.district, 2026)
    assert first.as_of == clock.now() and proposals_of(first, d.u.union) == 0
    clock.advance(minutes=1)
    assert federation.overview(env, d.staff, d.district, 2026).as_of == first.as_of  # nothing changed: kept
    assigned_proposal(env, d.u, "2026-12-20")  # a case of the test union changes
    clock.advance(minutes=1)
    second = federation.overview(env, d.staff, d.district, 2026)
    assert proposals_of(second, d.u.union) == 1 and dict(second.summary)["提案"] == "1"
    assert counted_at(env, d.u.union) == clock.now()
    assert counted_at(env, d.other) == first.as_of  # the other union was not counted again
    assert second.as_of == first.as_of  # the oldest figure shown, and the page says when


def test_rows_older_than_the_maximum_age_are_counted_again_by_a_read_or_the_sweep(env, clock, d):
    federation.overview(env, d.staff, d.district, 2026)
    clock.advance(hours=1)
    kept = federation.overview(env, d.staff, d.district, 2026).as_of
    clock.advance(minutes=4)
    assert stored.refresh_old(env) == 0  # younger than half the maximum age (10 minutes): left
    clock.advance(minutes=2)
    assert stored.refresh_old(env) == 2  # both unions counted ahead of the next read
    assert federation.overview(env, d.staff, d.district, 2026).as_of == clock.now() != kept
    clock.advance(minutes=11)  # no scheduler: the read counts what is too old itself
    assert federation.overview(env, d.staff, d.district, 2026).as_of == clock.now()


def test_unions_founded_joining_or_leaving_change_the_sums(env, clock, d):
    federation.overview(env, d.staff, d.district, 2026)
    clock.advance(hours=1)
    assert federation.overview(env, d.staff, d.district, 2026).unions.total == 2
    founded = services.create_organisation(env, "新成立工会", "union", d.district)
    view = federation.overview(env, d.staff, d.district, 2026)
    assert view.unions.total == 2 + 1 and founded in {r["id"] for r in view.unions.items}
    assert dict(view.summary)["会员工会"] == "3"
    # the test union leaves for another federation: summed there, no longer here
    other = services.create_organisation(env, "天宁区总工会", "federation")
    staff = services.create_user(env, "other_staff", "天宁")
    services.grant_role(env, staff, other, FEDERATION_OFFICE)
    assigned_proposal(env, d.u, "2026-12-20")
    clock.advance(minutes=1)
    federation.answer(env, d.u.office, federation.invite(env, staff, other, d.u.union, ""), True, "")
    here = federation.overview(env, d.staff, d.district, 2026)
    assert d.u.union not in {r["id"] for r in here.unions.items} and dict(here.summary)["提案"] == "0"
    there = federation.overview(env, staff, other, 2026)
    assert [r["id"] for r in there.unions.items] == [d.u.union] and dict(there.summary)["提案"] == "1"
    # an administrator moves the founded union (no invitation): its kept row follows it all the same
    services.move_organisation(env, founded, other)
    assert founded not in {r["id"] for r in federation.overview(env, d.staff, d.district, 2026).unions.items}
    assert {r["id"] for r in federation.overview(env, staff, other, 2026).unions.items} == {d.u.union, founded}
