"""Proposals followed to completion (version 2): the committee's review deadline after collection closes, the
proposer's rating deadline (then 未评价), and the follow-up of answers classed 列入计划 or 暂不能解决 until the
lead department reports the matter solved or the committee closes it with a reason.

Each of these periods is local practice (a union's own rules on proposals), not set by national law; the
defaults come from ``[proposal]``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.core.spec import Field, Notify, Overdue, Period, State, TaskSpec, TimerSpec, Transition
from workflows.proposals.terms import L

if TYPE_CHECKING:
    from workflows.proposals.spec import Policy

COMMITTEE = ("proposal_committee",)
LEAD = "data:lead_department"
FOLLOW_UP_DUE = Field("follow_up_due", L("预计解决日期", "Expected to be solved by"), "date", required=False,
                      help=L("列入计划或暂不能解决的，填写预计解决的日期；不填的，按默认期限跟踪落实。",
                             "For an answer in the plan or not solvable now: the day you expect it solved; "
                             "left empty, the default follow-up period applies."))


def review_timer(policy: Policy) -> TimerSpec:
    """The committee's review deadline (``data:review_due``): reminders before it; once it passed the union
    chair gets a task to urge the review, and the committee and the chair are told, again and again."""
    return TimerSpec(due="data:review_due", remind_before=policy.reminders, remind_from="data:policy.reminders",
                     overdue=Overdue(
                         supervise=TaskSpec("union_chair", label=L("督促审查提案", "Urge the review")),
                         notify=(Notify("proposal_committee", "proposal_review_overdue"),
                                 Notify("union_chair", "proposal_review_overdue")),
                         repeat=policy.overdue_repeat, repeat_from="data:policy.overdue_repeat"))


def rating_timer(policy: Policy) -> TimerSpec:
    """The proposer's rating deadline, counted by the calendar from the answer; then ``not_rated`` fires."""
    return TimerSpec(period=Period(policy.rating_days, "days"), trigger="not_rated",
                     remind_before=(Period(3, "days"),))


NOT_RATED = Transition("not_rated", ("answered",), "rated", L("逾期未评价", "Not rated in time"),
                       roles=("system",), effects=("record_not_rated",))
FOLLOW_UP = Transition("follow_up", ("rated",), "following_up", L("转入跟踪落实", "Follow up"), roles=("system",),
                       auto=True, guards=("satisfied", "follow_up_needed"),
                       notify=(Notify("handler", "proposal_follow_up", org=LEAD),))


def following_up(policy: Policy) -> tuple[State, tuple[Transition, ...]]:
    """The step in which the lead department reports progress until it reports the matter solved."""
    timer = TimerSpec(due="data:follow_up_due", remind_before=policy.reminders, remind_from="data:policy.reminders",
                      overdue=Overdue(
                          supervise=TaskSpec("proposal_committee", label=L("督办", "Supervise")),
                          notify=(Notify("department_head", "proposal_follow_up_overdue", org=LEAD),
                                  Notify("proposal_committee", "proposal_follow_up_overdue")),
                          repeat=policy.overdue_repeat, repeat_from="data:policy.overdue_repeat"))
    state = State("following_up", L("跟踪落实", "Followed up"),
                  tasks=(TaskSpec("handler", org=LEAD, label=L("报告落实情况", "Report on the follow-up")),),
                  timers=(timer,))
    transitions = (
        Transition("report_progress", ("following_up",), "following_up", L("报告进展", "Report progress"),
                   roles=("handler",), org=LEAD, guards=("follow_up_date_ahead",), effects=("record_progress",),
                   reset_deadlines=True, reopen_tasks=True,
                   fields=(Field("progress", L("进展情况", "Progress"), "text", max_length=5000, store=False),
                           FOLLOW_UP_DUE)),
        Transition("report_completion", ("following_up",), "closed", L("报告落实完成", "Report it solved"),
                   roles=("handler",), org=LEAD, effects=("record_completion",),
                   notify=(Notify("starter", "proposal_completed"),),
                   fields=(Field("completion", L("落实情况", "How it was solved"), "text", max_length=5000),)),
        Transition("close_follow_up", ("following_up",), "closed", L("结束跟踪", "End the follow-up"),
                   roles=COMMITTEE, effects=("record_completion",),
                   fields=(Field("follow_up_reason", L("结束跟踪的理由", "Why the follow-up ends"), "text",
                                 max_length=2000),)),
    )
    return state, transitions


def suggestion_rating(policy: Policy, rate_fields: tuple[Field, ...]) -> tuple[tuple[State, ...],
                                                                               tuple[Transition, ...]]:
    """A suggestion's answer is rated too, by the same deadline (then 未评价): the answered suggestion waits for
    its rating, and ends as 意见建议办结."""
    states = (
        State("suggestion_answered", L("意见建议已答复", "Suggestion answered"),
              tasks=(TaskSpec("starter", label=L("评价答复", "Rate")),),
              timers=(TimerSpec(period=Period(policy.rating_days, "days"), trigger="suggestion_not_rated",
                                remind_before=(Period(3, "days"),)),)),
        State("suggestion_closed", L("意见建议办结", "Suggestion closed"), final=True),
    )
    transitions = (
        Transition("rate_suggestion", ("suggestion_answered",), "suggestion_closed", L("评价", "Rate the answer"),
                   roles=("starter",), guards=("reason_when_unsatisfied",), effects=("record_rating",),
                   fields=rate_fields),
        Transition("suggestion_not_rated", ("suggestion_answered",), "suggestion_closed",
                   L("逾期未评价", "Not rated in time"), roles=("system",), effects=("record_not_rated",)),
    )
    return states, transitions
