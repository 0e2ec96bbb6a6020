"""The demo's disclosure register: six entries kept by the union office and the employer, the monthly wage item
of the last three months (one published, questioned and corrected, one published with questions answered, the
latest still within its period), a safety event's item left unpublished past its deadline, and a question left
unanswered past its own: both in the union office's overdue list."""

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
from workflows.disclosures import entries, views
from workflows.disclosures.terms import NAME, QUESTION

if TYPE_CHECKING:
    from workflows.demo import People


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def _month_start(day: date, back: int) -> date:
    month = day.month - back
    year = day.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _fire(env: services.Env, who: int, case_id: int, trigger: str, form: dict) -> None:
    version = services.case_view(env, Actor(who), case_id).version
    services.fire(env, Actor(who), case_id, trigger, form, expected_version=version)


def _entry(env: services.Env, who: int, union: int, title: str, category: str, frequency: str, channel: str,
           department: int, starts_on: date, scope: int | None = None, note: str = "") -> int:
    return entries.add_entry(env, Actor(who), union, {
        "title": title, "category": category, "frequency": frequency, "channel": channel, "scope": scope or union,
        "department": department, "note": note, "starts_on": starts_on})


def load(env: services.Env, clock: FixedClock, p: People, now: datetime) -> int:
    """The register and its items; returns how many items it holds. The clock is moved within the last three
    months (each case's own steps in order) and left at ``now``."""
    today = now.astimezone(TZ).date()
    first = _month_start(today, 3)
    dept, hr, office = p.departments, p.handlers["hr"], p.office
    staff = p.representatives
    clock.set(_at(first, 9))
    wages = _entry(env, office, p.union, "月度工资发放情况", "wages", "monthly", "board", dept["hr"], first,
                   note="含各类人员平均工资、加班费和津贴发放情况。")
    _entry(env, p.employer, p.union, "福利基金提取和使用情况", "welfare_fund", "quarterly", "intranet",
           dept["finance"], date(today.year, 3 * ((today.month - 1) // 3) + 1, 1))
    _entry(env, office, p.union, "年度生产经营情况和重大决策", "operations", "yearly", "congress", dept["finance"],
           date(today.year, 1, 1))
    _entry(env, office, p.union, "集体合同履行情况", "contract", "yearly", "congress", dept["hr"],
           date(today.year, 1, 1))
    _entry(env, p.employer, p.union, "职工食堂经营收支", "other", "quarterly", "board", dept["logistics"],
           date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), scope=dept["logistics"])
    safety = _entry(env, office, p.union, "安全生产事故及整改情况", "safety", "event", "staff_meeting",
                    dept["safety"], first)

    def month_item(back: int) -> int | None:
        start = _month_start(today, back)
        clock.set(min(_at(start + timedelta(days=1), 9), now - timedelta(hours=2)))
        entries.make_due_items(env)
        period = f"{_month_start(today, back + 1):%Y-%m}"
        found = services.search_cases(env, SYSTEM_ACTOR, workflow=NAME, data={"entry": wages, "period": period})
        return found.items[0].id if found.items else None  # the first hours of a month: not made yet

    def publish(item: int, day: date, text: str) -> None:
        clock.set(_at(day, 10))
        _fire(env, hr, item, "publish", {"text": text, "published_on": day.isoformat(), "how": "厂区公开栏、企业内网"})

    def ask(item: int, who: int, day: datetime, text: str, show_name: bool = False) -> int:
        clock.set(day)
        return views.ask(env, Actor(who), item, text, show_name=show_name)

    def answer(question: int, day: datetime, text: str) -> None:
        clock.set(day)
        _fire(env, hr, question, "answer", {"answer": text})

    # Three months ago: published, asked about twice, corrected after a question found a wrong figure.
    first_item = month_item(2)
    assert first_item is not None
    start = _month_start(today, 2)
    publish(first_item, start + timedelta(days=3), "上月工资已于本月10日足额发放。全厂在岗职工平均工资6320元，"
            "一线生产人员平均6580元；加班费合计41.2万元。")
    q = ask(first_item, staff[5], _at(start + timedelta(days=5), 12), "一线生产人员平均工资是否含夜班津贴？",
            show_name=True)
    answer(q, _at(start + timedelta(days=6), 15),
           "含夜班津贴。经核对，一线生产人员平均工资应为6510元，已更正公开内容。")
    clock.set(_at(start + timedelta(days=6), 16))
    _fire(env, hr, first_item, "correct", {"text": "上月工资已于本月10日足额发放。全厂在岗职工平均工资6320元，"
                                                   "一线生产人员平均6510元（含夜班津贴）；加班费合计41.2万元。",
                                           "reason": "一线生产人员平均工资录入有误（职工提问后核对）"})
    # Two months ago: published on time, two questions answered (one asker named, one not).
    second = month_item(1)
    assert second is not None
    start = _month_start(today, 1)
    publish(second, start + timedelta(days=4), "上月工资已于本月10日足额发放，在岗职工平均工资6410元；"
            "高温津贴按每人每月300元发放至9月。")
    q = ask(second, staff[8], _at(start + timedelta(days=6), 9), "高温津贴为什么只发到9月？")
    answer(q, _at(start + timedelta(days=8), 14), "按本市规定，高温津贴发放期为6月至9月。")
    q = ask(second, staff[11], _at(start + timedelta(days=6), 11), "劳务派遣人员是否同样发放高温津贴？",
            show_name=True)
    answer(q, _at(start + timedelta(days=9), 10), "劳务派遣人员与在岗职工同等发放。")
    # Ten days ago a question no one has answered: past its five working days.
    ask(second, staff[14], now - timedelta(days=10), "加班费的计算基数是否包括岗位津贴？")
    # Last month's item: made once the month ended; published on its last day if that has passed.
    latest = month_item(0)
    if latest is not None:
        due = date.fromisoformat(services.case_view(env, SYSTEM_ACTOR, latest).data["due_on"])
        if due < today:
            publish(latest, due, "上月工资已于本月10日足额发放，在岗职工平均工资6380元。")
    # A safety event thirty days ago: the department has not published it.
    clock.set(now - timedelta(days=30))
    entries.make_item(env, Actor(office), safety,
                      event="铸造车间一名职工手部烫伤，已送医治疗；需公开事故经过和整改措施。")
    clock.set(now)
    _sweep_own(env)
    return services.search_cases(env, SYSTEM_ACTOR, workflow=NAME).total


def _sweep_own(env: services.Env) -> None:
    """Fire the deadlines of the register's cases that have passed by now (the overdue item and question go to
    the union office), leaving the other workflows' to the scheduler."""
    timers = Timer.__table__
    own = {case.id for workflow in (NAME, QUESTION)
           for batch in services.case_batches(env, SYSTEM_ACTOR, workflow=workflow) for case in batch}
    due = deadlines.due_timers(env, limit=10000)
    with env.db.read() as conn:
        mine = [t for (t, c) in conn.execute(sa.select(timers.c.id, timers.c.case_id).where(timers.c.id.in_(due)))
                if c in own]
    for timer_id in sorted(mine):
        deadlines.fire_timer(env, timer_id)
