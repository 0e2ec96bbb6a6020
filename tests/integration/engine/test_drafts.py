"""Forms saved as they are typed, on both databases: one draft per user and form, the last save winning and saying
when another tab saved in between; a text no database keeps is refused."""

from __future__ import annotations

import pytest

from engine import services


def test_the_last_save_wins_and_says_when_another_tab_saved(env, people, clock):
    assert services.load_draft(env, people.clerk, "proposal:new") is None
    first = services.save_draft(env, people.clerk, "proposal:new", {"title": "夜班班车", "co": ["1", "2"]})
    assert (first.revision, first.other_tab) == (1, False)
    clock.advance(seconds=4)
    mine = services.save_draft(env, people.clerk, "proposal:new", {"title": "夜班班车（改）"}, seen=1)
    theirs = services.save_draft(env, people.clerk, "proposal:new", {"title": "另一个标签页"}, seen=1)
    assert (mine.revision, mine.other_tab) == (2, False) and (theirs.revision, theirs.other_tab) == (3, True)
    kept = services.load_draft(env, people.clerk, "proposal:new")
    assert kept.values == {"title": "另一个标签页"} and kept.revision == 3 and kept.saved_at == clock.now()
    assert services.load_draft(env, people.clerk2, "proposal:new") is None  # each user's own
    services.discard_draft(env, people.clerk, "proposal:new")
    assert services.load_draft(env, people.clerk, "proposal:new") is None


def test_a_nul_character_or_an_over_long_field_is_refused(env, people):
    with pytest.raises(services.ValidationFailed) as caught:
        services.save_draft(env, people.clerk, "proposal:new", {"title": "a\x00b"})
    assert list(caught.value.errors) == ["title"]
    with pytest.raises(services.ValidationFailed):
        services.save_draft(env, people.clerk, "proposal:new", {"reasons": "长" * 20001})
    assert services.load_draft(env, people.clerk, "proposal:new") is None
