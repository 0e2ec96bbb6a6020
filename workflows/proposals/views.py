"""What the proposal pages show, decided here: which steps are public, who reads the register, and view models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from workflows.congress import services as congress
from workflows.proposals.spec import NAME
from workflows.proposals.terms import PRIVATE

# Steps that are the proposer's own business: not yet sent on, or withdrawn. The register and the committee
# leave them out; every other step is public to the union's people.
INVITING = "co_signing"  # the step whose inbox tasks are co-sign invitations
DEADLINE_STATES = ("handling", "extension_requested")  # where a passed deadline makes a proposal overdue
ASSIGNING = "assignment"  # the step where the committee assigns a proposal to departments
DEFAULT_HANDLING_DAYS = 30


@dataclass(frozen=True)
class Register:
    """One page of a session's public register and the steps it may be filtered by."""

    session: congress.CongressSessionView
    found: services.Page[services.CaseSummary]
    states: dict[str, Label]


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class Details:
    """The parts of a proposal's page that depend on its step: its co-signers and its deadline."""

    invited: list[Person]
    confirmed: list[Person]
    declined: list[Person]
    waiting: list[Person]  # invited, not answered yet, while the invitation runs
    inviting: bool  # the invitation is still running
    overdue: bool
    awaiting_opinions: list[int]  # co-handling departments whose opinion is still awaited


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
                    department: int | None = None, page: int = 1, per_page: int = 50) -> Register:
    """A session's proposals at a public step, for any member of its union (a representative sees every
    proposal's public steps, never another's draft); NotFound for no such session, PermissionDenied for
    someone outside the union."""
    session = congress.get_congress_session(env, session_id)
    if not actor.system and not services.is_member(env, actor.user_id, session.organisation_id):
        raise services.PermissionDenied("view", ())
    public = public_states(env)
    data: dict[str, Any] = {"session_id": session.id}
    if category:
        data["category"] = category
    if department is not None:
        data["lead_department"] = department
    found = services.search_cases(
        env, actor, workflow=NAME, organisation_id=session.organisation_id,
        state=[state] if state in public else list(public), text=text, data=data,
        page=page, per_page=per_page)
    return Register(session, found, public)


def main_case(env: Env, actor: Actor, case_id: int) -> MainCase | None:
    """The proposal this one was merged into, for whoever may see this one; None if it was not merged."""
    main = services.followed_case(env, actor, case_id)
    if main is None:
        return None
    return MainCase(main.id, main.title, main.state_label, main.data.get("answer"))


def details(env: Env, view: services.CaseView, today: date) -> Details:
    """The co-signers (invited, confirmed, declined, still waiting) with their names, and the deadline's state."""
    data = view.data
    invited, confirmed, declined = (list(data.get(k) or []) for k in ("co_signers_invited", "co_signers", "declined"))
    inviting = view.state == INVITING
    waiting = [u for u in invited if u not in confirmed and u not in declined] if inviting else []
    names = services.user_names(env, [*invited, *confirmed, *declined])

    def people(ids: list[int]) -> list[Person]:
        return [Person(i, names.get(i, str(i))) for i in ids]

    return Details(people(invited), people(confirmed), people(declined), people(waiting), inviting,
                   overdue(view.summary, today),
                   list(data.get("pending_co_departments") or []) if view.state in DEADLINE_STATES else [])


def overdue(case: services.CaseSummary, today: date) -> bool:
    """Being handled (or waiting for an extension) past its deadline."""
    due = case.data.get("due_date")
    return bool(due) and case.state in DEADLINE_STATES and date.fromisoformat(due) < today


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
    return case.data.get("session_id")


def committee_cases(env: Env, actor: Actor, union_id: int, *, include_closed: bool = False, page: int = 1,
                    per_page: int = 100) -> services.Page[services.CaseSummary]:
    """The proposals sent on to the committee of a union, longest waiting first; closed ones when asked."""
    info = services.describe(env, NAME)
    states = [s for s in info.states if s not in PRIVATE and (include_closed or s not in info.final_states)]
    return services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, state=states,
                                 oldest_first=True, page=page, per_page=per_page)


def invitations(env: Env, user_id: int, *, page: int = 1, per_page: int = 20) -> services.Page[services.TaskView]:
    """The user's open invitations to co-sign a proposal."""
    return services.inbox(env, user_id, page=page, per_page=per_page, state=INVITING, workflow=NAME)
