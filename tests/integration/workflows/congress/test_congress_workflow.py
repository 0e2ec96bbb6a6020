"""A congress session from planning to closing, its reminders and the representatives' duties, and the
follow-up of a resolution that passed, reloaded from the database at every step, on both backends."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.errors import Refused, TransitionNotAllowed, ValidationFailed
from engine.store.models import Notification, Task
from engine.time import deadlines
from support.congress import Congress
from support.time import sh
from workflows.congress import services as congress

notifications_t, tasks_t = Notification.__table__, Task.__table__


def state(env, case_id: int) -> str:
    return services.case_view(env, SYSTEM_ACTOR, case_id).state


def sent(env, kind: str, case_id: int | None = None) -> list:
    n = notifications_t.c
    cond = [n.kind == kind] + ([n.case_id == case_id] if case_id is not None else [])
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(notifications_t).where(*cond).order_by(n.id)).all()


def recipients(env, kind: str) -> Counter[int]:
    return Counter(r.user_id for r in sent(env, kind))


def sweep(env) -> list[str]:
    return [deadlines.fire_timer(env, timer_id) for timer_id in deadlines.due_timers(env)]


def closed_motion(env, c: Congress, agree: int, title: str = "工资集体协商方案") -> int:
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title=title)
    congress.open_item(env, Actor(c.chair), item)
    for u in c.roster[:agree]:
        congress.vote(env, Actor(u), item, "agree")
    congress.close_item(env, Actor(c.chair), item)
    return item


# -- the session ---------------------------------------------------------------------------------------------------
def test_a_session_from_planning_to_closing_tells_the_representatives_at_each_step(env):
    c = Congress(env, size=30, phase="planned")
    everyone = Counter(c.roster)
    assert state(env, c.case) == "planned"
    assert [t.case_id for t in services.inbox(env, c.office).items] == [c.case]
    assert congress.session_status(env, c.session).phase == "planned"

    c.act(c.office, "deliver_documents", {"agenda": "一、审议工资集体协商方案；二、选举职工董事。"})
    assert state(env, c.case) == "documents_delivered"
    assert recipients(env, "congress_documents") == everyone  # one each, to every representative
    (first, *_) = sent(env, "congress_documents")
    assert first.payload["path"] == f"/congress/sessions/{c.session}/booth" and first.case_id == c.case
    assert congress.session_status(env, c.session).phase == "documents"

    c.act(c.chair, "open_session", {"early_reason": "临时召开，本次只表决一般事项。"})
    assert state(env, c.case) == "in_session"
    assert recipients(env, "congress_opened") == everyone
    c.check_in_all()
    with pytest.raises((ValidationFailed, TransitionNotAllowed)):
        c.act(c.chair, "publish_results")  # nothing voted yet

    closed_motion(env, c, agree=20)
    item = congress.add_item(env, Actor(c.office), c.session, kind="election", title="选举职工董事",
                             candidates=["王建国", "李秀英"])
    congress.open_item(env, Actor(c.chair), item)
    with pytest.raises((ValidationFailed, TransitionNotAllowed)):
        c.act(c.chair, "publish_results")  # an item is still open
    assert state(env, c.case) == "in_session"
    congress.close_item(env, Actor(c.chair), item)
    assert recipients(env, "ballot_result") == Counter({u: 2 for u in c.roster})

    c.act(c.chair, "publish_results")
    assert state(env, c.case) == "results_published"
    assert recipients(env, "congress_results") == everyone
    assert sent(env, "congress_results")[0].payload["path"] == f"/congress/sessions/{c.session}/results"
    assert congress.session_status(env, c.session).phase == "closed"
    # A published session takes no more ballots nor check-ins.
    with pytest.raises(Refused):
        congress.add_item(env, Actor(c.office), c.session, kind="motion", title="临时动议")
    with pytest.raises(Refused):
        congress.check_in(env, Actor(c.rep1), c.session)

    c.act(c.office, "close", {"summary": "大会圆满完成各项议程。"})
    view = services.case_view(env, SYSTEM_ACTOR, c.case)
    assert view.state == "closed"
    assert [e.trigger for e in view.history][1:] == ["deliver_documents", "open_session", "publish_results", "close"]
    assert services.inbox(env, c.office).items == [] and services.inbox(env, c.chair).items == []


def test_a_session_can_be_prepared_only_once_and_only_by_the_office(env):
    c = Congress(env, size=30, phase="planned")
    with pytest.raises(ValidationFailed):  # its case exists already
        services.start_case(env, Actor(c.office), congress.SESSION, c.union, "again", {"session_id": c.session})
    with pytest.raises(services.PermissionDenied):
        c.act(c.rep1, "deliver_documents", {"agenda": "x"})


def test_those_who_have_not_confirmed_the_documents_are_reminded_after_two_working_days(env, clock):
    c = Congress(env, size=30, phase="documents")  # delivered Monday 23 November, 10:00
    confirmed = c.roster[:10]
    for u in confirmed:
        congress.confirm_documents(env, Actor(u), c.session)
    congress.confirm_documents(env, Actor(confirmed[0]), c.session)  # twice is once
    assert congress.session_status(env, c.session).confirmed == 10
    clock.set(sh(2026, 11, 25, 23, 59))  # Wednesday night: the two working days are not over
    assert sweep(env) == []
    clock.set(sh(2026, 11, 26, 8, 0))
    assert sweep(env) == ["fired"]
    assert recipients(env, "congress_documents_reminder") == Counter(c.roster[10:])
    assert {r[0] for r in congress.missing(env, Actor(c.office), c.session, "documents")} == set(c.roster[10:])
    assert state(env, c.case) == "documents_delivered"

    for u in c.roster[10:25]:
        congress.confirm_documents(env, Actor(u), c.session)
    clock.set(sh(2026, 12, 1, 8, 0))
    assert sweep(env) == []  # one reminder on its own; the office may send more
    c.act(c.office, "remind_documents")
    assert recipients(env, "congress_documents_reminder") == Counter(c.roster[10:]) + Counter(c.roster[25:])


def test_the_office_reminds_those_who_have_not_checked_in_or_voted(env):
    c = Congress(env, size=30)
    c.check_in_all(c.roster[:24])
    assert congress.remind(env, Actor(c.office), c.session, "check_in") == 6
    assert recipients(env, "congress_check_in_reminder") == Counter(c.roster[24:])
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="方案")
    congress.open_item(env, Actor(c.chair), item)
    for u in c.roster[:20]:
        congress.vote(env, Actor(u), item, "agree")
    assert congress.remind(env, Actor(c.office), c.session, "vote", item) == 10
    with pytest.raises(services.PermissionDenied):
        congress.remind(env, Actor(c.rep1), c.session, "vote", item)


# -- what a representative still has to do ----------------------------------------------------------------------------
def test_a_representatives_duties_list_shrinks_as_they_act(env):
    c = Congress(env, size=30, phase="planned")
    rep, other = c.rep1, c.rep2

    def steps(user: int) -> list[tuple]:
        return [(d.step, d.item_title) for d in congress.duties(env, user)]

    assert steps(rep) == []  # nothing to do before the documents are out
    c.act(c.office, "deliver_documents", {"agenda": "一、审议工资集体协商方案。"})
    assert steps(rep) == [("documents", None)]
    congress.confirm_documents(env, Actor(rep), c.session)
    assert steps(rep) == []
    c.act(c.chair, "open_session", {"early_reason": "临时召开，本次只表决一般事项。"})
    assert steps(rep) == [("check_in", None)]
    assert steps(other) == [("documents", None), ("check_in", None)]
    congress.check_in(env, Actor(rep), c.session)
    assert steps(rep) == []
    c.check_in_all()
    first = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    second = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="职工福利费使用方案")
    assert steps(rep) == []  # drafts are not for voting yet
    congress.open_item(env, Actor(c.chair), first)
    assert steps(rep) == [("vote", "工资集体协商方案")]
    congress.vote(env, Actor(rep), first, "agree")
    assert steps(rep) == []
    assert steps(other) == [("documents", None), ("vote", "工资集体协商方案")]
    congress.close_item(env, Actor(c.chair), first)
    assert steps(other) == [("documents", None)]
    congress.open_item(env, Actor(c.chair), second)
    assert [d.item_id for d in congress.duties(env, rep)] == [second]
    congress.vote(env, Actor(rep), second, "abstain")
    congress.close_item(env, Actor(c.chair), second)
    c.act(c.chair, "publish_results")
    assert steps(other) == []  # the session is over
    assert steps(c.leader) == []  # not a representative of the term


# -- a resolution followed up -------------------------------------------------------------------------------------
def resolution(env, c: Congress, item: int, due: str = "2026-12-31") -> int:
    return services.start_case(env, Actor(c.office), congress.RESOLUTION, c.union, "落实工资集体协商方案",
                               {"item_id": item, "departments": [c.works, c.hr], "due_date": due,
                                "measures": "各部门按方案调整工资标准并报告。"}).case_id


def test_a_passed_item_is_followed_up_by_two_departments_until_both_report(env):
    c = Congress(env, size=30)
    c.check_in_all()
    passed = closed_motion(env, c, agree=20)
    failed = closed_motion(env, c, agree=15, title="职工福利费使用方案")
    with pytest.raises(ValidationFailed) as caught:
        resolution(env, c, failed)
    assert "item_id" in caught.value.errors
    case_id = resolution(env, c, passed)
    assert state(env, case_id) == "implementing"
    for handler in (c.works_handler, c.hr_handler):
        assert [t.case_id for t in services.inbox(env, handler, workflow=congress.RESOLUTION).items] == [case_id]
    assert services.inbox(env, c.logistics_handler).items == []

    view = services.case_view(env, Actor(c.works_handler), case_id)
    services.fire(env, Actor(c.works_handler), case_id, "report", {"report": "生产部已按新标准发放。"},
                  expected_version=view.version)
    assert state(env, case_id) == "implementing"
    assert services.inbox(env, c.works_handler, workflow=congress.RESOLUTION).items == []
    view = services.case_view(env, Actor(c.hr_handler), case_id)
    services.fire(env, Actor(c.hr_handler), case_id, "report", {"report": "人力资源部已完成调整。"},
                  expected_version=view.version)
    view = services.case_view(env, SYSTEM_ACTOR, case_id)
    assert view.state == "reported"
    assert [e.trigger for e in view.history][-2:] == ["report", "all_reported"]
    assert len(sent(env, "resolution_reported", case_id)) == 1
    assert [t.case_id for t in services.inbox(env, c.office, workflow=congress.RESOLUTION).items] == [case_id]
    services.fire(env, Actor(c.office), case_id, "close", {"conclusion": "落实到位。"},
                  expected_version=view.version)
    assert state(env, case_id) == "closed"


def test_an_overdue_resolution_is_supervised(env, clock):
    c = Congress(env, size=30)
    c.check_in_all()
    case_id = resolution(env, c, closed_motion(env, c, agree=20), due="2026-12-04")
    view = services.case_view(env, Actor(c.works_handler), case_id)
    services.fire(env, Actor(c.works_handler), case_id, "report", {"report": "生产部已完成。"},
                  expected_version=view.version)
    clock.set(sh(2026, 12, 5, 9))  # the deadline (end of Friday 4 December) has passed; the reminders too
    assert "fired" in sweep(env)
    assert state(env, case_id) == "implementing"
    with env.db.engine.connect() as conn:
        supervision = conn.execute(sa.select(tasks_t).where(tasks_t.c.case_id == case_id, tasks_t.c.status == "open",
                                                            tasks_t.c.kind == "supervision")).all()
    assert [(t.role, t.organisation_id) for t in supervision] == [("union_office", c.union)]
    overdue = sent(env, "resolution_overdue", case_id)
    assert {(n.role, n.organisation_id) for n in overdue} == {("handler", c.works), ("handler", c.hr)}
