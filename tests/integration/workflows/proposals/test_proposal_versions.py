"""Version 2 of the proposal workflow (review and rating deadlines, the follow-up step) beside version 1: a
version 1 proposal keeps its rules (no rating deadline) until migrated, and moves with its history intact."""

from __future__ import annotations

from test_proposal_follow_up import answered, fire_due

from config import Settings
from engine import services
from engine.core import versions
from engine.core.context import SYSTEM_ACTOR
from engine.store import audit
from support.union import Union
from workflows.proposals import spec


def test_a_version_1_proposal_waits_unrated_then_moves_to_version_2(env, clock):
    policy = spec.Policy.from_settings(Settings())
    v1 = env.registry.register(spec.build(policy, version=1)).spec  # an installation before version 2
    u = Union(env)
    old = answered(env, u)
    env.registry.register(spec.build(policy))  # the upgrade
    env.registry.add_migration(spec.migration_1_to_2(v1))
    new = answered(env, u)
    assert [services.case_view(env, SYSTEM_ACTOR, c).summary.spec_version for c in (old, new)] == [1, 2]
    clock.advance(days=16)
    fire_due(env)
    assert [services.case_view(env, SYSTEM_ACTOR, c).state for c in (old, new)] == ["answered", "closed"]
    versions.migrate(env, "proposal", 2)
    view = services.case_view(env, SYSTEM_ACTOR, old)
    assert (view.state, view.summary.spec_version) == ("answered", 2)
    assert list(audit.verify(env.db)) == []


def test_both_versions_are_registered_with_the_migration(env):
    from workflows.proposals import register
    register(env.registry, Settings())
    assert {e.spec.version for e in env.registry if e.spec.name == "proposal"} == {1, 2}


def test_an_answered_suggestion_of_version_1_stays_finished(env):
    policy = spec.Policy.from_settings(Settings())
    v1 = env.registry.register(spec.build(policy, version=1)).spec
    u = Union(env)
    from test_proposal_follow_up import suggestion_answered
    case_id = suggestion_answered(env, u)
    assert services.case_view(env, SYSTEM_ACTOR, case_id).state == "suggestion_answered"
    env.registry.register(spec.build(policy))
    env.registry.add_migration(spec.migration_1_to_2(v1))
    report = versions.migrate(env, "proposal", 2, dry_run=True)
    assert [m for m in report.moves if m.case_id == case_id] == []  # finished there: never asked for a rating
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert (view.state, view.summary.spec_version, view.open_tasks) == ("suggestion_answered", 1, [])
