"""The proposal form (提案表): one proposal on one A4 page, laid out like the paper form the committee files,
for the browser's print and as a Word document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from engine.time.calendar import TZ
from workflows.congress import services as congress
from workflows.proposals.details import RATED
from workflows.proposals.report import ACCEPTED, OUTCOMES, PRIVATE, READERS, TRIGGERS, _day
from workflows.proposals.spec import NAME

FORM_TITLE = Label("职工代表大会提案表", "Congress proposal form")
L = Label


def _date(value: Any) -> str:
    day = _day(value)
    return day.isoformat() if day else ""


def _viewed(env: services.Env, actor: services.Actor, case_id: int) -> services.CaseView:
    """The proposal for whoever may see its case page, and for its union's committee, office and chair once the
    proposer has sent it on (they file the forms)."""
    try:
        view = services.case_view(env, actor, case_id)
    except services.PermissionDenied:
        view = services.case_view(env, services.SYSTEM_ACTOR, case_id)
        if view.summary.workflow != NAME or view.summary.state in PRIVATE:
            raise
        services.require_roles(env, actor, view.summary.organisation_id, READERS, "proposal_form")
    if view.summary.workflow != NAME:
        raise services.NotFound("proposal", case_id)
    return view


@dataclass(frozen=True)
class _Page:
    """What one proposal's form is filled from, in the reader's language."""

    lang: str
    fields: Mapping[str, Field]
    d: Mapping[str, Any]  # the case's data
    summary: services.CaseSummary
    orgs: Mapping[int, str]  # organisation id → name
    people: Mapping[int, str]  # the proposer's and co-signers' names
    when: Mapping[str, Any]  # trigger → when the case first had it

    @property
    def sep(self) -> str:
        return "、" if self.lang == "zh" else ", "

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def label(self, name: str) -> str:
        return self.fields[name].label(self.lang)

    def choice(self, name: str) -> str:
        return self.fields[name].choice_label(self.d[name])(self.lang) if self.d.get(name) else ""


def build(env: services.Env, actor: services.Actor, lang: str, case_id: int) -> services.Report:
    """The form of one proposal (see ``_viewed`` for who may have it)."""
    view = _viewed(env, actor, case_id)
    info = services.describe(env, NAME, view.summary.spec_version)
    d, summary = view.data, view.summary
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    people = services.user_names(env, [u for u in [summary.created_by, *d.get("co_signers", [])] if u])
    when = services.first_times(env, [case_id], TRIGGERS)[case_id]
    page = _Page(lang, info.fields, d, summary, orgs, people, when)
    session = _session(env, d.get("session_id"))
    number = d.get("number")
    heading = [(page.label("session_id"), session.name if session else ""),
               (L("提案号", "No.")(lang), (f"第 {number} 号" if lang == "zh" else str(number)) if number else "—")]
    today = env.clock.now().astimezone(TZ).date().isoformat()
    footer = (f"{L('当前环节', 'Step')(lang)}{page.colon}{summary.state_label(lang)}　"
              f"{L('打印日期', 'Printed')(lang)}{page.colon}{today}")
    form = services.Form(FORM_TITLE(lang), heading, _lines(page), footer)
    name = f"{L('提案表', 'Proposal form')(lang)}-{number or case_id}-{summary.title}"
    return services.Report(FORM_TITLE(lang), name, summary.organisation_id, form=form)


def _lines(page: _Page) -> list[list[services.Cell]]:
    """The form's rows, as the paper form has them: the proposal, its review, its handling and its rating."""
    Cell, lang, d, summary, orgs, when = services.Cell, page.lang, page.d, page.summary, page.orgs, page.when
    label, choice, people = page.label, page.choice, page.people
    return [
        [Cell(label("title"), summary.title, wide=True)],
        [Cell(L("提案人", "Proposer")(lang), people.get(summary.created_by, "") if summary.created_by else ""),
         Cell(L("提交日期", "Submitted")(lang), _date(when.get("submit")))],
        [Cell(L("附议人", "Co-signers")(lang), page.sep.join(people.get(u, str(u)) for u in d.get("co_signers", [])),
              wide=True)],
        [Cell(label("category"), choice("category")),
         Cell(label("suggested_department"), orgs.get(d.get("suggested_department"), ""))],
        [Cell(label("reasons"), d.get("reasons", ""), wide=True, tall=True)],
        [Cell(label("measures"), d.get("measures", ""), wide=True, tall=True)],
        [Cell(L("提案委员会审查意见", "Committee's review")(lang), _review(page), wide=True)],
        [Cell(L("立案日期", "Accepted")(lang), _date(when.get("accept"))),
         Cell(L("领导批示", "Endorsement")(lang), d.get("instruction", ""))],
        [Cell(label("lead_department"), orgs.get(d.get("lead_department"), "")),
         Cell(label("co_departments"), page.sep.join(orgs.get(o, str(o)) for o in d.get("co_departments", [])))],
        [Cell(L("交办日期", "Assigned")(lang), _date(when.get("assign"))),
         Cell(label("due_date"), d.get("due_date", ""))],
        [Cell(label("classification"), choice("classification")),
         Cell(L("答复日期", "Answered")(lang),
              d.get("answered_on") or _date(when.get("answer") or when.get("answer_suggestion")))],
        [Cell(L("办理答复", "Answer")(lang), _answer(page), wide=True, tall=True)],
        [Cell(L("提案人评价", "Proposer's rating")(lang), _rating(page)),
         Cell(L("办结日期", "Closed")(lang), _date(when.get("close") or when.get("close_after_review")
                                                  or when.get("report_completion") or when.get("close_follow_up")))],
    ]


def _review(page: _Page) -> str:
    """The committee's decision (accepted once it accepted, whatever came after), with its comment or reason."""
    outcome = OUTCOMES.get(page.summary.state, ACCEPTED if "accept" in page.when else None)
    review = outcome(page.lang) if outcome else ""
    for name in ("comment", "reason"):
        if page.d.get(name):
            review += (page.colon if review else "") + page.d[name]
    return review


def _answer(page: _Page) -> str:
    """The latest answer, then what was done or why not now, one per line; after a re-handling, a last line says
    how many earlier answers there were (the paper form has one answer box: the proposal's page shows them)."""
    d = page.d
    lines = [f"{page.label(n)}{page.colon}{d[n]}" if n != "answer" else d[n]
             for n in ("answer", "measures_taken", "reason_not_now") if d.get(n)]
    earlier = len(d.get("earlier_answers") or [])
    if earlier:
        lines.append(L(f"（此前另有 {earlier} 次答复，经重新办理后以本答复为准，见提案页面的办理记录。）",
                       f"({earlier} earlier answer(s) preceded this one, which replaces them after re-handling: "
                       "see the proposal's page.)")(page.lang))
    return "\n".join(lines)


def _rating(page: _Page) -> str:
    """The proposer's rating of attitude and result, and their comment on its own line: only once the latest
    answer is rated (while it is handled again, the rating in the data is the earlier answer's)."""
    d = page.d
    if page.summary.state not in RATED:
        return ""
    rating = ("；" if page.lang == "zh" else "; ").join(f"{page.label(n)}{page.colon}{page.choice(n)}"
                                                       for n in ("attitude", "result") if d.get(n))
    if d.get("rating_comment"):
        rating += ("\n" if rating else "") + d["rating_comment"]
    return rating


def _session(env: services.Env, session_id: Any) -> congress.CongressSessionView | None:
    try:
        return congress.get_congress_session(env, int(session_id))
    except (services.NotFound, TypeError, ValueError):
        return None


REPORT = services.ReportSpec("proposal_form", Label("提案表", "Proposal form"), build)
