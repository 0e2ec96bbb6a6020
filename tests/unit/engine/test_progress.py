"""A case's progress line, computed from each registered workflow's main path and a case's history; the
milestones a spec declares are checked at registration."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from config import Settings
from engine.core.errors import SpecError
from engine.core.progress import Entered, Waiting, compute, days_left
from engine.core.registry import Registry
from engine.core.spec import Milestone
from support.flows import REQUEST
from workflows import register_all

SH = timedelta(hours=8)
NOW = datetime(2026, 10, 15, 2, 0, tzinfo=UTC)  # 10:00 on 15 October in Shanghai


def specs() -> dict[tuple[str, int], object]:
    return {(e.spec.name, e.spec.version): e.spec for e in register_all(Registry(), Settings())}


SPECS = specs()


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC) - SH


def walk(*states: str, first: int = 1) -> list[Entered]:
    return [Entered(s, at(first + n), states[n - 1] if n else None, "x") for n, s in enumerate(states)]


def line(steps) -> list[tuple[str, str]]:
    return [(s.status, s.label.zh) for s in steps]


def test_a_proposal_being_handled_shows_its_steps_done_its_holder_and_the_days_left():
    spec = SPECS[("proposal", 1)]
    history = walk("draft", "co_signing", "submitted", "endorsement", "assignment", "handling")
    due = datetime(2026, 10, 20, tzinfo=UTC) - SH  # 24:00 of 19 October, Shanghai
    steps = compute(spec, "handling", history, [Waiting(None, "handler", 7, due)], [due], NOW)
    assert line(steps) == [
        ("done", "草稿"), ("done", "征集附议"), ("done", "待审查"), ("done", "待领导批示"), ("done", "待交办"),
        ("current", "办理中"), ("todo", "待评价"), ("todo", "办结")]
    assert steps[0].since == at(1) and steps[4].since == at(5)
    current = steps[5]
    assert current.holders[0].role == "handler" and current.holders[0].organisation_id == 7
    assert current.holders[0].role_label.zh == "承办人"
    assert current.days_left == 4  # 15 → 19 October


def test_an_endorsement_the_union_does_not_require_is_not_listed_as_done():
    spec = SPECS[("proposal", 1)]
    history = [*walk("draft", "co_signing", "submitted", "endorsement"),
               Entered("assignment", at(4), "endorsement", "skip_endorsement")]
    steps = compute(spec, "assignment", history, [], [], NOW)
    assert ("done", "待领导批示") not in line(steps)
    assert line(steps)[3] == ("current", "待交办")
    history[-1] = Entered("assignment", at(4), "endorsement", "endorse")  # a leader endorsed it at once
    assert ("done", "待领导批示") in line(compute(spec, "assignment", history, [], [], NOW))


def test_a_returned_proposal_stands_after_the_review_it_came_from():
    spec = SPECS[("proposal", 1)]
    steps = compute(spec, "returned", walk("draft", "co_signing", "submitted", "returned"),
                    [Waiting(42, None, None, None)], [], NOW)
    assert line(steps) == [("done", "草稿"), ("done", "征集附议"), ("done", "待审查"), ("current", "退回修改"),
                           ("todo", "待领导批示"), ("todo", "待交办"), ("todo", "办理中"), ("todo", "待评价"),
                           ("todo", "办结")]
    assert steps[3].holders[0].user_id == 42 and steps[3].days_left is None


def test_a_withdrawn_proposal_ends_with_nothing_to_come():
    steps = compute(SPECS[("proposal", 1)], "withdrawn", walk("draft", "withdrawn"), [], [], NOW)
    assert line(steps) == [("done", "草稿"), ("end", "已撤回")]


def test_a_closed_proposal_after_a_rehandling_shows_the_last_time_each_step_was_reached():
    spec = SPECS[("proposal", 1)]
    history = walk("draft", "co_signing", "submitted", "endorsement", "assignment", "handling", "answered")
    history += [Entered("rated", at(8), "answered", "rate"), Entered("handling", at(8), "rated", "rehandle"),
                Entered("handling", at(9), "handling", "supervise"), Entered("answered", at(12), "handling", "answer"),
                Entered("rated", at(13), "answered", "rate"), Entered("closed", at(13), "rated", "close")]
    steps = compute(spec, "closed", history, [], [], NOW)
    assert [s.status for s in steps] == ["done"] * 8
    assert steps[5].since == at(8) and steps[6].since == at(12) and steps[7].since == at(13)


def test_an_overdue_step_counts_the_days_past_its_last_day():
    spec = SPECS[("proposal", 1)]
    due = datetime(2026, 10, 13, tzinfo=UTC) - SH  # the last day was 12 October
    steps = compute(spec, "handling", walk("draft", "handling"), [], [due], NOW)
    current = next(s for s in steps if s.status == "current")
    assert current.days_left == -3 and current.overdue_days == 3


def test_days_left_is_counted_in_shanghai():
    due = datetime(2026, 10, 16, tzinfo=UTC) - SH  # 24:00 of 15 October in Shanghai
    assert days_left(due, datetime(2026, 10, 14, 17, 0, tzinfo=UTC)) == 0  # 01:00 on the 15th in Shanghai
    assert days_left(due, datetime(2026, 10, 14, 15, 0, tzinfo=UTC)) == 1  # 23:00 on the 14th
    assert days_left(due, datetime(2026, 10, 15, 16, 0, tzinfo=UTC)) == -1  # 00:00 on the 16th: passed


def test_a_congress_session_in_session_shows_the_chair_and_what_is_left():
    spec = SPECS[("congress", 1)]
    history = walk("planned", "documents_delivered", "in_session")
    history.insert(2, Entered("documents_delivered", at(2, 12), "documents_delivered", "remind_documents"))
    steps = compute(spec, "in_session", history,
                    [Waiting(None, "union_chair", 2, None)], [], NOW)
    assert line(steps) == [("done", "筹备"), ("done", "文件已送达"), ("current", "会议进行中"),
                           ("todo", "结果已公布"), ("todo", "已闭会")]
    assert steps[2].holders[0].role_label.zh == "工会主席"
    assert steps[1].since == at(2)  # a reminder staying in the step does not move the day it was reached


def test_a_resolution_without_declared_milestones_follows_the_first_action_of_each_step():
    spec = SPECS[("resolution", 1)]
    assert not spec.milestones
    steps = compute(spec, "implementing", walk("implementing"), [], [], NOW)
    assert line(steps) == [("current", "落实中"), ("todo", "已报告"), ("todo", "已办结")]


@pytest.mark.parametrize("version", [1, 2])
def test_bargaining_names_the_reply_awaited_then_the_side_that_was_asked(version):
    spec = SPECS[("bargaining", version)]
    steps = compute(spec, "request", walk("request"), [], [], NOW)
    assert line(steps)[:3] == [("current", "拟定要约"), ("todo", "等待书面回应"), ("todo", "协商准备")]
    assert line(steps)[-1] == ("todo", "已期满")
    history = walk("request", "awaiting_union_reply", "preparation", "negotiating", "suspended")
    steps = compute(spec, "suspended", history, [], [], NOW)
    assert line(steps)[:5] == [("done", "拟定要约"), ("done", "等待工会书面回应"), ("done", "协商准备"),
                               ("done", "协商会议"), ("current", "协商中止")]
    assert line(steps)[5] == ("todo", "提交职代会审议")


def test_bargaining_ended_in_a_dispute_shows_no_steps_to_come():
    spec = SPECS[("bargaining", 2)]
    steps = compute(spec, "ended", walk("request", "awaiting_employer_reply", "dispute", "ended"), [], [], NOW)
    assert line(steps) == [("done", "拟定要约"), ("done", "等待企业方书面回应"), ("end", "协商终止")]


def test_every_registered_workflow_draws_a_line_from_its_initial_state():
    for spec in SPECS.values():
        steps = compute(spec, spec.initial, [Entered(spec.initial, at(1), None, "start")], [], [], NOW)
        assert steps[0].status == "current" and steps[-1].status == "todo"
        assert any(spec.state(s).final for s in spec.main_path()[-1].states)


def test_milestones_are_checked_at_registration():
    def problems(spec) -> list[str]:
        with pytest.raises(SpecError) as caught:
            Registry().register(spec)
        return list(caught.value.problems)

    assert problems(replace(REQUEST, milestones=("draft", "nowhere"))) == [
        "milestone state 'nowhere' is not a defined state"]
    assert problems(replace(REQUEST, milestones=("review", "closed"))) == [
        "the first milestone must be the initial state 'draft'"]
    assert problems(replace(REQUEST, milestones=("draft", "closed", "handling"))) == [
        "milestone 'handling' is not reached from 'closed'", "the last milestone 'handling' is not a final state"]
    assert problems(replace(REQUEST, milestones=("draft", Milestone(("review", "draft")), "closed"))) == [
        "milestone state 'draft' is named twice"]
    Registry().register(replace(REQUEST, milestones=("draft", "review", "handling", "answered", "closed")))


def test_the_engines_own_history_entries_cannot_be_a_workflows_actions():
    for name in ("comment", "migrate", "start"):
        spec = replace(REQUEST, transitions=(*REQUEST.transitions, replace(REQUEST.transitions[0], trigger=name)))
        with pytest.raises(SpecError) as caught:
            Registry().register(spec)
        assert any(f"transition {name!r}: the name is the engine's own history entry" in p
                   for p in caught.value.problems)
