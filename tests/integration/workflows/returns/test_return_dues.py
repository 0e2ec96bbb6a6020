"""A statistical return on both backends: one per union and year kept by the database (a second start refused
with the check's own error, also when two starts race past the check), the day it is due from ``[return] due``,
the union office's task due then with reminders before, the federation above told and supervising once it has
passed, nothing more once accepted; the sweep that opens each union's return of the year just ended."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.scheduler.process import sweep
from engine.store.models import Case, Notification, Timer
from engine.time.calendar import TZ
from support.acting import act
from workflows import register_all
from workflows.returns import rules
from workflows.returns import services as returns
from workflows.returns.opening import open_returns
from workflows.returns.terms import DUE_POLICY

YEAR = 2026  # the fixture's clock stands on 23 November 2026
ONE_A_YEAR = "本单位 2026 年度的统计报表已经建立。"


class Tree:
    """A district federation with its staff, two unions with their offices, and a union with no federation."""

    def __init__(self, env: services.Env) -> None:
        s = services
        self.district = s.create_organisation(env, "武进区总工会", "federation")
        self.unions = [s.create_organisation(env, name, "union", self.district)
                       for name in ("甲公司工会", "乙公司工会")]
        self.alone = s.create_organisation(env, "丙公司工会", "union")
        self.offices = []
        for n, union in enumerate([*self.unions, self.alone]):
            user = s.create_user(env, f"office{n}", f"办公室{n}")
            s.grant_role(env, user, union, "union_office")
            self.offices.append(user)
        self.staff = s.create_user(env, "staff", "顾明远")
        s.grant_role(env, self.staff, self.district, "federation_office")


@pytest.fixture
def tree(env):
    register_all(env.registry, Settings())
    return Tree(env)


def returns_of(env, union_id):
    c = Case.__table__.c
    with env.db.read() as conn:
        return conn.execute(sa.select(c.id).where(c.workflow == returns.NAME, c.organisation_id == union_id)
                            ).scalars().all()


def queued(env, kind):
    n = Notification.__table__.c
    with env.db.read() as conn:
        return {(r.role, r.organisation_id) for r in conn.execute(sa.select(n.role, n.organisation_id)
                                                                  .where(n.kind == kind))}


def at(clock, *when):
    clock.set(datetime(*when, tzinfo=TZ))


def test_the_database_refuses_a_second_return_of_a_year_with_the_checks_own_error(env, tree, monkeypatch):
    office, union = Actor(tree.offices[0]), tree.unions[0]
    first = returns.start_return(env, office, union, YEAR)
    monkeypatch.setattr(rules.ReturnsAccess, "exists", lambda self, union_id, year: False)  # the check passed by
    with pytest.raises(services.ValidationFailed) as refused:
        returns.start_return(env, office, union, YEAR)
    assert [m.zh for m in refused.value.errors["year"]] == [ONE_A_YEAR]
    assert returns_of(env, union) == [first]  # the refused start left nothing behind
    assert returns.start_return(env, office, union, YEAR - 1) != first  # another year is another return
    with pytest.raises(sa.exc.IntegrityError), env.db.write() as conn:
        conn.execute(sa.text("INSERT INTO return_years (union_id, year, case_id) VALUES (:u, :y, :c)"),
                     {"u": union, "y": YEAR, "c": first})


def test_two_starts_at_once_make_one_return_and_the_other_is_told_why(env, tree, backend, monkeypatch):
    """Both starts wait for each other inside the check, so on PostgreSQL both pass it and the database decides;
    SQLite runs one write at a time (BEGIN IMMEDIATE), so there the second sees the first and the check refuses."""
    office, union = Actor(tree.offices[0]), tree.unions[0]
    barrier, passed = threading.Barrier(2, timeout=3), []
    check = rules.ReturnsAccess.exists

    def racing_check(self, union_id, year):
        found = check(self, union_id, year)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # SQLite: the other start waits for this one's transaction
        passed.append(not found)
        return found

    monkeypatch.setattr(rules.ReturnsAccess, "exists", racing_check)
    started, refused, failures = [], [], []

    def start() -> None:
        try:
            started.append(returns.start_return(env, office, union, YEAR))
        except services.ValidationFailed as err:
            refused.append(err)
        except BaseException as err:  # noqa: BLE001 - reported below
            failures.append(err)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(started) == len(refused) == 1
    assert [m.en for m in refused[0].errors["year"]] == [f"This union's return for {YEAR} exists already."]
    assert returns_of(env, union) == started
    if backend == "postgresql":
        assert passed == [True, True]  # both passed the check: the unique row refused the second


def test_the_return_is_due_by_the_configured_day_reminded_and_escalated_until_accepted(env, clock, tree):
    env.registry.policies[DUE_POLICY] = Settings(**{"return": {"due": "02-15"}}).section("return").due
    office, staff, union = tree.offices[0], tree.staff, tree.unions[0]
    case_id = returns.start_return(env, Actor(office), union, YEAR)
    view = returns.return_view(env, Actor(office), case_id)
    assert (view.due, view.overdue, view.to_come) == (date(2027, 2, 15), False, True)
    (task,) = services.inbox(env, office).items
    assert task.case_id == case_id and task.due_at.astimezone(TZ).date() == date(2027, 2, 16)  # at 24:00 on the 15th
    at(clock, 2027, 2, 10, 10)
    sweep(env)
    assert queued(env, "reminder") == {("union_office", union)}
    assert queued(env, "return_overdue") == set()
    at(clock, 2027, 2, 16, 10)
    sweep(env)
    assert ("union_office", union) in queued(env, "overdue")
    assert queued(env, "return_overdue") == {("federation_office", tree.district)}  # the federation above is told
    assert [(t.case_id, t.overdue) for t in services.inbox(env, staff).items] == [(case_id, True)]
    assert returns.return_view(env, Actor(office), case_id).overdue
    act(env, office, case_id, "submit")  # late, but in: nothing more is due from the union
    assert not returns.return_view(env, Actor(office), case_id).overdue
    act(env, staff, case_id, "accept")
    t = Timer.__table__.c
    with env.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).where(t.case_id == case_id, t.status == "pending")).scalar() == 0
    assert services.inbox(env, office).items == [] and services.inbox(env, staff).items == []
    with pytest.raises(ValueError):
        Settings(**{"return": {"due": "02-29"}})  # not a day every year has
    with pytest.raises(ValueError):
        Settings(**{"return": {"due": "1-31"}})


def test_the_sweep_opens_each_unions_return_of_the_year_just_ended_until_it_is_due(env, clock, tree):
    assert open_returns in env.registry.sweeps.values()  # the scheduler runs it after the timers
    assert open_returns(env) == 0  # in November nothing is due yet
    own = returns.start_return(env, Actor(tree.offices[0]), tree.unions[0], YEAR)  # started early by the office
    at(clock, 2027, 1, 2, 8)
    services.create_organisation(env, "新成立工会", "union", tree.district)  # founded this year: no return of 2026
    assert open_returns(env) == 2 and open_returns(env) == 0
    assert returns_of(env, tree.unions[0]) == [own]
    (opened,) = returns_of(env, tree.unions[1])
    view = returns.return_view(env, Actor(tree.offices[1]), opened)
    assert (view.year, view.due, view.final) == (YEAR, date(2027, 1, 31), False)
    assert [t.case_id for t in services.inbox(env, tree.offices[1]).items] == [opened]
    assert len(returns_of(env, tree.alone)) == 1  # a union without a federation files too
    late = services.create_organisation(env, "丁公司工会", "union", tree.district)
    at(clock, 2027, 2, 1, 8)
    assert open_returns(env) == 0 and returns_of(env, late) == []  # past the due day nothing is opened
