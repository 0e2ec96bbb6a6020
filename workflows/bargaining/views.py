"""What the bargaining pages show, decided here: which steps are agreements, which are published to the staff,
when opinions are collected, the dates that matter at each step, and who sees which case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from engine.identity.roles import holds_any
from workflows.bargaining import covered
from workflows.bargaining.letter import Parties, enterprise_name, parties
from workflows.bargaining.regional import REGIONAL
from workflows.bargaining.spec import NAME, PUBLISHED
from workflows.bargaining.terms import AWAITING_PUBLICATION, EMPLOYER, UNION

# An agreement: signed, filed and past its review; published to the staff from ``in_force`` on. A case still on
# version 1 awaits publication under that version's name for the step.
AWAITING = tuple(AWAITING_PUBLICATION.values())
AGREEMENT = (*AWAITING, "in_force", "implementation_check", "renewal_window")
RENEWABLE = "renewal_window"
EXPIRED = "expired"
# Staff opinions are collected until the draft goes to the congress.
COLLECTING = ("request", "awaiting_employer_reply", "awaiting_union_reply", "dispute", "coordination_requested",
              "coordination", "preparation", "negotiating", "suspended")
SIDE_ROLES = ("union_office", "union_chair", "employer")  # the two sides see every case of their union
STARTERS = ("union_office", "employer")
# The dates of a case worth watching, by step; past a deadline in its step, the case is late.
WATCHED = {
    "awaiting_employer_reply": ("reply_due",), "awaiting_union_reply": ("reply_due",), "suspended": ("resume_on",),
    "coordination": ("coordination_due",),
    "filing": ("filing_due",), "under_review": ("review_ends", "effective_on"),
    **{awaiting: ("effective_on", "publish_due", "expires_on") for awaiting in AWAITING},
    "in_force": ("expires_on", "renewal_opens", "next_check"),
    "implementation_check": ("expires_on", "renewal_opens"), "renewal_window": ("expires_on",),
}
DATE_LABELS = {
    "reply_due": Label("书面回应期限", "Written reply due"), "resume_on": Label("约定恢复协商日期", "Talks resume on"),
    "filing_due": Label("报送审查期限", "Filing due"), "review_ends": Label("审查期届满", "Review period ends"),
    "effective_on": Label("生效日期", "Takes effect on"), "expires_on": Label("期满日期", "Expires on"),
    "renewal_opens": Label("续订期开始", "Renewal window opens"),
    "publish_due": Label("公布期限", "Publication due"),
    "next_check": Label("下次履约检查", "Next implementation check"),
    "coordination_due": Label("协调处理期限", "Coordination due"),
}
DEADLINES = ("reply_due", "filing_due", "publish_due", "coordination_due")
RENEWS_FIELD = "renews"  # the start form's field naming the agreement a request renews, sent hidden
AMENDS_FIELD = "amends"  # the start form's field naming the agreement a request changes or terminates, hidden
AMENDMENT_FIELDS = (AMENDS_FIELD, "purpose", "ground", "amend_reason")  # shown only for a change (arts. 39-41)
AMENDABLE = ("in_force", "implementation_check", "renewal_window")


@dataclass(frozen=True)
class Facts:
    """An agreement's facts (or what a case has of them), as the dashboard and the agreement page show them."""

    kind: Label
    agreement_title: str | None
    term_years: int | None
    signed_on: str | None
    effective_on: str | None
    expires_on: str | None
    renewal_opens: str | None
    published: tuple[str, str] | None  # (on, how)
    ended: tuple[Label, str, str] | None = None  # changed or terminated: (how, in effect on, why)
    leader: str | None = None  # a regional or industry agreement: the leading union's (federation's) name
    covered: tuple[str, ...] = ()  # and the enterprises it covers


REGIONAL_MARK = Label("区域性/行业性", "Regional / industry")


def facts(case: services.CaseSummary | services.CaseView, fields: dict[str, Any], leader: str | None = None
          ) -> Facts:
    data = case.data
    published, ended = data.get("published"), data.get("ended_by")
    how = fields["purpose"].choice_label(ended.get("purpose") or "") if ended and "purpose" in fields else None
    return Facts(fields["kind"].choice_label(data.get("kind") or ""), data.get("agreement_title") or None,
                 data.get("term_years") or None, data.get("signed_on") or None, data.get("effective_on") or None,
                 data.get("expires_on") or None, data.get("renewal_opens") or None,
                 (published.get("on", ""), published.get("how") or "") if published else None,
                 (how, ended.get("on") or "", ended.get("reason") or "") if ended and how else None, leader,
                 tuple(n for n in (data.get("covered_names") or {}).values() if n) if leader else ())


def is_regional(case: services.CaseSummary | services.CaseView) -> bool:
    summary = case.summary if isinstance(case, services.CaseView) else case
    return summary.workflow == REGIONAL


def regional_covering(env: Env, actor: Actor, union_id: int) -> list[services.CaseSummary]:
    """The regional or industry cases covering the union that the actor may read (its staff, once published)."""
    ids = covered.cases_covering(env, union_id)
    if not ids:
        return []
    found = services.search_cases(env, actor, workflow=REGIONAL, per_page=200).items
    return [c for c in found if c.id in ids]


def agreements_of(env: Env, actor: Actor, union_id: int) -> list[services.CaseSummary]:
    """The union's agreements (signed, filed and past review, not expired) the actor may read: its own and the
    regional or industry ones covering it."""
    own = services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, state=list(AGREEMENT),
                                per_page=200).items
    return [*own, *(c for c in regional_covering(env, actor, union_id) if c.state in AGREEMENT)]


def _leaders(env: Env, found: list[services.CaseSummary]) -> dict[int, str]:
    return {c.id: services.get_organisation(env, c.organisation_id).name for c in found if is_regional(c)}


@dataclass(frozen=True)
class DateShown:
    key: str
    label: Label
    value: str
    late: bool
    note: Label | None = None  # the filing deadline's hour: when the administration closes


def _note(key: str, data: dict[str, Any]) -> Label | None:
    """Filing is an act at the labour administration's office: its last day ends when the office closes."""
    closes = (data.get("policy") or {}).get("office_closes")
    if key != "filing_due" or not closes or closes == "24:00":
        return None
    return Label(f"当日 {closes} 前（行政部门停止办公时，《民法典》第二百零三条第二款）",
                 f"by {closes} that day, when the administration closes (《民法典》 art. 203 para. 2)")


@dataclass(frozen=True)
class Dashboard:
    """A union's bargaining as ``actor`` may see it: ``full`` for the two sides, else what the staff see."""

    full: bool
    can_start: bool
    agreements: list[services.CaseSummary]
    running: list[services.CaseSummary]
    past: list[services.CaseSummary]
    published: set[int]  # agreements the staff may read
    renewable: set[int]  # agreements in their renewal window
    amendable: set[int]  # agreements in force, which either side may propose to change or terminate
    collecting: set[int]  # cases that take the staff's opinions now
    mine: set[int]  # running cases the actor negotiates
    dates: dict[int, list[DateShown]]  # the dates to watch at each running case's step
    facts: dict[int, Facts]
    kind_label: Label
    title_label: Label  # the agreement's title


def _late(key: str, state: str, value: str, today: date) -> bool:
    return key in DEADLINES and key in WATCHED.get(state, ()) and date.fromisoformat(value) < today


def watched_dates(case: services.CaseSummary | services.CaseView, today: date) -> list[DateShown]:
    """The dates that matter at the case's step, late ones marked."""
    state, data = case.state, case.data
    return [DateShown(k, DATE_LABELS[k], data[k], _late(k, state, data[k], today), _note(k, data))
            for k in WATCHED.get(state, ()) if data.get(k)]


def all_dates(case: services.CaseSummary | services.CaseView, today: date) -> list[DateShown]:
    """Every date the case has set, a deadline late only in the step it belongs to."""
    state, data = case.state, case.data
    return [DateShown(k, DATE_LABELS[k], data[k], _late(k, state, data[k], today), _note(k, data))
            for k in DATE_LABELS if data.get(k)]


def holds(env: Env, actor: Actor, organisation_id: int, roles: tuple[str, ...]) -> bool:
    """The actor holds one of ``roles`` in the organisation or above it."""
    with env.db.read() as conn:
        return actor.system or holds_any(conn, actor.user_id, organisation_id, roles)


def dashboard(env: Env, actor: Actor, union_id: int, today: date) -> Dashboard:
    """Every case of the union for the two sides; for the staff (anyone else in the union), the published
    agreements and the running talks, decided in the query."""
    full = holds(env, actor, union_id, SIDE_ROLES)
    fields = services.describe(env, NAME).fields
    found = services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, per_page=200).items
    found += regional_covering(env, actor, union_id)
    leaders = _leaders(env, found)
    agreements = [c for c in found if c.state in AGREEMENT]
    running = [c for c in found if not c.final and c.state not in AGREEMENT]
    past = [c for c in found if c.final] if full else []
    if not full:  # the staff know which talks run (to send opinions), not what is said in them
        seen = {c.id for c in running}
        running += [c for c in talks_known_to_staff(env, actor, union_id) if c.id not in seen]
    return Dashboard(
        full, holds(env, actor, union_id, STARTERS), agreements, running, past,
        {c.id for c in agreements if c.state in PUBLISHED and c.data.get("published")},
        {c.id for c in agreements if c.state == RENEWABLE and c.id not in leaders},
        {c.id for c in agreements if c.state in AMENDABLE and c.spec_version >= 3},
        {c.id for c in running if c.state in COLLECTING},
        {c.id for c in running if actor.user_id in c.data.get("negotiators", [])},
        {c.id: watched_dates(c, today) for c in running},
        {c.id: facts(c, fields, leaders.get(c.id)) for c in found},
        fields["kind"].label, fields["agreement_title"].label)


def renewable(board: Dashboard, case_id: int | None) -> services.CaseSummary | None:
    """The agreement a renewal request would renew, when it is in its window and the actor may start one."""
    if case_id is None or not board.can_start:
        return None
    return next((c for c in board.agreements if c.id == case_id and c.id in board.renewable), None)


def amendable(board: Dashboard, case_id: int | None) -> services.CaseSummary | None:
    """The agreement a request would change or terminate, when it is in force and the actor may start one."""
    if case_id is None or not board.can_start:
        return None
    return next((c for c in board.agreements if c.id == case_id and c.id in board.amendable), None)


def talks_known_to_staff(env: Env, actor: Actor, union_id: int, case_id: int | None = None
                         ) -> list[services.CaseSummary]:
    """The talks under way, as every member of the union knows them (title and topics, to send opinions while
    they are collected); what is said in them is for their readers."""
    info = services.describe(env, NAME)
    running = [s for s in info.states if s not in info.final_states and s not in AGREEMENT]
    return services.known_to_members(env, actor, workflow=NAME, organisation_id=union_id, states=running,
                                     shown=("topics", "kind"), case_id=case_id)


def staff_case(env: Env, actor: Actor, case_id: int) -> services.CaseView:
    """A bargaining case for a page every member of its union may open: a published agreement as its readers
    see it; talks collecting opinions with their title and topics only; NotFound otherwise."""
    try:
        view = services.case_view(env, actor, case_id)
    except services.NotFound:
        view = None
    if view is not None:
        if view.summary.workflow not in (NAME, REGIONAL):
            raise services.NotFound("case", case_id)
        return view
    for union_id in services.unions_of(env, actor.user_id) if actor.user_id is not None else []:
        for known in talks_known_to_staff(env, actor, union_id, case_id):
            return services.CaseView(known, known.data, False, [], [], [], [])
    raise services.NotFound("case", case_id)


def collecting(view: services.CaseView | services.CaseSummary) -> bool:
    """The staff's opinions are still collected."""
    return view.state in COLLECTING


@dataclass(frozen=True)
class Agreement:
    view: services.CaseView
    text: str
    expired: bool
    facts: Facts
    parties: Parties


def agreement(env: Env, actor: Actor, case_id: int) -> Agreement:
    """The published agreement, for every member of the union; NotFound before it is published."""
    view = staff_case(env, actor, case_id)
    drafts: list[dict[str, Any]] = view.data.get("drafts") or []
    if view.state not in PUBLISHED or not view.data.get("published") or not drafts:
        raise services.NotFound("case", case_id)
    fields = services.describe(env, view.summary.workflow, view.summary.spec_version).fields
    leader = services.get_organisation(env, view.summary.organisation_id).name if is_regional(view) else None
    return Agreement(view, drafts[-1]["text"], view.state == EXPIRED, facts(view, fields, leader),
                     parties(env, view))


def published(view: services.CaseView) -> bool:
    """The staff may read the agreement now."""
    return view.state in PUBLISHED and bool(view.data.get("published"))


def start_values(env: Env, actor: Actor, union_id: int, renews: services.CaseSummary | None,
                 amends: services.CaseSummary | None = None) -> dict[str, Any]:
    """The request form as it opens: the side the actor speaks for, the other side's likely name, and for a
    renewal, a change or a termination the agreement's kind and title (texts as labels, in the page's language)."""
    employer = holds(env, actor, union_id, ("employer",)) and not holds(env, actor, union_id, ("union_office",))
    union = services.get_organisation(env, union_id).name
    values: dict[str, Any] = {"initiator": EMPLOYER if employer else UNION,
                              "counterpart": union if employer else enterprise_name(union)}
    if renews is not None:
        title, ends = renews.data.get("agreement_title") or renews.title, renews.data.get("expires_on", "")
        values |= {"kind": renews.data.get("kind"), RENEWS_FIELD: str(renews.id),
                   "title": Label(f"续订{title}", f"Renewal of {title}"),
                   "topics": Label(f"续订{title}（{ends}期满）。", f"Renewal of {title}, which expires on {ends}.")}
    if amends is not None:
        title = amends.data.get("agreement_title") or amends.title
        values |= {"kind": amends.data.get("kind"), AMENDS_FIELD: str(amends.id),
                   "title": Label(f"变更或解除{title}", f"Change or termination of {title}"),
                   "topics": Label(f"变更或解除{title}。", f"Change or termination of {title}.")}
    return values
