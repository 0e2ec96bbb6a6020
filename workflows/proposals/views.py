"""What the proposal pages show, decided here: which steps are public, who reads the register, and view models
(the register's and the committee's rows, the assignment form, a proposal's details)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import Field
from engine.time.calendar import TZ
from workflows.congress import services as congress
from workflows.proposals.details import INVITING, Shown, overdue
from workflows.proposals.spec import NAME
from workflows.proposals.terms import PRIVATE, TEXT_KEYS

# Steps that are the proposer's own business: not yet sent on, or withdrawn. The register and the committee
# leave them out; every other step is public to the union's people.
ASSIGNING = "assignment"  # the step where the committee assigns a proposal to departments
DEFAULT_HANDLING_DAYS = 30
ASSIGN = "assign"  # the committee's action that assigns a proposal, and the fields its form shows
ASSIGN_FIELDS = ("lead_department", "co_departments", "due_date")
REASON_TRIGGERS = ("return_for_revision", "reject", "convert_to_suggestion")  # the committee gives a reason
INVITATION_ANSWERS = ("co_sign", "decline")  # how an invited representative answers, the first to support it
SESSION_FIELD = "session_id"  # the start form's field naming the congress session, chosen from a list


@dataclass(frozen=True)
class RegisterLabels:
    """The register's column and filter headings."""

    session: Label
    title: Label
    category: Label
    lead_department: Label
    classification: Label


@dataclass(frozen=True)
class RegisterRow:
    """One proposal of the register, with names and labels."""

    case: services.CaseSummary
    number: int | None
    proposer: str | None
    category: Label | None
    lead_department: str | None
    classification: Label | None
    result: Shown | None  # the proposer's rating of the result, then of the attitude
    attitude: Shown | None


@dataclass(frozen=True)
class Register:
    """One page of a session's public register and the steps it may be filtered by."""

    session: congress.CongressSessionView
    found: services.Page[services.CaseSummary]
    states: dict[str, Label]
    rows: list[RegisterRow]
    labels: RegisterLabels
    categories: dict[str, Label]  # the categories it may be filtered by


@dataclass(frozen=True)
class CommitteeRow:
    """One line of the committee's register."""

    case: services.CaseSummary
    number: int | None
    proposer: str | None
    waited: int  # days at its step
    overdue: bool
    assignable: bool
    session: congress.CongressSessionView | None
    due: str | None
    lead_department: str | None


@dataclass(frozen=True)
class Assignment:
    """The committee's assign action: its trigger, its form, and the values the form proposes."""

    trigger: str
    fields: tuple[Field, ...]
    defaults: dict[str, str]
    handling_days: int
    lead_label: Label
    due_label: Label


@dataclass(frozen=True)
class MyProposals:
    """One page of a representative's own proposals, with their numbers."""

    found: services.Page[services.CaseSummary]
    numbers: dict[int, int]


@dataclass(frozen=True)
class MainCase:
    """The proposal a merged one follows, as its readers are shown it."""

    id: int
    title: str
    state_label: Label
    answer: str | None


def public_states(env: Env) -> dict[str, Label]:
    """The steps the register shows, in the workflow's order, with their labels."""
    return {name: label for name, label in services.describe(env, NAME).states.items() if name not in PRIVATE}


def public_register(env: Env, actor: Actor, session_id: int, *, text: str = "", category: str = "", state: str = "",
                    department: int | None = None, page: int = 1, per_page: int = 50,
                    anyone: bool = False) -> Register:
    """A session's proposals at a public step, for any member of its union (a representative sees every
    proposal's public steps, never another's draft); NotFound for no such session, PermissionDenied for
    someone outside the union. ``anyone``: the installation opened the register to readers who are not signed
    in; they read the same lines, the search confined to the public steps of the session's union."""
    session = congress.get_congress_session(env, session_id)
    if anyone and actor.user_id is None:
        actor = services.SYSTEM_ACTOR  # confined below to the public steps: no draft, no withdrawn proposal
    elif not actor.system and not services.is_member(env, actor.user_id, session.organisation_id):
        raise services.PermissionDenied("view", ())
    public = public_states(env)
    data: dict[str, Any] = {"session_id": session.id}
    if category:
        data["category"] = category
    if department is not None:
        data["lead_department"] = department
    found = services.search_cases(
        env, actor, workflow=NAME, organisation_id=session.organisation_id,
        state=[state] if state in public else list(public), text=text, text_keys=TEXT_KEYS, data=data,
        page=page, per_page=per_page)
    fields = services.describe(env, NAME).fields
    category = fields["category"]
    labels = RegisterLabels(fields[SESSION_FIELD].label, fields["title"].label, category.label,
                            fields["lead_department"].label, fields["classification"].label)
    return Register(session, found, public, register_rows(env, found.items), labels,
                    {c: category.choice_label(c) for c in category.choices or ()})


def _org_names(env: Env) -> dict[int, str]:
    return {o.id: o.name for o in services.list_organisations(env)}


def _choice(fields: dict[str, Field], data: dict[str, Any], key: str) -> Label | None:
    return fields[key].choice_label(data[key]) if data.get(key) else None


def register_rows(env: Env, cases: list[services.CaseSummary]) -> list[RegisterRow]:
    """The register's lines: the proposer and the lead department by name, the answer and rating by label."""
    fields = services.describe(env, NAME).fields
    orgs = _org_names(env)
    names = services.user_names(env, [c.created_by for c in cases if c.created_by])
    rows = []
    for c in cases:
        d = c.data
        rating = {k: Shown(k, fields[k].label, fields[k].choice_label(d[k])) if d.get(k) else None
                  for k in ("result", "attitude")}
        rows.append(RegisterRow(
            c, d.get("number") or None, names.get(c.created_by or 0), _choice(fields, d, "category"),
            orgs.get(d["lead_department"], "") if d.get("lead_department") else None,
            _choice(fields, d, "classification"), rating["result"], rating["attitude"] if rating["result"] else None))
    return rows


def main_case(env: Env, actor: Actor, case_id: int) -> MainCase | None:
    """The proposal this one was merged into, for whoever may see this one; None if it was not merged."""
    main = services.followed_case(env, actor, case_id)
    if main is None:
        return None
    return MainCase(main.id, main.title, main.state_label, main.data.get("answer"))


def assignable(case: services.CaseSummary) -> bool:
    """Waiting for the committee to assign it to departments."""
    return case.state == ASSIGNING


def handling_days(case: services.CaseSummary | services.CaseView | None) -> int:
    """The handling period the proposal's union set when it started (its recorded policy); the default without
    a proposal."""
    policy = (case.data.get("policy") or {}) if case is not None else {}
    return int(policy.get("handling_days") or DEFAULT_HANDLING_DAYS)


def session_of(case: services.CaseSummary) -> int | None:
    """The congress session the proposal was made for."""
    return case.data.get(SESSION_FIELD)


def assignment(env: Env, case: services.CaseSummary | services.CaseView | None) -> Assignment:
    """The assign form for a proposal (the first waiting one on the committee's page): the deadline it proposes
    ends the handling period the proposal's union set."""
    fields = services.describe(env, NAME).fields
    days = handling_days(case)
    return Assignment(ASSIGN, tuple(fields[name] for name in ASSIGN_FIELDS),
                      {"due_date": services.last_day_of_period(env, days).isoformat()}, days,
                      fields["lead_department"].label, fields["due_date"].label)


def committee_rows(env: Env, union_id: int, cases: list[services.CaseSummary], today: date) -> list[CommitteeRow]:
    """The committee's lines: how long each waited, late or not, assignable or not, its session, names."""
    sessions = {s.id: s for s in congress.list_congress_sessions(env, union_id)}
    orgs = _org_names(env)
    names = services.user_names(env, [c.created_by for c in cases if c.created_by])
    return [CommitteeRow(
        c, c.data.get("number") or None, names.get(c.created_by or 0),
        (today - c.state_since.astimezone(TZ).date()).days, overdue(c, today), assignable(c),
        sessions.get(session_of(c) or 0), c.data.get("due_date") or None,
        orgs.get(c.data["lead_department"], "") if c.data.get("lead_department") else None) for c in cases]


def my_proposals(env: Env, actor: Actor, *, page: int = 1, per_page: int = 20) -> MyProposals:
    """The proposals the actor started, newest first, with the numbers given when accepted."""
    found = services.search_cases(env, actor, workflow=NAME, started_by=actor.user_id, page=page, per_page=per_page)
    return MyProposals(found, {c.id: c.data["number"] for c in found.items if c.data.get("number")})


@dataclass(frozen=True)
class CommitteeFilters:
    """What the committee's register is narrowed to: words in the subject or the text, a category, a step, a lead
    department, overdue ones only, and closed ones too."""

    text: str = ""
    category: str = ""
    state: str = ""
    department: int | None = None
    overdue: bool = False
    include_closed: bool = False


def committee_states(env: Env, *, include_closed: bool = False) -> dict[str, Label]:
    """The steps the committee's register lists (and may be filtered by), in the workflow's order."""
    info = services.describe(env, NAME)
    return {name: label for name, label in info.states.items()
            if name not in PRIVATE and (include_closed or name not in info.final_states)}


def categories(env: Env) -> dict[str, Label]:
    """The categories a register may be filtered by, with their labels."""
    category = services.describe(env, NAME).fields["category"]
    return {c: category.choice_label(c) for c in category.choices or ()}


def committee_cases(env: Env, actor: Actor, union_id: int, *, include_closed: bool = False, page: int = 1,
                    per_page: int = 100, filters: CommitteeFilters | None = None
                    ) -> services.Page[services.CaseSummary]:
    """The proposals sent on to the committee of a union, longest waiting first; closed ones when asked; narrowed
    by ``filters`` in the database (the key columns for category and department, the tasks' index for overdue)."""
    f = filters or CommitteeFilters(include_closed=include_closed)
    listed = committee_states(env, include_closed=f.include_closed or include_closed)
    data: dict[str, Any] = {}
    if f.category:
        data["category"] = f.category
    if f.department is not None:
        data["lead_department"] = f.department
    return services.search_cases(env, actor, workflow=NAME, organisation_id=union_id,
                                 state=[f.state] if f.state in listed else list(listed), text=f.text,
                                 text_keys=TEXT_KEYS, data=data, overdue=f.overdue, oldest_first=True, page=page,
                                 per_page=per_page)


def invitations(env: Env, user_id: int, *, page: int = 1, per_page: int = 20) -> services.Page[services.TaskView]:
    """The user's open invitations to co-sign a proposal."""
    return services.inbox(env, user_id, page=page, per_page=per_page, state=INVITING, workflow=NAME)
