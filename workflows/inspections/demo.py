"""The demo's representatives' inspections: the union office organised a winter safety inspection five weeks ago
with the demo representative and two others of the term-5 roster; they recorded five findings, and the departments'
rectifications stand in several states: accepted on time, refused once and back with the department, overdue and
never reported, reported and awaiting the representatives' check, refused twice and with the union chair. That
inspection is closed. A second one, of the staff canteen, was organised this week and is recording: its
representatives have the form to record findings. Every step goes through the services people use, planned for the
proposals' driver to run in time order on the demo's clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from engine import services
from engine.time.calendar import TZ
from workflows.congress.demo import workday
from workflows.inspections import services as inspections

if TYPE_CHECKING:
    from workflows.demo import People

DAYS_AGO = 35
TITLE = "冬季安全生产和职工生活设施巡视检查"
PLACES = "冲压车间\n配电房\n职工食堂\n三号宿舍楼\n职工浴室"
PURPOSE = "检查冬季安全生产措施落实情况，以及职工食堂、宿舍、浴室等生活设施的安全和卫生状况。"
NEXT_TITLE = "职工食堂卫生专项巡视"
# (key, department, place, what was found, details, days from the inspection to its deadline)
FINDINGS = (
    ("accepted", "logistics", "职工食堂后厨", "后厨地面湿滑，未设防滑垫和警示标志",
     "洗菜池周围长期积水，已有职工滑倒。", 10),
    ("refused", "production", "冲压车间", "两台冲床安全防护罩缺失", "3号、5号冲床防护罩拆下后未装回。", 14),
    ("overdue", "equipment", "配电房", "配电房灭火器过期未更换", "4具干粉灭火器压力不足，检验日期已过。", 12),
    ("checking", "safety", "三号宿舍楼", "消防通道堆放杂物",
     "一楼东侧消防通道堆放自行车和纸箱，安全出口指示灯不亮。", 10),
    ("chair", "logistics", "职工浴室", "浴室热水供应不稳定", "夜班下班时段热水时有时无，水温偏低。", 8),
)
Plan = list[tuple[datetime, Callable[[], Any]]]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def plan(env: services.Env, p: People, today: date) -> Plan:
    """The inspection's steps, for the proposals' driver to run among its own."""
    roster = [r.user_id for r in inspections.roster(env, p.union)]
    reps = [p.demo_rep, *[u for u in roster if u not in (p.demo_rep, p.committee)][:2]]
    organised = workday(env, today - timedelta(days=DAYS_AGO), 1)
    held = workday(env, organised + timedelta(days=2), 1)
    ids: dict[str, int] = {}

    def later(days: int) -> date:
        return workday(env, held + timedelta(days=days), 1)

    def fire(who: int, key: str, trigger: str, form: dict[str, Any] | None = None) -> Callable[[], None]:
        return lambda: services.fire(env, services.Actor(who), ids[key], trigger, form)

    def organise() -> None:
        ids["inspection"] = services.start_case(env, services.Actor(p.office), inspections.INSPECTION, p.union, TITLE, {
            "representatives": reps, "inspection_date": held.isoformat(), "places": PLACES,
            "purpose": PURPOSE}).case_id

    def record(n: int, key: str, department: str, place: str, title: str, details: str, days: int
               ) -> Callable[[], None]:
        def step() -> None:
            ids[key] = services.start_case(env, services.Actor(reps[n % len(reps)]), inspections.FINDING, p.union,
                                           title, {"inspection_id": ids["inspection"], "place": place,
                                                   "details": details, "department": p.departments[department],
                                                   "due_date": (held + timedelta(days=days)).isoformat()}).case_id
        return step

    def report(key: str, department: str, text: str, day: date) -> Callable[[], None]:
        return fire(p.handlers[department], key, "report_rectification",
                    {"rectification": text, "rectified_on": day.isoformat()})

    steps: Plan = [(_at(organised, 10), organise)]
    steps += [(_at(held, 10, 10 * n), record(n, *finding)) for n, finding in enumerate(FINDINGS)]
    steps.append((_at(held, 17), fire(p.office, "inspection", "end_recording",
                                      {"summary": "共发现问题 5 个，已分别交责任部门整改。"})))
    d = later(5)
    steps += [
        (_at(d, 9), report("accepted", "logistics",
                           "已在洗菜池周围铺设防滑垫，设置“小心地滑”警示牌，并疏通排水沟。", d)),
        (_at(later(6), 10), fire(reps[0], "accepted", "accept", {"check_note": "现场复查，整改到位。"})),
        (_at(d, 14), report("chair", "logistics", "已调整锅炉运行时间。", d)),
        (_at(later(6), 11), fire(reps[1], "chair", "refuse", {
            "refusal_reason": "夜班下班时段仍无热水，请更换加热设备。",
            "new_due_date": later(12).isoformat()})),
        (_at(later(8), 15), report("refused", "production", "已为5号冲床装回防护罩。", later(8))),
        (_at(later(9), 9), report("checking", "safety", "已清理消防通道杂物，更换安全出口指示灯。", later(9))),
        (_at(later(9), 16), fire(reps[2 % len(reps)], "refused", "refuse", {
            "refusal_reason": "3号冲床防护罩仍未装回。", "new_due_date": (today + timedelta(days=7)).isoformat()})),
        (_at(later(11), 10), report("chair", "logistics", "已增加一台储水式热水器。", later(11))),
        (_at(later(12), 10), fire(reps[0], "chair", "refuse_again", {
            "refusal_reason": "热水器容量不足，夜班职工仍反映没有热水。"})),
        (_at(later(13), 10), fire(p.office, "inspection", "close", {
            "conclusion": "巡视已结束，未整改完成的问题继续跟踪，并向下次职代会报告。"})),
    ]
    coming = workday(env, today - timedelta(days=4), 1)

    def organise_next() -> None:
        services.start_case(env, services.Actor(p.office), inspections.INSPECTION, p.union, NEXT_TITLE, {
            "representatives": reps[:2], "inspection_date": workday(env, today + timedelta(days=1), 1).isoformat(),
            "places": "职工食堂\n食堂库房", "purpose": "检查食品留样、库房管理和餐具消毒。"})
    steps.append((_at(coming, 15), organise_next))
    return steps
