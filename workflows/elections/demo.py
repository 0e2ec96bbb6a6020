"""The demo's committee terms and election: the demo union elected two years ago for five years; of the district's
member unions 金鼎建材 is months past its term, with its election plan awaiting the district federation's approval,
湖塘物流's term runs out within six months, the others are well within. Each term is watched, its reminders sent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.store.models import Timer
from engine.time import deadlines
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.elections.committee import add_months, add_years, record_term
from workflows.elections.terms import ELECTION, TERM
from workflows.elections.watch import open_watches

if TYPE_CHECKING:
    from workflows.demo import People

# key → (elected how many months before today, term in years); "union" is the demo's own union.
TERMS = {
    "union": (24, 5),
    "hengda": (14, 5),
    "xinyang": (20, 3),
    "mingyuan": (7, 5),
    "jinding": (40, 3),  # ran out four months ago: its election is under way
    "hutang": (56, 5),  # runs out in four months: the six-month reminder has gone out
}
APPROVED_AFTER = timedelta(days=18)  # the higher union's approval came some weeks after the election
IN_PROGRESS = "jinding"
PLAN_TITLE = "第四届工会委员会换届选举"
CANDIDATES = ("尤振宇", "万桂兰", "蒋志刚", "沈丽华", "韩建军", "杨秀梅", "朱卫东")


def terms(env: services.Env, p: People, today: date) -> dict[str, int]:
    """Record each union's running term (and the one before it for the demo union); key → term id."""
    made: dict[str, int] = {}
    unions = {"union": p.union, **p.federation.unions}
    for key, (months, years) in TERMS.items():
        elected = add_months(today, -months)
        if key == "union":  # the committee before it, elected five years before and ended by this election
            before = add_years(elected, -5)
            record_term(env, p.union, before, 5, approved_on=before + APPROVED_AFTER)
        made[key] = record_term(env, unions[key], elected, years, approved_on=elected + APPROVED_AFTER)
    return made


def load(env: services.Env, clock: FixedClock, p: People, now: datetime) -> int:
    """The election plan 金鼎建材 sent up three days ago, then every term watched as of now; the election's id."""
    today = now.astimezone(TZ).date()
    clock.set(datetime.combine(today - timedelta(days=3), time(10), TZ))
    office = Actor(p.federation.offices[IN_PROGRESS])
    case_id = services.start_case(env, office, ELECTION, p.federation.unions[IN_PROGRESS], PLAN_TITLE, {
        "term_years": 3, "committee_size": 5, "candidates": "\n".join(CANDIDATES),
        "election_date": (today + timedelta(days=24)).isoformat(), "no_relatives": True,
        "plan_note": "经公司党支部同意，拟于会员代表大会上差额选举产生第四届工会委员会委员 5 名，"
                     "主席、副主席由新一届委员会第一次全体会议选举产生。"}).case_id
    clock.set(clock.now() + timedelta(hours=2))
    version = services.case_view(env, office, case_id).version
    services.fire(env, office, case_id, "submit_plan", expected_version=version)
    clock.set(now)
    open_watches(env)
    _sweep_own(env)
    return case_id


def _sweep_own(env: services.Env) -> None:
    """Fire the watches' deadlines that have passed by now, leaving the other workflows' to the scheduler; a
    deadline fired may start the next, so until none is left."""
    timers = Timer.__table__
    own = {case.id for batch in services.case_batches(env, SYSTEM_ACTOR, workflow=TERM) for case in batch}
    while True:
        due = set(deadlines.due_timers(env, limit=10000))
        with env.db.read() as conn:
            mine = sorted(t for (t, c) in conn.execute(sa.select(timers.c.id, timers.c.case_id).where(
                timers.c.status == "pending")) if t in due and c in own)
        if not mine:
            return
        for timer_id in mine:
            deadlines.fire_timer(env, timer_id)
