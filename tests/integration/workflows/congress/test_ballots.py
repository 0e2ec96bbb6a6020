"""Ballots in a session: the quorum, matters reserved to the full congress, paper ballots counted by two
tellers, receipts, who may do what, and closing at a set time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.errors import PermissionDenied, Refused, ValidationFailed
from engine.store.models import Notification
from support.congress import Congress
from support.time import sh
from workflows.congress import services as congress

MOTION = "工资集体协商方案"


def refused(code: str, action, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code, caught.value.label.en
    return caught.value


def motion(env, c: Congress, **kw) -> int:
    return congress.add_item(env, Actor(c.office), c.session, kind="motion", title=MOTION, **kw)


def notifications(env, kind: str) -> list:
    n = Notification.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(n).where(n.c.kind == kind).order_by(n.c.id)).all()


# -- the quorum ------------------------------------------------------------------------------------------------
def test_without_the_quorum_the_ballot_does_not_open_and_says_the_numbers(env):
    c = Congress(env, size=30)
    c.check_in_all(c.roster[:19])
    item = motion(env, c)
    err = refused("no_quorum", congress.open_item, env, Actor(c.chair), item)
    for text in (err.label.zh, err.label.en):
        assert "19" in text and "20" in text and "30" in text, text  # present, needed (2/3 of 30), eligible
    assert "2/3" in err.label.en
    assert congress.get_item(env, item).status == "draft"
    status = congress.session_status(env, c.session)
    assert (status.quorum.present, status.quorum.needed, status.quorum.eligible, status.quorum.met) == (
        19, 20, 30, False)
    congress.check_in(env, Actor(c.roster[19]), c.session)  # the twentieth arrives and checks in on her phone
    congress.open_item(env, Actor(c.chair), item)
    assert congress.get_item(env, item).status == "open"


def test_a_ballot_opens_only_in_an_opened_session_and_one_item_at_a_time(env):
    c = Congress(env, size=30, phase="documents")
    first, second = motion(env, c), congress.add_item(env, Actor(c.office), c.session, kind="election",
                                                       title="选举职工董事", candidates=["王建国", "李秀英"])
    refused("not_in_session", congress.open_item, env, Actor(c.chair), first)
    refused("not_open", congress.check_in, env, Actor(c.rep1), c.session)  # nor does check-in start before
    c.act(c.chair, "open_session", {"early_reason": "临时召开，本次只表决一般事项。"})
    c.check_in_all()
    congress.open_item(env, Actor(c.chair), first)
    err = refused("another_open", congress.open_item, env, Actor(c.chair), second)
    assert MOTION in err.label.zh
    refused("not_draft", congress.open_item, env, Actor(c.chair), first)
    congress.close_item(env, Actor(c.chair), first)
    refused("not_draft", congress.open_item, env, Actor(c.chair), first)
    congress.open_item(env, Actor(c.chair), second)


# -- matters reserved to the full congress -------------------------------------------------------------------------
def test_a_reserved_matter_cannot_be_decided_by_the_delegation_heads(env):
    c = Congress(env, size=30, phase="none")
    heads = congress.create_congress_session(
        env, c.union, term=5, number=4, name="第五届职代会代表团（组）长联席会议", collection_opens=date(2026, 11, 1),
        collection_closes=date(2026, 11, 2), opens_on=date(2026, 12, 28), kind="delegation_heads")
    case = services.start_case(env, Actor(c.office), congress.SESSION, c.union, "代表团长联席会议",
                               {"session_id": heads}).case_id
    for trigger in ("deliver_documents", "open_session"):
        view = services.case_view(env, Actor(c.office), case)
        services.fire(env, Actor(c.office), case, trigger, {"agenda": "审议"} if trigger == "deliver_documents"
                      else {"early_reason": "临时召开"}, expected_version=view.version)
    congress.check_in(env, Actor(c.office), heads, c.roster)
    reserved = congress.add_item(env, Actor(c.office), heads, kind="motion", title=MOTION, reserved=True)
    ordinary = congress.add_item(env, Actor(c.office), heads, kind="motion", title="增补代表", reserved=False)
    err = refused("reserved", congress.open_item, env, Actor(c.chair), reserved)
    assert "代表团（组）长联席会议" in err.label.zh and "full congress" in err.label.en
    congress.open_item(env, Actor(c.chair), ordinary)  # what is not reserved, the joint meeting may decide
    with pytest.raises(ValidationFailed):
        congress.create_congress_session(env, c.union, term=5, number=5, name="x", collection_opens=date(2026, 11, 1),
                                         collection_closes=date(2026, 11, 2), kind="plenary")


@pytest.mark.parametrize(("delivered", "allowed"), [
    (sh(2026, 12, 21, 23, 30), True),  # 21 December is seven days before the 28th
    (sh(2026, 12, 22, 0, 30), False),  # still the 21st in UTC, but the 22nd in Shanghai
    (sh(2026, 12, 22, 16), False)])
def test_a_reserved_matter_needs_its_documents_seven_days_before_the_opening(env, clock, delivered, allowed):
    c = Congress(env, size=30, phase="planned")  # the session opens on 28 December
    clock.set(delivered)
    c.act(c.office, "deliver_documents", {"agenda": "审议工资集体协商方案"})
    clock.set(sh(2026, 12, 28, 9))
    c.act(c.chair, "open_session", None if allowed else {"early_reason": "年底前须审议"})
    c.check_in_all()
    reserved, ordinary = motion(env, c, reserved=True), motion(env, c)
    if allowed:
        congress.open_item(env, Actor(c.chair), reserved)
        return
    err = refused("reserved", congress.open_item, env, Actor(c.chair), reserved)
    assert "2026-12-21" in err.label.zh and "2026-12-21" in err.label.en  # the deadline it missed
    assert "2026-12-22" in err.label.zh and "7" in err.label.en and "2026-12-28" in err.label.en
    assert "地方惯例" in err.label.zh and "local practice" in err.label.en
    congress.open_item(env, Actor(c.chair), ordinary)


def test_a_reserved_matter_in_a_session_whose_documents_went_out_in_time_opens(env):
    c = Congress(env, size=30)  # documents delivered on 23 November for 28 December
    c.check_in_all()
    item = motion(env, c, reserved=True)
    congress.open_item(env, Actor(c.chair), item)
    assert congress.get_item(env, item).reserved is True


# -- paper ballots --------------------------------------------------------------------------------------------------
def test_paper_ballots_count_once_two_tellers_agree_and_match_the_paper_voters(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    congress.open_item(env, Actor(c.chair), item)
    for i, u in enumerate(c.roster[:20]):
        congress.vote(env, Actor(u), item, "agree" if i < 12 else "disagree")
    paper_voters = c.roster[20:]
    assert [(i.id, i.participants, i.result) for i in congress.list_items(env, c.session)] == [(item, 20, None)]
    assert congress.record_paper_voters(env, Actor(c.office), item, paper_voters) == 10
    assert congress.get_item(env, item).participants == 30  # the live turnout; no running result
    box1 = {"ballots": 6, "invalid": 0, "agree": 5, "disagree": 1, "abstain": 0}
    box2 = {"ballots": 3, "invalid": 1, "agree": 2, "disagree": 0, "abstain": 1}

    congress.enter_tally(env, Actor(c.teller1), item, "1号箱", box1)
    err = refused("paper_unfinished", congress.close_item, env, Actor(c.chair), item)  # one teller only
    assert "1号箱" in err.label.zh
    congress.enter_tally(env, Actor(c.teller2), item, "1号箱", {**box1, "agree": 4, "disagree": 2})
    refused("paper_unfinished", congress.close_item, env, Actor(c.chair), item)  # they disagree
    congress.enter_tally(env, Actor(c.teller2), item, "1号箱", box1)  # recounted: the same now
    err = refused("paper_mismatch", congress.close_item, env, Actor(c.chair), item)  # 6 ballots, 10 voters
    assert "6" in err.label.en and "10" in err.label.en
    congress.enter_tally(env, Actor(c.teller2), item, "2号箱", box2)
    congress.enter_tally(env, Actor(c.teller1), item, "2号箱", box2)
    assert congress.get_item(env, item).result is None  # no running result while open

    result = congress.close_item(env, Actor(c.chair), item)
    assert result["counts"] == {"agree": 12 + 5 + 2, "disagree": 8 + 1, "abstain": 1}
    assert (result["ballots"], result["invalid"], result["participants"], result["present"]) == (29, 1, 30, 30)
    assert result["passed"] is True and (result["base"], result["needed"]) == (30, 16)
    assert congress.get_item(env, item).result == result
    refused("not_open", congress.enter_tally, env, Actor(c.teller1), item, "3号箱", box2)
    assert len(notifications(env, "ballot_result")) == 30  # the result goes to every representative


def test_a_tally_that_does_not_add_up_is_refused(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    congress.open_item(env, Actor(c.chair), item)
    with pytest.raises(ValidationFailed):
        congress.enter_tally(env, Actor(c.teller1), item, "1号箱", {"ballots": 3, "agree": 1})
    with pytest.raises(ValidationFailed):
        congress.enter_tally(env, Actor(c.teller1), item, " ", {"ballots": 0})


def test_paper_voters_must_have_checked_in(env):
    c = Congress(env, size=30)
    c.check_in_all(c.roster[:25])
    item = motion(env, c)
    congress.open_item(env, Actor(c.chair), item)
    err = refused("not_checked_in", congress.record_paper_voters, env, Actor(c.office), item, [c.roster[26]])
    assert "代表" in err.label.zh  # names who it is
    refused("not_checked_in", congress.vote, env, Actor(c.roster[27]), item, "agree")


def test_the_office_checks_in_only_representatives_of_the_term_and_once(env):
    c = Congress(env, size=30)
    assert congress.check_in(env, Actor(c.office), c.session, [c.rep1, c.rep2, c.rep1]) == 2
    assert congress.check_in(env, Actor(c.rep1), c.session) == 0  # on paper already
    err = refused("not_on_roster", congress.check_in, env, Actor(c.office), c.session, [c.rep3, c.leader])
    assert "孙厂长" in err.label.zh
    assert congress.session_status(env, c.session).quorum.present == 2  # nothing of the refused list was kept
    mine = congress.my_status(env, c.rep1, c.session)
    assert (mine.representative, mine.checked_in, mine.office, mine.teller) == (True, True, False, False)
    assert congress.my_status(env, c.teller1, c.session).teller is True
    assert congress.my_status(env, c.chair, c.session).office is True


def test_who_may_do_what(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    for who in (c.teller1, c.rep1, c.leader):
        with pytest.raises(PermissionDenied):
            congress.open_item(env, Actor(who), item)
        with pytest.raises(PermissionDenied):
            congress.add_item(env, Actor(who), c.session, kind="motion", title="x")
    congress.open_item(env, Actor(c.office), item)  # the union office, or the chair
    for who in (c.office, c.chair, c.rep1):
        with pytest.raises(PermissionDenied):
            congress.enter_tally(env, Actor(who), item, "1号箱", {"ballots": 0})
    for who in (c.teller1, c.rep1):
        with pytest.raises(PermissionDenied):
            congress.record_paper_voters(env, Actor(who), item, [c.rep2])
        with pytest.raises(PermissionDenied):
            congress.close_item(env, Actor(who), item)
    with pytest.raises(PermissionDenied):
        congress.vote(env, SYSTEM_ACTOR, item, "agree")
    with pytest.raises(PermissionDenied):  # the office is not on the roster: it cannot check in to vote
        congress.check_in(env, Actor(c.office), c.session)
    with pytest.raises(ValidationFailed):
        congress.vote(env, Actor(c.rep1), item, "yes")
    congress.close_item(env, Actor(c.chair), item)
    refused("not_open", congress.vote, env, Actor(c.rep1), item, "agree")


# -- receipts -------------------------------------------------------------------------------------------------------
def test_a_receipt_shows_its_vote_was_counted_and_what_it_was(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = congress.add_item(env, Actor(c.office), c.session, kind="election", title="选举职工董事",
                             candidates=["王建国", "李秀英", "张伟"], max_choices=2)
    congress.open_item(env, Actor(c.chair), item)
    mine = congress.vote(env, Actor(c.rep1), item, [2, 0])
    for u in [u for u in c.roster if u != c.rep1][:19]:
        congress.vote(env, Actor(u), item, [1])
    before = congress.check_receipt(env, c.session, mine)
    assert (before.item_id, before.counted, before.choice) == (item, False, [0, 2])  # in the box, not yet counted
    congress.close_item(env, Actor(c.chair), item)
    after = congress.check_receipt(env, c.session, mine)
    assert (after.item_id, after.item_title, after.counted, after.choice) == (item, "选举职工董事", True, [0, 2])
    assert congress.check_receipt(env, c.session, f"  {mine.lower()} ") == after  # as someone might type it
    assert congress.check_receipt(env, c.session, "AAAA-BBBB-CCCC-DDDD-EEEE") is None
    assert congress.check_receipt(env, c.session + 1, mine) is None  # another session knows nothing of it


# -- closing at a set time ------------------------------------------------------------------------------------------
def test_an_item_with_a_closing_time_is_closed_when_the_clock_passes_it(env, clock):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c, closes_at=clock.now() + timedelta(hours=2))
    congress.open_item(env, Actor(c.chair), item)
    for u in c.roster[:16]:
        congress.vote(env, Actor(u), item, "agree")
    assert congress.close_due_items(env) == 0
    clock.advance(hours=1, minutes=59)
    assert congress.close_due_items(env) == 0
    congress.vote(env, Actor(c.roster[16]), item, "disagree")  # a minute before the closing time
    assert congress.get_item(env, item).status == "open"
    clock.advance(minutes=1)
    refused("not_open", congress.vote, env, Actor(c.roster[17]), item, "agree")  # too late, even before the sweep
    assert congress.close_due_items(env) == 1
    closed = congress.get_item(env, item)
    assert closed.status == "closed" and closed.closed_at == clock.now()
    assert closed.result["counts"] == {"agree": 16, "disagree": 1, "abstain": 0} and closed.result["passed"] is True
    assert congress.close_due_items(env) == 0
    with pytest.raises(ValidationFailed):
        motion(env, c, closes_at=clock.now())


def test_an_item_due_to_close_with_its_paper_count_unfinished_stays_open(env, clock):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c, closes_at=clock.now() + timedelta(minutes=30))
    congress.open_item(env, Actor(c.chair), item)
    congress.record_paper_voters(env, Actor(c.office), item, c.roster[:2])
    congress.enter_tally(env, Actor(c.teller1), item, "1号箱", {"ballots": 2, "agree": 2})
    clock.advance(hours=1)
    assert congress.close_due_items(env) == 0
    assert congress.get_item(env, item).status == "open"
    congress.enter_tally(env, Actor(c.teller2), item, "1号箱", {"ballots": 2, "agree": 2})
    assert congress.close_due_items(env) == 1


def test_a_teller_may_correct_their_count_of_a_box(env):
    c = Congress(env, size=30)
    c.check_in_all()
    item = motion(env, c)
    congress.open_item(env, Actor(c.chair), item)
    congress.record_paper_voters(env, Actor(c.office), item, c.roster[:3])
    long_name = "第一分会场" * 11  # 55 characters: more than a box's name may have
    for _ in range(2):  # refused as it is, never cut short (the teller's second entry would then clash)
        with pytest.raises(ValidationFailed):
            congress.enter_tally(env, Actor(c.teller1), item, long_name, {"ballots": 3, "agree": 3})
    name = "第一分会场一号票箱"
    congress.enter_tally(env, Actor(c.teller1), item, name, {"ballots": 3, "agree": 2, "disagree": 1})
    congress.enter_tally(env, Actor(c.teller1), item, name, {"ballots": 3, "agree": 3})  # recounted
    congress.enter_tally(env, Actor(c.teller2), item, name, {"ballots": 3, "agree": 3})
    assert congress.close_item(env, Actor(c.chair), item)["counts"]["agree"] == 3
