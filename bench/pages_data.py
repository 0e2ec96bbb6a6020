"""The bench's data: the demo's union set up through the services, the template proposals driven through the
workflow on a moving clock, and the copies that grow the database to each size in SQL (see ``pages.py``)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core import rollups, terms
from engine.core.env import Env
from engine.scheduler.process import sweep
from engine.store.models import Case, CaseReader, Counter, Event, Task, Timer
from engine.store.rollup_tables import RollupEntry
from engine.store.term_tables import CaseTerm
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.congress import services as congress
from workflows.proposals import demo as data
from workflows.proposals.demo_driver import steps_to

NOW = datetime(2026, 11, 23, 10, tzinfo=TZ)  # a Monday morning in Shanghai
SPAN_DAYS = 42  # the templates' history spans the six weeks before NOW
SEED = 20261123
PASSWORD = "bench-pages-42"
REPRESENTATIVES = 120
ROUNDS = 4  # the demo's sixty plans, driven this many times: the templates
PLACES = ("一车间", "二车间", "三车间", "四车间", "装配车间", "铸造车间", "冲压车间", "热处理车间", "机加工车间",
          "喷涂车间", "质检班", "设备班", "仓储班", "后勤班", "研发一室", "研发二室", "动力站", "食堂班组")
# Days between one step of a proposal and the next, as (fewest, most).
GAPS = {"start": (0, 0), "invite": (0, 2), "co_sign": (0, 2), "return": (2, 4), "resubmit": (1, 3),
        "withdraw": (1, 3), "accept": (2, 5), "reject": (2, 5), "convert": (2, 5), "merge": (1, 3),
        "endorse": (1, 3), "assign": (1, 3), "co_opinion": (2, 6), "request_extension": (3, 8),
        "grant_extension": (1, 2), "answer": (5, 12), "rate": (1, 4), "answer_suggestion": (4, 10),
        "close_after_review": (2, 4), "supervise": (12, 16), "rate_suggestion": (1, 4)}


# -- the union -------------------------------------------------------------------------------------------------
@dataclass
class Union:
    """The demo's union, its people (ids) and the session its proposals are collected for."""

    union: int = 0
    session: int = 0
    departments: dict[str, int] = field(default_factory=dict)
    handlers: dict[str, int] = field(default_factory=dict)
    representatives: list[int] = field(default_factory=list)
    committee: int = 0
    leader: int = 0
    office: int = 0


def set_up(env: Env) -> Union:
    s, u = services, Union()
    federation = s.create_organisation(env, data.FEDERATION, "federation")
    u.union = s.create_organisation(env, data.UNION, "union", federation)
    for key, name in data.DEPARTMENTS.items():
        u.departments[key] = s.create_organisation(env, name, "department", u.union)

    def person(name: str, username: str, password: bool = False) -> int:
        user_id = s.create_user(env, username, name, email=f"{username}@hdjm.example.com")
        if password:
            s.set_password(env, user_id, PASSWORD)
        return user_id

    u.committee = person(*data.COMMITTEE, password=True)
    u.leader = person(*data.LEADER)
    u.office = person(*data.OFFICE)
    for key, (name, username) in data.HANDLERS.items():
        u.handlers[key] = person(name, username, password=key == data.DEMO_HANDLER)
        s.grant_role(env, u.handlers[key], u.departments[key], "handler")
    u.representatives = [u.committee] + [person(f"代表{i:03d}", f"rep{i:03d}") for i in range(REPRESENTATIVES - 1)]
    for user_id in u.representatives:
        s.grant_role(env, user_id, u.union, "representative")
    s.grant_role(env, u.committee, u.union, "proposal_committee")
    s.grant_role(env, u.leader, u.union, "leader")
    s.grant_role(env, u.office, u.union, "union_office")
    # The term's roster (代表名册): only the representatives on it propose and co-sign for the session.
    term = congress.ensure_term(env, u.union, data.TERM)
    usernames = [data.COMMITTEE[1]] + [f"rep{i:03d}" for i in range(REPRESENTATIVES - 1)]
    names = [data.COMMITTEE[0]] + [f"代表{i:03d}" for i in range(REPRESENTATIVES - 1)]
    congress.import_roster(env, term, ("username,name,email,delegation,category,sex,department\n" + "".join(
        f"{user},{name},,第1代表团,worker,{'f' if n % 2 else 'm'},生产制造部\n"
        for n, (user, name) in enumerate(zip(usernames, names, strict=True)))).encode())
    today = NOW.astimezone(TZ).date()
    u.session = congress.create_congress_session(
        env, u.union, term=data.TERM, number=data.NUMBER, name=data.SESSION_NAME,
        collection_opens=today - timedelta(days=SPAN_DAYS + 3), collection_closes=today + timedelta(days=14),
        opens_on=today + timedelta(days=24))
    return u


# -- the templates: real proposals driven through the workflow -----------------------------------------------
@dataclass
class Template:
    proposal: data.P
    title: str
    proposer: int
    invited: list[int]
    steps: list[str]
    main: Template | None = None  # merged: the proposal it joins
    times: list[datetime] = field(default_factory=list)
    id: int = 0
    due: date | None = None


@dataclass(frozen=True)
class Step:
    """One planned step about to be taken: its template, its place in the plan, and what its method reads."""

    t: Template
    index: int
    variant: str  # after the ``:`` in the step's name: the answer's classification or the rating wanted
    today: date
    lead_key: str  # the proposal's lead department
    co_key: str  # its co-operating department, if any


class Driver:
    """Plans ``ROUNDS`` times the demo's proposals and runs every step in time order on a moving clock."""

    def __init__(self, env: Env, clock: FixedClock, u: Union, rounds: int) -> None:
        self.env, self.clock, self.u, self.rng = env, clock, u, random.Random(SEED)
        self.base = NOW - timedelta(days=SPAN_DAYS)
        self.templates: list[Template] = []
        self.actions = 0
        others = u.representatives[1:]
        for r in range(rounds):
            by_title: dict[str, Template] = {}
            for proposal in data.PROPOSALS:
                proposer = self.rng.choice(others)
                invited = self.rng.sample([x for x in others if x != proposer], self.rng.choice((2, 3)))
                title = proposal.title if r == 0 else f"{proposal.title}（{PLACES[(r * 7 + len(by_title)) % 18]}）"
                t = Template(proposal, title, proposer, invited, steps_to(proposal.plan),
                             main=by_title.get(proposal.into))
                self._times(t)
                by_title[proposal.title] = t
                self.templates.append(t)

    def _times(self, t: Template) -> None:
        gaps = [self.rng.randint(*GAPS[s.split(":")[0]]) for s in t.steps]
        last = SPAN_DAYS - 2
        if sum(gaps) > last:
            gaps = [g * last // sum(gaps) for g in gaps]
        day = self.rng.randint(0, 3) if "overdue" in t.proposal.plan else self.rng.randint(0, last - sum(gaps))
        moment = self.base
        for step, gap in zip(t.steps, gaps, strict=True):
            day += gap
            if step == "merge" and t.main is not None:  # only into a proposal already accepted
                accepted = t.main.times[t.main.steps.index("accept")]
                day = max(day, (accepted - self.base).days + 1)
            at = self.base + timedelta(days=day, hours=8.5 + self.rng.random() * 8)
            moment = max(at, moment + timedelta(minutes=self.rng.randint(5, 90)))
            t.times.append(moment)

    def run(self) -> list[int]:
        order = sorted((at, n, i) for n, t in enumerate(self.templates) for i, at in enumerate(t.times))
        for at, n, i in order:
            self.clock.set(at)
            self._step(self.templates[n], i, at)
            self.actions += 1
        self.clock.set(NOW)
        sweep(self.env)  # what came due: reminders, overdue handling (the committee supervises)
        return sorted(t.id for t in self.templates)

    def _fire(self, t: Template, who: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        services.fire(self.env, services.Actor(who), t.id, trigger, form)

    def _step(self, t: Template, index: int, at: datetime) -> None:
        """Take the ``index``-th planned step of ``t`` by the method the step's name picks."""
        name, _, variant = t.steps[index].partition(":")
        lead_key, _, co_key = t.proposal.departments.partition("/")
        take = STEPS.get(name)
        if take is None:
            raise AssertionError(f"unknown step {name!r}")
        take(self, Step(t, index, variant, at.astimezone(TZ).date(), lead_key, co_key))

    def _start(self, s: Step) -> None:
        u, t, prop = self.u, s.t, s.t.proposal
        form = {"session_id": u.session, "category": prop.category, "reasons": prop.reasons,
                "measures": prop.measures, "suggested_department": u.departments[s.lead_key]}
        t.id = services.start_case(self.env, services.Actor(t.proposer), "proposal", u.union, t.title,
                                   form).case_id

    def _invite(self, s: Step) -> None:
        self._fire(s.t, s.t.proposer, "invite", {"co_signers_invited": s.t.invited})

    def _co_sign(self, s: Step) -> None:
        """By the next invited representative: as many have co-signed as ``co_sign`` steps came before."""
        t = s.t
        self._fire(t, t.invited[t.steps[:s.index].count("co_sign")], "co_sign")

    def _return(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "return_for_revision", {"reason": data.RETURN_REASONS[1]})

    def _resubmit(self, s: Step) -> None:
        t, prop = s.t, s.t.proposal
        self._fire(t, t.proposer, "resubmit", {
            "title": t.title, "category": prop.category, "reasons": f"{prop.reasons}\n{data.REVISED}",
            "measures": prop.measures, "suggested_department": self.u.departments[s.lead_key]})

    def _withdraw(self, s: Step) -> None:
        self._fire(s.t, s.t.proposer, "withdraw")

    def _accept(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "accept", {"comment": self.rng.choice(data.REVIEW_COMMENTS)})

    def _reject(self, s: Step) -> None:
        reason = data.REJECT_REASONS.get(s.t.proposal.title, "不予立案。")
        self._fire(s.t, self.u.committee, "reject", {"reason": reason})

    def _convert(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "convert_to_suggestion", {"department": self.u.departments[s.lead_key],
                                                                      "reason": data.SUGGESTION_REASON})

    def _answer_suggestion(self, s: Step) -> None:
        answer = data.SUGGESTION_ANSWER.format(dept=data.DEPARTMENTS[s.lead_key], measures=s.t.proposal.measures)
        self._fire(s.t, self.u.handlers[s.lead_key], "answer_suggestion", {"answer": answer})

    def _merge(self, s: Step) -> None:
        assert s.t.main is not None
        self._fire(s.t, self.u.committee, "merge", {"main_case": s.t.main.id, "comment": data.MERGE_COMMENT})

    def _endorse(self, s: Step) -> None:
        instruction = self.rng.choice(data.INSTRUCTIONS).format(dept=data.DEPARTMENTS[s.lead_key])
        self._fire(s.t, self.u.leader, "endorse", {"instruction": instruction})

    def _assign(self, s: Step) -> None:
        u, t = self.u, s.t
        t.due = s.today + timedelta(days=self.rng.randint(6, 9) if "overdue" in t.proposal.plan else 30)
        form = {"lead_department": u.departments[s.lead_key], "due_date": t.due.isoformat()}
        if s.co_key:
            form["co_departments"] = [u.departments[s.co_key]]
        self._fire(t, u.committee, "assign", form)

    def _co_opinion(self, s: Step) -> None:
        self._fire(s.t, self.u.handlers[s.co_key], "co_opinion", {"opinion": self.rng.choice(data.CO_OPINIONS)})

    def _request_extension(self, s: Step) -> None:
        new_due = max(s.t.due or s.today, s.today) + timedelta(days=20)
        self._fire(s.t, self.u.handlers[s.lead_key], "request_extension", {"new_due_date": new_due.isoformat(),
                                                                             "reason": data.EXTENSION_REASON})

    def _grant_extension(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "grant_extension")

    def _answer(self, s: Step) -> None:
        prop, dept = s.t.proposal, data.DEPARTMENTS[s.lead_key]
        kind = s.variant or ("in_plan" if self.rng.random() < 0.4 else "solved")
        form = {"classification": kind, "answer": data.ANSWERS[kind].format(dept=dept, measures=prop.measures)}
        if kind == "not_now":
            form["reason_not_now"] = data.REASON_NOT_NOW
        else:
            form["measures_taken"] = prop.measures
        self._fire(s.t, self.u.handlers[s.lead_key], "answer", form)

    def _rate(self, s: Step) -> None:
        result = s.variant or self.rng.choice(("satisfied", "satisfied", "basically_satisfied"))
        form = {"attitude": self.rng.choice(("satisfied", "basically_satisfied")), "result": result}
        if result == "unsatisfied":
            form["rating_comment"] = data.UNSATISFIED
        self._fire(s.t, s.t.proposer, "rate", form)

    def _rate_suggestion(self, s: Step) -> None:
        self._fire(s.t, s.t.proposer, "rate_suggestion", {"attitude": "satisfied", "result": "satisfied"})

    def _close_after_review(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "close_after_review", {"comment": data.COMMITTEE_CLOSE})

    def _supervise(self, s: Step) -> None:
        self._fire(s.t, self.u.committee, "supervise", {"supervision_note": data.SUPERVISION_NOTE})


# Each planned step's name (before any ``:variant``) → the driver method that takes it.
STEPS: dict[str, Callable[[Driver, Step], None]] = {
    "start": Driver._start, "invite": Driver._invite, "co_sign": Driver._co_sign, "return": Driver._return,
    "resubmit": Driver._resubmit, "withdraw": Driver._withdraw, "accept": Driver._accept, "reject": Driver._reject,
    "convert": Driver._convert, "answer_suggestion": Driver._answer_suggestion, "merge": Driver._merge,
    "endorse": Driver._endorse, "assign": Driver._assign, "co_opinion": Driver._co_opinion,
    "request_extension": Driver._request_extension, "grant_extension": Driver._grant_extension,
    "answer": Driver._answer, "rate": Driver._rate, "close_after_review": Driver._close_after_review,
    "supervise": Driver._supervise, "rate_suggestion": Driver._rate_suggestion,
}


# -- the copies --------------------------------------------------------------------------------------------------
def grow(env: Env, session: int, template_ids: list[int], total: int) -> None:
    """Copy the templates until the session has ``total`` proposals: cases in Python (new ids, varied titles,
    new numbers, merged ones following their generation's copy of the main proposal), then their history
    entries, tasks, timers, readers and rollup entries by INSERT ... SELECT with the case id shifted, and their
    search terms as the engine makes them (a copy's title differs from its template's); the rollups' counts are
    then rebuilt from the entries, as the engine rebuilds them."""
    cases, events, tasks, timers, counters, readers = (Case.__table__, Event.__table__, Task.__table__,
                                                       Timer.__table__, Counter.__table__, CaseReader.__table__)
    lo, hi = template_ids[0], template_ids[-1]
    if hi - lo + 1 != len(template_ids):
        raise SystemExit("the template proposals' ids are not contiguous: copying by id offset would miss some")
    counter = f"proposal:session:{session}"
    with env.db.write() as conn:
        templates = [r._asdict() for r in conn.execute(sa.select(cases).where(cases.c.id.between(lo, hi))
                                                        .order_by(cases.c.id))]
        have = conn.execute(sa.select(sa.func.count()).select_from(cases)
                            .where(cases.c.workflow == "proposal")).scalar_one()
        next_id = conn.execute(sa.select(sa.func.max(cases.c.id))).scalar_one() + 1
        number = conn.execute(sa.select(counters.c.value).where(counters.c.name == counter)).scalar_one()
        generation = have // len(templates)
        while have < total:
            k = min(len(templates), total - have)
            offset = next_id - lo

            def shifted(case_id: int | None, k: int = k, offset: int = offset) -> int | None:
                # a case this generation copies moves with it; one it does not (yet) stays the template's
                return case_id + offset if case_id is not None and lo <= case_id < lo + k else case_id

            rows = []
            for i, row in enumerate(templates[:k]):
                copy = dict(row)
                copy["id"] = row["id"] + offset
                base = re.sub(r"（[^（）]*）$", "", row["title"])
                copy["title"] = f"{base}（{PLACES[(generation + i) % len(PLACES)]}·第{generation}批）"
                copy["follows_id"] = shifted(row["follows_id"])
                copy["data"] = dict(row["data"])
                if "number" in copy["data"]:
                    number += 1
                    copy["data"]["number"] = number
                if "main_case" in copy["data"]:
                    copy["data"]["main_case"] = shifted(copy["data"]["main_case"])
                rows.append(copy)
            rows.sort(key=lambda r: r["follows_id"] is not None)  # a merged proposal after the one it joins
            conn.execute(cases.insert(), rows)
            for table in (events, tasks, timers, readers):  # a copy is read by whom its template is
                columns = [c for c in table.c if c.name != "id"]
                conn.execute(table.insert().from_select(
                    [c.name for c in columns],
                    sa.select(*[(c + offset).label("case_id") if c.name == "case_id" else c for c in columns])
                    .where(table.c.case_id.between(lo, lo + k - 1)).order_by(table.c.id)))
            entries = RollupEntry.__table__  # where each copy is counted: where its template is
            conn.execute(entries.insert().from_select(
                [c.name for c in entries.c],
                sa.select(*[(c + offset).label("case_id") if c.name == "case_id" else c for c in entries.c])
                .where(entries.c.case_id.between(lo, lo + k - 1))))
            _copy_terms(env, conn, rows)
            have, next_id, generation = have + k, next_id + k, generation + 1
        conn.execute(counters.update().where(counters.c.name == counter).values(value=number))
        if not env.db.sqlite:
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))")
    rollups.recount(env)
    if not env.db.sqlite:
        with env.db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


def _copy_terms(env: Env, conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """The copies' search terms, from their titles, texts and keys by the engine's own rule (COPY on PostgreSQL)."""
    found = sorted((term, row["id"]) for row in rows for term in terms.of(terms.source(
        env.registry.get(row["workflow"], row["spec_version"]).spec, row["title"], row["data"])))
    if env.db.sqlite:
        conn.exec_driver_sql("INSERT INTO case_terms (term, case_id) VALUES (?, ?)", found)
        return
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f"COPY {CaseTerm.__tablename__} (term, case_id) FROM STDIN") as copy:
            for item in found:
                copy.write_row(item)
