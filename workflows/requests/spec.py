"""Worker requests (职工诉求, "努力做到件件有回音"): any member of staff sends a problem, a complaint, a question or a
request for help, anonymously to all but the union office if they choose; the office registers it (urgent items
marked 急办) and replies by a deadline, directly or through a department it routes the request to, merges it into
a similar one, or, with the sender's consent, turns it into a draft proposal for the congress. The sender rates the
reply: unsatisfied, it is handled again once, then goes to the union chair.

The periods are local practice from ``[request]``, counted in working days on the calendar path; each request
records those it started under (``data["policy"]``), the reply's own period once registered (``reply_period``)."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from engine.core.spec import (
    Anonymity,
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
from workflows.requests.rules import GUARDS, effects
from workflows.requests.settings import RequestTable
from workflows.requests.terms import CHAIR, KINDS, NAME, OFFICE, RATING_LABELS, RATINGS, SENDERS, TOPICS, VERSION, L


@dataclass(frozen=True)
class Policy:
    """A union's periods for requests (config ``[request]``)."""

    register_workdays: int = 1
    reply_workdays: int = 5
    urgent_workdays: int = 1
    review_workdays: int = 1
    rating_days: int = 15

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        t: RequestTable = settings.section("request")
        return cls(t.register_workdays, t.reply_workdays, t.urgent_workdays, t.review_workdays, t.rating_days)


ROLES = {"staff": L("职工", "Staff member"), "representative": L("职工代表", "Representative"),
         OFFICE: L("工会办公室", "Union office"), CHAIR: L("工会主席", "Union chair"),
         "handler": L("承办人", "Department handler"), "department_head": L("部门负责人", "Department head")}
DEPT = "data:department"
OFFICE_ONLY = (OFFICE,)
REPEAT = Period(1, "workdays")
ANSWER = Field("answer", L("答复内容", "Reply"), "text", max_length=5000)


def _office_timer(period: Period, label: str, *, period_from: str | None = None, chair: bool = False) -> TimerSpec:
    """A deadline the union office keeps: reminders before it; once passed the office (and for the reply, the
    chair, with a task to urge it) is told again every working day."""
    urge = TaskSpec(CHAIR, label=L("督促答复", "Urge the reply")) if chair else None
    return TimerSpec(period=period, period_from=period_from, remind_before=(Period(0, "days"),),
                     overdue=Overdue(supervise=urge,
                                     notify=(Notify(OFFICE, label), *((Notify(CHAIR, label),) if chair else ())),
                                     repeat=REPEAT))


def _states(policy: Policy) -> tuple[State, ...]:
    department_timer = TimerSpec(
        due="data:department_due", remind_before=(Period(1, "workdays"), Period(0, "days")),
        overdue=Overdue(supervise=TaskSpec(OFFICE, label=L("督办", "Supervise")),
                        notify=(Notify("department_head", "request_department_overdue", org=DEPT),
                                Notify(OFFICE, "request_department_overdue")), repeat=REPEAT))
    after_routing = (Reader("handler", DEPT),)  # the department it was routed to reads it from then on
    return (
        State("awaiting_registration", L("待登记", "Awaiting registration"),
              tasks=(TaskSpec(OFFICE, label=L("登记", "Register")),),
              timers=(_office_timer(Period(policy.register_workdays, "workdays"), "request_register_overdue"),)),
        State("registered", L("办理中", "Being handled"), tasks=(TaskSpec(OFFICE, label=L("办理答复", "Handle")),),
              timers=(_office_timer(Period(policy.reply_workdays, "workdays"), "request_overdue",
                                    period_from="data:reply_period", chair=True),),
              readers=after_routing),
        State("routed", L("部门办理中", "With a department"), tasks=(TaskSpec("handler", org=DEPT),),
              timers=(department_timer,), readers=after_routing),
        State("department_answered", L("待审核答复", "Department answered"), tasks=(TaskSpec(OFFICE),),
              timers=(_office_timer(Period(policy.review_workdays, "workdays"), "request_overdue"),),
              readers=after_routing),
        State("conversion_offered", L("待来信人同意转为提案", "Awaiting the sender's consent"),
              tasks=(TaskSpec("starter", label=L("是否同意转为提案", "Turn it into a proposal?")),)),
        State("replied", L("待评价", "Awaiting rating"), tasks=(TaskSpec("starter", label=L("评价答复", "Rate")),),
              timers=(TimerSpec(period=Period(policy.rating_days, "days"), trigger="not_rated",
                                remind_before=(Period(3, "days"),)),), readers=after_routing),
        State("rated", L("已评价", "Rated"), readers=after_routing),
        State("chair_review", L("工会主席督办", "With the union chair"),
              tasks=(TaskSpec(CHAIR, label=L("督办", "Supervise")),), readers=after_routing),
        State("closed", L("办结", "Closed"), final=True, readers=after_routing),
        State("merged", L("已并件办理", "Merged"), final=True),
        State("converted", L("已转为提案", "Turned into a proposal"), final=True),
    )


def _office_actions() -> tuple[Transition, ...]:
    return (
        Transition("register", ("awaiting_registration",), "registered", L("登记", "Register"), roles=OFFICE_ONLY,
                   effects=("register",),
                   notify=(Notify("starter", "request_registered"),),
                   fields=(Field("urgent", L("急办", "Urgent"), "bool", required=False,
                                 help=L("急办件须在 1 个工作日内答复（本单位规定）。",
                                        "An urgent item is answered within its shorter deadline (local practice).")),
                           Field("register_note", L("登记说明", "Note"), "text", required=False, max_length=2000,
                                 store=False))),
        Transition("route", ("registered",), "routed", L("转部门办理", "Route to a department"), roles=OFFICE_ONLY,
                   guards=("department_due_ahead",), effects=("route",),
                   notify=(Notify("handler", "request_routed", org=DEPT),),
                   fields=(Field("department", L("承办部门", "Department"), "org"),
                           Field("department_due", L("部门答复期限", "Department's deadline"), "date"),
                           Field("route_note", L("交办意见", "Instructions"), "text", required=False, max_length=2000,
                                 store=False))),
        Transition("reply", ("registered",), "replied", L("直接答复", "Reply"), roles=OFFICE_ONLY, effects=("reply",),
                   accepts_files=True, notify=(Notify("starter", "request_replied"),), fields=(ANSWER,)),
        Transition("merge", ("registered",), "merged", L("并件办理", "Merge"), roles=OFFICE_ONLY,
                   guards=("main_request_open",), effects=("merge",), notify=(Notify("starter", "request_merged"),),
                   confirm=L("并件后本诉求随所并入的诉求办理，来信人看到那一件的答复。",
                             "A merged request follows the one it joins; its sender sees that one's reply."),
                   fields=(Field("main_case", L("并入的诉求", "Merge into request"), "case"),
                           Field("merge_note", L("说明", "Note"), "text", required=False, max_length=2000))),
        Transition("offer_conversion", ("registered",), "conversion_offered", L("建议转为提案", "Offer a proposal"),
                   roles=OFFICE_ONLY, guards=("collection_open",), notify=(Notify("starter", "request_conversion"),),
                   fields=(Field("conversion_note", L("建议说明", "Why a proposal"), "text", max_length=2000),)),
        Transition("send_reply", ("department_answered",), "replied", L("审核并答复", "Send the reply"),
                   roles=OFFICE_ONLY, effects=("reply",), notify=(Notify("starter", "request_replied"),),
                   fields=(Field("answer", L("答复内容（不填则以部门答复为准）",
                                             "Reply (empty: the department's answer)"),
                                 "text", required=False, max_length=5000),)),
        Transition("return_to_department", ("department_answered",), "routed",
                   L("退回部门", "Return to the department"),
                   roles=OFFICE_ONLY, guards=("department_due_ahead",),
                   notify=(Notify("handler", "request_routed", org=DEPT),),
                   fields=(Field("department_due", L("部门答复期限", "Department's deadline"), "date"),
                           Field("return_reason", L("退回理由", "Why"), "text", max_length=2000, store=False))),
    )


def _rest(policy: Policy) -> tuple[Transition, ...]:
    return (
        Transition("department_answer", ("routed",), "department_answered", L("部门答复", "Answer"),
                   roles=("handler",), org=DEPT, effects=("department_answer",), accepts_files=True,
                   notify=(Notify(OFFICE, "request_department_answered"),),
                   fields=(Field("department_answer", L("部门答复", "The department's answer"), "text",
                                 max_length=5000),)),
        Transition("accept_conversion", ("conversion_offered",), "converted", L("同意转为提案", "Agree"),
                   roles=("starter",), guards=("collection_open",), effects=("convert",),
                   notify=(Notify(OFFICE, "request_converted"),),
                   confirm=L("将以您的名义按本诉求内容起草一份提案草稿，本诉求随之办结。",
                             "A draft proposal in your name is started from this request, which then closes.")),
        Transition("decline_conversion", ("conversion_offered",), "registered", L("不同意，请答复", "Decline"),
                   roles=("starter",), effects=("restart_reply",),
                   notify=(Notify(OFFICE, "request_conversion_declined"),)),
        Transition("rate", ("replied",), "rated", L("评价", "Rate the reply"), roles=("starter",),
                   guards=("reason_when_unsatisfied",), effects=("record_rating",),
                   fields=(Field("rating", L("评价", "Rating"), "choice", choices=tuple(RATINGS),
                                 choice_labels=RATING_LABELS),
                           Field("rating_comment", L("评价意见", "Comment"), "text", required=False, max_length=2000,
                                 help=L("评价“不满意”的，须说明原因。", "Say why, when you are unsatisfied.")))),
        Transition("not_rated", ("replied",), "closed", L("逾期未评价", "Not rated in time"), roles=("system",),
                   effects=("record_not_rated",)),
        Transition("close", ("rated",), "closed", L("办结", "Close"), roles=("system",), auto=True,
                   guards=("satisfied",)),
        Transition("reopen", ("rated",), "registered", L("重新办理", "Handle again"), roles=("system",), auto=True,
                   guards=("reopen_allowed",), effects=("reopen",), notify=(Notify(OFFICE, "request_reopened"),)),
        Transition("to_chair", ("rated",), "chair_review", L("提交工会主席", "Refer to the union chair"),
                   roles=("system",), auto=True, guards=("reopen_used",),
                   notify=(Notify(CHAIR, "request_to_chair"),)),
        Transition("chair_close", ("chair_review",), "closed", L("督办后办结", "Close"), roles=(CHAIR,),
                   confirm=L("办结后本诉求不再办理。", "A closed request is handled no further."),
                   fields=(Field("chair_note", L("督办意见", "Supervision note"), "text", max_length=2000),)),
        Transition("chair_reopen", ("chair_review",), "registered", L("责成重新办理", "Order it handled again"),
                   roles=(CHAIR,), effects=("chair_reopen",), notify=(Notify(OFFICE, "request_reopened"),),
                   fields=(Field("chair_note", L("督办意见", "Supervision note"), "text", max_length=2000),)),
    )


def start_fields() -> tuple[Field, ...]:
    return (
        Field("kind", L("类型", "Kind"), "choice", choices=tuple(KINDS), choice_labels=KINDS),
        Field("topic", L("涉及方面", "Topic"), "choice", choices=tuple(TOPICS), choice_labels=TOPICS),
        Field("text", L("具体内容", "What it is about"), "text", max_length=5000),
        Field("anonymous", L("匿名（只有工会办公室知道您是谁）", "Anonymous (only the union office knows who you are)"),
              "bool", required=False,
              help=L("选择匿名后，承办部门和其他人都看不到您的姓名；您仍可查看办理情况并评价。",
                     "Departments and everyone else see no name; you still follow and rate your request.")),
    )


def build(policy: Policy | None = None) -> WorkflowSpec:
    policy = policy or Policy()
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("职工诉求", "Worker request"), roles=dict(ROLES),
        initial="awaiting_registration",
        start=Start(roles=SENDERS, fields=start_fields(), effects=("apply_policy",), accepts_files=True,
                    notify=(Notify(OFFICE, "request_sent"),), title_max=100),
        states=_states(policy), transitions=(*_office_actions(), *_rest(policy)),
        guards=dict(GUARDS), effects=effects(policy), readers=(Reader(OFFICE),),
        indexed=("topic", "department"),
        milestones=("awaiting_registration", "registered", "replied", "closed"),
        anonymity=Anonymity("anonymous", (OFFICE,)),
    )
