"""Collective bargaining through the service layer, reloaded from the database at every step, on both backends."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.errors import TransitionNotAllowed, ValidationFailed
from engine.store.models import Notification
from engine.time.calendar import TZ
from support.bargaining import DRAFT_1, DRAFT_2, MANDATE, Bargaining
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress


@pytest.fixture
def b(env):
    return Bargaining(env)


def at(clock, y, m, d, h=10):
    clock.set(datetime(y, m, d, h, tzinfo=TZ))


def vote_on(b, case_id, agree):
    """The chair runs the congress vote on the draft the case put on the session's ballot."""
    item = b.data(case_id)["vote_item"]
    b.check_in_all()
    congress.open_item(b.env, Actor(b.chair), item)
    for i, user in enumerate(b.roster):
        congress.vote(b.env, Actor(user), item, "agree" if i < agree else "disagree")
    congress.close_item(b.env, Actor(b.chair), item)


def through_talks(b, case_id, clock):
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                              "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    assert b.fire(b.office, case_id, "start_talks") == "negotiating"
    b.fire(b.rep1, case_id, "record_round", {"held_on": "2026-11-23", "attendance": "双方各3人",
                                             "minutes": "工会方提出增长6%，企业方提出4%。"})
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    b.fire(b.boss, case_id, "save_draft", {"text": DRAFT_2, "note": "调整增幅，增加夜班津贴"})


def test_a_union_request_for_a_collective_contract_from_request_to_renewal(env, b, clock):
    case_id = b.start(b.office)
    assert b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"}) == "awaiting_employer_reply"
    assert b.data(case_id)["reply_due"] == "2026-12-14"  # 20 days end on Sunday 13 December: moved to Monday
    assert [t.case_id for t in services.inbox(env, b.boss).items] == [case_id]
    through_talks(b, case_id, clock)
    with pytest.raises(ValidationFailed) as refused:  # signing before the congress passed the draft
        b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    assert "第三十七条" in str(refused.value.errors["__all__"][0].zh)
    assert b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                         "agreement_title": "2027年度集体合同"}) == "congress_vote"
    vote_on(b, case_id, agree=16)  # 16 of 30: more than half of all representatives
    assert b.data(case_id)["vote"]["passed"] is True
    assert services.case_view(env, Actor(b.office), case_id).state == "signing"
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    assert b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"}) == "filing"
    assert b.data(case_id)["filing_due"] == "2026-12-03"  # 10 days after signing
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    data = b.data(case_id)
    assert (data["review_ends"], data["effective_on"]) == ("2026-12-08", "2026-12-09")  # 15 days after receipt
    assert data["received_on"] == "2026-11-23"  # the request's receipt stays; the filing's is in its history entry
    at(clock, 2026, 12, 9, 1)
    assert b.sweep() == ["fired"]
    assert services.case_view(env, Actor(b.office), case_id).state == "awaiting_publication"
    data = b.data(case_id)
    assert (data["expires_on"], data["renewal_opens"]) == ("2028-12-08", "2028-09-08")
    assert b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏、企业微信"}) == \
        "in_force"
    assert b.data(case_id)["next_check"] == "2027-06-08"  # six calendar months from the day of effect
    at(clock, 2027, 6, 8, 23)
    b.sweep()
    assert services.case_view(env, Actor(b.office), case_id).state == "in_force"
    at(clock, 2027, 6, 9, 1)
    b.sweep()
    assert services.case_view(env, Actor(b.office), case_id).state == "implementation_check"
    assert b.data(case_id)["next_check"] == "2027-12-08"  # the next one six months on, however late this is done
    b.fire(b.office, case_id, "record_check", {"checked_on": "2027-06-09", "findings": "工资已按约定增长。"})
    at(clock, 2028, 9, 9, 1)  # the renewal window opens three months before expiry, a check being due too
    b.sweep()
    b.sweep()
    assert services.case_view(env, Actor(b.office), case_id).state == "renewal_window"
    renewal = services.start_case(env, Actor(b.office), "bargaining", b.union, "2029年度集体协商", {
        "kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": "续订",
        "renews": case_id}).case_id
    assert [c.id for c in services.followers(env, case_id)] == [renewal]


def test_an_employer_request_for_a_wage_agreement_with_a_failed_vote_and_an_objection(env, b, clock):
    case_id = b.start(b.boss, kind="wage_agreement", initiator="employer")
    assert b.fire(b.boss, case_id, "send_request_to_union", {"received_on": "2026-11-23"}) == "awaiting_union_reply"
    b.fire(b.office, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                              "chief_mandate": MANDATE})
    with pytest.raises(ValidationFailed) as refused:  # two negotiators
        b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side[:2], "chief": b.boss})
    assert "第十九条" in refused.value.errors["negotiators"][0].zh
    b.fire(b.boss, case_id, "appoint_employer_negotiators",
           {"negotiators": [*b.employer_side, b.committee], "chief": b.boss})
    with pytest.raises(ValidationFailed) as unequal:  # four against three
        b.fire(b.office, case_id, "start_talks")
    assert "对等" in unequal.value.errors["__all__"][0].zh and "企业方 4 人" in unequal.value.errors["__all__"][0].zh
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 1,
                                                  "agreement_title": "2027年度工资专项集体合同"})
    vote_on(b, case_id, agree=15)  # 15 of 30 is not more than half of all representatives
    assert services.case_view(env, Actor(b.office), case_id).state == "negotiating"
    b.fire(b.boss, case_id, "save_draft", {"text": DRAFT_2})
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 1,
                                                  "agreement_title": "2027年度工资专项集体合同"})
    vote_on(b, case_id, agree=25)
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"})
    assert b.data(case_id)["filing_due"] == "2026-11-30"  # a wage agreement is filed within 7 days
    at(clock, 2026, 12, 1, 9)
    b.sweep()  # filing overdue: the union chair supervises it
    supervised = [t for t in services.inbox(env, b.chair).items if t.case_id == case_id]
    assert supervised
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-12-01", "received_on": "2026-12-01"})
    assert b.fire(b.office, case_id, "record_objection", {"received_on": "2026-12-01",
                                                          "points": "第二条增幅低于工资指导线下线。"}) == "negotiating"
    data = b.data(case_id)
    assert [d["version"] for d in data["drafts"]] == [1, 2] and data["objections"][0]["points"].startswith("第二条")
    with pytest.raises(ValidationFailed):
        b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-12-01"})


def test_no_reply_within_the_period_opens_a_dispute_for_the_union(env, b, clock):
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-09-20"})  # across the National Day holiday
    assert b.data(case_id)["reply_due"] == "2026-10-10"  # day 20 is the make-up working day 10 October
    at(clock, 2026, 10, 11, 0)
    assert b.sweep() == ["fired"]
    view = services.case_view(env, Actor(b.office), case_id)
    assert view.state == "dispute" and view.data["dispute"]["reason"] == "no_reply"
    assert any(t.case_id == case_id for t in services.inbox(env, b.office).items)
    with pytest.raises(TransitionNotAllowed):
        b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-10-11", "reply": "迟到的同意"})


def test_staff_opinions_are_anonymous_by_choice_and_summarised_for_the_negotiators(env, b):
    case_id = b.start(b.office)
    bargaining.submit_opinion(env, Actor(b.rep4), case_id, topic="工资增长", body="希望增长不低于6%。", anonymous=True)
    bargaining.submit_opinion(env, Actor(b.rep5), case_id, topic="工资增长", body="一线倾斜。", anonymous=False)
    bargaining.submit_opinion(env, Actor(b.works_handler), case_id, topic="夜班津贴", body="提高夜班津贴。",
                            anonymous=False)
    summary = bargaining.list_opinions(env, Actor(b.office), case_id)
    assert summary.total == 3 and summary.by_topic == [("工资增长", 2), ("夜班津贴", 1)]
    assert [o.author for o in summary.items] == ["周生产", "陈静", None]
    with pytest.raises(ValidationFailed):
        bargaining.submit_opinion(env, Actor(b.rep4), case_id, topic="", body="", anonymous=True)
    with pytest.raises(services.PermissionDenied):  # a representative who is not a negotiator cannot read them
        bargaining.list_opinions(env, Actor(b.rep4), case_id)


def test_suspended_talks_remind_both_chiefs_before_the_agreed_date(env, b, clock):
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    through_talks(b, case_id, clock)
    assert b.fire(b.rep1, case_id, "suspend", {"held_on": "2026-11-23", "attendance": "双方各3人",
                                               "minutes": "分歧较大，约定12月4日继续。",
                                               "resume_on": "2026-12-04"}) == "negotiating"
    assert b.fire(b.boss, case_id, "agree_to_suspend") == "suspended"
    assert {t.case_id for t in services.inbox(env, b.boss).items} == {case_id}
    at(clock, 2026, 12, 2, 9)  # two working days before Friday 4 December
    b.sweep()
    notifications = Notification.__table__
    with env.db.read() as conn:
        reminded = set(conn.execute(sa.select(notifications.c.user_id).where(
            notifications.c.case_id == case_id, notifications.c.kind == "reminder")).scalars())
    assert reminded == {b.rep1, b.boss}
    assert b.fire(b.boss, case_id, "resume") == "suspended"  # the union side must agree too
    assert b.fire(b.rep1, case_id, "resume") == "negotiating"
