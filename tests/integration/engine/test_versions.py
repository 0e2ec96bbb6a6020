"""Versions live side by side: old cases keep their version, new ones start on the newest, and a declared
migration moves open cases, history chain and all, on both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from engine import cli, services
from engine.core import versions
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.errors import SpecError
from engine.core.spec import Migration
from engine.store import audit
from engine.store.models import Task, Timer
from engine.time import deadlines
from support.db import snapshot
from support.versions import ERRAND, ERRAND_V2, TO_V2, register_both


def open_rows(env, table, case_id, status):
    t = table.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(t).where(t.c.case_id == case_id, t.c.status == status)
                            .order_by(t.c.id)).all()


def start(env, people, body="b"):
    return services.start_case(env, Actor(people.clerk), "errand", people.union, "t", {"body": body}).case_id


@pytest.fixture
def on_v1(env, people):
    """Three open cases on version 1 (in draft, in review, on hold) and one finished, then version 2 registered."""
    env.registry.register(ERRAND)
    draft, review, held, done = (start(env, people) for _ in range(4))
    for case_id in (review, held, done):
        services.fire(env, Actor(people.clerk), case_id, "submit")
    services.fire(env, Actor(people.reviewer), held, "hold")
    services.fire(env, Actor(people.reviewer), done, "approve")
    env.registry.register(ERRAND_V2)
    env.registry.add_migration(TO_V2)
    return {"draft": draft, "review": review, "held": held, "done": done}


def test_version_1_cases_keep_working_and_new_cases_start_on_version_2(env, people, clock, on_v1):
    assert services.case_view(env, SYSTEM_ACTOR, on_v1["draft"]).summary.spec_version == 1
    assert services.fire(env, Actor(people.clerk), on_v1["draft"], "submit").state == "review"  # v1's step
    services.fire(env, Actor(people.reviewer), on_v1["held"], "resume")
    assert {t.case_id for t in services.inbox(env, people.reviewer).items} == {
        on_v1["draft"], on_v1["review"], on_v1["held"]}
    assert services.search_cases(env, SYSTEM_ACTOR, workflow="errand", open_only=True).total == 3

    clock.advance(days=3)  # version 1's review deadline fires on version 1's cases
    assert {deadlines.fire_timer(env, t) for t in deadlines.due_timers(env)} == {"fired"}
    assert services.case_view(env, SYSTEM_ACTOR, on_v1["review"]).state == "expired"

    new = start(env, people)
    view = services.case_view(env, Actor(people.clerk), new)
    assert (view.summary.spec_version, view.state) == (2, "drafting")
    assert services.fire(env, Actor(people.clerk), new, "submit").state == "check"
    assert services.fire(env, Actor(people.head), new, "confirm").state == "review"
    assert [i.version for i in versions.workflow_versions(env) if i.workflow == "errand"] == [1, 2]
    assert services.describe(env, "errand").states.keys() == {s.name for s in ERRAND_V2.states}
    assert "on_hold" in services.describe(env, "errand", 1).states


def test_a_dry_run_reports_and_changes_nothing(env, people, on_v1):
    before = snapshot(env)
    report = versions.migrate(env, "errand", 2, dry_run=True)
    assert snapshot(env) == before
    assert [(m.case_id, m.from_state, m.to_state) for m in report.moves] == [
        (on_v1["draft"], "draft", "drafting"), (on_v1["review"], "review", "review"), (on_v1["held"], "on_hold", None)]
    (refused,) = report.refused
    assert refused.reason == "state 'on_hold' of v1 has no mapping to v2"


def test_a_migration_moves_open_cases_and_the_history_still_verifies(env, people, clock, on_v1):
    clock.advance(hours=1)
    report = versions.migrate(env, "errand", 2)
    assert [m.case_id for m in report.moved] == [on_v1["draft"], on_v1["review"]]
    assert [m.case_id for m in report.refused] == [on_v1["held"]]

    draft = services.case_view(env, SYSTEM_ACTOR, on_v1["draft"])
    assert (draft.summary.spec_version, draft.state, draft.data) == (2, "drafting", {"text": "b"})
    last = draft.history[-1]
    assert (last.trigger, last.from_state, last.to_state, last.actor_id) == ("migrate", "draft", "drafting", None)
    assert last.payload == {"from_version": 1, "to_version": 2, "set": {"text": "b"}, "unset": ["body"]}
    # The renamed state's task was closed and the new state's opened; the review kept its own.
    assert [t.state for t in open_rows(env, Task, on_v1["draft"], "open")] == ["drafting"]
    assert [t.state for t in open_rows(env, Timer, on_v1["review"], "pending")] == ["review"]
    assert services.case_view(env, SYSTEM_ACTOR, on_v1["review"]).summary.spec_version == 2
    held = services.case_view(env, SYSTEM_ACTOR, on_v1["held"])
    assert (held.summary.spec_version, held.state) == (1, "on_hold")
    assert services.case_view(env, SYSTEM_ACTOR, on_v1["done"]).summary.spec_version == 1  # finished: stays
    assert list(audit.verify(env.db)) == []

    assert services.fire(env, Actor(people.clerk), on_v1["draft"], "submit").state == "check"  # v2's steps now
    clock.advance(days=3)
    assert {deadlines.fire_timer(env, t) for t in deadlines.due_timers(env)} == {"fired"}
    assert services.case_view(env, SYSTEM_ACTOR, on_v1["review"]).state == "expired"
    assert versions.migrate(env, "errand", 2).moves == (versions.Move(on_v1["held"], 1, "on_hold", None,
                                                                      "state 'on_hold' of v1 has no mapping to v2"),)
    assert list(audit.verify(env.db)) == []


def test_a_migration_naming_unknown_states_or_versions_is_refused(env):
    env.registry.register(ERRAND)
    with pytest.raises(SpecError, match="version 2 is not registered"):
        env.registry.add_migration(TO_V2)
    env.registry.register(ERRAND_V2)
    with pytest.raises(SpecError, match="'nowhere' is not a state of version 2"):
        env.registry.add_migration(Migration("errand", 1, 2, {"draft": "nowhere"}))
    with pytest.raises(services.NotFound):
        versions.migrate(env, "errand", 3, dry_run=True)


def test_the_command_lists_versions_and_dry_runs_a_migration(env, people, on_v1, monkeypatch):
    start(env, people)  # one case on version 2
    monkeypatch.setattr(cli, "load_workflows", lambda registry, settings: len(list(register_both(registry))))

    def run(*args: str):
        return CliRunner().invoke(cli.main, ["workflows", *args], env={"UNIONFLOW_DATABASE_URL": env.db.url})

    listed = run()
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == ["errand v1: 3 open case(s)", "errand v2: 1 open case(s) (newest)"]

    before = snapshot(env)
    dry = run("migrate", "errand", "--to", "2", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines() == [
        f"case {on_v1['draft']}: v1 draft -> v2 drafting",
        f"case {on_v1['review']}: v1 review -> v2 review",
        f"case {on_v1['held']}: v1 on_hold: refused, state 'on_hold' of v1 has no mapping to v2",
        "2 case(s) would move, 1 refused. Dry run: nothing was changed."]
    assert snapshot(env) == before

    moved = run("migrate", "errand", "--to", "2")
    assert moved.exit_code == 0, moved.output
    assert moved.stdout.splitlines()[-1] == "2 case(s) moved, 1 refused."
    assert run().stdout.splitlines() == ["errand v1: 1 open case(s)", "errand v2: 3 open case(s) (newest)"]
    unknown = run("migrate", "errand", "--to", "7")
    assert unknown.exit_code == 1 and "errand v7" in unknown.output


def test_a_failing_data_upgrade_leaves_its_case_as_it_was(env, people):
    env.registry.register(ERRAND)
    start(env, people, body="x")
    env.registry.register(ERRAND_V2)

    def upgrade(data):
        data["text"] = data.pop("body") + 1  # a str and an int: the upgrade fails
        return data

    env.registry.add_migration(Migration("errand", 1, 2, {"draft": "drafting"}, upgrade))
    before = snapshot(env)
    (move,) = versions.migrate(env, "errand", 2).moves
    assert move.refused and move.reason.startswith("failed: can only concatenate str")
    assert snapshot(env) == before
