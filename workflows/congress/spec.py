"""Congress sessions (职代会) and the follow-up of their resolutions.

A session's case walks: planned → documents delivered (each representative confirms receipt; those who did
not are reminded) → in session (check-in, quorum, item-by-item secret ballots through ``workflows.congress.items``,
``voting`` and ``closing``) → results published → closed. A resolution that passed can start a ``resolution``
case: departments implement it by a deadline, report, and the union office closes it.
"""

from __future__ import annotations

from datetime import date, timedelta

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
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
from engine.time.calendar import TZ
from workflows.congress.rules import DOCUMENTS_PRACTICE, rules_of

SESSION = "congress"
RESOLUTION = "resolution"
OFFICE = ("union_office", "union_chair")


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)


# -- the session ------------------------------------------------------------------------------------------------
def session_is_free(ctx: ActionContext) -> dict[str, Label] | None:
    phase = ctx.db.use("congress").session_phase(ctx.form.get("session_id", 0))
    if phase is None:
        return {"session_id": L("请选择一次职代会会议。", "Choose a congress session.")}
    if ctx.db.use("congress").congress_session(phase.id).organisation_id != ctx.organisation_id:  # type: ignore[union-attr]
        return {"session_id": L("请选择本单位的职代会会议。", "Choose a congress session of this organisation.")}
    if phase.case_id is not None:
        return {"session_id": L("这次会议已在筹备中。", "This session is being prepared already.")}
    return None


def link_session(ctx: ActionContext) -> None:
    ctx.db.use("congress").mark_session(ctx.data["session_id"], "planned", ctx.case_id)


def _tell_representatives(ctx: ActionContext, kind: str, missing: str | None = None) -> int:
    session_id = ctx.data["session_id"]
    user_ids = ctx.db.use("congress").representatives(session_id, missing)
    for user_id in user_ids:
        ctx.notify(Recipient(user_id=user_id), kind, session_id=session_id,
                   path=f"/congress/sessions/{session_id}/booth")
    return len(user_ids)


def documents_delivered(ctx: ActionContext) -> None:
    ctx.db.use("congress").mark_session(ctx.data["session_id"], "documents_delivered")
    ctx.data["documents_delivered_on"] = ctx.now.astimezone(TZ).date().isoformat()
    _tell_representatives(ctx, "congress_documents")


def remind_documents(ctx: ActionContext) -> None:
    ctx.data["documents_reminders"] = ctx.data.get("documents_reminders", 0) + 1
    _tell_representatives(ctx, "congress_documents_reminder", "documents")


EARLY_OPENING = Label(
    "会议文件于 {delivered} 送达代表，按{practice}，须在开会 {days} 日前送达，{earliest} 起方可开会。"
    "提前开会须写明理由；提前开会的，须由全体会议审议决定的事项不能表决。",
    "The documents reached the representatives on {delivered}; by {practice_en} they go out {days} days before the "
    "session, so it opens from {earliest}. To open earlier, give the reason; matters reserved to the full congress "
    "cannot then be voted on.")


def documents_in_time(ctx: ActionContext) -> dict[str, Label] | None:
    """The session opens at least ``documents_days`` after its documents went out (local practice), or the
    office records why it opens earlier."""
    delivered = ctx.data.get("documents_delivered_on")
    if not delivered or (ctx.form.get("early_reason") or "").strip():
        return None
    days = rules_of(ctx.db.use("congress").env).documents_days
    earliest = date.fromisoformat(delivered) + timedelta(days=days)
    if ctx.now.astimezone(TZ).date() >= earliest:
        return None
    return {"early_reason": EARLY_OPENING.format(delivered=delivered, days=days, earliest=earliest.isoformat(),
                                                 practice=DOCUMENTS_PRACTICE.zh, practice_en=DOCUMENTS_PRACTICE.en)}


def session_opened(ctx: ActionContext) -> None:
    ctx.db.use("congress").mark_session(ctx.data["session_id"], "opened")
    ctx.data["opened_on"] = ctx.now.astimezone(TZ).date().isoformat()
    _tell_representatives(ctx, "congress_opened")


def remind_check_in(ctx: ActionContext) -> None:
    _tell_representatives(ctx, "congress_check_in_reminder", "check_in")


def all_items_closed(ctx: ActionContext) -> Label | None:
    phase = ctx.db.use("congress").session_phase(ctx.data["session_id"])
    assert phase is not None
    if phase.items["open"]:
        return L("还有事项正在表决，请先结束表决。", "An item is still being voted on: close it first.")
    if not phase.items["closed"]:
        return L("还没有已结束表决的事项。", "No item has been voted on yet.")
    return None


def results_published(ctx: ActionContext) -> None:
    ctx.db.use("congress").mark_session(ctx.data["session_id"], "closed")
    session_id = ctx.data["session_id"]
    for user_id in ctx.db.use("congress").representatives(session_id):
        ctx.notify(Recipient(user_id=user_id), "congress_results", session_id=session_id,
                   path=f"/congress/sessions/{session_id}/results")


def build_session() -> WorkflowSpec:
    office_task = TaskSpec("union_office")
    return WorkflowSpec(
        name=SESSION, version=1, readers=(Reader(MEMBERS),), label=L("职代会会议", "Congress session"),
        roles={"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair"),
               "representative": L("职工代表", "Representative")},
        initial="planned",
        start=Start(roles=OFFICE, fields=(Field("session_id", L("会议", "Session"), "int", min_value=1),),
                    guards=("session_is_free",), effects=("link_session",), title_max=200),
        states=(
            State("planned", L("筹备", "Planned"), tasks=(
                TaskSpec("union_office", label=L("准备议程和会议文件并送达代表", "Prepare the agenda and documents and "
                                                 "deliver them")),)),
            State("documents_delivered", L("文件已送达", "Documents delivered"), tasks=(office_task,),
                  timers=(TimerSpec(period=Period(2, "workdays"), trigger="remind_documents"),)),
            State("in_session", L("会议进行中", "In session"),
                  tasks=(TaskSpec("union_chair", label=L("主持会议：签到、逐项表决", "Chair the session: "
                                                         "check-in and item-by-item ballots")),)),
            State("results_published", L("结果已公布", "Results published"),
                  tasks=(TaskSpec("union_office", label=L("落实决议并闭会归档", "Follow up the resolutions and "
                                                          "close the session")),)),
            State("closed", L("已闭会", "Closed"), final=True),
        ),
        transitions=(
            Transition("deliver_documents", ("planned",), "documents_delivered",
                       L("送达会议文件", "Deliver the documents"), OFFICE,
                       fields=(Field("agenda", L("会议议程", "Agenda"), "text", max_length=5000),),
                       accepts_files=True, effects=("documents_delivered",)),
            Transition("remind_documents", ("documents_delivered",), "documents_delivered",
                       L("提醒未确认收到文件的代表", "Remind those who have not confirmed the documents"),
                       ("system", *OFFICE), effects=("remind_documents",)),
            Transition("open_session", ("documents_delivered",), "in_session", L("开幕并开始签到", "Open the session "
                       "and start check-in"), OFFICE, guards=("documents_in_time",), effects=("session_opened",),
                       fields=(Field("early_reason", L("提前开会的理由", "Reason for opening early"), "text",
                                     required=False, max_length=2000,
                                     help=L("文件送达不满规定日数即开会时填写（地方惯例）。", "Only when the "
                                            "documents went out fewer days ago than required (local practice).")),),
                       confirm=L("开幕后代表即可签到，会议不能退回“文件已送达”。",
                                 "Once open, representatives can check in; the session cannot go back to "
                                 "“documents delivered”.")),
            Transition("remind_check_in", ("in_session",), "in_session",
                       L("提醒未签到的代表", "Remind those who have not checked in"), OFFICE,
                       effects=("remind_check_in",)),
            Transition("publish_results", ("in_session",), "results_published",
                       L("公布表决结果", "Publish the results"), OFFICE, guards=("all_items_closed",),
                       offer_if=("all_items_closed",), effects=("results_published",),
                       confirm=L("表决结果将通知每一位代表，公布后不能撤回。",
                                 "Every representative is told the results; publishing cannot be undone.")),
            Transition("close", ("results_published",), "closed", L("闭会归档", "Close the session"), OFFICE,
                       confirm=L("闭会后会议归档，不能再签到、表决或修改。",
                                 "A closed session is archived: no more check-in, votes or changes."),
                       fields=(Field("summary", L("会议总结", "Summary"), "text", required=False,
                                     max_length=5000),)),
        ),
        guards={"session_is_free": session_is_free, "all_items_closed": all_items_closed,
                "documents_in_time": documents_in_time},
        effects={"link_session": link_session, "documents_delivered": documents_delivered,
                 "remind_documents": remind_documents, "session_opened": session_opened,
                 "remind_check_in": remind_check_in, "results_published": results_published},
        milestones=("planned", "documents_delivered", "in_session", "results_published", "closed"),
    )


# -- a resolution followed up -----------------------------------------------------------------------------------
def item_passed(ctx: ActionContext) -> dict[str, Label] | None:
    item = ctx.db.use("congress").ballot_item(ctx.form.get("item_id", 0))
    if item is None or item.organisation_id != ctx.organisation_id:
        return {"item_id": L("请选择本单位会议的表决事项。", "Choose an item of this organisation's congress.")}
    if item.passed is not True:
        return {"item_id": L("只有表决通过的事项才能形成决议并交办。", "Only an item that passed becomes a resolution "
                             "to follow up.")}
    return None


def due_ahead(ctx: ActionContext) -> dict[str, Label] | None:
    if date.fromisoformat(ctx.form["due_date"]) <= ctx.now.astimezone(TZ).date():
        return {"due_date": L("落实期限应晚于今天。", "The deadline must be after today.")}
    return None


def record_report(ctx: ActionContext) -> None:
    mine = [d for d in ctx.data.get("departments", []) if ctx.actor_id is not None
            and ctx.db.holds(ctx.actor_id, "handler", d)]
    reports = dict(ctx.data.get("reports", {}))
    for d in mine:
        reports[str(d)] = ctx.form["report"]
    ctx.data["reports"] = reports


def clear_reports(ctx: ActionContext) -> None:
    ctx.data["reports"] = {}


def all_reported(ctx: ActionContext) -> Label | None:
    missing = [d for d in ctx.data.get("departments", []) if str(d) not in ctx.data.get("reports", {})]
    return L("还有部门未报告落实情况。", "A department has not reported yet.") if missing else None


def build_resolution() -> WorkflowSpec:
    departments = "data:departments"
    return WorkflowSpec(
        name=RESOLUTION, version=1, readers=(Reader(MEMBERS),), label=L("决议落实", "Resolution follow-up"),
        roles={"union_office": L("工会办公室", "Union office"), "union_chair": L("工会主席", "Union chair"),
               "handler": L("承办人", "Department handler")},
        initial="implementing",
        start=Start(roles=OFFICE, fields=(
            Field("item_id", L("表决事项", "Ballot item"), "int", min_value=1),
            Field("departments", L("落实部门", "Departments"), "orgs"),
            Field("due_date", L("落实期限", "Deadline"), "date"),
            Field("measures", L("落实要求", "What is to be done"), "text", max_length=5000),
        ), guards=("item_passed", "due_ahead")),
        states=(
            State("implementing", L("落实中", "Being implemented"),
                  tasks=(TaskSpec("handler", org=departments, label=L("落实决议并报告", "Implement and report")),),
                  timers=(TimerSpec(due="data:due_date", remind_before=(Period(3, "workdays"), Period(0, "days")),
                                    overdue=Overdue(supervise=TaskSpec("union_office"),
                                                    notify=(Notify("handler", "resolution_overdue", departments),))),)),
            State("reported", L("已报告", "Reported"), tasks=(TaskSpec("union_office"),)),
            State("closed", L("已办结", "Closed"), final=True),
        ),
        transitions=(
            Transition("report", ("implementing",), "implementing", L("报告落实情况", "Report on implementation"),
                       ("handler",), org=departments, completes_task=True, accepts_files=True,
                       fields=(Field("report", L("落实情况", "What was done"), "text", max_length=5000,
                                     store=False),),
                       effects=("record_report",)),
            Transition("all_reported", ("implementing",), "reported", L("各部门均已报告", "Every department reported"),
                       ("system",), auto=True, guards=("all_reported",), notify=(Notify("union_office", "resolution_"
                                                                                        "reported"),)),
            Transition("close", ("reported",), "closed", L("确认办结", "Confirm and close"), OFFICE,
                       fields=(Field("conclusion", L("办结意见", "Conclusion"), "text", required=False,
                                     max_length=5000),)),
            Transition("return_to_departments", ("reported",), "implementing", L("退回继续落实", "Return to the "
                       "departments"), OFFICE, fields=(Field("reason", L("理由", "Reason"), "text",
                                                             max_length=2000),),
                       effects=("clear_reports",)),
        ),
        guards={"item_passed": item_passed, "due_ahead": due_ahead, "all_reported": all_reported},
        effects={"record_report": record_report, "clear_reports": clear_reports},
    )
