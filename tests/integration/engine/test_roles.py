"""Who holds a role where: one rule for every check (a role covers the organisations below it)."""

from __future__ import annotations

from engine import services


def test_a_role_covers_the_organisations_below_and_a_department_counts_for_its_union(env):
    city = services.create_organisation(env, "市总工会", "federation")
    works = services.create_organisation(env, "机械厂工会", "union", city)
    mill = services.create_organisation(env, "纺织厂工会", "union", city)
    shop = services.create_organisation(env, "装配车间", "department", works)
    inspector, handler, nobody = (services.create_user(env, u, u) for u in ("inspector", "handler", "nobody"))
    services.grant_role(env, inspector, city, "union_office")
    services.grant_role(env, handler, shop, "handler")

    assert services.holds_role(env, inspector, "union_office", mill)  # held above: covers the member union
    assert not services.holds_role(env, handler, "handler", works)  # held below: does not cover the union
    assert services.holds_role(env, handler, "handler", shop)
    assert services.unions_of(env, inspector) == sorted([works, mill])
    assert services.unions_of(env, handler) == [works]  # a department's role counts for its union…
    assert services.unions_of(env, handler, below=False) == []  # …unless only the union and above count
    assert services.unions_of(env, inspector, ("teller",)) == [] and services.unions_of(env, nobody) == []

    services.set_user_active(env, inspector, False)  # a disabled account holds nothing
    assert not services.holds_role(env, inspector, "union_office", mill) and services.unions_of(env, inspector) == []
