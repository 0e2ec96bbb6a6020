"""The agenda topic workflow as data: sent while the session collects, then put on the agenda, grouped under
another topic, declined with a reason, or withdrawn by its sender."""

from __future__ import annotations

from engine.core.spec import (
    MEMBERS,
    STARTER,
    Field,
    Milestone,
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
from workflows.agenda import rules
from workflows.agenda.terms import DECLINED, MERGED, NAME, ON_AGENDA, SENT, WITHDRAWN, L

VERSION = 1
ROLES = {"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair")}
SORT = TaskSpec("union_office", label=L("整理征集到的议题：列入议程、合并或说明不列入的理由",
                                        "Sort the topic: put it on the agenda, group it, or say why not"))


def build() -> WorkflowSpec:
    sort_timer = TimerSpec(due="data:sort_due", remind_before=(Period(1, "workdays"),),
                           overdue=Overdue(notify=(Notify("union_office", "agenda_topic_sort_overdue"),
                                                   Notify("union_chair", "agenda_topic_sort_overdue"))))
    states = (
        State(SENT, L("待整理", "Awaiting sorting"), tasks=(SORT,), timers=(sort_timer,)),
        # A topic on the agenda is read by the whole union: the agenda goes to every representative and the staff.
        State(ON_AGENDA, L("已列入议程", "On the agenda"), final=True, readers=(Reader(MEMBERS),)),
        State(MERGED, L("已合并", "Grouped"), final=True),
        State(DECLINED, L("未列入议程", "Not on the agenda"), final=True),
        State(WITHDRAWN, L("已撤回", "Withdrawn"), final=True),
    )
    transitions = (
        Transition("put_on_agenda", (SENT,), ON_AGENDA, L("列入议程", "Put on the agenda"), ("union_office",),
                   fields=(Field("agenda_line", L("议程中的表述", "As the agenda words it"), "text",
                                 max_length=500),),
                   effects=("put_on_agenda",),
                   confirm=L("列入议程后将通知提出人，不能撤销。", "The sender will be told; this cannot be undone.")),
        Transition("group", (SENT,), MERGED, L("与同类议题合并", "Group with a similar topic"), ("union_office",),
                   fields=(Field("main_case", L("并入的议题（编号）", "Group under topic (number)"), "case"),),
                   guards=("main_topic",), effects=("group",),
                   confirm=L("合并后本议题随所并入的议题处理，将通知提出人。",
                             "The topic then goes with the one it is grouped under; the sender will be told.")),
        Transition("decline", (SENT,), DECLINED, L("不列入议程", "Decline"), ("union_office",),
                   fields=(Field("reason", L("不列入的理由", "Why not"), "text", max_length=1000),),
                   effects=("decline",),
                   confirm=L("将把理由告知提出人，不能撤销。",
                             "The sender will be told the reason; this cannot be undone.")),
        Transition("withdraw", (SENT,), WITHDRAWN, L("撤回", "Withdraw"), (STARTER,),
                   confirm=L("撤回后不能恢复。", "A withdrawn topic cannot be restored.")),
    )
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("会前议题征集", "Agenda topic"), roles=ROLES, states=states,
        initial=SENT,
        start=Start(roles=(MEMBERS,), fields=(
            Field("session_id", L("职代会会议", "Congress session"), "int"),
            Field("reason", L("提出的理由", "Why it matters"), "text", max_length=2000),
        ), guards=("in_collection_period",), effects=("set_sort_due",), title_max=200),
        transitions=transitions, guards=rules.GUARDS, effects=rules.EFFECTS,
        readers=(Reader("union_office"), Reader("union_chair")),
        indexed=("session_id",),
        milestones=(SENT, Milestone((ON_AGENDA, MERGED, DECLINED, WITHDRAWN), L("已答复", "Answered"))),
    )
