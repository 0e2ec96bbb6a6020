"""``unionflow demo``: a union, its people, sixty proposals driven through the proposal workflow, and its congress.

Every proposal reaches its state (``workflows.proposals.demo_driver``) by the same ``services.start_case`` /
``services.fire`` calls people make, on a clock moved forward step by step, so the history chains, tasks,
deadlines and notifications are real and span the six weeks before now; some handling deadlines have passed,
so those proposals are overdue. The congress (``workflows.congress.demo``) has its term's roster, a session
held and voted on earlier in the year, and the coming session prepared (its documents go out once its proposal
collection closes). Bargaining
(``workflows.bargaining.demo``): the collective contract the term's first session passed, in force and checked
once, and next year's wage agreement in negotiation.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from config import Settings
from engine import services
from engine.core.i18n import Label
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows import register_all
from workflows.agenda import demo as demo_agenda
from workflows.bargaining import demo as demo_bargaining
from workflows.bargaining import regional_demo
from workflows.congress import demo as demo_congress
from workflows.congress import services as congress_services
from workflows.disclosures import demo as demo_disclosures
from workflows.elections import demo as demo_elections
from workflows.federation import demo as demo_federation
from workflows.inspections import demo as demo_inspections
from workflows.members import demo as demo_members
from workflows.proposals import demo as data
from workflows.proposals.demo_driver import Driver
from workflows.requests import demo as demo_requests
from workflows.returns import demo as demo_returns
from workflows.suggestions import demo as demo_suggestions

SEED = 20261122
DEFAULT_PASSWORD = "demo1234"
REPRESENTATIVES = 120
SPAN_DAYS = 42  # how far back the demo's history starts
ROLES = {
    "representative": Label("职工代表", "Representative"),
    "proposal_committee": Label("提案工作委员会", "Proposal committee"),
    "leader": Label("企业领导", "Enterprise leader"),
    "handler": Label("承办人", "Department handler"),
    "union_office": Label("工会办公室", "Union office"),
    "union_chair": Label("工会主席", "Union chair"),
    "teller": Label("计票人", "Teller"),
    "employer": Label("企业方", "Employer"),
    "staff": Label("职工", "Staff member"),
    "federation_office": Label("上级工会工作人员", "Federation staff"),
    "employer_association": Label("企业方代表组织", "Employers' association"),
}
GROUPS = {
    "proposals": Label("提案", "Proposals"),
    "co_signers": Label("被邀请附议的代表", "Representatives invited to co-sign"),
    "handlers": Label("各部门承办人", "Each department's handler"),
    "congress": Label("职代会与表决", "Congress and ballots"),
    "bargaining": Label("集体协商", "Collective bargaining"),
    "requests": Label("职工诉求", "Worker requests"),
    "federation": Label("上级工会与所属工会", "Federation and member unions"),
}


def demo_accounts(settings: Settings, env: services.Env | None = None) -> dict[str, Any]:
    """The accounts the sign-in page offers, grouped (proposals, co-signers, each department's handler,
    congress, bargaining), each with its role and a note, with the password from ``[demo]``. With ``env``, the
    representatives who have co-sign invitations waiting are listed too (they are generated names)."""
    def account(group: str, role: str, person: tuple[str, str], note: str = "") -> dict[str, Any]:
        return {"group": group, "role": ROLES[role], "name": person[0], "username": person[1], "note": note}

    accounts = [account("proposals", "representative", data.REPRESENTATIVE),
                account("proposals", "proposal_committee", data.COMMITTEE),
                account("proposals", "leader", data.LEADER),
                account("proposals", "handler", data.HANDLERS[data.DEMO_HANDLER], data.DEPARTMENTS[data.DEMO_HANDLER])]
    accounts += [account("co_signers", "representative", person) for person in (_co_signers(env) if env else [])]
    accounts += [account("handlers", "handler", person, data.DEPARTMENTS[key])
                 for key, person in data.HANDLERS.items() if key != data.DEMO_HANDLER]
    accounts += [account("congress", "union_office", data.OFFICE), account("congress", "union_chair", data.CHAIR),
                 *(account("congress", "teller", teller) for teller in data.TELLERS),
                 account("bargaining", "employer", data.EMPLOYER),
                 account("requests", "staff", demo_requests.SENDER, "职工诉求 / worker requests"),
                 account("federation", "federation_office", demo_federation.STAFF, demo_federation.DISTRICT),
                 *(account("federation", "union_office", office, name)
                   for name, office, _ in demo_federation.MEMBER_UNIONS.values()),
                 account("federation", "union_office", demo_federation.NEWCOMER_OFFICE,
                         f"{demo_federation.NEWCOMER}（入会邀请 / invited to join）"),
                 account("federation", "employer_association", regional_demo.ASSOCIATION_REP, "武进区企业联合会")]
    password = settings.section("demo").password or DEFAULT_PASSWORD
    return {"password": password, "accounts": accounts, "groups": GROUPS}


def _co_signers(env: services.Env, limit: int = 3) -> list[tuple[str, str]]:
    """Representatives with a co-sign invitation still to answer, as (name, username)."""
    waiting: list[int] = []
    found = services.search_cases(env, services.SYSTEM_ACTOR, workflow="proposal", state=["co_signing"], per_page=50)
    for case in found.items:
        answered = set(case.data.get("co_signers") or []) | set(case.data.get("declined") or [])
        waiting += [u for u in case.data.get("co_signers_invited") or [] if u not in answered and u not in waiting]
    people = [services.get_user(env, user_id) for user_id in waiting[:limit]]
    return [(p.display_name, p.username) for p in people]


@dataclass
class People:
    union: int = 0
    departments: dict[str, int] = field(default_factory=dict)
    representatives: list[int] = field(default_factory=list)
    handlers: dict[str, int] = field(default_factory=dict)
    demo_rep: int = 0
    committee: int = 0
    leader: int = 0
    office: int = 0
    chair: int = 0
    tellers: list[int] = field(default_factory=list)
    employer: int = 0
    session: int = 0
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # user id → (name, username)
    federation: demo_federation.Federation = field(default_factory=demo_federation.Federation)


@dataclass
class Loaded:
    """What ``load_demo`` made."""

    union: int
    departments: int
    representatives: int
    proposals: int
    actions: int
    roster: int = 0
    ballots: int = 0
    bargaining: int = 0


FIXED = (data.REPRESENTATIVE, data.COMMITTEE, data.LEADER, data.OFFICE, data.CHAIR, *data.TELLERS,
         *data.HANDLERS.values(), data.EMPLOYER, *demo_requests.STAFF, *demo_federation.PEOPLE)


def _generated_names(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str]]:
    """Distinct realistic names with pinyin usernames (a number added when two names read alike)."""
    names: list[tuple[str, str]] = []
    seen = {n for n, _ in FIXED}
    while len(names) < count:
        (surname, s_py), (given, g_py) = rng.choice(data.SURNAMES), rng.choice(data.GIVEN_NAMES)
        if surname + given in seen:
            continue
        seen.add(surname + given)
        username, n = s_py + g_py, 2
        while username in taken:
            username, n = f"{s_py}{g_py}{n}", n + 1
        taken.add(username)
        names.append((surname + given, username))
    return names


def _user(env: services.Env, person: tuple[str, str], password: str, people: People) -> int:
    user_id = services.create_user(env, person[1], person[0], email=f"{person[1]}@hdjm.example.com")
    services.set_password(env, user_id, password)
    people.names[user_id] = person
    return user_id


def _people(env: services.Env, rng: random.Random, password: str, today: date) -> People:
    p = People()
    city = services.create_organisation(env, data.FEDERATION, "federation")
    district = demo_federation.district(env, city)
    p.union = services.create_organisation(env, data.UNION, "union", district)
    for key, name in data.DEPARTMENTS.items():
        p.departments[key] = services.create_organisation(env, name, "department", p.union)
    p.demo_rep = _user(env, data.REPRESENTATIVE, password, p)
    p.committee = _user(env, data.COMMITTEE, password, p)
    p.leader = _user(env, data.LEADER, password, p)
    p.office = _user(env, data.OFFICE, password, p)
    p.chair = _user(env, data.CHAIR, password, p)
    p.tellers = [_user(env, person, password, p) for person in data.TELLERS]
    for key, person in data.HANDLERS.items():
        p.handlers[key] = _user(env, person, password, p)
        services.grant_role(env, p.handlers[key], p.departments[key], "handler")
    taken = {u for _, u in FIXED}
    others = [_user(env, person, password, p) for person in _generated_names(rng, REPRESENTATIVES - 2, taken)]
    p.representatives = [p.demo_rep, p.committee, *others]
    for user_id in p.representatives:
        services.grant_role(env, user_id, p.union, "representative")
    services.grant_role(env, p.committee, p.union, "proposal_committee")
    services.grant_role(env, p.leader, p.union, "leader")
    services.grant_role(env, p.office, p.union, "union_office")
    services.grant_role(env, p.chair, p.union, "union_chair")
    for teller in p.tellers:
        services.grant_role(env, teller, p.union, "teller")
    p.employer = demo_bargaining.add_employer(env, p, password)
    p.federation = demo_federation.add(env, p, district, password)
    demo_elections.terms(env, p, today)
    return p


def load_demo(env: services.Env, settings: Settings, password: str = DEFAULT_PASSWORD, *,
              now: datetime | None = None) -> Loaded:
    """Fill an empty database with the demo union; ``env.clock`` must be a ``FixedClock`` (it is moved)."""
    clock = env.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("load_demo moves the clock through the past months: give it an env with a FixedClock")
    now = now or datetime.now(UTC)
    rng = random.Random(SEED)
    today = now.astimezone(TZ).date()
    base = datetime.combine(today - timedelta(days=SPAN_DAYS), datetime.min.time(), TZ)
    # The office set everything up before the collective contract's talks began, some ten months ago.
    clock.set(datetime.combine(today - timedelta(days=demo_bargaining.STARTS_DAYS_AGO + 10), datetime.min.time(), TZ)
              + timedelta(hours=9))
    people = _people(env, rng, password, today)
    voting = random.Random(SEED + 1)  # the congress draws its own numbers: the proposals stay as they were
    bargaining = random.Random(SEED + 2)  # and so does bargaining
    held = demo_congress.set_up_term(env, people, voting)
    bargained = demo_bargaining.contract_in_force(env, clock, people, held, bargaining, today)
    demo_congress.hold_earlier_session(env, clock, people, voting, held, today)
    earlier = congress_services.get_congress_session(env, held.earlier)
    demo_agenda.earlier_topics(env, clock, people, held.earlier,
                               datetime.combine(earlier.collection_opens, datetime.min.time(), TZ) + timedelta(hours=9))
    people.session = demo_congress.create_upcoming(env, people, today)  # the sessions are added in their order
    demo_bargaining.check(env, clock, people, bargained)
    staff = demo_requests.add_staff(env, people, password)
    driver = Driver(env, people, rng, base, SPAN_DAYS)
    driver.plan()
    also = [*demo_bargaining.wage_talks(env, people, bargained, bargaining, today),
            *demo_bargaining.women_talks(env, people, bargained, today),
            *demo_requests.plan(env, people, staff, today),
            *demo_inspections.plan(env, people, today),
            *regional_demo.plan(env, people, password, today)]
    driver.run(clock, also=also)
    last = max([t for case in driver.cases for t in case.times] + [t for t, _ in also])
    yesterday = demo_congress.workday(env, today - timedelta(days=1), -1)  # the last working day before today
    start = max(last + timedelta(minutes=30), datetime.combine(yesterday, datetime.min.time(), TZ) + timedelta(hours=9))
    demo_congress.prepare_upcoming(env, clock, people, voting, held, start, now)
    demo_agenda.collect_topics(env, clock, people, clock.now())
    demo_disclosures.load(env, clock, people, now)  # the disclosure register, over the last three months
    demo_suggestions.load(env, clock, people, today)  # each on its own days, set back and forward again
    demo_federation.member_year(env, clock, people, people.federation, today)  # set back, then forward again
    demo_federation.member_congress(env, clock, people, people.federation, today)
    demo_elections.load(env, clock, people, now)  # an election plan sent up, every committee term watched
    demo_members.registers(env, people, today)  # each union's member register, in bulk
    demo_members.cases(env, clock, people, now)  # a transfer awaiting 恒达纺织, an application awaiting review
    demo_returns.load(env, clock, people, today)  # last year's return accepted by the district, this year's drafted
    demo_federation.invitation(env, clock, people, people.federation, today, password)  # last: no other id moves
    clock.set(now)
    return Loaded(people.union, len(people.departments), len(people.representatives), len(driver.cases),
                  driver.actions, len(held.roster), len(held.items), 2)


def write_demo_config(settings: Settings, password: str) -> Path | None:
    """Turn on the demo accounts on the sign-in page in ``instance/unionflow.toml``, unless it exists (or
    another config file is in use, which that file would not join)."""
    path = Path(settings.instance_path) / "unionflow.toml"
    elsewhere = settings.config_file is not None and Path(settings.config_file).resolve() != path.resolve()
    if path.exists() or elsewhere:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Written by `unionflow demo`: the sign-in page lists the demo accounts.\n"
                    f"[demo]\nenabled = true\npassword = {json.dumps(password)}\n", encoding="utf-8")
    return path


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True, help="Password of every demo account.")
@click.pass_obj
def demo(settings: Settings, if_empty: bool, password: str) -> None:
    """Load a demo union with 120 representatives, 60 proposals in every state, its congress (a roster of 40,
    sessions voted and closed, the next one in preparation) and its collective bargaining into the database."""
    # The demo's accounts get their password through services.set_password, by the same rules as any other;
    # checked here first (but for the username, which each account's own call checks) so that nothing is loaded.
    if (wrong := services.check_password(password)) is not None:
        raise click.BadParameter(wrong("en"), param_hint="--password")
    env = services.open_env(settings, clock=FixedClock(datetime.now(UTC)))
    register_all(env.registry, settings)
    try:
        if services.list_users(env, limit=1):
            if if_empty:
                click.echo("The database already has users: no demo data loaded.")
                return
            raise click.ClickException("The database already has users: the demo goes into an empty database "
                                       "(--if-empty skips quietly).")
        started = time.perf_counter()
        loaded = load_demo(env, settings, password)
    except services.EngineError as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()
    click.echo(f"Loaded the demo in {time.perf_counter() - started:.1f} s: {data.UNION}, {loaded.departments} "
               f"departments, {loaded.representatives} representatives, {loaded.proposals} proposals "
               f"({loaded.actions} actions over the last {SPAN_DAYS} days); congress term {data.TERM} with "
               f"{loaded.roster} representatives on its roster, {data.EARLIER_NAME} closed with {loaded.ballots} "
               f"results published, {data.SESSION_NAME} in preparation; nine worker requests; a collective "
               f"contract in force and next year's wage agreement in negotiation; a representatives' inspection "
               f"with five findings.")
    click.echo(f"Demo accounts (password: {password}):")
    for account in demo_accounts(settings)["accounts"]:
        click.echo(f"  {account['username']:<16} {account['role'].zh} / {account['role'].en}")
    written = write_demo_config(settings, password)
    if written is not None:
        click.echo(f"Wrote {written}: the sign-in page lists these accounts.")
    elif not settings.section("demo").enabled:
        click.echo("To list these accounts on the sign-in page, add to the config file:\n"
                   f"[demo]\nenabled = true\npassword = {json.dumps(password)}")
