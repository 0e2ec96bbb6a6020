"""The report on the handling of last session's proposals (上次会议提案办理情况), counted from the data on both
backends: received, accepted and not, the answers by class, the ratings (未评价 apart), and the follow-ups still
open and reported solved."""

from __future__ import annotations

import pytest
from test_proposal_workflow import act, submitted

from engine import services
from engine.core.context import Actor
from engine.time import deadlines
from support.union import Union
from workflows.proposals import services as proposals
from workflows.proposals import spec as proposal


@pytest.fixture
def union(env):
    env.registry.register(proposal.build())
    return Union(env)


def answered(env, u, title: str, classification: str, **answer) -> int:
    case_id = submitted(env, u, title=title)
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-12-23"})
    act(env, u.logistics_handler, case_id, "answer", {"classification": classification, "answer": "已研究。", **answer})
    return case_id


def test_the_report_counts_answers_ratings_and_follow_ups_from_the_data(env, union, clock):
    u = union
    solved = answered(env, u, "关于食堂夜班供餐的提案", "solved")
    planned = answered(env, u, "关于翻修淋浴间的提案", "in_plan", follow_up_due="2027-03-31")
    later = answered(env, u, "关于增设充电桩的提案", "not_now", reason_not_now="预算不足")
    for case_id in (solved, planned):
        act(env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"})
    act(env, u.committee, submitted(env, u, title="关于发放生日蛋糕的提案"), "reject", {"reason": "不属提案范围"})
    clock.advance(days=16)  # the third answer was never rated: 未评价 after 15 days, then followed up
    for timer in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer)
    act(env, u.logistics_handler, later, "report_completion", {"completion": "充电桩已安装。"})
    report = proposals.handling_report(env, Actor(u.committee), u.session)
    assert report.paragraphs[0] == ("第五届职代会第三次会议共收到提案 4 件。经提案工作委员会审查，立案 3 件，"
                                    "并案 0 件，转为意见建议 0 件，不予立案 1 件。")
    assert "已解决（采纳）1 件，列入计划 1 件，因条件限制暂不能解决 1 件" in report.paragraphs[1]
    assert "满意 2 件" in report.paragraphs[2] and "未评价 1 件" in report.paragraphs[2]
    assert "列入计划和暂不能解决的 2 件中，已落实完成 1 件，仍在跟踪落实 1 件" in report.paragraphs[3]
    assert [(r.title, r.status) for r in report.follow_ups] == [
        ("关于翻修淋浴间的提案", "跟踪落实中"), ("关于增设充电桩的提案", "已落实完成（2026-12-09）")]
    with pytest.raises((services.NotFound, services.PermissionDenied)):
        proposals.handling_report(env, Actor(u.rep2), u.session)
