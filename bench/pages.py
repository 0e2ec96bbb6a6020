"""How the read pages grow with the number of proposals: the median latency of each page at a small and a large
number of cases, and their ratio, measured in one run on SQLite and PostgreSQL.

Run: ``make bench`` or ``.venv/bin/python bench/pages.py [--json] [--small 1000] [--large 30000]``.

The union is set up as the demo's is (a federation, the union, eight departments with a handler each, 120
representatives, the proposal committee member, a leader, one congress session collecting proposals), through
``engine.services`` and the congress's services. A few hundred proposals (the demo's sixty plans, four times
over) are then driven through the proposal workflow by ``services.start_case`` / ``services.fire`` with the
people who would act, over six weeks of a moving clock, and the scheduler's sweep fires what came due (reminders,
overdue handling: the committee's supervision tasks). These are the templates: the database grows to each size by
copying them in SQL, generation by generation, into the engine's own tables (cases with new ids, varied titles,
renumbered, merged ones following their own generation's main proposal; their history entries, tasks and timers
with new ids), all in the one session. The history hash chains are copied as they are; nothing here verifies them.

Each page is requested in process through Flask's test client, signed in through the login form (the API with a
personal bearer token): 3 warm-up rounds, then ``--repeat`` rounds taking each page in turn, and the median
(p50) of each is reported. Beside them, a bare Flask page in the same process reads the committee member's first
25 inbox rows (the same rows, checked) with one plain SQL query and renders them with a tiny Jinja template:
``inbox_vs_bare`` is its p50 over the inbox's at the large size. SQLite is measured as the product leaves it (it
never runs ANALYZE); PostgreSQL after ANALYZE, as autovacuum would have left it after a bulk load.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from bench_support import PG_URL, pg_schema_url  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from config import Settings  # noqa: E402
from engine import services  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.scheduler.process import sweep  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.models import Case, Counter, Event, Task, Timer  # noqa: E402
from engine.time.calendar import TZ  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from web import create_app  # noqa: E402
from workflows import register_all  # noqa: E402
from workflows.congress import services as congress  # noqa: E402
from workflows.proposals import demo as data  # noqa: E402

NOW = datetime(2026, 11, 23, 10, tzinfo=TZ)  # a Monday morning in Shanghai
SPAN_DAYS = 42  # the templates' history spans the six weeks before NOW
SEED = 20261123
PASSWORD = "bench-pages-42"
REPRESENTATIVES = 120
ROUNDS = 4  # the demo's sixty plans, driven this many times: the templates
WARM_UPS = 3
SEARCH = "食堂"
PLACES = ("一车间", "二车间", "三车间", "四车间", "装配车间", "铸造车间", "冲压车间", "热处理车间", "机加工车间",
          "喷涂车间", "质检班", "设备班", "仓储班", "后勤班", "研发一室", "研发二室", "动力站", "食堂班组")
# Days between one step of a proposal and the next, as (fewest, most).
GAPS = {"start": (0, 0), "invite": (0, 2), "co_sign": (0, 2), "return": (2, 4), "resubmit": (1, 3),
        "withdraw": (1, 3), "accept": (2, 5), "reject": (2, 5), "convert": (2, 5), "merge": (1, 3),
        "endorse": (1, 3), "assign": (1, 3), "co_opinion": (2, 6), "request_extension": (3, 8),
        "grant_extension": (1, 2), "answer": (5, 12), "rate": (1, 4), "answer_suggestion": (4, 10),
        "close_after_review": (2, 4)}
PAGES = ("inbox_committee", "inbox_handler", "register", "register_search", "case", "api_cases", "dashboard")
BARE = "bare_inbox"


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
    today = NOW.astimezone(TZ).date()
    u.session = congress.create_congress_session(
        env, u.union, term=data.TERM, number=data.NUMBER, name=data.SESSION_NAME,
        collection_opens=today - timedelta(days=SPAN_DAYS + 3), collection_closes=today + timedelta(days=14),
        opens_on=today + timedelta(days=24))
    return u


# -- the templates: real proposals driven through the workflow -----------------------------------------------
def plan_steps(plan: str) -> list[str]:
    """The actions that take a proposal to the state its demo plan names (``state+flags``)."""
    state, *flags = plan.split("+")
    if state == "draft":
        return ["start"]
    if state == "co_signing":
        return ["start", "invite", "co_sign"]
    submit = ["start", "invite", "co_sign", "co_sign"]
    if state == "withdrawn":
        return submit + ["return", "withdraw"] if "returned" in flags else ["start", "withdraw"]
    ends = {"submitted": [], "returned": ["return"], "not_accepted": ["reject"], "suggestion": ["convert"],
            "suggestion_answered": ["convert", "answer_suggestion"], "merged": ["merge"]}
    if state in ends:
        return submit + ends[state]
    steps = submit + (["return", "resubmit"] if "revised" in flags else []) + ["accept"]
    if state == "endorsement":
        return steps
    steps += ["endorse"]
    if state == "assignment":
        return steps
    steps += ["assign"] + (["co_opinion"] if "co" in flags else [])
    if state == "extension_requested":
        return steps + ["request_extension"]
    if state == "handling":
        return steps + (["request_extension", "grant_extension"] if "extended" in flags else [])
    if state == "answered":
        return steps + ["answer"]
    if "rehandle" in flags:
        return steps + ["answer:in_plan", "rate:unsatisfied", "answer", "rate"]
    if state == "committee_decision" or "committee" in flags:
        twice = ["answer:not_now", "rate:unsatisfied"] * 2
        return steps + twice + (["close_after_review"] if state == "closed" else [])
    return steps + ["answer", "rate"]


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
                t = Template(proposal, title, proposer, invited, plan_steps(proposal.plan),
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
        u, prop, rng = self.u, t.proposal, self.rng
        name, _, variant = t.steps[index].partition(":")
        lead_key, _, co_key = prop.departments.partition("/")
        lead, dept = u.departments[lead_key], data.DEPARTMENTS[lead_key]
        handler = u.handlers[lead_key]
        today = at.astimezone(TZ).date()
        if name == "start":
            form = {"session_id": u.session, "category": prop.category, "reasons": prop.reasons,
                    "measures": prop.measures, "suggested_department": lead}
            t.id = services.start_case(self.env, services.Actor(t.proposer), "proposal", u.union, t.title,
                                       form).case_id
        elif name == "invite":
            self._fire(t, t.proposer, "invite", {"co_signers_invited": t.invited})
        elif name == "co_sign":
            self._fire(t, t.invited[t.steps[:index].count("co_sign")], "co_sign")
        elif name == "return":
            self._fire(t, u.committee, "return_for_revision", {"reason": data.RETURN_REASONS[1]})
        elif name == "resubmit":
            self._fire(t, t.proposer, "resubmit", {
                "title": t.title, "category": prop.category, "reasons": f"{prop.reasons}\n{data.REVISED}",
                "measures": prop.measures, "suggested_department": lead})
        elif name == "withdraw":
            self._fire(t, t.proposer, "withdraw")
        elif name == "accept":
            self._fire(t, u.committee, "accept", {"comment": rng.choice(data.REVIEW_COMMENTS)})
        elif name == "reject":
            self._fire(t, u.committee, "reject", {"reason": data.REJECT_REASONS.get(prop.title, "不予立案。")})
        elif name == "convert":
            self._fire(t, u.committee, "convert_to_suggestion", {"department": lead,
                                                                 "reason": data.SUGGESTION_REASON})
        elif name == "answer_suggestion":
            self._fire(t, handler, "answer_suggestion", {
                "answer": data.SUGGESTION_ANSWER.format(dept=dept, measures=prop.measures)})
        elif name == "merge":
            assert t.main is not None
            self._fire(t, u.committee, "merge", {"main_case": t.main.id, "comment": data.MERGE_COMMENT})
        elif name == "endorse":
            self._fire(t, u.leader, "endorse", {"instruction": rng.choice(data.INSTRUCTIONS).format(dept=dept)})
        elif name == "assign":
            t.due = today + timedelta(days=rng.randint(6, 9) if "overdue" in prop.plan else 30)
            form = {"lead_department": lead, "due_date": t.due.isoformat()}
            if co_key:
                form["co_departments"] = [u.departments[co_key]]
            self._fire(t, u.committee, "assign", form)
        elif name == "co_opinion":
            self._fire(t, u.handlers[co_key], "co_opinion", {"opinion": rng.choice(data.CO_OPINIONS)})
        elif name == "request_extension":
            new_due = max(t.due or today, today) + timedelta(days=20)
            self._fire(t, handler, "request_extension", {"new_due_date": new_due.isoformat(),
                                                         "reason": data.EXTENSION_REASON})
        elif name == "grant_extension":
            self._fire(t, u.committee, "grant_extension")
        elif name == "answer":
            kind = variant or ("in_plan" if rng.random() < 0.4 else "solved")
            form = {"classification": kind, "answer": data.ANSWERS[kind].format(dept=dept, measures=prop.measures)}
            if kind == "not_now":
                form["reason_not_now"] = data.REASON_NOT_NOW
            else:
                form["measures_taken"] = prop.measures
            self._fire(t, handler, "answer", form)
        elif name == "rate":
            result = variant or rng.choice(("satisfied", "satisfied", "basically_satisfied"))
            form = {"attitude": rng.choice(("satisfied", "basically_satisfied")), "result": result}
            if result == "unsatisfied":
                form["rating_comment"] = data.UNSATISFIED
            self._fire(t, t.proposer, "rate", form)
        elif name == "close_after_review":
            self._fire(t, u.committee, "close_after_review", {"comment": data.COMMITTEE_CLOSE})
        else:
            raise AssertionError(f"unknown step {name!r}")


# -- the copies --------------------------------------------------------------------------------------------------
def grow(env: Env, session: int, template_ids: list[int], total: int) -> None:
    """Copy the templates until the session has ``total`` proposals: cases in Python (new ids, varied titles,
    new numbers, merged ones following their generation's copy of the main proposal), then their history
    entries, tasks and timers by INSERT ... SELECT with the case id shifted."""
    cases, events, tasks, timers, counters = (Case.__table__, Event.__table__, Task.__table__, Timer.__table__,
                                              Counter.__table__)
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
            for table in (events, tasks, timers):
                columns = [c for c in table.c if c.name != "id"]
                conn.execute(table.insert().from_select(
                    [c.name for c in columns],
                    sa.select(*[(c + offset).label("case_id") if c.name == "case_id" else c for c in columns])
                    .where(table.c.case_id.between(lo, lo + k - 1)).order_by(table.c.id)))
            have, next_id, generation = have + k, next_id + k, generation + 1
        conn.execute(counters.update().where(counters.c.name == counter).values(value=number))
        if not env.db.sqlite:
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))")
    if not env.db.sqlite:
        with env.db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


# -- the pages -----------------------------------------------------------------------------------------------
# The engine's covering rule written as it writes it (a comma join in EXISTS: PostgreSQL then hashes the subplan
# once instead of running it per task; JOIN ... ON inside EXISTS took it 3.5x longer at 30,000 proposals).
BARE_SQL = sa.text("""
SELECT t.case_id, c.title, t.state, o.name AS department, t.due_at
FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN organisations o ON o.id = t.organisation_id
WHERE t.status = 'open' AND (t.user_id = :user OR (t.role IS NOT NULL AND EXISTS (
    SELECT 1 FROM memberships m, organisations held, organisations target
    WHERE m.user_id = :user AND held.id = m.organisation_id AND target.id = t.organisation_id
      AND substr(target.path, 1, length(held.path)) = held.path AND m.role = t.role)))
ORDER BY t.due_at IS NULL, t.due_at, t.created_at, t.id
LIMIT 25
""")
BARE_TEMPLATE = """<!doctype html><title>Inbox</title><ul>
{% for r in rows %}<li><a href="/cases/{{ r.case_id }}">{{ r.title }}</a> {{ r.state }} {{ r.department or '' }}
{{ r.due_at or '' }}</li>
{% endfor %}</ul>"""


def bare_app(env: Env, user_id: int) -> Flask:
    """The baseline: the committee member's first 25 inbox rows, one query, a tiny template, nothing else."""
    app = Flask("bench_bare")
    template = app.jinja_env.from_string(BARE_TEMPLATE)

    @app.route("/bare")
    def bare() -> str:
        with env.db.engine.connect() as conn:
            rows = conn.execute(BARE_SQL, {"user": user_id}).all()
        return template.render(rows=rows)

    return app


def bare_rows(env: Env, user_id: int) -> list[int]:
    with env.db.engine.connect() as conn:
        return [r.case_id for r in conn.execute(BARE_SQL, {"user": user_id})]


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on /login"
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": found.group(1)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


Request = Callable[[], Any]


def requests(env: Env, u: Union, folder: Path, case_id: int) -> dict[str, Request]:
    app = create_app({"TESTING": True}, env=env, settings=Settings(instance_path=folder / "instance"))
    committee = signed_in(app, data.COMMITTEE[1])
    handler = signed_in(app, data.HANDLERS[data.DEMO_HANDLER][1])
    api = app.test_client()
    token = {"Authorization": f"Bearer {services.create_token(env, u.committee, 'bench').secret}"}
    bare = bare_app(env, u.committee).test_client()
    register = {"session": u.session}
    return {
        "inbox_committee": lambda: committee.get("/inbox"),
        "inbox_handler": lambda: handler.get("/inbox"),
        "register": lambda: committee.get("/proposals/register", query_string=register),
        "register_search": lambda: committee.get("/proposals/register", query_string={**register, "q": SEARCH}),
        "case": lambda: committee.get(f"/cases/{case_id}"),
        "api_cases": lambda: api.get("/api/v1/cases", query_string={"workflow": "proposal", "per_page": 25},
                                     headers=token),
        "dashboard": lambda: committee.get("/dashboard"),
        BARE: lambda: bare.get("/bare"),
    }


def measure(pages: dict[str, Request], repeat: int) -> dict[str, float]:
    """Median milliseconds of each page: warm-ups, then rounds taking the pages in turn."""
    times: dict[str, list[float]] = {name: [] for name in pages}
    for n in range(WARM_UPS + repeat):
        for name, get in pages.items():
            started = time.perf_counter()
            response = get()
            response.get_data()
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:800]}")
            if n >= WARM_UPS:
                times[name].append(elapsed * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def check_same_rows(env: Env, user_id: int) -> None:
    """The bare page shows what the inbox shows: the same 25 tasks' cases in the same order."""
    inbox = [t.case_id for t in services.inbox(env, user_id, per_page=25).items]
    if inbox != bare_rows(env, user_id):
        raise SystemExit("the bare page's rows differ from the inbox's: the baseline would not be comparable")


def shown(env: Env, u: Union) -> str:
    """What the pages have to show at this size, to read beside the timings."""
    public = [s for s in services.describe(env, "proposal").states if s not in ("draft", "co_signing", "withdrawn")]

    def register(text: str = "") -> int:
        return services.search_cases(env, services.SYSTEM_ACTOR, workflow="proposal", organisation_id=u.union,
                                     state=public, text=text, data={"session_id": u.session}, per_page=1).total

    committee = services.inbox(env, u.committee, per_page=1).total
    handler = services.inbox(env, u.handlers[data.DEMO_HANDLER], per_page=1).total
    return (f"open tasks: committee {committee}, {data.DEMO_HANDLER} handler {handler}; register {register()} "
            f"proposals, {register(SEARCH)} with {SEARCH} in the title")


# -- one backend, both sizes -----------------------------------------------------------------------------------
def run_backend(url: str, folder: Path, small: int, large: int, repeat: int, log: Callable[[str], None]
                ) -> dict[str, Any]:
    schema.upgrade(url)
    clock = FixedClock(NOW)
    settings = Settings(instance_path=folder / "instance")
    env = Env(Database(url), register_all(Registry(), settings), clock)
    try:
        started = time.perf_counter()
        u = set_up(env)
        driver = Driver(env, clock, u, ROUNDS)
        template_ids = driver.run()
        if small < len(template_ids):
            raise SystemExit(f"--small must be at least the {len(template_ids)} template proposals")
        drive_s = time.perf_counter() - started
        log(f"  {len(template_ids)} template proposals, {driver.actions} actions through services.fire: "
            f"{drive_s:.1f} s")
        with env.db.read() as conn:  # the case page shows the template with the longest history
            case_id = conn.execute(
                sa.select(Event.case_id).where(Event.case_id.in_(template_ids)).group_by(Event.case_id)
                .order_by(sa.func.count().desc(), Event.case_id).limit(1)).scalar_one()
        out: dict[str, Any] = {"templates": len(template_ids), "actions": driver.actions, "drive_s": drive_s}
        pages: dict[str, Request] | None = None
        for which, size in (("small", small), ("large", large)):
            started = time.perf_counter()
            grow(env, u.session, template_ids, size)
            out[f"copy_s_{which}"] = time.perf_counter() - started
            log(f"  copied up to {size} proposals: {out[f'copy_s_{which}']:.1f} s")
            check_same_rows(env, u.committee)
            log(f"  {shown(env, u)}")
            pages = pages or requests(env, u, folder, case_id)
            started = time.perf_counter()
            out[which] = measure(pages, repeat)
            log(f"  measured at {size}: {time.perf_counter() - started:.1f} s")
        return out
    finally:
        env.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--small", type=int, default=1000, help="proposals in the small database")
    parser.add_argument("--large", type=int, default=30000, help="proposals in the large database")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests of each page, after 3 warm-ups")
    args = parser.parse_args()
    if not 0 < args.small < args.large:
        parser.error("--small must be below --large")
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        log("SQLite")
        results["sqlite"] = run_backend(f"sqlite:///{tmp}/pages.db", Path(tmp), args.small, args.large, args.repeat,
                                        log)
        with pg_schema_url() as pg_url:
            if pg_url is None:
                log(f"PostgreSQL not reachable at {PG_URL}: skipped")
            else:
                log("PostgreSQL")
                results["pg"] = run_backend(pg_url, Path(tmp), args.small, args.large, args.repeat, log)
    out: dict[str, Any] = {"small": args.small, "large": args.large, "repeat": args.repeat}
    for backend, r in results.items():
        for page in (*PAGES, BARE):
            out[f"growth_{page}_{backend}"] = round(r["large"][page] / r["small"][page], 2)
        out[f"inbox_vs_bare_{backend}"] = round(r["large"][BARE] / r["large"]["inbox_committee"], 4)
        for which in ("small", "large"):
            for page in (*PAGES, BARE):
                out[f"p50_ms_{page}_{backend}_{which}"] = round(r[which][page], 2)
            out[f"copy_s_{backend}_{which}"] = round(r[f"copy_s_{which}"], 1)
        out[f"templates_{backend}"] = r["templates"]
        out[f"drive_s_{backend}"] = round(r["drive_s"], 1)
    if args.json:
        print(json.dumps(out))
        return
    names = {"sqlite": "SQLite", "pg": "PostgreSQL"}
    print(f"\np50 in ms over {args.repeat} requests after {WARM_UPS} warm-ups, at {args.small} and {args.large} "
          f"proposals; growth = large / small")
    print(f"{'':<16}" + "".join(f"{names[b]:^30}" for b in results))
    print(f"{'page':<16}" + f"{'small':>10}{'large':>10}{'growth':>10}" * len(results))
    for page in (*PAGES, BARE):
        cells = "".join(f"{out[f'p50_ms_{page}_{b}_small']:>10.1f}{out[f'p50_ms_{page}_{b}_large']:>10.1f}"
                        f"{out[f'growth_{page}_{b}']:>9.1f}x" for b in results)
        print(f"{page:<16}{cells}")
    for b in results:
        print(f"{names[b]}: inbox_vs_bare {out[f'inbox_vs_bare_{b}']:.4f} (bare p50 / committee inbox p50 at "
              f"{args.large}); {out[f'templates_{b}']} templates driven in {out[f'drive_s_{b}']} s, copied up to "
              f"{args.small} in {out[f'copy_s_{b}_small']} s and to {args.large} in {out[f'copy_s_{b}_large']} s")


if __name__ == "__main__":
    main()
