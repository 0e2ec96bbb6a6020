"""The committee election on both backends: the plan checked against the law and approved or returned by the
higher union, the election voted by secret ballot at a congress session (another ballot when seats are left),
the result reported and approved, the new term recorded and the one before ended; who reads what."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.store.models import Notification, Task
from engine.time.calendar import TZ
from support.elections import CANDIDATES, PLAN, Elections, election_env
from workflows.elections import services as elections


@pytest.fixture
def e(db_url, clock):
    env = election_env(db_url, clock)
    yield Elections(env)
    env.db.dispose()


def refusal(e: Elections, who: int, case_id: int, trigger: str, form: dict | None = None) -> dict:
    with pytest.raises(services.ValidationFailed) as caught:
        e.act(who, case_id, trigger, form)
    return caught.value.errors


def tasks_of(e: Elections, case_id: int) -> set[tuple[str | None, int | None]]:
    t = Task.__table__
    with e.env.db.read() as conn:
        return {(r.role, r.organisation_id) for r in conn.execute(
            sa.select(t.c.role, t.c.organisation_id).where(t.c.case_id == case_id, t.c.status == "open"))}


def kinds(e: Elections, case_id: int) -> list[tuple[str, str | None, int | None]]:
    n = Notification.__table__
    with e.env.db.read() as conn:
        return [(r.kind, r.role, r.organisation_id) for r in conn.execute(
            sa.select(n.c.kind, n.c.role, n.c.organisation_id).where(n.c.case_id == case_id).order_by(n.c.id))]


def test_a_plan_against_the_law_is_refused_with_the_articles(e):
    with pytest.raises(services.ValidationFailed) as caught:
        e.plan(term_years=4, candidates="王建国\n李秀英", committee_size=5, no_relatives=False,
               election_date="2026-11-20")
    errors = caught.value.errors
    term = errors["term_years"][0].zh
    assert "三年或者五年" in term and "《中华人民共和国工会法》第十六条" in term
    assert "Trade Union Law, art. 16" in errors["term_years"][0].en
    assert "近亲属" in errors["no_relatives"][0].zh and "第十条" in errors["no_relatives"][0].zh
    assert "差额" in errors["candidates"][0].zh and "选举工作条例" in errors["candidates"][0].zh
    assert "election_date" in errors
    with pytest.raises(services.ValidationFailed) as caught:
        e.plan(candidates="王建国\n王建国\n李秀英\n张伟\n刘洋\n陈静")
    assert "重复" in caught.value.errors["candidates"][0].zh


def test_the_whole_path_from_the_plan_to_the_new_term(e, clock):
    old = elections.record_term(e.env, e.union, date(2021, 12, 1), 5, approved_on=date(2021, 12, 20))
    assert elections.open_watches(e.env) == 1
    case_id = e.plan()
    # the draft is the union's: the federation does not see it yet
    with pytest.raises(services.NotFound):
        services.case_view(e.env, Actor(e.staff), case_id)
    e.act(e.office, case_id, "submit_plan")
    assert ("federation_office", e.district) in tasks_of(e, case_id)
    assert ("election_plan_submitted", "federation_office", e.district) in kinds(e, case_id)
    assert services.case_view(e.env, Actor(e.staff), case_id).summary.state == "plan_submitted"
    with pytest.raises(services.NotFound):  # another district's staff: not theirs
        services.case_view(e.env, Actor(e.elsewhere), case_id)
    with pytest.raises(services.PermissionDenied):  # the union cannot approve its own plan
        e.act(e.office, case_id, "approve_plan", {})
    # returned with reasons, revised, sent again and approved
    e.act(e.staff, case_id, "return_plan", {"reasons": "候选人名单请附简历。"})
    assert ("election_plan_returned", "union_office", e.union) in kinds(e, case_id)
    e.act(e.office, case_id, "revise_plan", {**PLAN, "plan_note": "附候选人简历。"})
    e.act(e.office, case_id, "submit_plan")
    assert e.act(e.staff, case_id, "approve_plan", {"reply_ref": "武工〔2026〕31号"}) == "preparing"
    # the representatives elect four of five at the first ballot: another ballot for the fifth seat
    e.open_session()
    assert e.act(e.office, case_id, "put_to_ballot", {"session_id": e.session}) == "voting"
    first = services.case_view(e.env, Actor(e.office), case_id).data["ballots"][0]
    assert first["seats"] == 5 and first["candidates"] == CANDIDATES
    e.vote(first["item_id"], [[0, 1, 2, 3]] * 20 + [[4, 5]] * 10)
    view = services.case_view(e.env, Actor(e.office), case_id)
    assert view.summary.state == "preparing" and view.data["elected"] == CANDIDATES[:4]
    e.act(e.office, case_id, "put_to_ballot", {"session_id": e.session})
    second = services.case_view(e.env, Actor(e.office), case_id).data["ballots"][1]
    assert second["seats"] == 1 and second["candidates"] == ["陈静", "杨帆"]
    e.vote(second["item_id"], [[0]] * 18 + [[1]] * 12)
    view = services.case_view(e.env, Actor(e.office), case_id)
    assert view.summary.state == "reporting" and view.data["elected"] == CANDIDATES[:5]
    assert "votes" not in view.data and all("counts" not in b for b in view.data["ballots"])
    # the chair must be one of the committee elected
    errors = refusal(e, e.office, case_id, "report_result", {"chair": "杨帆"})
    assert "当选的委员" in errors["chair"][0].zh and "选举工作条例" in errors["chair"][0].zh
    e.act(e.office, case_id, "report_result", {"chair": "王建国", "vice_chairs": "李秀英"})
    assert ("federation_office", e.district) in tasks_of(e, case_id)
    # the result returned once, reported again, then approved: the new term begins, the old one ends
    e.act(e.staff, case_id, "return_result", {"reasons": "请补充选举大会记录。"})
    e.act(e.office, case_id, "report_result", {"chair": "王建国", "vice_chairs": "李秀英"})
    today = clock.now().astimezone(TZ).date()
    errors = refusal(e, e.staff, case_id, "approve_result", {"approved_on": "2026-11-01"})
    assert "选举结果须经上一级工会批准" in errors["approved_on"][0].zh
    assert e.act(e.staff, case_id, "approve_result", {"approved_on": today.isoformat()}) == "approved"
    term = elections.committee_terms(e.env, [e.union])[e.union]
    assert (term.elected_on, term.term_years, term.ends_on, term.approved, term.case_id) == (
        today, 5, elections.add_years(today, 5), True, case_id)
    assert old != services.case_view(e.env, Actor(e.office), case_id).data["term_id"]
    watches = services.search_cases(e.env, Actor(e.office), workflow=elections.TERM).items
    assert sorted(w.state for w in watches) == ["in_office", "renewed"]
    # the approved result: the representatives read it, the votes are nowhere in it
    rep = services.case_view(e.env, Actor(e.roster[0]), case_id)
    assert rep.data["elected"] == CANDIDATES[:5] and rep.data["chair"] == "王建国"
    with pytest.raises(services.NotFound):
        services.case_view(e.env, Actor(e.handler), case_id)


def test_the_office_may_withdraw_a_draft_and_a_ballot_needs_a_session_of_the_union(e):
    case_id = e.plan()
    e.act(e.office, case_id, "submit_plan")
    e.act(e.staff, case_id, "approve_plan", {})
    other_union = services.create_organisation(e.env, "别的工会", "union", e.district)
    from workflows.congress import services as congress
    elsewhere = congress.create_congress_session(e.env, other_union, term=1, number=1, name="别处会议",
                                                 collection_opens=date(2026, 11, 1),
                                                 collection_closes=date(2026, 11, 10))
    errors = refusal(e, e.office, case_id, "put_to_ballot", {"session_id": elsewhere})
    assert "本单位" in errors["session_id"][0].zh
    draft = e.plan()
    assert e.act(e.office, draft, "withdraw") == "withdrawn"


def test_the_sweep_reminds_six_and_three_months_before_and_escalates_after(e, clock):
    from engine.scheduler.process import sweep

    elections.record_term(e.env, e.union, date(2022, 6, 30), 5, approved_on=date(2022, 7, 20))  # ends 2027-06-30
    assert elections.open_watches(e.env) == 1 and elections.open_watches(e.env) == 0
    (watch,) = services.search_cases(e.env, Actor(e.staff), workflow=elections.TERM).items
    sweep(e.env)
    assert services.case_view(e.env, Actor(e.office), watch.id).summary.state == "in_office"
    clock.set(datetime(2026, 12, 29, 23, 59, tzinfo=TZ))  # six months before is 30 December: nothing yet
    sweep(e.env)
    assert tasks_of(e, watch.id) == set()
    clock.set(datetime(2026, 12, 30, 0, 1, tzinfo=TZ))
    sweep(e.env)
    assert services.case_view(e.env, Actor(e.office), watch.id).summary.state == "renewal_due"
    assert tasks_of(e, watch.id) == {("union_office", e.union), ("union_chair", e.union)}
    assert [k for k in kinds(e, watch.id)] == [("term_six_months", "union_office", e.union),
                                               ("term_six_months", "union_chair", e.union)]
    clock.set(datetime(2027, 3, 30, 9, 0, tzinfo=TZ))
    sweep(e.env)
    assert services.case_view(e.env, Actor(e.office), watch.id).summary.state == "renewal_near"
    assert kinds(e, watch.id)[-1] == ("term_three_months", "union_chair", e.union)
    clock.set(datetime(2027, 6, 30, 8, 0, tzinfo=TZ))  # the day the term runs out
    sweep(e.env)
    assert services.case_view(e.env, Actor(e.staff), watch.id).summary.state == "past_term"
    assert ("federation_office", e.district) in tasks_of(e, watch.id)
    assert ("term_expired", "federation_office", e.district) in kinds(e, watch.id)
    assert services.inbox(e.env, e.staff).items  # the federation's staff see it in their inbox


def test_a_watch_opened_late_sends_only_the_reminder_that_still_says_something(e, clock):
    from engine.scheduler.process import sweep

    elections.record_term(e.env, e.union, date(2023, 6, 30), 3, approved_on=None)  # ran out on 2026-06-30
    elections.open_watches(e.env)
    sweep(e.env)
    (watch,) = services.search_cases(e.env, Actor(e.office), workflow=elections.TERM).items
    assert services.case_view(e.env, Actor(e.office), watch.id).summary.state == "past_term"
    assert {k for k, _, _ in kinds(e, watch.id)} == {"term_expired"}


def test_a_term_is_watched_once(e):
    from engine.core.context import SYSTEM_ACTOR

    term = elections.record_term(e.env, e.union, date(2024, 1, 10), 5, approved_on=date(2024, 2, 1))
    assert elections.open_watches(e.env) == 1
    with pytest.raises(services.ValidationFailed):
        services.start_case(e.env, SYSTEM_ACTOR, elections.TERM, e.union, "再开一次", {
            "term_id": term, "elected_on": "2024-01-10", "term_years": 5, "ends_on": "2029-01-10"})
    assert services.search_cases(e.env, Actor(e.office), workflow=elections.TERM).total == 1


def test_a_ballot_electing_nobody_leaves_every_seat_to_vote_again(e):
    case_id = e.plan(committee_size=3, candidates="王建国\n李秀英\n张伟\n刘洋")
    e.act(e.office, case_id, "submit_plan")
    e.act(e.staff, case_id, "approve_plan", {})
    e.open_session()
    e.act(e.office, case_id, "put_to_ballot", {"session_id": e.session})
    first = services.case_view(e.env, Actor(e.office), case_id).data["ballots"][0]
    e.vote(first["item_id"], [[0]] * 10 + [[1]] * 10 + [[2, 3]] * 10)  # nobody has more than half of 30
    view = services.case_view(e.env, Actor(e.office), case_id)
    assert view.summary.state == "preparing" and view.data["elected"] == []
    assert view.data["ballots"][0]["elected"] == [] and view.data["ballots"][0]["participants"] == 30
    assert "put_to_ballot" in {a.trigger for a in view.actions}


def test_a_union_that_does_not_require_a_contested_election_may_list_as_many_candidates_as_seats(db_url, clock,
                                                                                                  tmp_path):
    from config import load_settings
    from engine.core.env import Env
    from engine.core.registry import Registry
    from engine.store.database import Database
    from workflows import register_all

    path = tmp_path / "unionflow.toml"
    path.write_text("[election]\ndefault_term_years = 3\ncontested = false\n", encoding="utf-8")
    env = Env(Database(db_url), register_all(Registry(), load_settings(path, environ={})), clock)
    try:
        e = Elections(env, roster=5)
        case_id = e.plan(committee_size=3, candidates="王建国\n李秀英\n张伟")
        assert services.case_view(env, Actor(e.office), case_id).data["policy"] == {"contested": False}
        with pytest.raises(services.ValidationFailed) as caught:
            e.plan(committee_size=3, candidates="王建国\n李秀英")
        assert "不能少于委员名额" in caught.value.errors["candidates"][0].zh
    finally:
        env.db.dispose()
