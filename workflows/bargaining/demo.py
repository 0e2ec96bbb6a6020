"""The demo's collective bargaining: the collective contract in force since the spring (voted at the term's first
session, signed, filed, in effect after the review period, published, checked once) and next year's special wage
agreement in negotiation (negotiators appointed, two rounds, two draft versions, staff opinions). Every step goes
through the services people use, on the demo's clock, which only moves forward."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from engine import services
from engine.scheduler import process as scheduler
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.bargaining import services as bargaining
from workflows.congress import demo as demo_congress
from workflows.congress import services as congress
from workflows.congress.demo import Held, workday
from workflows.proposals import demo as data

if TYPE_CHECKING:
    from workflows.demo import People

STARTS_DAYS_AGO = 320  # the contract's request: its first check falls due about ten weeks before now
WAGE_DAYS_AGO = 30  # next year's wage talks begin during the proposals' weeks
WOMEN_DAYS_AGO = 60  # the special contract on women staff's rights: its draft goes to the coming session
WOMEN = "women_protection"
WOMEN_TITLE = "女职工权益保护专项集体协商"
WOMEN_NAME = "华东精密机械有限公司女职工权益保护专项集体合同"
WOMEN_TOPICS = ("一、女职工孕期、产期、哺乳期的岗位调整和休息安排\n二、女职工专项体检\n"
                "三、爱心妈咪小屋建设\n四、防止工作场所性骚扰")
WOMEN_REPLY = "公司同意就签订女职工权益保护专项集体合同进行协商，协商代表名单另行书面告知。"
WOMEN_DRAFTS = (
    ("第一条 女职工孕期、哺乳期不安排夜班和加班。\n第二条 每年组织女职工妇科专项体检一次。\n"
     "第三条 在办公楼和一车间各建一间爱心妈咪小屋。", "工会方提出的草案"),
    ("第一条 女职工孕期、哺乳期不安排夜班和加班，孕期七个月以上每天安排工间休息一小时。\n"
     "第二条 每年组织女职工妇科专项体检一次。\n第三条 在办公楼和一车间各建一间爱心妈咪小屋。\n"
     "第四条 公司制定防止工作场所性骚扰的制度，指定专人受理投诉。", "企业方修改稿：增加工间休息和防性骚扰条款"),
)
WOMEN_ROUNDS = (
    ("双方协商代表全体出席，女职工委员会主任列席", "工会方提出孕期、哺乳期保护和专项体检的方案；企业方原则同意，"
     "提出爱心妈咪小屋分两年建成。", "孕哺期保护：原则同意\n专项体检：同意\n妈咪小屋：时间待定"),
    ("双方协商代表全体出席", "双方就全部条款达成一致，企业方同意年内建成两间爱心妈咪小屋，并增加防止性骚扰条款。",
     "全部条款：达成一致"),
)
WORKFLOW = "bargaining"
# Steps planned ahead: when, and what someone does then.
Plan = list[tuple[datetime, Callable[[], Any]]]


@dataclass
class Bargained:
    """What the bargaining part of the demo made."""

    contract: int = 0
    wage: int = 0
    women: int = 0  # the special contract on women staff's rights, before the coming session
    session: int = 0  # the term's first session, which passed the contract


def add_employer(env: services.Env, p: People, password: str) -> int:
    """The employer's account: its chief negotiator."""
    name, username = data.EMPLOYER
    user_id = services.create_user(env, username, name, email=f"{username}@hdjm.example.com")
    services.set_password(env, user_id, password)
    services.grant_role(env, user_id, p.union, "employer")
    p.names[user_id] = data.EMPLOYER
    return user_id


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def _later(env: services.Env, day: date, days: int) -> date:
    return workday(env, day + timedelta(days=days), 1)


def _fire(env: services.Env, who: int, case: Callable[[], int], trigger: str, form: dict[str, Any] | None) -> None:
    services.fire(env, services.Actor(who), case(), trigger, form)


def run(clock: FixedClock, plan: Plan) -> None:
    """Do the planned steps in order, never moving the clock back."""
    for at, step in sorted(plan, key=lambda entry: entry[0]):
        clock.set(max(at, clock.now() + timedelta(minutes=1)))
        step()


def _talks(env: services.Env, p: People, case: Callable[[], int], day: date, *, year: int,
           drafts: tuple[tuple[str, str], ...], rounds: tuple[tuple[str, str, str], ...], figures: dict[str, Any],
           reply: str, gaps: tuple[int, int, int, int]) -> Plan:
    """The request delivered on ``day``, the reply, both sides' negotiators (the union chair and the employer's
    account are the chiefs), the data for the talks, two rounds and two drafts (the union's, then the employer's);
    ``gaps`` are the working days to the reply, to the start of the talks, and to each round."""
    plan: Plan = []

    def add(on: date, hour: int, minute: int, who: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        plan.append((_at(on, hour, minute), partial(_fire, env, who, case, trigger, form)))

    union_side, employer_side = [p.chair, p.demo_rep, p.committee], [p.employer, p.handlers["hr"],
                                                                      p.handlers["finance"]]
    add(day, 10, 0, p.office, "send_request", {"received_on": day.isoformat()})
    replied = _later(env, day, gaps[0])
    add(replied, 15, 0, p.employer, "agree_to_negotiate", {"replied_on": replied.isoformat(), "reply": reply})
    add(replied, 16, 0, p.office, "appoint_union_negotiators", {"negotiators": union_side, "chief": p.chair})
    add(replied, 17, 0, p.employer, "appoint_employer_negotiators", {"negotiators": employer_side,
                                                                     "chief": p.employer})
    on = _later(env, replied, gaps[1])
    add(on, 10, 0, p.office, "record_data", figures)
    add(on, 10, 5, p.office, "start_talks")
    for author, gap, (attendance, minutes, positions), (text, note) in zip(
            (p.chair, p.employer), gaps[2:], rounds, drafts, strict=True):
        on = _later(env, on, gap)
        add(on, 9, 30, p.chair, "record_round", {"held_on": on.isoformat(), "attendance": attendance,
                                                 "minutes": minutes, "positions": positions})
        add(on, 16, 0, author, "save_draft", {"text": text.format(year=year), "note": note})
    return plan


def _first_session(env: services.Env, clock: FixedClock, p: People, held: Held, rng: random.Random,
                   done: Bargained, talked: date, year: int) -> date:
    """The term's first session: planned, the draft put to it, documents out two weeks ahead, the contract voted
    on (three representatives away, one not voting), results published, closed. Returns the opening day."""
    office, chair = services.Actor(p.office), services.Actor(p.chair)
    opens = workday(env, talked + timedelta(days=24), 1)
    clock.set(_at(_later(env, talked, 2), 9))
    done.session = congress.create_congress_session(
        env, p.union, term=data.TERM, number=data.FIRST_NUMBER, name=data.FIRST_NAME,
        collection_opens=opens - timedelta(days=40), collection_closes=opens - timedelta(days=21), opens_on=opens)
    case = services.start_case(env, office, "congress", p.union, data.FIRST_NAME, {"session_id": done.session}).case_id
    contract, session_case = (lambda: done.contract), (lambda: case)
    present = rng.sample(held.roster, len(held.roster) - 3)
    voters = rng.sample(present, len(present) - 1)
    plan: Plan = [
        (clock.now() + timedelta(hours=1), partial(_fire, env, p.office, contract, "put_to_congress", {
            "session_id": done.session, "term_years": 3,
            "agreement_title": data.CONTRACT_NAME.format(year=year, end=year + 3)})),
        (_at(workday(env, opens - timedelta(days=14), -1), 10), partial(
            _fire, env, p.office, session_case, "deliver_documents", {"agenda": data.FIRST_AGENDA.format(year=year)})),
        *demo_congress.receipts(env, done.session, present, _at(workday(env, opens - timedelta(days=14), -1), 10)),
        (_at(opens, 8, 30), partial(_fire, env, p.chair, session_case, "open_session", None)),
        *((_at(opens, 8, 31), partial(congress.check_in, env, services.Actor(u), done.session)) for u in present),
        (_at(opens, 9, 30), lambda: congress.open_item(env, chair, _item(env, done))),
        *((_at(opens, 9, 31), partial(_vote, env, u, done, "disagree" if n == 5 else "abstain" if n == 9 else "agree"))
          for n, u in enumerate(voters)),
        (_at(opens, 10, 10), lambda: congress.close_item(env, chair, _item(env, done))),  # passed: to signing
        (_at(opens, 10, 15), partial(_fire, env, p.chair, session_case, "publish_results", None)),
        (_at(_later(env, opens, 1), 10), partial(_fire, env, p.office, session_case, "close", {
            "summary": f"本次会议应到代表 {len(held.roster)} 人，实到 {len(present)} 人，表决通过了集体合同草案。"})),
    ]
    run(clock, plan)
    return opens


def _item(env: services.Env, done: Bargained) -> int:
    return services.case_view(env, services.SYSTEM_ACTOR, done.contract).data["vote_item"]


def _vote(env: services.Env, user_id: int, done: Bargained, choice: str) -> None:
    congress.vote(env, services.Actor(user_id), _item(env, done), choice)


def contract_in_force(env: services.Env, clock: FixedClock, p: People, held: Held, rng: random.Random,
                      today: date) -> Bargained:
    """The collective contract from its request, about ten months ago, to its publication in the spring."""
    done = Bargained()
    start = workday(env, today - timedelta(days=STARTS_DAYS_AGO), 1)
    year = start.year
    clock.set(_at(start, 9))
    done.contract = services.start_case(env, services.Actor(p.office), WORKFLOW, p.union,
                                        data.CONTRACT_TITLE.format(year=year), {
                                            "kind": "collective_contract", "initiator": "union",
                                            "counterpart": data.ENTERPRISE, "topics": data.CONTRACT_TOPICS}).case_id
    run(clock, _talks(env, p, lambda: done.contract, _later(env, start, 1), year=year, drafts=data.CONTRACT_DRAFTS,
                      rounds=data.CONTRACT_ROUNDS, reply=data.CONTRACT_REPLY, gaps=(5, 2, 3, 7),
                      figures={"average_wage": 6980, "last_increase": 52, "guideline_baseline": 55,
                               "guideline_upper": 80, "guideline_lower": 30, "cpi": 3,
                               "results": "上年营业收入12.6亿元，同比增长7.8%；利润总额9800万元。",
                               "sources": "常州市人力资源和社会保障局发布的工资指导线；公司财务部提供的经营数据"}))
    opens = _first_session(env, clock, p, held, rng, done, clock.now().astimezone(TZ).date(), year)
    signed = _later(env, opens, 3)
    filed = _later(env, signed, 4)
    contract = lambda: done.contract  # noqa: E731
    run(clock, [
        (_at(signed, 10), partial(_fire, env, p.chair, contract, "sign", {"signed_on": signed.isoformat()})),
        (_at(signed, 11), partial(_fire, env, p.employer, contract, "sign", {"signed_on": signed.isoformat()})),
        (_at(filed, 15), partial(_fire, env, p.employer, contract, "file", {
            "submitted_on": (filed - timedelta(days=1)).isoformat(), "received_on": filed.isoformat()})),
    ])
    effective = date.fromisoformat(services.case_view(env, services.SYSTEM_ACTOR, done.contract).data["effective_on"])
    clock.set(_at(effective, 0, 30))
    scheduler.sweep(env)  # no objection within the review period: in effect
    published = workday(env, effective, 1)
    clock.set(_at(published, 10))
    _fire(env, p.office, contract, "publish", {"published_on": published.isoformat(),
                                               "how": data.CONTRACT_PUBLISHED_HOW})
    return done


def check(env: services.Env, clock: FixedClock, p: People, done: Bargained) -> None:
    """The contract's first implementation check, about six months after publication: due, done, recorded."""
    day = _later(env, clock.now().astimezone(TZ).date(), 1)
    clock.set(_at(day, 9))
    scheduler.sweep(env)
    findings, issues = data.CONTRACT_CHECK
    clock.set(_at(day, 15))
    _fire(env, p.office, lambda: done.contract, "record_check", {"checked_on": day.isoformat(),
                                                                "findings": findings, "issues": issues})


def wage_talks(env: services.Env, p: People, done: Bargained, rng: random.Random, today: date) -> Plan:
    """Next year's wage agreement, planned over the last weeks for the proposals' driver to run in time order:
    the request, staff opinions, the reply, negotiators, the data, two rounds and two drafts."""
    start = workday(env, today - timedelta(days=WAGE_DAYS_AGO), 1)
    year = start.year + 1

    def begin() -> None:
        done.wage = services.start_case(env, services.Actor(p.office), WORKFLOW, p.union,
                                        data.WAGE_TITLE.format(year=year), {
                                            "kind": "wage_agreement", "initiator": "union",
                                            "counterpart": data.ENTERPRISE,
                                            "topics": data.WAGE_TOPICS.format(year=year)}).case_id

    def opinion(author: int, topic: str, body: str, anonymous: bool) -> None:
        bargaining.submit_opinion(env, services.Actor(author), done.wage, topic=topic, body=body, anonymous=anonymous)

    staff = [u for u in p.representatives if u not in (p.demo_rep, p.committee)]
    plan: Plan = [(_at(start, 9), begin)]
    for n, ((topic, body, anonymous), author) in enumerate(zip(data.WAGE_OPINIONS, rng.sample(staff, 3),
                                                               strict=True)):
        plan.append((_at(_later(env, start, 1 + n), 12, 10 * n), partial(opinion, author, topic, body, anonymous)))
    plan += _talks(env, p, lambda: done.wage, start, year=year, drafts=data.WAGE_DRAFTS, rounds=data.WAGE_ROUNDS,
                   reply=data.WAGE_REPLY.format(year=year), gaps=(3, 2, 3, 5),
                   figures={"average_wage": 7260, "last_increase": 60, "guideline_baseline": 50,
                            "guideline_upper": 75, "guideline_lower": 25, "cpi": 2,
                            "results": "前三季度营业收入同比增长4.1%，新签订单有所下降。",
                            "sources": "常州市人力资源和社会保障局工资指导线；国家统计局常州调查队；公司财务部"})
    return plan


def women_talks(env: services.Env, p: People, done: Bargained, today: date) -> Plan:
    """The special contract on women staff's rights (女职工权益保护专项集体合同), planned over the last weeks:
    the request, the reply, negotiators, the data, two rounds and two drafts, and the agreed draft put to the
    coming session's ballot (its documents go out once its proposals are collected)."""
    start = workday(env, today - timedelta(days=WOMEN_DAYS_AGO), 1)
    women = lambda: done.women  # noqa: E731

    def begin() -> None:
        done.women = services.start_case(env, services.Actor(p.office), WORKFLOW, p.union, WOMEN_TITLE, {
            "kind": WOMEN, "initiator": "union", "counterpart": data.ENTERPRISE, "topics": WOMEN_TOPICS}).case_id

    plan: Plan = [(_at(start, 9, 15), begin)]
    plan += _talks(env, p, women, start, year=start.year, drafts=WOMEN_DRAFTS, rounds=WOMEN_ROUNDS,
                   reply=WOMEN_REPLY, gaps=(4, 3, 4, 6),
                   figures={"average_wage": 7260, "last_increase": 60, "guideline_baseline": 50,
                            "guideline_upper": 75, "guideline_lower": 25, "cpi": 2,
                            "results": "公司现有女职工320人，其中孕期、哺乳期女职工27人。",
                            "sources": "公司人力资源部；工会女职工委员会调查"})
    last = max(at for at, _ in plan).astimezone(TZ).date()
    plan.append((_at(_later(env, last, 2), 14), partial(_fire, env, p.office, women, "put_to_congress", {
        "session_id": p.session, "term_years": 3, "agreement_title": WOMEN_NAME})))
    return plan
