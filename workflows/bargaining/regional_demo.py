"""The demo's regional bargaining: 武进区总工会 and the district's employers' association (武进区企业联合会) made a
regional collective contract for four of its small member enterprises some three months ago (each enterprise's
congress passed the draft, signed, filed, in effect after the review, published), and the fifth joined it by an
amendment a few weeks ago. Every step goes through the services, on the demo's clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from engine import services
from engine.store.models import Timer
from engine.time import deadlines
from engine.time.calendar import TZ
from workflows.bargaining.regional import ASSOCIATION, REGIONAL

if TYPE_CHECKING:
    from workflows.demo import People

ASSOCIATION_REP = ("王建华", "wangjianhua")  # 武进区企业联合会 秘书长
MANAGERS = {"hengda": ("蒋国栋", "jiangguodong"), "xinyang": ("林晓燕", "linxiaoyan")}  # employer at their enterprise
STARTS_DAYS_AGO = 110
JOINED_DAYS_AGO = 20
TITLE = "武进区小微企业2026年度区域性集体协商"
AGREEMENT = "武进区小微企业区域性集体合同"
TOPICS = "一、区域内职工工资增长幅度\n二、最低工资标准与加班工资计算基数\n三、劳动安全卫生与女职工特殊保护"
DRAFT = ("第一条 本合同适用于覆盖企业的全体职工。\n第二条 各企业职工平均工资年增长不低于5%。\n"
         "第三条 加班工资以不低于当地最低工资标准的基本工资为基数。\n第四条 各企业每年组织职工健康体检一次。")
MANDATE = "兹委托顾明远担任本次区域性集体协商工会方首席代表。武进区总工会，主席签字。"
Plan = list[tuple[datetime, Any]]


def workday(env: services.Env, day: date, step: int) -> date:
    """``day`` if people work then, else the next (``step`` 1) or previous (-1) working day."""
    while day.weekday() >= 5 or not env.calendar.is_workday(day)[0]:
        day += timedelta(days=step)
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def _fire(env: services.Env, who: int, case: dict[str, int], trigger: str, form: dict[str, Any] | None = None) -> None:
    services.fire(env, services.Actor(who), case["id"], trigger, form)


def _sweep_case(env: services.Env, case: dict[str, int]) -> None:
    """The scheduler's sweep for this case's deadlines only (the other demo parts keep their own times)."""
    due = deadlines.due_timers(env)
    with env.db.read() as conn:
        mine = set(conn.execute(sa.select(Timer.__table__.c.id).where(Timer.__table__.c.case_id == case["id"]))
                   .scalars())
    for timer in due:
        if timer in mine:
            deadlines.fire_timer(env, timer)


def add_people(env: services.Env, p: People, password: str) -> dict[str, int]:
    """The association's representative (``employer_association`` at the district) and two enterprises' managers."""
    made: dict[str, int] = {}
    for key, person in (("association", ASSOCIATION_REP), *MANAGERS.items()):
        made[key] = services.create_user(env, person[1], person[0], email=f"{person[1]}@wjqy.example.com")
        services.set_password(env, made[key], password)
        p.names[made[key]] = person
    services.grant_role(env, made["association"], p.federation.district, ASSOCIATION)
    for key in MANAGERS:
        services.grant_role(env, made[key], p.federation.unions[key], "employer")
    return made


def plan(env: services.Env, p: People, password: str, today: date) -> Plan:
    """The regional contract's steps, from the request to the fifth enterprise joining."""
    f, made = p.federation, add_people(env, p, password)
    assoc, employer_side = made["association"], [made["association"], *(made[k] for k in MANAGERS)]
    union_side = [f.staff, f.chairs["hengda"], f.chairs["xinyang"]]
    first = list(f.unions)[:4]
    case: dict[str, int] = {}
    steps: Plan = []

    def begin() -> None:
        case["id"] = services.start_case(env, services.Actor(f.staff), REGIONAL, f.district, TITLE, {
            "kind": "collective_contract", "initiator": "union", "covered": [f.unions[k] for k in first],
            "counterpart": "武进区企业联合会", "employer_reps": employer_side, "topics": TOPICS}).case_id

    def add(day: date, hour: int, who: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        steps.append((_at(day, hour), partial(_fire, env, who, case, trigger, form)))

    day = workday(env, today - timedelta(days=STARTS_DAYS_AGO), 1)
    steps.append((_at(day, 9), begin))
    add(day, 10, f.staff, "send_request", {"received_on": day.isoformat()})
    talks = workday(env, day + timedelta(days=7), 1)
    add(talks, 9, assoc, "agree_to_negotiate", {"replied_on": talks.isoformat(),
                                                 "reply": "武进区企业联合会同意开展区域性集体协商。"})
    add(talks, 10, f.staff, "appoint_union_negotiators", {"negotiators": union_side, "chief": f.staff,
                                                          "chief_mandate": MANDATE})
    add(talks, 11, assoc, "appoint_employer_negotiators", {"negotiators": employer_side, "chief": assoc})
    add(talks, 14, f.staff, "start_talks")
    add(talks, 15, f.staff, "record_round", {"held_on": talks.isoformat(), "attendance": "双方各3人",
                                             "minutes": "工会方提出工资增长6%，企业方提出4%，议定5%。"})
    add(talks, 16, f.staff, "save_draft", {"text": DRAFT})
    vote = workday(env, talks + timedelta(days=7), 1)
    add(vote, 9, f.staff, "put_to_congress", {"congress_mode": "each", "term_years": 2, "agreement_title": AGREEMENT})
    for i, key in enumerate(first):
        add(vote, 10 + i, f.staff, "record_congress_result", {"body": f.unions[key], "held_on": vote.isoformat(),
                                                              "total": 30, "present": 27 - i, "votes_for": 24 - i})
    signed = workday(env, vote + timedelta(days=2), 1)
    add(signed, 10, f.staff, "sign", {"signed_on": signed.isoformat()})
    add(signed, 11, assoc, "sign", {"signed_on": signed.isoformat()})
    add(signed, 15, assoc, "file", {"submitted_on": signed.isoformat(), "received_on": signed.isoformat()})
    effective = signed + timedelta(days=25)  # past the review (15 days from receipt, art. 47)
    steps.append((_at(effective, 2), partial(_sweep_case, env, case)))
    add(effective, 10, f.staff, "publish", {"published_on": effective.isoformat(),
                                            "how": "各企业厂务公开栏、企业微信群"})
    joined = workday(env, today - timedelta(days=JOINED_DAYS_AGO), 1)
    add(joined, 10, f.staff, "add_enterprise", {
        "organisation": f.unions["hutang"], "joined_on": joined.isoformat(), "basis": "补充协议第1号：湖塘物流加入",
        "held_on": joined.isoformat(), "total": 30, "present": 26, "votes_for": 23})
    return steps
