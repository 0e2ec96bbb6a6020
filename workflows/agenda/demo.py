"""The demo's agenda topics for the third session, sent while it collects: some put on the agenda, one grouped
under another, one declined with a reason, and the newest still waiting for the union office."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.time.clock import FixedClock
from workflows.agenda.terms import NAME

# (sender: "rep<n>" for the n-th representative or a department's handler key, topic, reason, outcome, words)
TOPICS: tuple[tuple[str, str, str, str, str], ...] = (
    ("rep2", "修订职工福利费使用管理办法", "福利费使用范围多年未调整，职工希望增加体检和困难帮扶项目。",
     "put_on_agenda", "审议《职工福利费使用管理办法（修订草案）》"),
    ("quality", "通报年度安全生产和职业健康情况", "车间噪声和粉尘检测结果职工不了解，希望在会上通报。",
     "put_on_agenda", "听取年度安全生产和职业健康工作情况的报告"),
    ("rep3", "提高夜班津贴", "夜班津贴标准五年未调，与周边企业差距较大。", "", ""),
    ("rep4", "夜班补贴标准调整", "建议夜班补贴与当地最低工资标准挂钩。", "group", "rep3"),
    ("rep5", "组织职工春游", "希望工会组织春季郊游活动。", "decline",
     "属于工会日常活动，不需提交职代会审议，已转工会文体委员会安排。"),
    ("rep1", "职工通勤班车增加线路", "新城区职工增多，现有班车线路不便。", "", ""),
)


# The earlier session's topics: one went on its agenda; one the office never sorted, overdue since.
EARLIER_TOPICS: tuple[tuple[str, str, str, str, str], ...] = (
    ("rep7", "增补职工董事", "原职工董事退休，董事会中没有职工代表。", "put_on_agenda", "选举增补职工董事"),
    ("rep8", "厂区停车位紧张", "早班时段电动车无处停放。", "", ""),
)


def earlier_topics(env: services.Env, clock: FixedClock, p: Any, session_id: int, opens: datetime) -> None:
    """Topics sent while the earlier session collected (from ``opens``), sorted the next day but one; the clock is
    put back where it was."""
    back = clock.now()
    senders = {f"rep{n}": u for n, u in enumerate(p.representatives, start=1)}
    at = opens
    for sender, title, reason, outcome, words in EARLIER_TOPICS:
        at += timedelta(hours=3)
        clock.set(at)
        case_id = services.start_case(env, Actor(senders[sender]), NAME, p.union, title,
                                      {"session_id": session_id, "reason": reason}).case_id
        if outcome:
            clock.set(at + timedelta(days=1))
            services.fire(env, Actor(p.office), case_id, outcome, {"agenda_line": words})
    clock.set(back)


def collect_topics(env: services.Env, clock: FixedClock, p: Any, start: datetime) -> None:
    """Send the topics one by one from ``start``, then the union office sorts most of them."""
    senders = {f"rep{n}": u for n, u in enumerate(p.representatives, start=1)} | dict(p.handlers)
    made: dict[str, int] = {}
    at = start
    for sender, title, reason, _, _ in TOPICS:
        at += timedelta(minutes=20)
        clock.set(at)
        made[sender] = services.start_case(env, Actor(senders[sender]), NAME, p.union, title,
                                           {"session_id": p.session, "reason": reason}).case_id
    office = Actor(p.office)
    for sender, _, _, outcome, words in TOPICS:
        if not outcome:
            continue
        at += timedelta(minutes=15)
        clock.set(at)
        form = {"put_on_agenda": {"agenda_line": words}, "decline": {"reason": words},
                "group": {"main_case": made.get(words)}}[outcome]
        services.fire(env, office, made[sender], outcome, form)
