"""Rationalisation suggestions (合理化建议): a member of staff sends one on production, technology, safety,
management or cost; the suggestions office (the union office) routes it to the department concerned, which
assesses it by a deadline (adopted, adopted in part, or not adopted, always with a reason); an adopted one is
followed until the department reports it implemented with the benefit the enterprise measured, and the office
marks awards on implemented ones for a year.

Kept apart from congress proposals (提案): a proposal the committee converts to a suggestion stays a proposal and
is answered inside the proposal workflow. The periods are local practice (``[suggestion]``), and each case records
the ones it started under."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from engine.core.spec import (
    MEMBERS,
    Field,
    Notify,
    Overdue,
    Period,
    Reader,
    Start,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)
from workflows.suggestions.rules import GUARDS, effects
from workflows.suggestions.settings import SuggestionTable
from workflows.suggestions.terms import ADOPTED_STATES, DEPARTMENT, EXTENTS, FIELDS, GRADES, NAME, OUTCOMES, VERSION, L


@dataclass(frozen=True)
class Policy:
    """A union's suggestions office and periods (config ``[suggestion]``)."""

    office: str = "union_office"
    assess_workdays: int = 15
    implementation_days: int = 90
    reminders: tuple[Period, ...] = (Period(3, "workdays"), Period(0, "days"))
    overdue_repeat: Period | None = Period(3, "workdays")

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        table: SuggestionTable = settings.section("suggestion")
        return cls(table.office_role, table.assess_workdays, table.implementation_days, table.reminders,
                   table.overdue_repeat)


REASON = Field("reason", L("理由", "Reason"), "text", max_length=2000)
ROLES = {"union_office": L("工会办公室", "Union office"), "handler": L("承办人", "Department handler"),
         "department_head": L("部门负责人", "Department head")}


def start_fields() -> tuple[Field, ...]:
    return (
        Field("field", L("建议类别", "Field"), "choice", choices=tuple(FIELDS), choice_labels=FIELDS),
        Field("situation", L("现状", "The present situation"), "text", max_length=5000,
              help=L("现在怎么做，存在什么问题。", "How it is done now, and what is wrong with it.")),
        Field("proposal", L("建议内容", "The suggestion"), "text", max_length=5000,
              help=L("建议怎么改进，具体做法。", "What should change, and how.")),
        Field("expected_benefit", L("预期效益", "Expected benefit"), "text", max_length=2000,
              help=L("例如节约的成本、提高的效率、减少的隐患。",
                     "Such as the cost saved, the time gained, or the hazard removed.")),
    )


def _timer(policy: Policy, due: str, kind: str) -> TimerSpec:
    """A deadline kept as a date of the case's data: reminders before it; once past, the office gets a task to
    urge the department, and the department's head and the office are told, again and again."""
    return TimerSpec(due=f"data:{due}", remind_before=policy.reminders, remind_from="data:policy.reminders",
                     overdue=Overdue(
                         supervise=TaskSpec(policy.office, label=L("督办", "Urge the department")),
                         notify=(Notify("department_head", kind, org=DEPARTMENT), Notify(policy.office, kind)),
                         repeat=policy.overdue_repeat, repeat_from="data:policy.overdue_repeat"))


def _states(policy: Policy) -> tuple[State, ...]:
    public = (Reader(MEMBERS),)  # adopted: every member of the union's staff reads it
    return (
        State("awaiting_routing", L("待分送", "Awaiting routing"),
              tasks=(TaskSpec(policy.office, label=L("分送承办部门", "Route to a department")),)),
        State("assessing", L("部门评估中", "Being assessed"),
              tasks=(TaskSpec("handler", org=DEPARTMENT, label=L("评估建议", "Assess the suggestion")),),
              timers=(_timer(policy, "assess_due", "suggestion_assessment_overdue"),)),
        State("implementing", L("实施中", "Being implemented"),
              tasks=(TaskSpec("handler", org=DEPARTMENT, label=L("报告实施情况", "Report the implementation")),),
              timers=(_timer(policy, "implementation_due", "suggestion_implementation_overdue"),),
              readers=public),
        State("implemented", L("已实施", "Implemented"), readers=public),
        State("awarded", L("已评奖", "Awarded"), final=True, readers=public),
        State("closed", L("已归档", "Filed"), final=True, readers=public),
        State("not_adopted", L("不予采纳", "Not adopted"), final=True),
        State("withdrawn", L("已撤回", "Withdrawn"), final=True),
    )


def _transitions(policy: Policy) -> tuple[Transition, ...]:
    office = (policy.office,)
    dept = {"roles": ("handler",), "org": DEPARTMENT}
    assess_note = L(f"承办部门应在 {policy.assess_workdays} 个工作日内评估（本单位规定）。",
                    f"The department assesses it within {policy.assess_workdays} working days (local practice).")
    return (
        Transition("route", ("awaiting_routing",), "assessing", L("分送承办部门", "Route to a department"),
                   roles=office, effects=("route",),
                   notify=(Notify("handler", "suggestion_routed", org=DEPARTMENT),
                           Notify("starter", "suggestion_received")),
                   fields=(Field("department", L("承办部门", "Department concerned"), "org", help=assess_note),
                           Field("route_note", L("分送说明", "Note to the department"), "text", required=False,
                                 max_length=2000))),
        Transition("withdraw", ("awaiting_routing",), "withdrawn", L("撤回", "Withdraw"), roles=("starter",),
                   confirm=L("撤回的建议就此结束，不能恢复。",
                             "A withdrawn suggestion ends here: it cannot be restored.")),
        Transition("reroute", ("assessing",), "assessing", L("改送其他部门", "Route to another department"),
                   roles=office, guards=("another_department",), effects=("reroute",), reopen_tasks=True,
                   notify=(Notify("handler", "suggestion_routed", org=DEPARTMENT),),
                   fields=(Field("new_department", L("改由评估的部门", "New department"), "org", store=False),
                           Field("reroute_reason", L("改送理由", "Why it is routed again"), "text",
                                 max_length=2000, store=False))),
        Transition("adopt", ("assessing",), "implementing", L("采纳", "Adopt"), **dept, effects=("adopt",),
                   confirm=L("采纳后建议在全体职工中公开，并转入实施跟踪；评估结果不能再改。",
                             "Once adopted the suggestion is open to all the union's staff and its implementation "
                             "is followed; the assessment cannot be changed."),
                   notify=(Notify("starter", "suggestion_adopted"), Notify(policy.office, "suggestion_adopted")),
                   fields=(Field("outcome", L("评估结果", "Assessment"), "choice", choices=tuple(EXTENTS),
                                 choice_labels=OUTCOMES),
                           Field("assessment", L("评估意见（理由）", "Assessment (the reason)"), "text",
                                 max_length=5000),
                           Field("plan", L("实施计划", "Implementation plan"), "text", required=False,
                                 max_length=5000))),
        Transition("not_adopt", ("assessing",), "not_adopted", L("不予采纳", "Do not adopt"), **dept,
                   effects=("not_adopt",),
                   confirm=L("不予采纳是最终决定，建议人会收到理由。",
                             "Not adopting is final; the sender is sent the reason."),
                   notify=(Notify("starter", "suggestion_not_adopted"),),
                   fields=(Field("assessment", L("不予采纳的理由", "Why it is not adopted"), "text",
                                 max_length=5000),)),
        Transition("report_implementation", ("implementing",), "implemented",
                   L("报告实施完成", "Report it implemented"),
                   **dept, guards=("implemented_not_ahead", "benefit_given"), effects=("record_implementation",),
                   accepts_files=True,
                   confirm=L("报告后建议记为已实施，效益记入年度台账。",
                             "Once reported the suggestion counts as implemented, with its benefit in the yearly "
                             "register."),
                   notify=(Notify("starter", "suggestion_implemented"),
                           Notify(policy.office, "suggestion_implemented")),
                   fields=(Field("implemented_on", L("实施日期", "Implemented on"), "date"),
                           Field("benefit_amount", L("核定效益（元）", "Benefit measured (yuan)"), "int",
                                 required=False, min_value=0, max_value=2_000_000_000),
                           Field("benefit", L("效益说明", "The benefit"), "text", required=False, max_length=5000,
                                 help=L("企业核定的经济效益或其他效益；金额与说明至少填一项。",
                                        "What the enterprise measured: an amount, a description, or both.")),
                           Field("implementation", L("实施情况", "How it was implemented"), "text",
                                 max_length=5000))),
        Transition("award", ("implemented",), "awarded", L("评奖", "Award"), roles=office,
                   guards=("award_year_valid",),
                   confirm=L("评奖结果列入该年度奖励名单，建议人会收到通知。",
                             "The award goes on that year's award list and the sender is told."),
                   notify=(Notify("starter", "suggestion_awarded"),),
                   fields=(Field("grade", L("奖励等级", "Grade"), "choice", choices=tuple(GRADES),
                                 choice_labels=GRADES),
                           Field("award_year", L("评奖年度", "Award year"), "int", min_value=2000, max_value=2100),
                           Field("award_note", L("说明", "Note"), "text", required=False, max_length=2000))),
        Transition("file", ("implemented",), "closed", L("归档不评奖", "File without an award"), roles=office,
                   confirm=L("归档后这条建议不再评奖。", "A filed suggestion gets no award."),
                   fields=(Field("file_note", L("说明", "Note"), "text", required=False, max_length=2000),)),
    )


def build(policy: Policy | None = None) -> WorkflowSpec:
    """The workflow as ``policy`` shapes it (the office's role and the periods)."""
    policy = policy or Policy()
    roles = dict(ROLES)
    if policy.office not in roles:
        roles[policy.office] = L("合理化建议办公室", "Suggestions office")
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("合理化建议", "Rationalisation suggestion"), roles=roles,
        initial="awaiting_routing",
        start=Start(roles=(MEMBERS,), fields=start_fields(), effects=("apply_policy",), accepts_files=True,
                    notify=(Notify(policy.office, "suggestion_sent"),), title_max=100),
        states=_states(policy), transitions=_transitions(policy),
        guards=dict(GUARDS), effects=effects(policy),
        readers=(Reader(policy.office), Reader("handler", DEPARTMENT), Reader("department_head", DEPARTMENT)),
        indexed=("year", "field", "department"),
        milestones=("awaiting_routing", "assessing", "implementing", "implemented", "awarded"),
    )


__all__ = ["ADOPTED_STATES", "Policy", "build"]
