"""The demo's worker requests: staff who send them, and nine requests over the last weeks in every step: answered
through a department and rated, anonymous with its department late, urgent and overdue, waiting to be registered,
merged, turned into a proposal, awaiting the rating, reopened once, and with the union chair. Every step goes
through the services people use, planned for the proposals' driver to run in time order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from engine import services
from engine.time.calendar import TZ
from workflows.requests.terms import NAME

if TYPE_CHECKING:
    from workflows.demo import People

Plan = list[tuple[datetime, Callable[[], Any]]]
# Staff who send requests (name, username); the first is offered on the sign-in page.
STAFF = (("马晓东", "maxiaodong"), ("何春燕", "hechunyan"), ("罗志刚", "luozhigang"), ("梁雪", "liangxue"),
         ("宋建华", "songjianhua"))
SENDER = STAFF[0]


def add_staff(env: services.Env, p: People, password: str) -> list[int]:
    """The staff accounts, each holding 职工 (staff) in the union."""
    found = []
    for name, username in STAFF:
        user_id = services.create_user(env, username, name, email=f"{username}@hdjm.example.com")
        services.set_password(env, user_id, password)
        services.grant_role(env, user_id, p.union, "staff")
        p.names[user_id] = (name, username)
        found.append(user_id)
    return found


def _workday(env: services.Env, day: date, step: int = 1) -> date:
    while day.weekday() >= 5 or not env.calendar.is_workday(day)[0]:
        day += timedelta(days=step)
    return day


class Requests:
    """The requests of the demo, planned step by step from ``today`` back."""

    def __init__(self, env: services.Env, p: People, staff: list[int], today: date) -> None:
        self.env, self.p, self.staff, self.today = env, p, staff, today
        self.ids: dict[str, int] = {}
        self.plan: Plan = []

    def day(self, working_days_ago: int) -> date:
        """The working day that many working days before today (0: the last working day before today)."""
        day = _workday(self.env, self.today - timedelta(days=1), -1)
        for _ in range(working_days_ago):
            day = _workday(self.env, day - timedelta(days=1), -1)
        return day

    def at(self, working_days_ago: int, hour: int, what: Callable[[], Any]) -> None:
        self.plan.append((datetime.combine(self.day(working_days_ago), time(hour, 7 * len(self.plan) % 60), TZ), what))

    def send(self, key: str, ago: int, who: int, title: str, **form: Any) -> None:
        def go() -> None:
            self.ids[key] = services.start_case(self.env, services.Actor(who), NAME, self.p.union, title,
                                                form).case_id
        self.at(ago, 9, go)

    def act(self, key: str, ago: int, who: int, trigger: str, hour: int = 10, **form: Any) -> None:
        def go() -> None:
            values = {k: (v(self) if callable(v) else v) for k, v in form.items()}
            services.fire(self.env, services.Actor(who), self.ids[key], trigger, values)
        self.at(ago, hour, go)

    @staticmethod
    def due(working_days: int, ago: int) -> Callable[[Requests], str]:
        """A department's deadline ``working_days`` after the day ``ago`` working days back (in the future when
        that is after today)."""
        def day(r: Requests) -> str:
            later = ago - working_days
            return (r.day(later) if later >= 0 else _workday(r.env, r.today + timedelta(days=3))).isoformat()
        return day


def plan(env: services.Env, p: People, staff: list[int], today: date) -> Plan:
    """The demo's requests, as steps for the proposals' driver to take among its own."""
    r = Requests(env, p, staff, today)
    office, rep = p.office, p.demo_rep
    safety, hr, logistics = (p.departments[k] for k in ("safety", "hr", "logistics"))
    h_safety, h_logistics = p.handlers["safety"], p.handlers["logistics"]
    a, b, c, d, e = staff
    # Answered through a department and rated: closed.
    r.send("vent", 20, a, "三号车间通风设备故障", kind="problem", topic="safety",
           text="三号车间排风机坏了一周，夜班时油烟味很大，大家头晕。")
    r.act("vent", 19, office, "register")
    r.act("vent", 19, office, "route", hour=11, department=safety, department_due=r.due(3, 19),
          route_note="请三个工作日内核实处理并书面答复。")
    r.act("vent", 17, h_safety, "department_answer", department_answer="已更换排风机电机，经检测车间空气指标合格。")
    r.act("vent", 16, office, "send_reply")
    r.act("vent", 14, a, "rate", rating="satisfied")
    # Anonymous, routed to HR, whose answer is late: overdue at the department.
    r.send("overtime", 12, b, "加班费计算基数偏低", kind="complaint", topic="wages", anonymous=True,
           text="班组加班费按最低工资标准计算，没有按本人工资计算，请工会帮助核实。")
    r.act("overtime", 11, office, "register")
    r.act("overtime", 11, office, "route", hour=14, department=hr, department_due=r.due(4, 11),
          route_note="请核实加班工资计算基数，五个工作日内答复。")
    # The same matter from another worker: merged into the anonymous one.
    r.send("overtime2", 9, c, "夜班加班工资怎么算", kind="question", topic="wages",
           text="夜班加班的工资是按什么基数算的？")
    r.act("overtime2", 8, office, "register")
    r.act("overtime2", 8, office, "merge", hour=15, main_case=lambda rr: rr.ids["overtime"],
          merge_note="与另一件加班工资诉求为同一事项，并件办理。")
    # Urgent, and not yet answered: overdue with the office, the chair urging it.
    r.send("heat", 3, d, "高温岗位防暑降温用品未发放", kind="help", topic="safety",
           text="铸造工段防暑降温用品本月还没有发，现场温度很高。")
    r.act("heat", 2, office, "register", urgent=True, register_note="涉及安全，急办。")
    # Waiting to be registered.
    r.send("canteen", 0, e, "食堂晚餐供应时间太短", kind="problem", topic="welfare",
           text="晚班下班时食堂已经关门，希望延长晚餐供应时间。")
    # Turned into a draft proposal with the sender's consent (a representative on the roster).
    r.send("shuttle", 7, rep, "增开夜班通勤班车", kind="problem", topic="welfare",
           text="夜班下班后没有公交，很多职工骑电动车回家，路上不安全，建议增开夜班通勤班车。")
    r.act("shuttle", 6, office, "register")
    r.act("shuttle", 5, office, "offer_conversion", conversion_note="涉及全厂夜班职工，建议作为职代会提案。")
    r.act("shuttle", 4, rep, "accept_conversion")
    # Replied directly, awaiting the rating.
    r.send("leave", 6, a, "年休假能否分段休", kind="question", topic="hours", text="年休假可以分两次休吗？")
    r.act("leave", 5, office, "register")
    r.act("leave", 4, office, "reply", answer="可以。根据《职工带薪年休假条例》，年休假可以集中安排，也可以分段安排。")
    # Unsatisfied once: back with the office.
    r.send("locker", 15, b, "更衣柜不够用", kind="problem", topic="welfare", text="二车间新进职工没有更衣柜。")
    r.act("locker", 14, office, "register")
    r.act("locker", 14, office, "route", hour=14, department=logistics, department_due=r.due(3, 14))
    r.act("locker", 12, h_logistics, "department_answer", department_answer="已登记需求，下季度采购。")
    r.act("locker", 11, office, "send_reply")
    r.act("locker", 10, b, "rate", rating="unsatisfied", rating_comment="下季度太晚，现在没有地方放衣服。")
    # Unsatisfied twice: with the union chair.
    r.send("noise", 18, c, "冲压车间噪声超标", kind="complaint", topic="safety", text="冲压车间噪声很大，耳塞不够用。")
    r.act("noise", 17, office, "register")
    r.act("noise", 17, office, "reply", hour=15, answer="已要求车间按需发放耳塞。")
    r.act("noise", 15, c, "rate", rating="unsatisfied", rating_comment="耳塞还是不够，噪声也没有治理。")
    r.act("noise", 14, office, "reply", answer="耳塞已补发，噪声治理列入设备改造计划。")
    r.act("noise", 12, c, "rate", rating="unsatisfied", rating_comment="噪声治理没有时间表。")
    return r.plan
