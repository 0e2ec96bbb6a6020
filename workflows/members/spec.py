"""The member workflows: ``member_admission`` (入会: applied → admitted with a membership number, or refused with
a reason; the office's review has a deadline) and ``member_transfer`` (会员关系接转: asked by the member or started
by the sending office → awaiting the receiving union's office, with a deadline that, once missed, goes back to
the sending office → accepted (the member moves register) / declined / withdrawn).

The periods come from ``[members]``; each case records the number of days it started under."""

from __future__ import annotations

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
from workflows.members.rules import GUARDS, effects
from workflows.members.settings import MembersTable
from workflows.members.terms import ADMISSION, CHARTER_JOIN, GENDERS, TRANSFER, VERSION, L

Policy = MembersTable  # a union's periods (config ``[members]``, local practice): the table itself


ROLES = {"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair")}
RECEIVING = "data:to_union"
REASON = Field("reason", L("理由", "Reason"), "text", max_length=2000)
REMIND = (Period(3, "days"), Period(0, "days"))
APPLICANT = (
    Field("name", L("姓名", "Name"), "str", max_length=100),
    Field("gender", L("性别", "Gender"), "choice", choices=tuple(GENDERS), choice_labels=GENDERS),
    Field("birth_date", L("出生日期", "Date of birth"), "date", required=False),
    Field("id_last4", L("身份证号后四位", "Last four characters of the identity number"), "str", max_length=4,
          required=False, help=L("只需后四位，用于区分同名会员；系统不保存完整身份证号。",
                                 "Only the last four, to tell members of one name apart; the full number is never "
                                 "kept.")),
    Field("phone", L("手机号码", "Mobile number"), "str", max_length=20,
          help=L("用于查询办理进度。", "Used with the progress code to follow the application.")),
    Field("workplace", L("所在部门或车间", "Department or workshop"), "str", max_length=100, required=False),
    Field("charter", L("本人承认《中国工会章程》，自愿加入工会",
                       "I accept the union's charter and join of my own will"), "bool",
          help=L(CHARTER_JOIN, CHARTER_JOIN)),
)


def build_admission(policy: Policy | None = None) -> WorkflowSpec:
    """An application to join a union, from the public application page or entered by its office."""
    policy = policy or Policy()
    return WorkflowSpec(
        name=ADMISSION, version=VERSION, label=L("入会申请", "Application to join"), roles=dict(ROLES),
        initial="applied",
        start=Start(roles=("system", "union_office"), fields=APPLICANT, guards=("applicant_ok",),
                    effects=("applied",), title_max=120, notify=(Notify("union_office", "member_applied"),)),
        states=(
            State("applied", L("待审核", "To review"),
                  tasks=(TaskSpec("union_office", label=L("审核入会申请", "Review the application")),),
                  timers=(TimerSpec(due="data:review_due", remind_before=REMIND, overdue=Overdue(
                      supervise=TaskSpec("union_chair", label=L("督促审核入会申请", "Urge the review")),
                      notify=(Notify("union_office", "member_application_overdue"),
                              Notify("union_chair", "member_application_overdue")))),)),
            State("admitted", L("已批准入会", "Admitted"), final=True),
            State("not_admitted", L("未批准", "Not admitted"), final=True),
        ),
        transitions=(
            Transition("admit", ("applied",), "admitted", L("批准入会", "Admit"), ("union_office",),
                       effects=("admitted",),
                       confirm=L("批准后申请人记入本会会员名册，发给会员编号，不能撤销；以后离会须办理退会或转出。",
                                 "Once admitted, the applicant is on this union's register with a membership number; "
                                 "this cannot be undone (later they leave or transfer out).")),
            Transition("refuse", ("applied",), "not_admitted", L("不予批准", "Refuse"), ("union_office",),
                       fields=(REASON,),
                       confirm=L("不予批准是最终决定，申请人凭查询码可看到理由。",
                                 "Refusing is final; the applicant sees the reason with their progress code.")),
        ),
        guards=dict(GUARDS), effects=effects(policy.review_days, policy.accept_days),
        readers=(Reader("union_office"), Reader("union_chair")),
        indexed=("reference",), milestones=("applied", "admitted"),
    )


def build_transfer(policy: Policy | None = None) -> WorkflowSpec:
    """A member's transfer from the case's union (the sending one) to another union in the system."""
    policy = policy or Policy()
    receiving = Reader("union_office", RECEIVING)
    withdraw = Transition("withdraw", ("requested", "awaiting"), "withdrawn", L("撤回转接", "Withdraw the transfer"),
                          ("union_office",), fields=(REASON,),
                          confirm=L("撤回后会员仍在本会名册，本次转接结束，不能恢复。",
                                    "Once withdrawn, the member stays on this union's register and this transfer "
                                    "ends; it cannot be resumed."))
    return WorkflowSpec(
        name=TRANSFER, version=VERSION, label=L("会员关系接转", "Membership transfer"), roles=dict(ROLES),
        initial="requested",
        start=Start(roles=("system", "union_office"), fields=(
            Field("member", L("会员", "Member"), "int", min_value=1),
            Field("to_union", L("转入工会", "Receiving union"), "int", min_value=1),
            Field("note", L("转接说明", "Note"), "text", max_length=2000, required=False),
        ), guards=("member_transferable",), effects=("transfer_started",), title_max=200),
        states=(
            State("requested", L("待转出方确认", "To confirm by the sending union"),
                  tasks=(TaskSpec("union_office", label=L("核实会员身份后转出", "Check and send the transfer")),)),
            State("awaiting", L("待接收方接收", "Awaiting the receiving union"), readers=(receiving,),
                  tasks=(TaskSpec("union_office", org=RECEIVING, label=L("接收转入的会员", "Accept the member")),),
                  timers=(TimerSpec(due="data:accept_due", remind_before=REMIND, overdue=Overdue(
                      supervise=TaskSpec("union_office", label=L("督促接收方办理转接", "Follow up the transfer")),
                      notify=(Notify("union_office", "member_transfer_overdue"),
                              Notify("union_office", "member_transfer_overdue", org=RECEIVING)))),)),
            State("accepted", L("已转入", "Accepted"), final=True, readers=(receiving,)),
            State("declined", L("未被接收", "Declined"), final=True, readers=(receiving,)),
            State("withdrawn", L("已撤回", "Withdrawn"), final=True),
        ),
        transitions=(
            Transition("forward", ("requested",), "awaiting", L("转出", "Send"), ("system",), auto=True,
                       guards=("by_office",), effects=("transfer_sent",),
                       notify=(Notify("union_office", "member_transfer_sent", org=RECEIVING),)),
            Transition("send", ("requested",), "awaiting", L("确认转出", "Send"), ("union_office",),
                       effects=("transfer_sent",),
                       notify=(Notify("union_office", "member_transfer_sent", org=RECEIVING),),
                       confirm=L("确认后转接送交接收方工会办理；接收前会员仍在本会名册。",
                                 "The transfer goes to the receiving union; until it accepts, the member stays on "
                                 "this union's register.")),
            Transition("accept", ("awaiting",), "accepted", L("接收", "Accept"), ("union_office",), org=RECEIVING,
                       guards=("still_on_register",), effects=("transfer_accepted",),
                       notify=(Notify("union_office", "member_transfer_accepted"),),
                       confirm=L("接收后该会员从原工会名册转出，记入本会名册并发给新的会员编号，不能撤销。",
                                 "Once accepted, the member leaves the sending union's register and joins this "
                                 "union's with a new membership number; this cannot be undone.")),
            Transition("decline", ("awaiting",), "declined", L("不予接收", "Decline"), ("union_office",),
                       org=RECEIVING, fields=(REASON,),
                       notify=(Notify("union_office", "member_transfer_declined"),),
                       confirm=L("不予接收后本次转接结束，会员仍在原工会名册；转出方和会员会看到理由。",
                                 "Once declined, this transfer ends and the member stays on the sending union's "
                                 "register; the sending union and the member see the reason.")),
            withdraw,
        ),
        guards=dict(GUARDS), effects=effects(policy.review_days, policy.accept_days),
        readers=(Reader("union_office"),), indexed=("reference", "member"),
        milestones=("requested", "awaiting", "accepted"),
    )
