"""The rules of law bargaining enforces, each refusal citing its article, on both backends: negotiators
(《集体合同规定》 arts. 20–24), filing (art. 42), the wage agreement's term, effect, publication and renewal
(《工资集体协商试行办法》 arts. 22–24), the renewal window (art. 38 para. 2), terms over 29 February
(《民法典》 art. 202), six-monthly checks, and suspension by both sides (art. 35)."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import services
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.time.calendar import TZ
from support.bargaining import DRAFT_1, MANDATE, Bargaining


@pytest.fixture
def b(env):
    return Bargaining(env)


def refusal(caught: pytest.ExceptionInfo, field: str = "__all__") -> str:
    return caught.value.errors[field][0].zh


def prepared(b: Bargaining, kind: str = "collective_contract") -> int:
    case_id = b.start(b.office, kind=kind)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    return case_id


def appoint_union(b, case_id, **form):
    return b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                                   "chief_mandate": MANDATE, **form})


def signed(b: Bargaining, kind: str = "collective_contract", term_years: int = 1, day: str = "2026-11-23") -> int:
    case_id = prepared(b, kind)
    appoint_union(b, case_id)
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": term_years,
                                                  "agreement_title": "2027年度合同"})
    b.vote(case_id, agree=len(b.roster))
    b.fire(b.rep1, case_id, "sign", {"signed_on": day})
    b.fire(b.boss, case_id, "sign", {"signed_on": day})
    return case_id


def state(b, case_id) -> str:
    return services.case_view(b.env, Actor(b.office), case_id).state


def test_the_same_person_cannot_negotiate_for_both_sides(b):
    case_id = prepared(b)
    appoint_union(b, case_id)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": [b.boss, b.emp2, b.rep2],
                                                                 "chief": b.boss})
    assert "第二十四条" in refusal(caught, "negotiators") and "art. 24" in caught.value.errors["negotiators"][0].en
    with pytest.raises(ValidationFailed) as caught:  # nor can the employer's account sit on the union's side
        b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": [b.rep1, b.rep2, b.boss],
                                                                "chief": b.rep1, "chief_mandate": MANDATE})
    assert "第二十四条" in refusal(caught, "negotiators")


def test_the_unions_chief_is_the_chair_or_named_by_the_chair_in_writing(b):
    case_id = prepared(b)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1})
    assert "第二十条" in refusal(caught, "chief_mandate")
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": [b.chair, b.rep2, b.rep3],
                                                            "chief": b.chair})
    assert b.data(case_id)["union_chief"] == b.chair and "union_chief_mandate" not in b.data(case_id)
    appoint_union(b, case_id)
    assert b.data(case_id)["union_chief_mandate"] == MANDATE


def test_the_employer_cannot_name_a_union_negotiator_or_officer_as_its_chief(b):
    case_id = prepared(b)
    appoint_union(b, case_id)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": [b.office, b.emp2, b.emp3],
                                                                 "chief": b.office})
    assert "第二十一条" in refusal(caught, "chief")


def test_outside_advisers_are_at_most_a_third_of_a_side(b):
    case_id = prepared(b)
    appoint_union(b, case_id)
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss,
                                                                 "outside": [b.emp2, b.emp3]})
    assert "第二十三条" in refusal(caught, "outside")
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss,
                                                             "outside": [b.emp3]})
    assert b.data(case_id)["employer_outside"] == [b.emp3]


def test_the_employer_files_the_agreement_never_before_it_was_signed(b):
    case_id = signed(b)
    tasks = {t.case_id for t in services.inbox(b.env, b.boss).items}
    assert case_id in tasks  # filing is the employer's task
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.boss, case_id, "file", {"submitted_on": "2026-11-20", "received_on": "2026-11-20"})
    assert "第四十二条" in refusal(caught, "submitted_on")
    assert b.fire(b.boss, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"}) == \
        "under_review"
    assert b.data(case_id)["filing"]["on_behalf"] is False


def test_a_wage_agreement_runs_one_year_from_submission_published_in_5_days_renewed_60_days_ahead(b, clock):
    case_id = prepared(b, "wage_agreement")
    appoint_union(b, case_id)
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 3,
                                                      "agreement_title": "2027年度工资专项集体合同"})
    assert "《工资集体协商试行办法》第二十四条" in refusal(caught, "term_years")
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 1,
                                                  "agreement_title": "2027年度工资专项集体合同"})
    b.vote(case_id, agree=len(b.roster))
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"})
    with pytest.raises(ValidationFailed) as caught:
        b.fire(b.boss, case_id, "file", {"submitted_on": "2026-11-20", "received_on": "2026-11-23"})
    assert "第二十一条" in refusal(caught, "submitted_on")
    clock.set(datetime(2026, 11, 27, 10, tzinfo=TZ))
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-26"})
    data = b.data(case_id)
    assert data["filing"]["on_behalf"] is True  # the union office recorded it for the employer
    assert (data["review_ends"], data["effective_on"]) == ("2026-12-08", "2026-12-09")  # 15 days from submission
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    data = b.data(case_id)
    assert data["publish_due"] == "2026-12-14"  # 5 days after effect, moved off Sunday 13 December
    assert (data["expires_on"], data["renewal_opens"]) == ("2027-12-08", "2027-10-09")  # 60 days before expiry


def test_a_collective_contract_is_published_within_the_configured_days(b, clock):
    case_id = signed(b)
    b.fire(b.boss, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    assert b.data(case_id)["publish_due"] == "2026-12-21"  # 10 days (local practice), off Saturday 19 December


def test_a_renewal_outside_the_window_cites_article_38_paragraph_2(b):
    case_id = signed(b)
    with pytest.raises(ValidationFailed) as caught:
        services.start_case(b.env, Actor(b.office), "bargaining", b.union, "续订", {
            "kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": "续订",
            "renews": case_id})
    assert "第三十八条第二款" in refusal(caught, "renews") and "第四十条" not in refusal(caught, "renews")


def test_a_term_taking_effect_on_29_february_ends_on_28_february(b, clock):
    case_id = signed(b, day="2024-02-08")
    b.fire(b.boss, case_id, "file", {"submitted_on": "2024-02-09", "received_on": "2024-02-13"})
    assert b.data(case_id)["effective_on"] == "2024-02-29"
    b.sweep()
    data = b.data(case_id)
    assert data["expires_on"] == "2025-02-28"  # 《民法典》 art. 202: no 29 February in 2025
    assert data["next_check"] == "2024-08-28"  # six calendar months, not 182 days


def test_one_side_alone_cannot_suspend_or_resume_the_talks(b):
    case_id = prepared(b)
    appoint_union(b, case_id)
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    round_ = {"held_on": "2026-11-23", "attendance": "双方各3人", "minutes": "分歧较大。", "resume_on": "2026-12-04"}
    assert b.fire(b.rep1, case_id, "suspend", round_) == "negotiating"
    with pytest.raises(ValidationFailed) as caught:  # the same side cannot agree to its own proposal
        b.fire(b.rep2, case_id, "agree_to_suspend")
    assert "第三十五条" in refusal(caught)
    assert b.fire(b.emp2, case_id, "agree_to_suspend") == "suspended"
    assert b.data(case_id)["rounds"][-1]["agreed_by"] == b.emp2
    assert b.fire(b.rep1, case_id, "resume") == "suspended"
    with pytest.raises(ValidationFailed):
        b.fire(b.rep2, case_id, "resume")
    assert b.fire(b.emp3, case_id, "resume") == "negotiating"


# -- statutory deadlines on the holiday calendar (《民法典》 arts. 201–203) -----------------------------------------
NOTICE_2027 = ("2027-01-01..2027-01-03", "2027-01-09")  # made up for the test: Saturday 9 January worked


def test_a_2027_notice_moves_the_reply_deadline_counted_provisionally(b, env, clock):
    from engine.core.errors import Conflict
    from engine.store import audit
    from support.time import sh

    clock.set(sh(2026, 12, 20, 10))
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-12-20"})
    data = b.data(case_id)
    # 20 days from the day after receipt: Saturday 2027-01-09, a rest day on the guessed calendar, so Monday 01-11.
    assert data["reply_due"] == "2027-01-11" and data["counted"]["reply_due"]["provisional"] is True
    [task] = [t for t in services.inbox(env, b.boss).items if t.case_id == case_id]
    assert (task.due_at, task.provisional) == (sh(2027, 1, 12), True)
    seen = services.case_view(env, Actor(b.boss), case_id).version

    done = services.load_notice(env, 2027, *NOTICE_2027, "test notice")

    assert (done.moved, done.settled) == (1, 1)
    data = b.data(case_id)
    assert data["reply_due"] == "2027-01-09" and data["counted"]["reply_due"]["provisional"] is False
    [task] = [t for t in services.inbox(env, b.boss).items if t.case_id == case_id]
    assert (task.due_at, task.provisional) == (sh(2027, 1, 10), False)
    view = services.case_view(env, Actor(b.office), case_id)
    assert (view.history[-1].trigger, view.history[-1].actor_id) == ("deadline_moved", None)
    assert view.history[-1].payload["set"]["reply_due"] == "2027-01-09"
    assert list(audit.verify(env.db)) == []
    with pytest.raises(Conflict):  # the employer's page showed the old date: told it changed, not overwritten
        services.fire(env, Actor(b.boss), case_id, "agree_to_negotiate",
                      {"replied_on": "2026-12-21", "reply": "同意协商。"}, expected_version=seen)
    # The timer fires at the end of the new last day.
    clock.set(sh(2027, 1, 10, 0, 1))
    b.sweep()
    assert services.case_view(env, Actor(b.office), case_id).state == "dispute"


def test_a_date_a_person_set_is_not_recounted():
    from engine.core import counted

    data = {"reply_due": "2027-01-11", "counted": {"reply_due": {"from": "2026-12-20T12:00:00+08:00", "amount": 20,
                                                                 "unit": "days", "last": "2027-01-11",
                                                                 "provisional": True}}}
    assert counted.provisional(data, "reply_due")
    data["reply_due"] = "2027-01-20"  # chosen on a form since
    assert counted.entry(data, "reply_due") is None and not counted.provisional(data, "reply_due")
