"""An effect failing after the state moved rolls everything back; running cases keep their spec version."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.store import audit
from engine.store.models import Task
from support.db import snapshot
from support.flows import REQUEST_V2


def open_tasks(env, case_id: int) -> list[tuple]:
    t = Task.__table__
    with env.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(t.c.state, t.c.role, t.c.organisation_id, t.c.user_id)
            .where(t.c.case_id == case_id, t.c.status == "open").order_by(t.c.id))]


def test_an_effect_failing_after_the_state_moved_leaves_no_trace(env, people):
    clerk, reviewer = Actor(people.clerk), Actor(people.reviewer)
    case_id = services.start_case(env, clerk, "fragile", people.union, "易碎", {"body": "b"}).case_id
    other_id = services.start_case(env, clerk, "fragile", people.union, "另一件", {"body": "c"}).case_id
    services.fire(env, clerk, case_id, "submit", expected_version=1)
    services.fire(env, clerk, other_id, "submit", expected_version=1)
    before = snapshot(env)
    assert before["events"] and before["tasks"] and before["timers"] and before["notifications"]

    with pytest.raises(RuntimeError, match="effect failed after the state moved"):
        services.fire(env, reviewer, case_id, "assign", {"department": people.dept}, expected_version=2)

    assert snapshot(env) == before
    view = services.case_view(env, reviewer, case_id)
    assert (view.state, view.version) == ("review", 2)
    assert "half_written" not in view.data and "department" not in view.data
    assert [a.trigger for a in view.actions] == ["approve", "reject", "send_back", "assign"]

    # The same trigger fails the same way again: nothing of the first attempt lingers.
    with pytest.raises(RuntimeError):
        services.fire(env, reviewer, case_id, "assign", {"department": people.dept})
    assert snapshot(env) == before

    # The case still moves, from the state it really is in, on the machine all fragile cases share.
    assert services.fire(env, reviewer, case_id, "send_back", expected_version=2) == services.Outcome(
        case_id, "draft", 3)
    view = services.case_view(env, clerk, case_id)
    assert [(e.seq, e.trigger, e.from_state, e.to_state) for e in view.history] == [
        (1, "start", None, "draft"), (2, "submit", "draft", "review"), (3, "send_back", "review", "draft")]
    assert "half_written" not in view.data
    assert open_tasks(env, case_id) == [("draft", None, None, people.clerk)]

    # The other case was not touched by the failure and goes on as usual.
    other = services.case_view(env, reviewer, other_id)
    assert (other.state, other.version) == ("review", 2)
    assert open_tasks(env, other_id) == [("review", "reviewer", people.union, None)]
    assert services.fire(env, reviewer, other_id, "reject", {"reason": "不合规定"}, expected_version=2) == \
        services.Outcome(other_id, "rejected", 3)
    assert open_tasks(env, other_id) == []

    # A request case (its own machine) is unaffected too and still assigns normally.
    req_id = services.start_case(env, clerk, "request", people.union, "正常", {"body": "d"}).case_id
    services.fire(env, clerk, req_id, "submit")
    assert services.fire(env, reviewer, req_id, "assign", {"department": people.dept}).state == "handling"
    assert list(audit.verify(env.db)) == []


def test_running_cases_keep_the_spec_version_they_started_on(env, people):
    clerk, reviewer, head = Actor(people.clerk), Actor(people.reviewer), Actor(people.head)
    old_id = services.start_case(env, clerk, "request", people.union, "旧版", {"body": "b"}).case_id
    env.registry.register(REQUEST_V2)
    new_id = services.start_case(env, clerk, "request", people.union, "新版", {"body": "b"}).case_id

    assert services.case_view(env, clerk, old_id).summary.spec_version == 1
    assert services.case_view(env, clerk, new_id).summary.spec_version == 2

    assert services.fire(env, clerk, old_id, "submit", expected_version=1).state == "review"
    assert open_tasks(env, old_id) == [("review", "reviewer", people.union, None)]
    assert services.fire(env, clerk, new_id, "submit", expected_version=1).state == "second_review"
    assert open_tasks(env, new_id) == [("second_review", "head", people.union, None)]

    # ``confirm`` exists only in version 2.
    with pytest.raises(services.TransitionNotAllowed):
        services.fire(env, head, old_id, "confirm")
    assert [a.trigger for a in services.case_view(env, head, new_id).actions] == ["confirm"]
    assert services.fire(env, head, new_id, "confirm", expected_version=2).state == "review"

    assert services.fire(env, reviewer, old_id, "approve", expected_version=2) == services.Outcome(
        old_id, "approved", 3)
    assert services.fire(env, reviewer, new_id, "approve", expected_version=3) == services.Outcome(
        new_id, "approved", 4)
    for case_id, version in ((old_id, 1), (new_id, 2)):
        view = services.case_view(env, clerk, case_id)
        assert view.final and view.open_tasks == [] and view.summary.spec_version == version
    assert [e.to_state for e in services.case_view(env, clerk, new_id).history] == [
        "draft", "second_review", "review", "approved"]
    assert list(audit.verify(env.db)) == []
