"""The disclosure workflows: ``disclosure`` (one period's item of a register entry, 厂务公开事项: to_publish →
published, corrected in place with the earlier text kept → closed) and ``disclosure_question`` (a staff member's
question on a published item: asked → answered, the answer shown under the item).

The periods come from ``[disclosure]``; each case records the numbers it started under.
"""

from __future__ import annotations

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
from workflows.disclosures.rules import GUARDS, effects
from workflows.disclosures.settings import DisclosureTable
from workflows.disclosures.terms import NAME, QUESTION, VERSION, L

Policy = DisclosureTable  # a union's periods (config ``[disclosure]``, local practice): the table itself


ROLES = {"union_office": L("工会办公室", "Union office"), "employer": L("企业方", "Employer"),
         "union_chair": L("工会主席", "Union chair"), "handler": L("承办人", "Department handler")}
DEPARTMENT = "data:department"
SCOPE = Reader(MEMBERS, "data:scope")  # everyone in the entry's scope, once published
TEXT = Field("text", L("公开内容", "What is disclosed"), "text", max_length=20000)


def _overdue(kind: str, label: tuple[str, str]) -> Overdue:
    return Overdue(supervise=TaskSpec("union_office", label=L(*label)),
                   notify=(Notify("union_office", kind), Notify("handler", kind, org=DEPARTMENT)))


def build_item(policy: Policy | None = None) -> WorkflowSpec:
    """One period's item of a register entry, made by the scheduler (an event's by the union office)."""
    policy = policy or Policy()
    return WorkflowSpec(
        name=NAME, version=VERSION, label=L("厂务公开", "Disclosure"), roles=dict(ROLES), initial="to_publish",
        start=Start(roles=("system", "union_office", "employer"), fields=(
            Field("entry", L("公开事项", "Register entry"), "int", min_value=1),
            Field("period", L("公开期间", "Period"), "str", max_length=20, required=False),
            Field("event", L("公开的事件", "The event"), "text", max_length=2000, required=False),
        ), guards=("entry_known",), effects=("from_entry",), title_max=200,
            notify=(Notify("handler", "disclosure_due", org=DEPARTMENT),)),
        states=(
            State("to_publish", L("待公开", "To publish"),
                  tasks=(TaskSpec("handler", org=DEPARTMENT, label=L("按期公开本期事项", "Publish this item in "
                                                                   "time")),),
                  timers=(TimerSpec(due="data:due_on", remind_before=(Period(2, "workdays"), Period(0, "days")),
                                    overdue=_overdue("disclosure_overdue", ("督促部门公开", "Urge the department "
                                                                          "to publish"))),)),
            State("published", L("已公开", "Published"), readers=(SCOPE,)),
            State("closed", L("已归档", "Closed"), final=True, readers=(SCOPE,)),
            State("cancelled", L("已取消", "Cancelled"), final=True),
        ),
        transitions=(
            Transition("publish", ("to_publish",), "published", L("公开", "Publish"), ("handler",), org=DEPARTMENT,
                       fields=(TEXT, Field("published_on", L("公开日期", "Published on"), "date"),
                               Field("how", L("公开方式说明", "Where and how"), "str", max_length=300,
                                     required=False)),
                       effects=("published",), notify=(Notify("union_office",
                                                                                   "disclosure_published"),),
                       confirm=L("公开后，范围内的全体职工都能看到并可以提问；公开内容只能更正，原内容仍保留显示。",
                                 "Once published, all staff in the scope read it and may ask questions; the text "
                                 "can then only be corrected, the earlier text staying visible.")),
            # Files come with an action of their own: the confirmation step of an irreversible action posts the
            # form's fields again, not its files.
            Transition("add_files", ("published",), "published", L("上传公开附件", "Add files"), ("handler",),
                       org=DEPARTMENT, accepts_files=True,
                       fields=(Field("files_note", L("附件说明", "What the files are"), "str", max_length=300,
                                     required=False),)),
            Transition("correct", ("published",), "published", L("更正公开内容", "Correct the text"), ("handler",),
                       org=DEPARTMENT, effects=("corrected",),
                       fields=(TEXT, Field("reason", L("更正说明", "What was corrected and why"), "text",
                                           max_length=2000)),
                       confirm=L("更正后的内容立即向职工显示，原公开内容作为更正前版本保留，不能删除。",
                                 "The corrected text is shown at once; the earlier text stays visible as the "
                                 "version before the correction and cannot be removed.")),
            Transition("close", ("published",), "closed", L("归档", "Close"), ("union_office",),
                       confirm=L("归档后不能再对本期事项提问。", "Once closed, no more questions can be asked "
                                 "about this item.")),
            Transition("cancel", ("to_publish",), "cancelled", L("取消本期公开", "Cancel this item"), ("union_office",),
                       fields=(Field("reason", L("理由", "Reason"), "text", max_length=2000),),
                       confirm=L("取消后本期不再要求公开，不能恢复。", "Once cancelled, this period's item is no "
                                 "longer required; this cannot be undone.")),
        ),
        guards=dict(GUARDS), effects=effects(policy.publish_workdays, policy.answer_workdays),
        readers=(Reader("union_office"), Reader("union_chair"), Reader("employer"), Reader("handler", DEPARTMENT)),
        milestones=("to_publish", "published", "closed"),
    )


def build_question(policy: Policy | None = None) -> WorkflowSpec:
    """A question on a published item, asked on the item's page; the department answers within the period."""
    policy = policy or Policy()
    return WorkflowSpec(
        name=QUESTION, version=VERSION, label=L("厂务公开提问", "Question on a disclosure"), roles=dict(ROLES),
        initial="asked",
        start=Start(roles=("system",), fields=(
            Field("item", L("公开事项", "Disclosure item"), "case"),
            Field("text", L("问题", "Question"), "text", max_length=2000),
            Field("asker", L("提问人", "Asked by"), "user"),
            Field("show_name", L("向其他职工显示姓名", "Name shown to other staff"), "bool", required=False),
        ), guards=("item_published",), effects=("question_from_item",), title_max=60),
        states=(
            State("asked", L("待答复", "To answer"),
                  tasks=(TaskSpec("handler", org=DEPARTMENT, label=L("答复职工提问", "Answer the question")),),
                  timers=(TimerSpec(due="data:answer_due", remind_before=(Period(1, "workdays"), Period(0, "days")),
                                    overdue=_overdue("disclosure_question_overdue",
                                                     ("督促部门答复", "Urge the department to answer"))),)),
            State("answered", L("已答复", "Answered"), final=True),
        ),
        transitions=(
            Transition("answer", ("asked",), "answered", L("答复", "Answer"), ("handler",), org=DEPARTMENT,
                       fields=(Field("answer", L("答复", "Answer"), "text", max_length=5000),),
                       effects=("answered",),
                       confirm=L("答复将与问题一起显示在公开事项下，能看到该事项的职工都能看到；提问人选择匿名时不显示其姓名。",
                                 "The answer is shown with the question under the item, to everyone who reads it; "
                                 "the asker's name is left out unless they chose to show it.")),
        ),
        guards=dict(GUARDS), effects=effects(policy.publish_workdays, policy.answer_workdays),
        readers=(Reader("data:asker"), Reader("union_office"), Reader("handler", DEPARTMENT)),
    )
