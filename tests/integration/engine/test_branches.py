"""A branch of the organisation tree on both backends: figures counted by organisation below one (``Scope.under``,
the ``org`` group key, only some states, ranges of data values, started-in; ``by.`` is checked by the federation's
answered-on-time figures), open tasks past due by organisation, and moving a branch under another parent with
every path rewritten and cycles refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import services
from engine.core.context import Actor


def request(env, people, body: str = "申请") -> int:  # noqa: ANN001 - an env and the people
    return services.start_case(env, Actor(people.clerk), "request", people.union, body, {"body": body}).case_id


def test_counted_by_organisation_below_one(env, people, clock):
    second = services.create_organisation(env, "另一工会", "union", people.federation)
    clerk = services.create_user(env, "clerk3", "周职员")
    services.grant_role(env, clerk, second, "clerk")
    a, b = request(env, people), request(env, people)
    services.start_case(env, Actor(clerk), "request", second, "申请", {"body": "申请"})
    services.fire(env, Actor(people.clerk), a, "submit")
    scope = services.Scope("request", under=people.federation)
    groups = services.count_cases(env, services.SYSTEM_ACTOR, scope, ("org", "state"))
    assert {(g["org"], g["state"], g["count"]) for g in groups} == {
        (people.union, "draft", 1), (people.union, "review", 1), (second, "draft", 1)}
    only = services.Scope("request", under=people.federation, states=("draft",))
    assert sum(g["count"] for g in services.count_cases(env, services.SYSTEM_ACTOR, only, ("org",))) == 2
    none = services.Scope("request", under=people.union, created=(clock.now() + timedelta(days=1),
                                                                  clock.now() + timedelta(days=2)))
    assert services.count_cases(env, services.SYSTEM_ACTOR, none, ("org",)) == []
    numbered = services.Scope("request", under=people.union, ranges=(("number", f"R-{b:05d}", None),))
    assert [g["count"] for g in services.count_cases(env, services.SYSTEM_ACTOR, numbered, ("org",))] == [1]


def test_open_tasks_past_due_by_organisation(env, people, clock):
    case = request(env, people)
    services.fire(env, Actor(people.clerk), case, "submit")  # review: a task with a deadline of 5 working days
    assert services.overdue_below(env, people.federation) == {}
    later = clock.now() + timedelta(days=30)
    found = services.overdue_below(env, people.federation, later)
    assert list(found) == [people.union] and found[people.union].tasks >= 1


def test_moving_a_branch_rewrites_its_paths_and_refuses_cycles(env, people):
    other = services.create_organisation(env, "区总工会", "federation", people.federation)
    services.move_organisation(env, people.union, other)
    below = {b.id: b for b in services.organisations_below(env, other)}
    assert set(below) == {people.union, people.dept, people.other_dept}
    assert below[people.dept].path == f"/{people.federation}/{other}/{people.union}/{people.dept}/"
    assert below[people.dept].ancestors() == [people.union, other, people.federation]
    assert services.holds_role(env, people.head, "head", people.dept)  # the city still covers it
    for parent, moved in ((people.union, other), (other, other), (people.dept, people.union)):
        with pytest.raises(services.ValidationFailed):
            services.move_organisation(env, moved, parent)
    with pytest.raises(services.NotFound):
        services.move_organisation(env, people.union, 999999)
