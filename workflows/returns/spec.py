"""The yearly statistical return (统计报表) as a workflow: the union office starts it with the figures computed from
the system (or the scheduler does, on the first days of the next year), corrects a figure with a note (the computed
value kept beside), and submits it by the day it is due, reminded before; past that day the federation's staff are
told and get a task to see to it. They accept it or return it for correction with a reason, and the union corrects
and submits again."""

from __future__ import annotations

from engine.core.spec import (
    SYSTEM,
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
from workflows.returns.lines import BY_CODE, COUNTS
from workflows.returns.rules import GUARDS, effects
from workflows.returns.terms import (
    ACCEPTED,
    CHAIR,
    DRAFT,
    EDITABLE,
    FEDERATION_OFFICE,
    NAME,
    OFFICE,
    RETURNED,
    SUBMITTED,
    VERSION,
    L,
)

LINE = Field("line", L("报表项目", "Line"), "choice", choices=COUNTS,
             choice_labels={code: BY_CODE[code].label for code in COUNTS}, store=False)
ROLES = {OFFICE: L("工会办公室", "Union office"), CHAIR: L("工会主席", "Union chair"),
         FEDERATION_OFFICE: L("上级工会工作人员", "Federation staff")}
# The federation above the union: its staff receive the return (a role held higher covers it too).
ABOVE = {"roles": (FEDERATION_OFFICE,), "org": "parent"}
# Due by the day the case recorded when it started (``[return] due`` of the next year): the union office is reminded
# two weeks and three working days before and on the day; past it the office is told, the federation above is told
# and supervises, and the office is reminded every five working days until the return is submitted.
SUPERVISE = TaskSpec(FEDERATION_OFFICE, org="parent",
                     label=L("督促上报统计报表", "See that the union submits its return"))
DUE = TimerSpec(due="data:due_on", remind_before=(Period(14, "days"), Period(3, "workdays"), Period(0, "days")),
                overdue=Overdue(supervise=SUPERVISE, repeat=Period(5, "workdays"),
                                notify=(Notify(FEDERATION_OFFICE, "return_overdue", org="parent"),)))


def _states() -> tuple[State, ...]:
    federation = (Reader(FEDERATION_OFFICE),)
    return (
        State(DRAFT, L("填报中", "Being filled in"),
              tasks=(TaskSpec(OFFICE, label=L("核对并上报统计报表", "Check and submit the return")),), timers=(DUE,)),
        State(SUBMITTED, L("已上报，待上级审核", "Submitted, with the federation"),
              tasks=(TaskSpec(FEDERATION_OFFICE, org="parent", label=L("审核统计报表", "Review the return")),),
              readers=federation),
        State(RETURNED, L("退回修改", "Returned for correction"),
              tasks=(TaskSpec(OFFICE, label=L("按上级意见修改后重新上报", "Correct and submit again")),),
              timers=(DUE,), readers=federation),
        State(ACCEPTED, L("上级已审核通过", "Accepted by the federation"), final=True, readers=federation),
    )


def _transitions() -> tuple[Transition, ...]:
    office = (OFFICE,)
    return (
        Transition("correct", EDITABLE, "", L("更正数据", "Correct a figure"), office, effects=("corrected",),
                   fields=(LINE,
                           Field("value", L("更正后的数", "Corrected figure"), "int", min_value=0,
                                 max_value=10_000_000, store=False),
                           Field("note", L("更正说明", "Why it is corrected"), "text", max_length=1000, store=False,
                                 help=L("说明系统数据为什么与实际不符，上级工会审核时可见。",
                                        "Why the system's figure differs from the facts; the federation sees it.")))),
        Transition("clear_correction", EDITABLE, "", L("撤销更正", "Withdraw a correction"), office,
                   guards=("corrected_line",), effects=("uncorrected",), fields=(LINE,)),
        Transition("recompute", EDITABLE, "", L("重新计算", "Compute again"), office, effects=("computed",)),
        Transition("submit", EDITABLE, SUBMITTED, L("上报上级工会", "Submit to the federation"), (OFFICE, CHAIR),
                   effects=("submitted",), notify=(Notify(FEDERATION_OFFICE, "return_submitted", org="parent"),),
                   confirm=L("上报后数据不能再改，除非上级工会退回修改。",
                             "Once submitted the figures cannot change unless the federation returns it.")),
        Transition("accept", (SUBMITTED,), ACCEPTED, L("审核通过", "Accept"), effects=("decided",),
                   notify=(Notify(OFFICE, "return_accepted"),), **ABOVE,
                   confirm=L("审核通过后报表计入汇总，不能再修改。",
                             "Once accepted the return counts in the consolidation and cannot change.")),
        Transition("return_for_correction", (SUBMITTED,), RETURNED, L("退回修改", "Return for correction"),
                   effects=("decided",), notify=(Notify(OFFICE, "return_returned"),), **ABOVE,
                   fields=(Field("return_reason", L("退回理由", "Reason"), "text", max_length=2000),)),
    )


def _self_loops(transitions: tuple[Transition, ...]) -> tuple[Transition, ...]:
    """An action with no destination stays where it is: once per editable step."""
    out: list[Transition] = []
    for t in transitions:
        if t.dest:
            out.append(t)
            continue
        for source in t.source:
            out.append(Transition(t.trigger, (source,), source, t.label, t.roles, t.org, t.guards, t.effects,
                                  t.fields, t.notify, completes_task=False))
    return tuple(out)


def build() -> WorkflowSpec:
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("统计报表", "Statistical return"), roles=ROLES, initial=DRAFT,
        start=Start(roles=(OFFICE, SYSTEM), fields=(Field("year", L("年度", "Year"), "int", min_value=2000,
                                                   max_value=2100),),
                    guards=("year_open",), effects=("claimed", "computed"), title_max=100),
        states=_states(), transitions=_self_loops(_transitions()),
        guards=dict(GUARDS), effects=effects(), readers=(Reader(OFFICE), Reader(CHAIR)),
        indexed=("year",), milestones=(DRAFT, SUBMITTED, ACCEPTED),
    )
