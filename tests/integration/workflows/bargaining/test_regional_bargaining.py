"""Regional and industry bargaining (区域性、行业性集体协商) through the service layer on both backends: one case led
by a district federation covering several enterprises, with bargaining's deadlines, the congress of each covered
enterprise, an enterprise joining by amendment, and the agreement in force at every covered enterprise."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.store.models import Notification
from engine.time.calendar import TZ
from support.regional import FAILED, RESULT, Region
from workflows import dashboard as dashboard_report
from workflows.bargaining import services as bargaining


@pytest.fixture
def r(env):
    return Region(env)


def at(clock, y, m, d, h=10):
    clock.set(datetime(y, m, d, h, tzinfo=TZ))


def in_force(r, case_id, clock, mode="each"):
    r.negotiate(case_id)
    r.fire(r.staff, case_id, "put_to_congress", {"congress_mode": mode, "term_years": 2,
                                                 "agreement_title": "测试区2027年度区域性集体合同"})
    if mode == "each":
        r.pass_each(case_id)
    else:
        r.fire(r.staff, case_id, "record_congress_result", RESULT)
    r.fire(r.staff, case_id, "sign", {"signed_on": "2026-11-23"})
    assert r.fire(r.assoc, case_id, "sign", {"signed_on": "2026-11-23"}) == "filing"
    r.fire(r.assoc, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    at(clock, 2026, 12, 9, 1)
    r.sweep()
    assert r.fire(r.staff, case_id, "publish", {"published_on": "2026-12-09", "how": "各企业厂务公开栏"}) == "in_force"


def test_the_covered_list_holds_unions_under_the_federation(env, r, clock):
    at(clock, 2026, 11, 23)
    for wrong in ([r.unions[0]], [r.unions[0], r.elsewhere], [r.unions[0], r.unions[0]]):
        with pytest.raises(ValidationFailed) as refused:
            r.start(wrong)
        assert "至少两家" in refused.value.errors["covered"][0].zh
    with pytest.raises(services.PermissionDenied):  # an enterprise's union office does not lead it
        services.start_case(env, Actor(r.offices[0]), "regional_bargaining", r.district, "x", {})


def test_a_regional_agreement_from_request_to_in_force_at_every_covered_enterprise(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    assert r.fire(r.staff, case_id, "send_request", {"received_on": "2026-11-23"}) == "awaiting_employer_reply"
    assert r.data(case_id)["reply_due"] == "2026-12-14"  # art. 32: 20 days, Sunday moved to Monday
    assert [t.case_id for t in services.inbox(env, r.assoc).items] == [case_id]
    with pytest.raises(services.NotFound):  # a covered enterprise's staff do not read the talks
        services.case_view(env, Actor(r.offices[0]), case_id)
    r.fire(r.assoc, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意。"})
    r.fire(r.staff, case_id, "appoint_union_negotiators", {"negotiators": r.union_side, "chief": r.staff,
                                                            "chief_mandate": "区总工会主席书面委托"})
    r.fire(r.assoc, case_id, "appoint_employer_negotiators", {"negotiators": r.employer_side, "chief": r.assoc})
    r.fire(r.staff, case_id, "start_talks")
    r.fire(r.assoc, case_id, "save_draft", {"text": "第一条 工资增长不低于5%。"})
    r.fire(r.staff, case_id, "put_to_congress", {"congress_mode": "each", "term_years": 2,
                                                 "agreement_title": "测试区2027年度区域性集体合同"})
    r.pass_each(case_id, r.unions[:3])
    assert r.state(case_id) == "congress_vote"  # the fourth enterprise has not voted yet
    r.fire(r.staff, case_id, "record_congress_result", {"body": r.unions[3], **RESULT})
    assert r.state(case_id) == "signing"
    at(clock, 2026, 11, 25)
    r.fire(r.staff, case_id, "sign", {"signed_on": "2026-11-24"})
    assert r.fire(r.assoc, case_id, "sign", {"signed_on": "2026-11-24"}) == "filing"
    assert r.data(case_id)["filing_due"] == "2026-12-04"  # art. 42: 10 days after signing
    r.fire(r.assoc, case_id, "file", {"submitted_on": "2026-11-25", "received_on": "2026-11-25"})
    assert r.data(case_id)["effective_on"] == "2026-12-11"  # art. 47: 15 days after receipt
    at(clock, 2026, 12, 11, 1)
    r.sweep()
    assert r.state(case_id) == "awaiting_publication"
    assert r.data(case_id)["expires_on"] == "2028-12-10"  # art. 38: the two-year term
    for office in r.offices[:4]:  # not yet published: the enterprises see nothing
        assert bargaining.agreements_of(env, Actor(office), r.unions[r.offices.index(office)]) == []
    r.fire(r.staff, case_id, "publish", {"published_on": "2026-12-11", "how": "各企业厂务公开栏"})
    n = Notification.__table__.c
    with env.db.read() as conn:
        told = set(conn.execute(sa.select(n.role, n.organisation_id).where(
            n.case_id == case_id, n.kind == "bargaining_published")).all())
    assert {(role, u) for role in ("union_office", "union_chair", "representative") for u in r.unions[:4]} <= told
    today = date(2026, 12, 11)
    for i in range(4):
        for who in (r.offices[i], r.chairs[i]):
            assert [c.id for c in bargaining.agreements_of(env, Actor(who), r.unions[i])] == [case_id]
            board = bargaining.dashboard(env, Actor(who), r.unions[i], today)
            assert [c.id for c in board.agreements] == [case_id] and case_id in board.published
            assert board.facts[case_id].leader == "测试区总工会" and case_id not in board.renewable
            assert bargaining.agreement(env, Actor(who), case_id).text.startswith("第一条")
        chart = dashboard_report.calendar_chart(env, Actor(r.offices[i]), r.unions[i], "zh", today)
        assert [row["case_id"] for row in chart.rows] == [case_id] and "区域性/行业性" in chart.rows[0]["name"]
    assert bargaining.agreements_of(env, Actor(r.offices[4]), r.unions[4]) == []  # not covered
    with pytest.raises(services.NotFound):
        bargaining.agreement(env, Actor(r.outsider), case_id)


def test_each_enterprise_congress_refuses_the_draft_when_one_fails(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    r.negotiate(case_id)
    r.fire(r.staff, case_id, "put_to_congress", {"congress_mode": "each", "term_years": 2,
                                                 "agreement_title": "测试区2027年度区域性集体合同"})
    with pytest.raises(ValidationFailed) as outside:  # an enterprise the case does not cover
        r.fire(r.staff, case_id, "record_congress_result", {"body": r.unions[4], **RESULT})
    assert outside.value.errors["body"]
    with pytest.raises(ValidationFailed) as counts:
        r.fire(r.staff, case_id, "record_congress_result", {"body": r.unions[0], **RESULT, "votes_for": 29})
    assert counts.value.errors["votes_for"]
    r.pass_each(case_id, r.unions[:2])
    assert r.fire(r.staff, case_id, "record_congress_result", {"body": r.unions[2], **FAILED}) == "negotiating"
    vote = r.data(case_id)["vote"]
    assert vote["passed"] is False and "第三十六条" in vote["why"]["zh"] and "测试企业3工会" in vote["why"]["zh"]
    with pytest.raises(ValidationFailed) as refused:
        r.fire(r.staff, case_id, "sign", {"signed_on": "2026-11-23"})
    assert "第三十六条" in str(refused.value.errors["__all__"][0].zh)


def test_a_regional_congress_passes_it_by_art_36(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    r.negotiate(case_id)
    r.fire(r.staff, case_id, "put_to_congress", {"congress_mode": "regional", "term_years": 1,
                                                 "agreement_title": "测试区2027年度区域性集体合同"})
    # quorum missed: 19 of 30 present is less than two thirds, though 16 voted for
    assert r.fire(r.staff, case_id, "record_congress_result", {**RESULT, "present": 19, "votes_for": 16}) == \
        "negotiating"
    r.fire(r.staff, case_id, "put_to_congress", {"congress_mode": "regional", "term_years": 1,
                                                 "agreement_title": "测试区2027年度区域性集体合同"})
    assert r.fire(r.staff, case_id, "record_congress_result", RESULT) == "signing"


def test_an_enterprise_joins_the_agreement_in_force_by_amendment(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    in_force(r, case_id, clock)
    joining = {"organisation": r.unions[4], "joined_on": "2026-12-09", "basis": "补充协议第1号", **RESULT}
    for wrong, field in (({"organisation": r.unions[0]}, "organisation"), ({"organisation": r.elsewhere},
                         "organisation"), ({"votes_for": 15}, "votes_for")):
        with pytest.raises(ValidationFailed) as refused:
            r.fire(r.staff, case_id, "add_enterprise", {**joining, **wrong})
        assert refused.value.errors[field]
    assert "第三十六条" in refused.value.errors["votes_for"][0].zh
    with pytest.raises(services.NotFound):  # the enterprise's own office neither reads nor amends it before
        r.fire(r.offices[4], case_id, "add_enterprise", joining)
    with pytest.raises(services.PermissionDenied):  # a covered enterprise's office reads it but does not amend it
        r.fire(r.offices[0], case_id, "add_enterprise", joining)
    assert r.fire(r.staff, case_id, "add_enterprise", joining) == "in_force"
    rows = bargaining.covered_rows(env, case_id)
    assert len(rows) == 5
    added = [row for row in rows if row["added_by_amendment"] is not None]
    assert [(row["organisation_id"], row["added_on"], row["added_by_amendment"]) for row in added] == [
        (r.unions[4], date(2026, 12, 9), case_id)]
    assert [c.id for c in bargaining.agreements_of(env, Actor(r.offices[4]), r.unions[4])] == [case_id]
    assert r.data(case_id)["additions"][0]["name"] == "测试企业5工会"


def test_no_reply_within_20_days_opens_a_dispute_the_federation_takes_to_coordination(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    r.fire(r.staff, case_id, "send_request", {"received_on": "2026-11-23"})
    at(clock, 2026, 12, 15, 1)  # the reply was due by Monday 14 December (art. 32)
    r.sweep()
    assert r.state(case_id) == "dispute"
    assert [t.case_id for t in services.inbox(env, r.staff).items] == [case_id]
    at(clock, 2026, 12, 15)
    assert r.fire(r.staff, case_id, "request_coordination", {
        "requested_on": "2026-12-15", "bodies": "区人力资源和社会保障局", "note": "企业联合会逾期未书面回应。"}) == \
        "coordination_requested"


def test_the_employers_association_may_request_and_the_federation_replies(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = services.start_case(env, Actor(r.assoc), "regional_bargaining", r.district, "区域性工资集体协商", {
        "kind": "wage_agreement", "initiator": "employer", "covered": r.unions[:2], "counterpart": "测试区企业联合会",
        "topics": "工资增长"}).case_id
    with pytest.raises(ValidationFailed):  # the association does not speak for the union side
        services.start_case(env, Actor(r.assoc), "regional_bargaining", r.district, "x", {
            "kind": "wage_agreement", "initiator": "union", "covered": r.unions[:2], "counterpart": "x",
            "topics": "x"})
    assert r.fire(r.assoc, case_id, "send_request_to_union", {"received_on": "2026-11-23"}) == "awaiting_union_reply"
    assert [t.case_id for t in services.inbox(env, r.staff).items] == [case_id]
    assert r.fire(r.staff, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意。"}) == \
        "preparation"
    assert r.data(case_id)["policy"]["filing_days"] == 7  # a wage agreement: 《工资集体协商试行办法》 art. 21


def test_a_regional_agreement_is_renewed_in_its_window_covering_every_enterprise_it_covers_now(env, r, clock):
    at(clock, 2026, 11, 23)
    case_id = r.start()
    in_force(r, case_id, clock)
    r.fire(r.staff, case_id, "add_enterprise", {"organisation": r.unions[4], "joined_on": "2026-12-09",
                                                "basis": "补充协议第1号", **RESULT})
    board = bargaining.regional_board(env, Actor(r.staff), r.district)
    assert bargaining.regional_renewable(board, case_id) is None  # in force, its window not open
    with pytest.raises(ValidationFailed) as refused:
        r.start(renews=case_id)
    assert "第三十八条第二款" in refused.value.errors["renews"][0].zh
    opens = date.fromisoformat(r.data(case_id)["renewal_opens"]) + timedelta(days=1)
    at(clock, opens.year, opens.month, opens.day, 1)
    r.sweep()
    r.sweep()  # an implementation check falls due in the same sweep
    assert r.state(case_id) == "renewal_window"
    n = Notification.__table__.c
    with env.db.read() as conn:
        told = set(conn.execute(sa.select(n.user_id, n.role, n.organisation_id).where(
            n.case_id == case_id, n.kind == "bargaining_renewal_window")).all())
    assert told == {(None, "federation_office", r.district), *((u, None, None) for u in r.employer_side)}
    board = bargaining.regional_board(env, Actor(r.staff), r.district)
    values = bargaining.regional_renewal_values(env, bargaining.regional_renewable(board, case_id))
    assert sorted(values["covered"]) == sorted(r.unions)  # the enterprise joined by amendment too
    assert values["renews"] == str(case_id) and values["employer_reps"] == r.employer_side
    assert values["kind"] == "collective_contract" and "测试区2027年度区域性集体合同" in values["title"].zh
    renewal = r.start(covered=values["covered"], renews=case_id)
    assert [c.id for c in services.followers(env, case_id)] == [renewal]
    assert sorted(r.data(renewal)["covered"]) == sorted(r.unions)
    enterprise = services.start_case(env, Actor(r.offices[0]), "bargaining", r.unions[0], "企业集体协商", {
        "kind": "collective_contract", "initiator": "union", "counterpart": "测试企业1", "topics": "工资"}).case_id
    with pytest.raises(ValidationFailed) as other:  # a regional request renews a regional agreement only
        r.start(renews=enterprise)
    assert other.value.errors["renews"]
