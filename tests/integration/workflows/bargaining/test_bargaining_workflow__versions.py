"""Bargaining's version 2 names the step awaiting publication for what it is; version 1's cases keep working,
and move by the declared migration with their history chain intact."""

from __future__ import annotations

from test_bargaining_workflow import at, through_talks, vote_on

from config import Settings
from engine import services
from engine.core import versions
from engine.core.context import Actor
from engine.store import audit
from support.bargaining import Bargaining
from workflows.bargaining import spec


def to_awaiting_publication(b, clock, case_id):
    """From the written request to the step after the review period, on whichever version the case runs."""
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    through_talks(b, case_id, clock)
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                  "agreement_title": "2027年度集体合同"})
    vote_on(b, case_id, agree=16)
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})


def test_version_1_cases_keep_working_then_move_to_version_2(env, clock):
    policy = spec.Policy.from_settings(Settings())
    v1 = env.registry.register(spec.build(policy, version=1)).spec  # an installation before version 2
    b = Bargaining(env)
    old, moved = b.start(b.office), b.start(b.office)
    for case_id in (old, moved):
        to_awaiting_publication(b, clock, case_id)
    at(clock, 2026, 12, 9, 1)
    b.sweep()
    assert {services.case_view(env, Actor(b.office), c).state for c in (old, moved)} == {"in_effect"}

    env.registry.register(spec.build(policy, version=2))  # the upgrade: version 2 beside version 1
    env.registry.add_migration(spec.migration_1_to_2(v1))
    assert b.fire(b.office, old, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"}) == "in_force"
    new = b.start(b.office)
    assert services.case_view(env, Actor(b.office), new).summary.spec_version == 2

    report = versions.migrate(env, "bargaining", 2, dry_run=True)
    assert [(m.case_id, m.from_state, m.to_state) for m in report.moves if m.case_id == moved] == [
        (moved, "in_effect", "awaiting_publication")]
    assert services.case_view(env, Actor(b.office), moved).state == "in_effect"  # a dry run moves nothing
    versions.migrate(env, "bargaining", 2)
    view = services.case_view(env, Actor(b.office), moved)
    assert (view.state, view.summary.spec_version) == ("awaiting_publication", 2)
    assert [t.state for t in view.open_tasks] == ["awaiting_publication"]  # the task to publish, renamed
    assert b.fire(b.office, moved, "publish", {"published_on": "2026-12-09", "how": "企业微信"}) == "in_force"
    assert list(audit.verify(env.db)) == []
