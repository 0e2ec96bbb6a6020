"""The demo's rationalisation suggestions: sent by representatives and by a department's handler over the past
months, and taken by the union office and the departments through the real workflow to each step: awaiting
routing, being assessed (one past its deadline), not adopted, being implemented, implemented with the benefit
measured, awarded and filed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from engine import services
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.suggestions.terms import NAME

# (title, field, situation, suggestion, expected benefit, sender key, department key, days ago it was sent,
#  then each later step as (days ago, trigger, form)).
SUGGESTIONS: tuple[tuple[Any, ...], ...] = (
    ("冲压车间边角料分拣再利用", "cost", "冲压下来的边角料全部当废钢卖掉。", "按厚度分拣，可用的边角料用于小件冲压。",
     "每年节约钢材约 3 吨。", "rep", "production", 200,
     ((198, "route", {"department": "production"}),
      (190, "adopt", {"outcome": "adopted", "assessment": "分拣场地已落实，可以实施。",
                      "plan": "二号线先试点三个月。"}),
      (120, "report_implementation", {"implemented_on": -121, "benefit_amount": 86000,
                                      "benefit": "年节约钢材 3.2 吨，按财务部核定。",
                                      "implementation": "已在两条线推广。"}),
      (6, "award", {"grade": "first", "award_note": "年度合理化建议一等奖。"}))),
    ("数控车床刀具寿命登记", "technology", "刀具凭经验更换，有的提前报废，有的崩刃。",
     "每把刀具登记加工件数，按寿命曲线换刀。",
     "减少崩刃废品，降低刀具消耗。", "handler", "engineering", 150,
     ((149, "route", {"department": "engineering"}),
      (140, "adopt", {"outcome": "adopted_in_part", "assessment": "先在数控车床上实施，加工中心暂不具备条件。"}),
      (80, "report_implementation", {"implemented_on": -82, "benefit_amount": 24000, "benefit": "刀具消耗下降约 15%。",
                                     "implementation": "数控车床已全部登记。"}),
      (5, "award", {"grade": "third"}))),
    ("叉车充电错峰安排", "cost", "叉车都在白天充电，赶上用电高峰。", "改为夜间谷电时段集中充电。",
     "电费每年可省一万元左右。", "rep2", "equipment", 70,
     ((69, "route", {"department": "equipment"}),
      (60, "adopt", {"outcome": "adopted", "assessment": "夜班有人值守，可以实施。"}),
      (20, "report_implementation", {"implemented_on": -21, "benefit_amount": 11500, "benefit": "按电费单核定。",
                                     "implementation": "充电时间改为 23:00 至 7:00。"}))),
    ("涂装线排风口加装防雨罩", "safety", "雨天排风口进水，风机多次跳闸。", "排风口加装不锈钢防雨罩。",
     "减少停线，消除触电隐患。", "rep3", "safety", 45,
     ((44, "route", {"department": "safety"}),
      (35, "adopt", {"outcome": "adopted", "assessment": "隐患属实，列入本季度整改。"}))),
    ("食堂改用电子饭卡预约", "management", "午餐高峰排队超过二十分钟。", "上线饭菜预约，按预约备餐。",
     "缩短排队时间，减少剩菜。", "rep", "logistics", 40,
     ((39, "route", {"department": "logistics"}),
      (30, "not_adopt", {"assessment": "食堂系统明年统一升级，届时一并考虑，本次不单独采纳。"}))),
    ("仓库物料条码管理", "management", "物料靠手工台账，盘点常有差错。", "物料贴条码，出入库扫码登记。",
     "盘点准确，减少呆料。", "rep2", "logistics", 38,
     ((37, "route", {"department": "logistics"}),)),  # 15 working days passed: overdue
    ("员工培训课件共享", "other", "各车间的培训课件各做各的。", "在内网建课件库，各车间共享。",
     "减少重复制作，统一培训内容。", "rep3", "hr", 8,
     ((7, "route", {"department": "hr"}),)),
    ("更衣室加装烘干机", "other", "雨季工作服晾不干。", "在更衣室加装两台烘干机。", "职工上班不再穿湿衣服。",
     "rep", None, 1, ()),
)


def load(env: services.Env, clock: FixedClock, people: Any, today: date) -> int:
    """Send and take the demo's suggestions through their steps on a clock set back to each day; returns how
    many there are. ``people`` is the demo's people (union, departments, representatives, handlers, office)."""
    senders = {"rep": people.demo_rep, "rep2": people.representatives[5], "rep3": people.representatives[9],
               "handler": people.handlers["production"]}
    departments = people.departments

    def at(days_ago: int, hour: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour), TZ)

    for n, (title, field, situation, proposal, benefit, sender, _department, sent, steps) in enumerate(SUGGESTIONS):
        clock.set(at(sent, 9) + timedelta(minutes=n))
        case_id = services.start_case(env, services.Actor(senders[sender]), NAME, people.union, title, {
            "field": field, "situation": situation, "proposal": proposal, "expected_benefit": benefit}).case_id
        for days_ago, trigger, form in steps:
            clock.set(at(days_ago, 10) + timedelta(minutes=n))
            form = dict(form)
            if "department" in form:
                form["department"] = departments[form["department"]]
                who = people.office
            elif trigger == "award":
                form["award_year"] = clock.now().astimezone(TZ).year
                who = people.office
            else:
                who = people.handlers[next(k for k, v in departments.items()
                                           if v == services.case_view(env, services.SYSTEM_ACTOR, case_id)
                                           .data["department"])]
            if isinstance(form.get("implemented_on"), int):
                form["implemented_on"] = (today + timedelta(days=form["implemented_on"])).isoformat()
            services.fire(env, services.Actor(who), case_id, trigger, form)
    return len(SUGGESTIONS)
