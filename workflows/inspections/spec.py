"""Representatives' inspections (职工代表巡视检查) as two workflows.

``inspection``: the union office organises it (subject, the representatives taking part from the current term's
roster, the date and the places); its representatives record findings while it is ``recording``; the office ends
the recording and closes it once the findings are followed up. ``finding``: a case per finding, started by a
representative of the inspection, which it names (``inspection_id``): the department responsible rectifies it by
a deadline (the date the representative asks for, or 15 working days counted on the holiday calendar), reports,
and the inspection's representatives accept the rectification or refuse it with a reason; refused once, it goes
back with a new deadline; refused again, the union chair decides.

Who reads them: an inspection, its representatives, the union office and the union chair; a finding, those and
the department responsible (its handlers and its head); no other staff. The report to the congress is for the
congress (``workflows.inspections.report``).
"""

from __future__ import annotations

from engine.core.context import ActionContext, Recipient
from engine.core.spec import (
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
from workflows.inspections import rules
from workflows.inspections.terms import ACCEPTED, CLOSED_BY_CHAIR, FINDING, INSPECTION, L

OFFICE = ("union_office",)
REPS = ("data:representatives",)
DEPARTMENT = "data:department"
ROLES = {"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair"),
         "representative": L("职工代表", "Representative"), "handler": L("承办人", "Department handler"),
         "department_head": L("部门负责人", "Department head")}
UNION_SIDE = (Reader("data:representatives"), Reader("union_office"), Reader("union_chair"))


def _tell_representatives(ctx: ActionContext) -> None:
    for user in ctx.data.get("representatives", []):
        ctx.notify(Recipient(user_id=user), "inspection_organised" if ctx.workflow == INSPECTION
                   else "finding_reported")


def build_inspection() -> WorkflowSpec:
    """The inspection the union office organises and its representatives carry out."""
    return WorkflowSpec(
        name=INSPECTION, version=1, label=L("职工代表巡视检查", "Representatives' inspection"), roles=dict(ROLES),
        initial="recording",
        start=Start(roles=OFFICE, title_max=100, guards=("representatives_on_roster", "inspection_date_not_past"),
                    effects=("tell_representatives",), fields=(
                        Field("representatives", L("参加巡视的代表", "Representatives taking part"), "users",
                              help=L("本届职代会代表名册上的代表。", "Representatives on the current term's roster.")),
                        Field("inspection_date", L("巡视日期", "Date"), "date"),
                        Field("places", L("巡视地点", "Places"), "text", max_length=2000,
                              help=L("每行一个地点。", "One place a line.")),
                        Field("purpose", L("巡视内容和要求", "What to look at"), "text", required=False,
                              max_length=5000))),
        states=(
            State("recording", L("巡视记录中", "Recording findings"),
                  tasks=(TaskSpec("representative", users="data:representatives",
                                  label=L("记录巡视发现的问题", "Record what you find")),)),
            State("following_up", L("整改跟踪中", "Following up the findings"), tasks=(TaskSpec("union_office"),)),
            State("closed", L("已归档", "Closed"), final=True),
        ),
        transitions=(
            Transition("end_recording", ("recording",), "following_up", L("结束记录", "End the recording"), OFFICE,
                       confirm=L("结束记录后，这次巡视不能再添加问题；已记录的问题继续整改。",
                                 "After this, no finding can be added to the inspection; those recorded go on "
                                 "being rectified."),
                       fields=(Field("summary", L("巡视小结", "Summary"), "text", required=False,
                                     max_length=5000),)),
            Transition("close", ("following_up",), "closed", L("归档", "Close"), OFFICE,
                       confirm=L("归档后这次巡视结束；仍未整改完成的问题照常跟踪，并计入向职代会的报告。",
                                 "The inspection ends; findings still open are followed up as before and counted "
                                 "in the report to the congress."),
                       fields=(Field("conclusion", L("归档说明", "Conclusion"), "text", required=False,
                                     max_length=5000),)),
        ),
        guards=dict(rules.INSPECTION_GUARDS), effects={"tell_representatives": _tell_representatives},
        readers=UNION_SIDE, indexed=("inspection_date",),
        milestones=("recording", "following_up", "closed"),
    )


def _deadline() -> TimerSpec:
    # Overdue: the union office gets a task to supervise (督办), the department's head and the office are told,
    # reminders repeat every 3 working days, as for proposals.
    return TimerSpec(due="data:due_date", remind_before=(Period(3, "workdays"), Period(0, "days")),
                     overdue=Overdue(supervise=TaskSpec("union_office", label=L("督办", "Supervise")),
                                     notify=(Notify("department_head", "finding_overdue", org=DEPARTMENT),
                                             Notify("union_office", "finding_overdue")),
                                     repeat=Period(3, "workdays")))


NEW_DUE = Field("new_due_date", L("新的整改期限", "New deadline"), "date", required=False, store=False,
                help=L("不填则为 10 个工作日。", "Left empty: 10 working days."))


def build_finding() -> WorkflowSpec:
    """A finding of an inspection, rectified by its department and checked by the inspection's representatives."""
    rectify = TaskSpec("handler", org=DEPARTMENT, label=L("整改并报告", "Rectify and report"))
    return WorkflowSpec(
        name=FINDING, version=1, label=L("巡视发现的问题", "Inspection finding"), roles=dict(ROLES),
        initial="rectifying",
        start=Start(roles=("representative",), title_max=100, accepts_files=True,
                    guards=("recorded_on_open_inspection", "due_date_ahead"), effects=("link_inspection",),
                    fields=(
                        Field("inspection_id", L("巡视检查", "Inspection"), "case"),
                        Field("place", L("地点", "Place"), "str", max_length=200),
                        Field("details", L("问题详情", "What was found"), "text", required=False, max_length=5000),
                        Field("department", L("责任部门", "Department responsible"), "org"),
                        Field("due_date", L("要求整改期限", "Rectify by"), "date", required=False,
                              help=L("不填则为 15 个工作日。", "Left empty: 15 working days.")))),
        states=(
            State("rectifying", L("整改中", "Being rectified"), tasks=(rectify,), timers=(_deadline(),)),
            State("checking", L("待代表验收", "Awaiting the representatives' check"),
                  tasks=(TaskSpec("representative", users="data:representatives",
                                  label=L("验收整改", "Check the rectification")),)),
            State("chair_decision", L("待工会主席决定", "Awaiting the union chair"),
                  tasks=(TaskSpec("union_chair"),)),
            State(ACCEPTED, L("已整改销号", "Rectified and accepted"), final=True),
            State(CLOSED_BY_CHAIR, L("主席决定结案", "Closed by the union chair"), final=True),
        ),
        transitions=(
            Transition("report_rectification", ("rectifying",), "checking",
                       L("报告整改情况", "Report the rectification"), ("handler",), org=DEPARTMENT,
                       accepts_files=True, guards=("rectified_not_later_than_today",),
                       effects=("record_rectification", "tell_representatives"),
                       fields=(Field("rectification", L("整改情况", "What was done"), "text", max_length=5000),
                               Field("rectified_on", L("整改完成日期", "Rectified on"), "date"))),
            Transition("supervise", ("rectifying",), "rectifying", L("督办", "Supervise"), OFFICE,
                       effects=("supervise",),
                       fields=(Field("supervision_note", L("督办意见", "Supervision note"), "text", max_length=2000,
                                     store=False),)),
            Transition("accept", ("checking",), ACCEPTED, L("验收通过", "Accept"), REPS,
                       confirm=L("验收通过后问题销号，不能再退回整改。",
                                 "Once accepted, the finding is closed and cannot be sent back."),
                       notify=(Notify("handler", "finding_accepted", org=DEPARTMENT),),
                       fields=(Field("check_note", L("验收意见", "Check note"), "text", required=False,
                                     max_length=2000),)),
            Transition("refuse", ("checking",), "rectifying", L("验收不通过", "Refuse"), REPS,
                       offer_if=("not_refused_yet",), guards=("not_refused_yet", "due_date_ahead"),
                       effects=("refuse",),
                       fields=(Field("refusal_reason", L("不通过的理由", "Why it is refused"), "text",
                                     max_length=2000), NEW_DUE)),
            Transition("refuse_again", ("checking",), "chair_decision",
                       L("再次验收不通过，提交工会主席", "Refuse again: to the union chair"), REPS,
                       offer_if=("refused_once",), guards=("refused_once",), effects=("refuse_again",),
                       confirm=L("再次不通过将提交工会主席决定。",
                                 "A second refusal goes to the union chair to decide."),
                       notify=(Notify("union_chair", "finding_escalated"),
                               Notify("union_office", "finding_escalated")),
                       fields=(Field("refusal_reason", L("不通过的理由", "Why it is refused"), "text",
                                     max_length=2000),)),
            Transition("order_rectification", ("chair_decision",), "rectifying",
                       L("责成再次整改", "Order it rectified again"), ("union_chair",),
                       guards=("due_date_ahead",), effects=("chair_reorders",),
                       fields=(Field("new_due_date", L("新的整改期限", "New deadline"), "date", store=False),
                               Field("decision", L("决定意见", "Decision"), "text", max_length=2000))),
            Transition("close_finding", ("chair_decision",), CLOSED_BY_CHAIR, L("决定结案", "Close it"),
                       ("union_chair",),
                       confirm=L("结案后问题不再整改，在向职代会的报告中列为未验收结案。",
                                 "The finding is rectified no further and is reported to the congress as closed "
                                 "without acceptance."),
                       fields=(Field("decision", L("决定意见", "Decision"), "text", max_length=2000),)),
        ),
        guards=dict(rules.FINDING_GUARDS),
        effects={**rules.FINDING_EFFECTS, "tell_representatives": _tell_representatives},
        readers=(*UNION_SIDE, Reader("handler", DEPARTMENT), Reader("department_head", DEPARTMENT)),
        indexed=("inspection_id", "department"),
        milestones=("rectifying", "checking", ACCEPTED),
    )
