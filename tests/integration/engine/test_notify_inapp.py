"""The in-app list as the services give it: newest first, paged, unread counted, marked read by its reader only."""

from __future__ import annotations

import pytest

from engine import services
from engine.core.env import Env
from engine.notify.outbox import deliver
from support.db import People
from support.notify import use


def submitted(env: Env, people: People, title: str) -> int:
    clerk = services.Actor(people.clerk)
    case_id = services.start_case(env, clerk, "request", people.union, title, {"body": "正文"}).case_id
    services.fire(env, clerk, case_id, "submit")
    return case_id


def test_the_list_is_newest_first_paged_and_marked_read_by_its_reader(env, people, clock):
    use(env)
    ids = []
    for n in range(3):
        ids.append(submitted(env, people, f"申请{n}"))
        deliver(env)
        clock.advance(minutes=5)
    assert services.unread_count(env, people.reviewer) == 3
    assert services.unread_count(env, people.clerk) == 0

    first = services.list_notifications(env, people.reviewer, page=1, per_page=2)
    assert (first.total, first.pages) == (3, 2)
    assert [n.case_id for n in first.items] == [ids[2], ids[1]]
    assert first.items[0].text.zh == "新申请待审查：申请2"
    assert first.items[0].text.en == "A request awaits review: 申请2"
    assert first.items[0].unread and first.items[0].case_title == "申请2"
    [last] = services.list_notifications(env, people.reviewer, page=2, per_page=2).items
    assert last.case_id == ids[0]

    assert not services.mark_read(env, people.clerk, last.id)  # not theirs
    assert services.mark_read(env, people.reviewer, last.id)
    assert not services.mark_read(env, people.reviewer, last.id)  # read already
    assert services.unread_count(env, people.reviewer) == 2
    assert services.list_notifications(env, people.reviewer, page=2, per_page=2).items[0].read_at == clock.now()
    assert services.list_notifications(env, people.reviewer, unread_only=True).total == 2
    assert services.mark_all_read(env, people.reviewer) == 2
    assert services.unread_count(env, people.reviewer) == 0
    with pytest.raises(services.ValidationFailed):
        services.list_notifications(env, people.reviewer, page=0)


def test_preferences_belong_to_an_existing_user(env, people):
    with pytest.raises(services.NotFound):
        services.set_preferences(env, 9999, email=False, digest=False)
    assert services.set_preferences(env, people.clerk, email=False, digest=False) == services.Preferences(False, False)
    assert services.get_preferences(env, people.clerk) == services.Preferences(False, False)
    assert services.get_preferences(env, people.clerk2) == services.Preferences(True, True)
