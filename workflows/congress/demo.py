"""The demo's congress: term 5's roster imported from a generated CSV file, the second session held earlier in the
year (documents confirmed, check-in, three secret ballots, results, a resolution followed up), and the third
session prepared, its documents to go out once its proposal collection closes. Every step goes through the
services people use, on the demo's clock."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import cycle
from typing import TYPE_CHECKING, Any

from engine import services
from engine.scheduler import process as scheduler
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.congress import services as congress
from workflows.proposals import demo as data

if TYPE_CHECKING:
    from workflows.demo import People

HELD_DAYS_AGO = 63  # the second session opened about nine weeks before now
UPCOMING_COLLECTION_DAYS_AGO = 45  # the third session's proposals are collected from about six weeks ago
CATEGORY_WORDS = {"worker": "一线职工", "technical": "技术人员", "manager": "中层及以上管理人员"}
PAPER_BOX = "纸质票箱"


@dataclass
class Held:
    """What the congress part of the demo made."""

    term: int = 0
    roster: list[int] = field(default_factory=list)
    earlier: int = 0  # the session held and closed
    earlier_case: int = 0
    items: list[int] = field(default_factory=list)
    resolution: int = 0
    upcoming_case: int = 0


def workday(env: services.Env, day: date, step: int) -> date:
    """``day`` if it is a weekday people work, else the next (``step`` 1) or previous (-1) one."""
    while day.weekday() >= 5 or not env.calendar.is_workday(day)[0]:
        day += timedelta(days=step)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def opening_day(env: services.Env, today: date) -> date:
    return workday(env, today - timedelta(days=HELD_DAYS_AGO), 1)


def receipts(env: services.Env, session_id: int, who: list[int], delivered: datetime
             ) -> list[tuple[datetime, Callable[[], None]]]:
    """Steps for a plan: each of ``who`` confirms receiving the session's documents, one every seven minutes from
    an hour after they went out."""
    return [(delivered + timedelta(hours=1, minutes=7 * n),
             partial(congress.confirm_documents, env, services.Actor(user_id), session_id))
            for n, user_id in enumerate(who)]


def create_upcoming(env: services.Env, p: People, today: date) -> int:
    """The third session, added once the second was held: proposals are collected until two weeks from now,
    and it opens ten days after that, so its documents can go out after the collection closes and still seven
    days (local practice) before it opens."""
    return congress.create_congress_session(
        env, p.union, term=data.TERM, number=data.NUMBER, name=data.SESSION_NAME, collection_opens=today - timedelta(
            days=UPCOMING_COLLECTION_DAYS_AGO), collection_closes=today + timedelta(days=14),
        opens_on=today + timedelta(days=24))


def roster_file(p: People, rng: random.Random) -> bytes:
    """Forty representatives as the union office's spreadsheet has them: Chinese headers, saved as GBK by Excel.
    The demo representative and the committee member are on it; 17 women (of 320 among 800 staff), 6 managers."""
    def woman(user_id: int) -> bool:
        return user_id == p.committee or p.names[user_id][0][1:] in data.WOMEN_GIVEN

    others = [u for u in p.representatives if u not in (p.demo_rep, p.committee)]
    rng.shuffle(others)
    chosen = [u for u in others if woman(u)][:16] + [u for u in others if not woman(u)][:22]
    rng.shuffle(chosen)
    categories = ["manager"] * 6 + ["technical"] * 10 + ["worker"] * (len(chosen) - 16)
    placed = [(p.demo_rep, "worker", "production"), (p.committee, "technical", "engineering")]
    pools = {"worker": cycle(data.WORKER_DEPARTMENTS), "technical": cycle(data.TECHNICAL_DEPARTMENTS),
             "manager": cycle(data.MANAGER_DEPARTMENTS)}
    placed += [(user_id, category, next(pools[category]))
               for user_id, category in zip(chosen, categories, strict=True)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["工号", "姓名", "邮箱", "代表团", "类别", "性别", "部门"])
    for user_id, category, department in placed:
        name, username = p.names[user_id]
        writer.writerow([username, name, f"{username}@hdjm.example.com", data.DELEGATIONS[department],
                         CATEGORY_WORDS[category], "女" if woman(user_id) else "男", data.DEPARTMENTS[department]])
    return out.getvalue().encode("gbk")


def set_up_term(env: services.Env, p: People, rng: random.Random) -> Held:
    """The term with its staff figures and its roster (the union office imports the file)."""
    held = Held()
    held.term = congress.ensure_term(env, p.union, data.TERM, staff_count=data.STAFF,
                                     women_staff_count=data.WOMEN_STAFF)
    congress.import_roster(env, held.term, roster_file(p, rng))
    held.roster = [r.user_id for r in congress.list_roster(env, held.term)]
    return held


class CongressSessionDriver:
    """Drives one session's case and ballots on the demo's clock."""

    def __init__(self, env: services.Env, clock: FixedClock, p: People, rng: random.Random, held: Held) -> None:
        self.env, self.clock, self.p, self.rng, self.held = env, clock, p, rng, held
        self.office, self.chair = services.Actor(p.office), services.Actor(p.chair)

    def fire(self, actor: services.Actor, case_id: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        services.fire(self.env, actor, case_id, trigger, form)

    def confirm(self, session_id: int, who: list[int], start: datetime, end: datetime) -> None:
        span = max(int((end - start).total_seconds()), len(who))
        for second, user_id in zip(sorted(self.rng.sample(range(span), len(who))), who, strict=True):
            self.clock.set(start + timedelta(seconds=second))
            congress.confirm_documents(self.env, services.Actor(user_id), session_id)

    def ballot(self, item: int, at: datetime, voters: list[int], paper: list[int], choose: Any,
               paper_counts: dict[str, int]) -> None:
        """Open the item, take the online votes and the paper voters, the two tellers' counts, and close."""
        env = self.env
        self.clock.set(at)
        congress.open_item(env, self.chair, item)
        for user_id in voters:
            congress.vote(env, services.Actor(user_id), item, choose())
        congress.record_paper_voters(env, self.office, item, paper)
        self.clock.set(at + timedelta(minutes=15))
        for teller in self.p.tellers:
            congress.enter_tally(env, services.Actor(teller), item, PAPER_BOX, paper_counts)
        self.clock.set(at + timedelta(minutes=20))
        congress.close_item(env, self.chair, item)


def hold_earlier_session(env: services.Env, clock: FixedClock, p: People, rng: random.Random, held: Held,
                         today: date) -> None:
    """The second session of the term, from its planning to its close, and the resolution it passed."""
    session = EarlierSession(env, clock, p, rng, held, today)
    # The stages draw from ``rng`` in this order: reordering them would change the demo's data.
    session.plan()
    late = session.deliver_documents()
    present, paper, online = session.open_and_check_in(late)
    session.vote(online, paper)
    session.close(len(present))


class EarlierSession:
    """The second session of the term, one method per stage, on the demo's clock."""

    def __init__(self, env: services.Env, clock: FixedClock, p: People, rng: random.Random, held: Held,
                 today: date) -> None:
        self.env, self.clock, self.p, self.rng, self.held, self.today = env, clock, p, rng, held, today
        self.run = CongressSessionDriver(env, clock, p, rng, held)
        self.opens = opening_day(env, today)
        self.year = self.opens.year
        self.case = 0

    def plan(self) -> None:
        """The session with its collection window, its case, and its three items (a motion, an election, an
        evaluation of managers)."""
        env, clock, p, held, opens, office = self.env, self.clock, self.p, self.held, self.opens, self.run.office
        held.earlier = congress.create_congress_session(
            env, p.union, term=data.TERM, number=data.EARLIER_NUMBER, name=data.EARLIER_NAME,
            collection_opens=opens - timedelta(days=45), collection_closes=opens - timedelta(days=21),
            opens_on=opens)
        planned = workday(env, opens - timedelta(days=20), -1)
        clock.set(_at(planned, 9, 30))
        self.case = held.earlier_case = services.start_case(env, office, "congress", p.union, data.EARLIER_NAME,
                                                            {"session_id": held.earlier}).case_id
        clock.set(_at(planned, 10, 10))
        candidates = [p.names[u][0] for u in self.rng.sample(self._others(), 3)]
        held.items = [
            congress.add_item(env, office, held.earlier, kind="motion", title=data.MOTION.format(year=self.year),
                              description=data.MOTION_TEXT, reserved=True),
            # Electing the staff director (职工董事) is a matter for the full congress (《公司法》 art. 68 and 120).
            congress.add_item(env, office, held.earlier, kind="election", title=data.ELECTION,
                              description=data.ELECTION_TEXT, candidates=candidates, max_choices=1, reserved=True),
            congress.add_item(env, office, held.earlier, kind="evaluation", title=data.EVALUATION,
                              description=data.EVALUATION_TEXT, managers=data.MANAGERS),
        ]

    def _others(self) -> list[int]:
        """The roster without the demo representative and the committee member, whose parts are fixed."""
        return [u for u in self.held.roster if u not in (self.p.demo_rep, self.p.committee)]

    def deliver_documents(self) -> list[int]:
        """The documents go out; returns the five who confirm late (all but the first after the reminder)."""
        clock, held, run = self.clock, self.held, self.run
        delivered = _at(workday(self.env, self.opens - timedelta(days=10), -1), 10)
        clock.set(delivered)
        run.fire(run.office, self.case, "deliver_documents", {"agenda": data.EARLIER_AGENDA.format(year=self.year)})
        # Most confirm within two days; the deadline sweep reminds the others, and all but one confirm then.
        late = self.rng.sample(self._others(), 5)
        run.confirm(held.earlier, [u for u in held.roster if u not in late], delivered + timedelta(minutes=5),
                    delivered + timedelta(days=2))
        clock.set(_at(self.opens - timedelta(days=5), 9))
        scheduler.sweep(self.env)
        run.confirm(held.earlier, late[1:], clock.now() + timedelta(minutes=20), clock.now() + timedelta(hours=8))
        return late

    def open_and_check_in(self, late: list[int]) -> tuple[list[int], list[int], list[int]]:
        """The chair opens the session and people check in; returns who is present, on paper, and online."""
        clock, rng, held, opens, run = self.clock, self.rng, self.held, self.opens, self.run
        clock.set(_at(opens, 8, 30))
        run.fire(run.chair, self.case, "open_session")
        absent = rng.sample(late, 3)  # away on the day
        present = [u for u in held.roster if u not in absent]
        # No phone with them: they sign and vote on paper.
        paper = rng.sample([u for u in present if u != self.p.demo_rep], 2)
        online = [u for u in present if u not in paper]
        # Check-in: most on their phones as they arrive, the two on the paper list the union office enters.
        arriving = rng.sample(online, len(online))
        for second, user_id in zip(sorted(rng.sample(range(28 * 60), len(online))), arriving, strict=True):
            clock.set(_at(opens, 8, 31) + timedelta(seconds=second))
            congress.check_in(self.env, services.Actor(user_id), held.earlier)
        clock.set(_at(opens, 9, 0))
        congress.check_in(self.env, run.office, held.earlier, paper)
        return present, paper, online

    def vote(self, online: list[int], paper: list[int]) -> None:
        """The three secret ballots, online and on paper."""
        rng, items, opens = self.rng, self.held.items, self.opens

        def motion() -> str:
            return rng.choices(("agree", "disagree", "abstain"), (86, 6, 8))[0]

        def election() -> list[int]:
            return rng.choices(([0], [1], [2], []), (78, 13, 7, 2))[0]

        def evaluation() -> list[str]:
            return [rng.choices(("competent", "basically_competent", "incompetent"), weights)[0]
                    for weights in ((82, 15, 3), (70, 24, 6), (78, 18, 4))]

        def some(voters: list[int]) -> list[int]:  # in no particular order; one or two step out during an item
            return [u for u in rng.sample(voters, len(voters)) if u == self.p.demo_rep or rng.random() > 0.04]

        self.run.ballot(items[0], _at(opens, 9, 30), some(online), paper, motion,
                        {"ballots": 2, "invalid": 0, "agree": 2, "disagree": 0, "abstain": 0})
        self.run.ballot(items[1], _at(opens, 10, 15), some(online), paper, election,
                        {"ballots": 2, "invalid": 0, "c0": 1, "c1": 1, "c2": 0})
        self.run.ballot(items[2], _at(opens, 11, 0), some(online), paper, evaluation,
                        {"ballots": 2, "invalid": 0, "m0:competent": 2, "m1:competent": 1,
                         "m1:basically_competent": 1, "m2:competent": 2})

    def close(self, present: int) -> None:
        """Results published, the session closed, and the resolution on the motion started."""
        env, clock, p, held, opens, run = self.env, self.clock, self.p, self.held, self.opens, self.run
        clock.set(_at(opens, 11, 40))
        run.fire(run.chair, self.case, "publish_results")
        clock.set(_at(workday(env, opens + timedelta(days=1), 1), 10))
        run.fire(run.office, self.case, "close", {"summary": data.EARLIER_SUMMARY.format(eligible=len(held.roster),
                                                                                       present=present)})
        clock.set(_at(workday(env, opens + timedelta(days=6), 1), 14))
        form = {"item_id": held.items[0], "departments": [p.departments["hr"], p.departments["finance"]],
                "due_date": (self.today + timedelta(days=21)).isoformat(), "measures": data.RESOLUTION_MEASURES}
        held.resolution = services.start_case(env, run.office, "resolution", p.union,
                                              data.RESOLUTION.format(year=self.year), form).case_id


def prepare_upcoming(env: services.Env, clock: FixedClock, p: People, rng: random.Random, held: Held,
                     start: datetime, now: datetime) -> None:
    """The human resources department reports on the resolution; the third session's case is started and its
    matters put on its ballot. Its documents wait: the agenda reports on the proposals, whose collection is
    still open."""
    run = CongressSessionDriver(env, clock, p, rng, held)
    clock.set(start)
    run.fire(services.Actor(p.handlers["hr"]), held.resolution, "report", {"report": data.RESOLUTION_REPORT})
    clock.set(start + timedelta(minutes=30))
    held.upcoming_case = services.start_case(env, run.office, "congress", p.union, data.SESSION_NAME,
                                             {"session_id": p.session}).case_id
    for title, text in data.UPCOMING_ITEMS:
        congress.add_item(env, run.office, p.session, kind="motion", title=title, description=text, reserved=True)
