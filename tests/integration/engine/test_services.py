"""What people see: their inbox, a case page with the actions open to them, and search."""

from __future__ import annotations

import pytest

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor


def start(env, people, title="t", who=None):
    return services.start_case(env, Actor(who or people.clerk), "request", people.union, title, {"body": "b"}).case_id


def test_the_inbox_lists_open_tasks_oldest_due_first_with_paging(env, people, clock):
    ids = []
    for i in range(5):
        case_id = start(env, people, f"事项{i}")
        services.fire(env, Actor(people.clerk), case_id, "submit")
        ids.append(case_id)
        clock.advance(days=1)
    services.fire(env, Actor(people.reviewer), ids[1], "assign", {"department": people.dept})
    first = services.inbox(env, people.reviewer, page=1, per_page=2)
    assert first.total == 4 and first.pages == 2
    assert [t.case_id for t in first.items] == [ids[0], ids[2]]
    assert [t.case_id for t in services.inbox(env, people.reviewer, page=2, per_page=2).items] == [ids[3], ids[4]]
    assert all(t.role == "reviewer" and t.state_label.zh == "review" for t in first.items)
    # The handler of the department sees only the assigned case.
    assert [t.case_id for t in services.inbox(env, people.handler).items] == [ids[1]]
    assert services.inbox(env, people.clerk).items == []  # the clerk's drafts are all submitted


def test_overdue_tasks_are_marked(env, people, clock):
    case_id = start(env, people)
    services.fire(env, Actor(people.clerk), case_id, "submit")
    assert services.inbox(env, people.reviewer).items[0].overdue is False
    clock.advance(days=10)
    assert services.inbox(env, people.reviewer).items[0].overdue is True


def test_a_role_high_up_covers_the_organisations_below(env, people):
    case_id = start(env, people)
    services.fire(env, Actor(people.clerk), case_id, "submit")
    services.fire(env, SYSTEM_ACTOR, case_id, "escalate")
    (task,) = services.inbox(env, people.head).items
    assert task.case_id == case_id and task.organisation_id == people.federation


def test_bad_paging_is_refused(env, people):
    for page, per_page in ((0, 20), (1, 0), (1, 1000)):
        with pytest.raises(services.ValidationFailed):
            services.inbox(env, people.reviewer, page=page, per_page=per_page)


def test_the_case_page_offers_each_person_their_own_actions(env, people):
    case_id = start(env, people)
    assert [a.trigger for a in services.case_view(env, Actor(people.clerk), case_id).actions] == ["submit", "edit"]
    with pytest.raises(services.NotFound):  # a draft is its starter's until submitted
        services.case_view(env, Actor(people.reviewer), case_id)
    services.fire(env, Actor(people.clerk), case_id, "submit")
    view = services.case_view(env, Actor(people.reviewer), case_id)
    assert [a.trigger for a in view.actions] == ["approve", "reject", "send_back", "assign"]
    assert [f.name for f in view.actions[3].fields] == ["department", "priority"]
    assert services.case_view(env, Actor(people.clerk), case_id).actions == []
    assert [t.role for t in view.open_tasks] == ["reviewer"]


def test_outsiders_cannot_open_a_case_and_handlers_can_once_assigned(env, people):
    case_id = start(env, people)
    services.fire(env, Actor(people.clerk), case_id, "submit")
    for who in (people.outsider, people.handler):
        with pytest.raises(services.NotFound):  # who may not read a case cannot tell it exists
            services.case_view(env, Actor(who), case_id)
    services.fire(env, Actor(people.reviewer), case_id, "assign", {"department": people.dept})
    assert services.case_view(env, Actor(people.handler), case_id).state == "handling"
    with pytest.raises(services.NotFound):
        services.case_view(env, Actor(people.clerk), 424242)


def test_search_finds_what_the_person_may_see(env, people, clock):
    a = start(env, people, "甲")
    b = start(env, people, "乙", who=people.clerk2)
    clock.advance(minutes=5)
    services.fire(env, Actor(people.clerk), a, "submit")  # the latest change comes first
    found = services.search_cases(env, Actor(people.reviewer), workflow="request")
    assert [c.id for c in found.items] == [a] and found.total == 1  # b is still its starter's draft
    assert [c.id for c in services.search_cases(env, Actor(people.clerk2)).items] == [b]
    assert [c.id for c in services.search_cases(env, Actor(people.reviewer), state="review").items] == [a]
    assert services.search_cases(env, Actor(people.outsider)).total == 0
    assert services.search_cases(env, SYSTEM_ACTOR, organisation_id=people.other_dept).total == 0
    assert services.search_cases(env, SYSTEM_ACTOR).total == 2


def test_set_up_refuses_bad_organisations_and_users(env, people):
    with pytest.raises(services.ValidationFailed):
        services.create_organisation(env, "车间", "workshop", people.union)
    with pytest.raises(services.ValidationFailed):
        services.create_organisation(env, "某工会", "union", people.dept)  # a union under a department
    with pytest.raises(services.NotFound):
        services.create_organisation(env, "部门", "department", 999)
    with pytest.raises(services.ValidationFailed) as caught:
        services.create_user(env, "clerk", "重名")
    assert caught.value.errors["username"][0].zh == "该用户名已被使用。"
    services.grant_role(env, people.clerk, people.union, "clerk")  # granting twice is harmless
    with pytest.raises(services.NotFound):
        services.grant_role(env, 999, people.union, "clerk")


def test_a_search_by_words_counts_only_to_the_page_shown_and_one_more(env, people, monkeypatch):
    from engine.core import terms

    for i in range(5):
        start(env, people, f"食堂事项{i}")
    few = services.search_cases(env, Actor(people.clerk), text="食堂", per_page=2)
    assert len(few.items) == 2 and (few.total, few.exact) == (5, True)  # few hold the words: each one checked
    monkeypatch.setattr(terms, "FEW", 3)  # more hold them than are looked up one by one: the list is read
    first = services.search_cases(env, Actor(people.clerk), text="食堂", per_page=2)
    assert [c.id for c in first.items] == [c.id for c in few.items]
    assert len(first.items) == 2 and (first.total, first.exact) == (2, False)  # "more than 2": a next page
    last = services.search_cases(env, Actor(people.clerk), text="食堂", per_page=2, page=3)
    assert len(last.items) == 1 and (last.total, last.exact) == (5, True)
    every = services.search_cases(env, Actor(people.clerk), per_page=2)  # no words: counted up to the cap
    assert (every.total, every.exact) == (5, True)
