"""The committee election (工会换届选举) and the committee's term as two workflows.

``committee_election``: the union office drafts the election plan (term of three or five years, committee size,
candidates, date) and sends it to the higher union, whose staff (``federation_office``) approve it or return it with
their reasons; once approved the office puts the election to a secret ballot at a congress session (the members'
representatives vote item by item through the congress's ballot); when the seats are filled the office reports the
result upward, the higher union approves it (批复) or returns it, and the approval records the new committee's
term, ending the one before.

``committee_term``: one case per recorded term, opened with it, whose timers remind the union office and chair six
and three months before the term runs out and, once it has, put the overdue election to the higher union.

Who reads them: the union office and chair always; the higher union's staff from the plan's submission on (never
the draft); the union's representatives the approved result. Nobody reads a vote: the ballot keeps them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from engine.core.spec import Field, Notify, Reader, Start, State, TaskSpec, TimerSpec, Transition, WorkflowSpec
from workflows.elections import rules
from workflows.elections.settings import ElectionTable
from workflows.elections.terms import ELECTION, TERM, L

OFFICE = ("union_office",)
FEDERATION = ("federation_office",)
SYSTEM = ("system",)
ROLES = {"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair"),
         "federation_office": L("上级工会工作人员", "Federation staff"),
         "representative": L("职工代表", "Representative")}
UNION = (Reader("union_office"), Reader("union_chair"))
HIGHER = (Reader("federation_office"),)


@dataclass(frozen=True)
class Policy:
    """A union's election defaults (config ``[election]``)."""

    default_term_years: int = 5
    contested: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        table: ElectionTable = settings.section("election")
        return cls(table.default_term_years, table.contested)


def plan_fields() -> tuple[Field, ...]:
    """The election plan (选举工作方案) as the office drafts and revises it."""
    return (
        Field("term_years", L("任期（年）", "Term (years)"), "int", min_value=1, max_value=10,
              help=L("基层工会委员会每届任期三年或者五年。", "A base committee's term is three or five years.")),
        Field("committee_size", L("委员名额", "Seats on the committee"), "int", min_value=3, max_value=41),
        Field("candidates", L("候选人名单", "Candidates"), "text", max_length=4000,
              help=L("每行一人。差额选举：候选人多于委员名额。", "One a line; more candidates than seats.")),
        Field("election_date", L("选举日期", "Election date"), "date"),
        Field("no_relatives", L("候选人中没有企业主要负责人的近亲属", "No candidate is a close relative of the "
                                "enterprise's principal officers"), "bool",
              help=L("《工会法》第十条：企业主要负责人的近亲属不得作为本企业基层工会委员会成员的人选。",
                     "Trade Union Law art. 10: no close relative of the enterprise's principal officers may stand "
                     "for its base committee.")),
        Field("plan_note", L("方案说明", "About the plan"), "text", required=False, max_length=5000),
    )


REASONS = Field("reasons", L("退回理由", "Reasons"), "text", max_length=2000, store=False)  # kept in ``returns``


def build_election(policy: Policy) -> WorkflowSpec:
    """The election from the plan to the approved result."""
    plan = plan_fields()
    return WorkflowSpec(
        name=ELECTION, version=1, label=L("工会换届选举", "Committee election"), roles=dict(ROLES),
        initial="drafting",
        start=Start(roles=OFFICE, title_max=100, fields=plan, guards=rules.PLAN_CHECKS, effects=("keep_policy",)),
        states=(
            State("drafting", L("方案起草中", "Drafting the plan"), tasks=(TaskSpec("union_office", label=L(
                "完成方案并报上级工会", "Finish the plan and send it up")),)),
            State("plan_submitted", L("方案待上级工会批复", "Plan awaiting the higher union"), readers=HIGHER,
                  tasks=(TaskSpec("federation_office", org="parent", label=L("批复换届选举方案",
                                                                            "Approve the election plan")),)),
            State("plan_returned", L("方案被退回", "Plan returned"), readers=HIGHER,
                  tasks=(TaskSpec("union_office", label=L("修改方案", "Revise the plan")),)),
            State("preparing", L("方案已批复，筹备选举", "Plan approved: preparing the vote"), readers=HIGHER,
                  tasks=(TaskSpec("union_office", label=L("组织投票选举", "Put the election to the vote")),)),
            State("voting", L("投票选举中", "Being voted on"), readers=HIGHER),
            State("counting", L("计票结果已出", "Counted"), readers=HIGHER),
            State("reporting", L("待报送选举结果", "Result to report"), readers=HIGHER,
                  tasks=(TaskSpec("union_office", label=L("报送选举结果", "Report the result")),)),
            State("result_submitted", L("选举结果待上级工会批复", "Result awaiting the higher union"), readers=HIGHER,
                  tasks=(TaskSpec("federation_office", org="parent", label=L("批复选举结果",
                                                                            "Approve the election result")),)),
            State("approved", L("选举结果已批复", "Result approved"), final=True,
                  readers=(*HIGHER, Reader("representative"))),
            State("withdrawn", L("已撤回", "Withdrawn"), final=True),
        ),
        transitions=(
            Transition("revise_plan", ("drafting", "plan_returned"), "drafting", L("修改方案", "Revise the plan"),
                       OFFICE, fields=plan, guards=rules.PLAN_CHECKS, effects=("plan_kept",)),
            Transition("submit_plan", ("drafting", "plan_returned"), "plan_submitted",
                       L("报上级工会审批", "Send to the higher union"), OFFICE, guards=rules.PLAN_CHECKS,
                       effects=("plan_sent",), notify=(Notify("federation_office", "election_plan_submitted",
                                                              org="parent"),),
                       confirm=L("方案报送后由上级工会审批，批复前不能修改。",
                                 "The plan goes to the higher union and cannot be changed until it replies.")),
            Transition("approve_plan", ("plan_submitted",), "preparing", L("批复同意方案", "Approve the plan"),
                       FEDERATION, effects=("plan_approved",),
                       fields=(Field("reply_ref", L("批复文号", "Reference"), "str", required=False, max_length=60),
                               Field("reply_note", L("批复意见", "Reply"), "text", required=False, max_length=2000)),
                       notify=(Notify("union_office", "election_plan_approved"),
                               Notify("union_chair", "election_plan_approved")),
                       confirm=L("批复同意后，所属工会即按此方案组织选举。",
                                 "Once approved, the union holds the election by this plan.")),
            Transition("return_plan", ("plan_submitted",), "plan_returned", L("退回方案", "Return the plan"),
                       FEDERATION, fields=(REASONS,), effects=("plan_returned",)),
            Transition("put_to_ballot", ("preparing",), "voting", L("提交大会投票选举", "Put to the vote"), OFFICE,
                       fields=(Field("session_id", L("职代会（会员代表大会）会议", "Session that votes"), "int",
                                     min_value=1, help=L("由本届会员代表（职工代表）无记名投票选举。",
                                                         "The representatives elect by secret ballot.")),),
                       guards=("session_of_union",), effects=("to_ballot",)),
            Transition("ballot_passed", ("voting",), "counting", L("计票：有人当选", "Counted: some elected"),
                       SYSTEM, effects=("count_recorded",)),
            Transition("ballot_failed", ("voting",), "preparing", L("计票：无人当选", "Counted: nobody elected"),
                       SYSTEM, effects=("count_recorded",)),
            Transition("seats_filled", ("counting",), "reporting", L("委员名额已选满", "Seats filled"), SYSTEM,
                       auto=True, guards=("seats_filled",)),
            Transition("seats_short", ("counting",), "preparing", L("名额未选满，另行选举", "Seats short: vote again"),
                       SYSTEM, auto=True, guards=("seats_short",)),
            Transition("report_result", ("reporting",), "result_submitted",
                       L("报上级工会批复", "Report to the higher union"), OFFICE, guards=("chair_elected",),
                       effects=("result_sent",),
                       fields=(Field("chair", L("主席", "Chair"), "str", max_length=50,
                                     help=L("新一届委员会选出的主席（须为当选委员）。",
                                            "Elected by the new committee, from its members.")),
                               Field("vice_chairs", L("副主席", "Vice-chairs"), "str", required=False,
                                     max_length=200, help=L("用顿号或逗号分隔。", "Separated by commas.")),
                               Field("report_note", L("报告说明", "Report"), "text", required=False,
                                     max_length=5000)),
                       notify=(Notify("federation_office", "election_result_reported", org="parent"),),
                       confirm=L("选举结果报送后由上级工会批复，批复前不能修改。",
                                 "The result goes to the higher union and cannot be changed until it replies.")),
            Transition("approve_result", ("result_submitted",), "approved",
                       L("批复同意选举结果", "Approve the result"), FEDERATION,
                       guards=("approval_date_fits",), effects=("record_term",),
                       fields=(Field("approved_on", L("批复日期", "Approved on"), "date"),
                               Field("reply_ref", L("批复文号", "Reference"), "str", required=False, max_length=60),
                               Field("reply_note", L("批复意见", "Reply"), "text", required=False, max_length=2000)),
                       notify=(Notify("union_office", "election_result_approved"),
                               Notify("union_chair", "election_result_approved")),
                       confirm=L("批复后新一届委员会任期开始，上一届任期结束，不能撤回。",
                                 "The new committee's term begins and the previous one ends; this cannot be undone.")),
            Transition("return_result", ("result_submitted",), "reporting", L("退回选举结果", "Return the result"),
                       FEDERATION, fields=(REASONS,), effects=("result_returned",)),
            Transition("withdraw", ("drafting", "plan_returned"), "withdrawn", L("撤回", "Withdraw"), OFFICE,
                       confirm=L("撤回后这份方案作废。", "The plan is dropped.")),
        ),
        guards=rules.election_guards(policy.contested), effects=rules.election_effects(policy.contested),
        readers=UNION, indexed=("election_date",),
        milestones=("drafting", "plan_submitted", "preparing", "voting", "reporting", "result_submitted",
                    "approved"),
    )


def build_term() -> WorkflowSpec:
    """A committee's term, watched: reminders six and three months before it runs out, escalation after."""
    duty = (TaskSpec("union_office", label=L("筹备换届选举", "Prepare the election")),
            TaskSpec("union_chair", label=L("筹备换届选举", "Prepare the election")))
    return WorkflowSpec(
        name=TERM, version=1, label=L("工会委员会任期", "Committee term"), roles=dict(ROLES), initial="in_office",
        start=Start(roles=SYSTEM, title_max=100, effects=("watch_term",), fields=(
            Field("term_id", L("任期", "Term"), "int", min_value=1),
            Field("elected_on", L("选举日期", "Elected on"), "date"),
            Field("term_years", L("任期（年）", "Term (years)"), "int", min_value=1),
            Field("ends_on", L("任期届满日", "Term ends on"), "date"))),
        states=(
            State("in_office", L("任期内", "In office"),
                  timers=(TimerSpec(due="data:six_months_eve", trigger="six_months_left"),)),
            State("renewal_due", L("任期届满前 6 个月内", "Ends within six months"), tasks=duty,
                  timers=(TimerSpec(due="data:three_months_eve", trigger="three_months_left"),)),
            State("renewal_near", L("任期届满前 3 个月内", "Ends within three months"), tasks=duty,
                  timers=(TimerSpec(due="data:last_day", trigger="term_over"),)),
            State("past_term", L("任期届满未换届", "Past its term"),
                  tasks=(*duty, TaskSpec("federation_office", org="parent",
                                         label=L("督促按期换届", "See that it holds its election")))),
            State("renewed", L("已换届", "Renewed"), final=True),
        ),
        transitions=(
            Transition("six_months_left", ("in_office",), "renewal_due", L("距届满 6 个月", "Six months left"),
                       SYSTEM, effects=("remind_six",)),
            Transition("three_months_left", ("renewal_due",), "renewal_near", L("距届满 3 个月", "Three months left"),
                       SYSTEM, effects=("remind_three",)),
            Transition("term_over", ("renewal_near",), "past_term", L("任期届满", "Term over"), SYSTEM,
                       effects=("escalate",)),
            Transition("renew", ("in_office", "renewal_due", "renewal_near", "past_term"), "renewed",
                       L("新一届委员会任期开始", "The next committee's term began"), SYSTEM),
        ),
        guards={}, effects=dict(rules.TERM_EFFECTS),
        readers=(*UNION, *HIGHER), indexed=("term_id", "ends_on"),
        milestones=("in_office", "renewal_due", "renewal_near", "renewed"),
    )
