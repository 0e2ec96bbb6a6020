"""The kinds of agreement, on both backends: the special contracts on women staff's rights and on labour safety
run the collective contract's periods (《集体合同规定》 arts. 38, 42, 47; publication by local practice), the
written request names each kind; version 2's cases keep working and move to version 3."""

from __future__ import annotations

from datetime import datetime

import pytest
from test_bargaining_law import refusal, signed

from config import Settings
from engine import services
from engine.core import versions
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.store import audit
from engine.time.calendar import TZ
from support.bargaining import DRAFT_1, MANDATE, Bargaining
from workflows.bargaining import services as bargaining
from workflows.bargaining import spec
from workflows.bargaining.kinds import KINDS
from workflows.dashboard import calendar_chart


@pytest.fixture
def b(env):
    return Bargaining(env)


@pytest.mark.parametrize("kind, letter", [("women_protection", "女职工权益保护专项集体协商要约书"),
                                          ("labour_safety", "劳动安全卫生专项集体协商要约书")])
def test_a_special_contract_runs_the_collective_contracts_periods(b, clock, kind, letter):
    case_id = b.start(b.office, kind=kind)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    view = services.case_view(b.env, Actor(b.office), case_id)
    written = bargaining.request_letter(b.env, view, view.summary.created_at.date())
    assert written.title == letter and "专项集体合同" in written.opening and "第三十二条" in written.sections[2][1][0]
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                            "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 4,
                                                      "agreement_title": "专项集体合同"})
    assert "《集体合同规定》第三十八条第一款" in refusal(caught, "term_years") and "1 至 3 年" in refusal(
        caught, "term_years")
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 3,
                                                  "agreement_title": "专项集体合同"})
    b.vote(case_id, agree=len(b.roster))
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    assert b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"}) == "filing"
    assert b.data(case_id)["filing_due"] == "2026-12-03"  # 10 days (art. 42)
    b.fire(b.boss, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    assert b.data(case_id)["review_ends"] == "2026-12-08"  # 15 days from receipt (art. 47)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    data = b.data(case_id)
    assert data["publish_due"] == "2026-12-21"  # 10 days by local practice, off Saturday 19 December
    assert (data["expires_on"], data["renewal_opens"]) == ("2029-12-08", "2029-09-08")  # 3 years; 3 months ahead
    # The expiry calendar of the dashboard and its exports names the kind in the reader's language.
    today = datetime(2026, 12, 9, tzinfo=TZ).date()
    for lang, name in (("zh", KINDS[kind].label.zh), ("en", KINDS[kind].label.en)):
        (row,) = calendar_chart(b.env, Actor(b.office), b.union, lang, today).rows
        assert row["kind"] == name


def test_the_kind_is_chosen_among_four_and_a_kind_unknown_is_refused(b):
    kind = services.describe(b.env, spec.NAME).fields["kind"]
    assert kind.choices == ("collective_contract", "wage_agreement", "women_protection", "labour_safety")
    assert kind.choice_label("women_protection").en == "Special contract on women staff's rights"
    with pytest.raises(ValidationFailed) as caught:
        b.start(b.office, kind="overtime_agreement")
    assert "kind" in caught.value.errors


def test_version_2_cases_keep_working_then_move_to_version_3(env, clock):
    policy = spec.Policy.from_settings(Settings())
    env.registry.register(spec.build(policy, version=1))
    v2 = env.registry.register(spec.build(policy, version=2)).spec  # an installation before version 3
    b = Bargaining(env)
    old, moved = signed(b), signed(b)
    assert {services.case_view(env, Actor(b.office), c).summary.spec_version for c in (old, moved)} == {2}
    with pytest.raises(ValidationFailed):  # version 2 knew two kinds
        b.start(b.office, kind="women_protection")

    env.registry.register(spec.build(policy))  # the upgrade: version 3 beside version 2
    env.registry.add_migration(spec.migration_2_to_3(v2))
    assert b.fire(b.boss, old, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"}) == \
        "under_review"
    assert services.case_view(env, Actor(b.office), old).summary.spec_version == 2
    new = b.start(b.office, kind="women_protection")
    assert services.case_view(env, Actor(b.office), new).summary.spec_version == 3
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    b.fire(b.office, old, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    change = {"kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": "变更",
              "amends": old, "purpose": "change", "ground": "agreed", "amend_reason": "调整条款。"}
    with pytest.raises(ValidationFailed) as caught:  # version 2 has no step to mark it changed
        services.start_case(env, Actor(b.office), "bargaining", b.union, "变更", change)
    assert "migrate bargaining --to 3" in refusal(caught, "amends")

    versions.migrate(env, "bargaining", 3)
    assert services.start_case(env, Actor(b.office), "bargaining", b.union, "变更", change).case_id
    view = services.case_view(env, Actor(b.office), moved)
    assert (view.state, view.summary.spec_version) == ("filing", 3)
    assert view.data["policy"]["coordination_days"] == 30  # recorded by the migration (art. 53)
    assert b.fire(b.boss, moved, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"}) == \
        "under_review"
    assert list(audit.verify(env.db)) == []
