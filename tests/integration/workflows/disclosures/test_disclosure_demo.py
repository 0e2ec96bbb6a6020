"""The demo's disclosure register: several entries, published items with questions answered under them (one
corrected), one item overdue and one question unanswered past its deadline, both in the union office's list."""

from __future__ import annotations

from engine import services
from support.demo import actor
from workflows.disclosures import services as disclosures
from workflows.proposals import demo as demo_data


def test_the_demo_register_has_entries_and_published_items_with_answered_questions(loaded_demo):
    env = loaded_demo
    office = actor(env, demo_data.OFFICE[1])
    (union,) = services.unions_of(env, office.user_id)
    assert len(disclosures.list_entries(env, office, union)) == 6
    items = services.search_cases(env, office, workflow="disclosure").items
    published = [c for c in items if c.state == "published"]
    assert len(published) >= 2 and {c.state for c in items} == {"published", "to_publish"}
    staff = actor(env, demo_data.REPRESENTATIVE[1])
    answered = [a for c in published for a in disclosures.answered(env, staff, c.id)]
    assert len(answered) == 3 and {a.asker is None for a in answered} == {True, False}
    assert any(len(c.data["versions"]) == 2 for c in published)  # one corrected, the earlier text kept


def test_the_demo_has_one_item_and_one_question_overdue_in_the_offices_list(loaded_demo):
    env = loaded_demo
    office = actor(env, demo_data.OFFICE[1])
    (union,) = services.unions_of(env, office.user_id)
    overdue = disclosures.overdue(env, office, union)
    assert sorted(o.workflow for o in overdue) == ["disclosure", "disclosure_question"]
    tasks = {t.case_id for t in services.inbox(env, office.user_id, per_page=100).items}
    assert {o.case_id for o in overdue} <= tasks
