"""What the request pages show, as labelled values and names rather than data keys: a request's details on its case
page, the sender's own list, the office's list with overdue ones, and the published procedure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from engine import services
from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import Field
from engine.time.calendar import TZ
from workflows.requests.settings import RequestTable
from workflows.requests.terms import KINDS, NAME, OFFICE, RATING_LABELS, SENDERS, TOPICS, L

SENDING_ROLES = SENDERS
TITLE_FIELD = Field("title", L("主题", "Subject"), "str", max_length=100,
                    help=L("一句话说明是什么事。", "What it is about, in a few words."))
OFFICE_ROLES = (OFFICE, "union_chair")
# The steps in which the reply (or the department's answer) is still awaited: a passed deadline makes it overdue.
WAITING = ("awaiting_registration", "registered", "routed", "department_answered")


@dataclass(frozen=True)
class Shown:
    """One labelled value: ``key`` names it for the page's element ids."""

    key: str
    label: Label
    value: str | Label


@dataclass(frozen=True)
class Details:
    """Everything a request's case page shows of it, in order."""

    number: str | None
    sender: str | None  # None: anonymous to this reader (or nobody to show)
    anonymous: bool
    urgent: bool
    facts: list[Shown]
    replies: list[Shown]  # the latest reply, the department's answer, the rating
    earlier: list[list[Shown]]  # replies that a reopening followed
    proposal_case: int | None


def _shown(key: str, label: Label, value: Any) -> Shown | None:
    return None if value in (None, "", []) else Shown(key, label, value)


def details(env: Env, view: services.CaseView) -> Details:
    d = view.data
    names = services.user_names(env, [view.summary.created_by] if view.summary.created_by else [])
    orgs = {o.id: o.name for o in services.list_organisations(env)} if d.get("department") else {}
    facts = [
        _shown("kind", L("类型", "Kind"), KINDS.get(d.get("kind", ""))),
        _shown("topic", L("涉及方面", "Topic"), TOPICS.get(d.get("topic", ""))),
        _shown("text", L("具体内容", "What it is about"), d.get("text")),
        _shown("reply_due", L("答复期限", "Reply due by"), d.get("reply_due")),
        _shown("department", L("承办部门", "Department"), orgs.get(d.get("department"))),
        _shown("department_due", L("部门答复期限", "Department's deadline"),
               d.get("department_due") if d.get("department") else None),
    ]
    replies = [
        _shown("answer", L("答复", "Reply"), d.get("answer")),
        _shown("replied_on", L("答复日期", "Replied on"), d.get("replied_on")),
        _shown("department_answer", L("部门答复", "The department's answer"), d.get("department_answer")),
        _shown("rating", L("评价", "Rating"), RATING_LABELS.get(d.get("rating", ""))),
        _shown("rating_comment", L("评价意见", "Comment"), d.get("rating_comment")),
    ]
    earlier = [[s for s in (_shown("answer", L("答复", "Reply"), e.get("answer")),
                            _shown("replied_on", L("答复日期", "Replied on"), e.get("replied_on")),
                            _shown("rating", L("评价", "Rating"), RATING_LABELS.get(e.get("rating", ""))),
                            _shown("rating_comment", L("评价意见", "Comment"), e.get("rating_comment"))) if s]
               for e in d.get("earlier_replies", [])]
    sender = names.get(view.summary.created_by) if view.summary.created_by else None
    return Details(d.get("number"), sender, bool(d.get("anonymous")), bool(d.get("urgent")),
                   [s for s in facts if s], [s for s in replies if s], earlier, d.get("proposal_case"))


@dataclass(frozen=True)
class Row:
    """A request in a list: its number, title, kind and topic, step, due day and whether it is overdue."""

    id: int
    number: str | None
    title: str
    kind: Label | None
    topic: Label | None
    state_label: Label
    final: bool
    urgent: bool
    anonymous: bool
    sender: str | None
    department: str | None
    due: datetime | None
    overdue: bool
    sent_on: date


def rows(env: Env, actor: services.Actor, found: list[services.CaseSummary]) -> list[Row]:
    """The list's rows; a sender's name only where this reader may know it."""
    names = services.user_names(env, [c.created_by for c in found if c.created_by])
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    now = env.clock.now()
    result = []
    for c in found:
        d = c.data
        due = _due_at(env, actor, c)
        result.append(Row(c.id, d.get("number"), c.title, KINDS.get(d.get("kind", "")), TOPICS.get(d.get("topic", "")),
                          c.state_label, c.final, bool(d.get("urgent")), bool(d.get("anonymous")),
                          names.get(c.created_by) if c.created_by else None, orgs.get(d.get("department")),
                          due, bool(due and due < now and c.state in WAITING), c.created_at.astimezone(TZ).date()))
    return result


def _due_at(env: Env, actor: services.Actor, case: services.CaseSummary) -> datetime | None:
    """The case's earliest open deadline (one look-up of its open tasks)."""
    if case.final:
        return None
    dues = [t.due_at for t in services.case_view(env, actor, case.id).open_tasks if t.due_at is not None]
    return min(dues) if dues else None


def my_requests(env: Env, actor: services.Actor, page: int = 1) -> services.Page[services.CaseSummary]:
    return services.search_cases(env, actor, workflow=NAME, started_by=actor.user_id, page=page, per_page=20)


def office_list(env: Env, actor: services.Actor, union_id: int, *, overdue: bool = False, open_only: bool = True,
                page: int = 1, per_page: int = 50) -> services.Page[services.CaseSummary]:
    """The union's requests for the office and the chair, oldest waiting first; ``overdue``: only those with an
    open task past its deadline."""
    services.require_roles(env, actor, union_id, OFFICE_ROLES, "request_list")
    return services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, open_only=open_only,
                                 overdue=overdue, oldest_first=True, page=page, per_page=per_page)


@dataclass(frozen=True)
class Procedure:
    """The published procedure (办理程序、联系方式): its steps, its periods and whom to contact."""

    steps: list[Label]
    contacts: str


def procedure(settings: Any, lang: str) -> Procedure:
    t: RequestTable = settings.section("request")
    steps = [
        L("职工可通过手机或电脑提交诉求：反映问题、投诉、咨询（工资、安全等）或求助，可以选择匿名。",
          "Any member of staff sends a request from a phone or a computer: a problem, a complaint, a question (wages, "
          "safety…) or a request for help, anonymously if they choose."),
        L(f"工会办公室在 {t.register_workdays} 个工作日内登记。", f"The union office registers it within "
          f"{t.register_workdays} working day(s)."),
        L(f"每件诉求都有答复：一般在登记后 {t.reply_workdays} 个工作日内答复，"
          f"急办件在 {t.urgent_workdays} 个工作日内答复。",
          f"Every request gets a reply: within {t.reply_workdays} working days of registration, or "
          f"{t.urgent_workdays} for an urgent item."),
        L("需要有关部门办理的，由工会办公室转交部门并限期答复，答复经工会办公室审核后告知职工。",
          "Where a department must act, the office routes it there with a deadline and sends you its answer."),
        L("内容相同的诉求合并办理；涉及面广的，经职工同意可转为职代会提案。",
          "Requests on the same matter are answered together; a wide matter may become a congress proposal with "
          "your consent."),
        L(f"收到答复后请在 {t.rating_days} 天内评价：不满意的重新办理一次，仍不满意的由工会主席督办。",
          f"Rate the reply within {t.rating_days} days: an unsatisfied rating has it handled again once, then the "
          "union chair supervises it."),
        L("匿名诉求的来信人身份只有工会办公室知道，承办部门、导出文件和通知中都不出现。",
          "An anonymous sender is known to the union office alone: no department, export or notification names "
          "them."),
        L("以上期限为本单位规定（“件件有回音”是工会工作惯例，并非法定期限）。",
          "These periods are local practice (answering every request is union practice, not a statutory period)."),
    ]
    return Procedure(steps, t.contacts if lang == "zh" else t.contacts_en)
