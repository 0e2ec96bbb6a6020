"""A proposal's details as its case page and the invitations show them: labelled values, names, not data keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import Field
from workflows.congress import services as congress

INVITING = "co_signing"  # the step whose inbox tasks are co-sign invitations
DEADLINE_STATES = ("handling", "extension_requested")  # where a passed deadline makes a proposal overdue
TEXTS = ("reasons", "measures")  # what the proposer wrote
NOTES = ("comment", "reason", "instruction")  # what the committee and the leader wrote
ANSWERS = ("answer", "measures_taken", "reason_not_now", "follow_up_due", "completion")  # the answer, in order
RATINGS = ("attitude", "result")  # the proposer's rating
# Where the rating in the data rates the answer shown.
RATED = ("rated", "committee_decision", "following_up", "closed", "suggestion_closed")


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class Shown:
    """One labelled value of a page: ``key`` names it for the page's element ids; ``value`` is a text or a
    label in both languages."""

    key: str
    label: Label
    value: str | Label


@dataclass(frozen=True)
class Due:
    """The handling deadline: its extensions (from, to) and the one asked for."""

    label: Label
    on: str
    overdue: bool
    extensions: list[tuple[str, str]]
    requested_label: Label
    requested: str | None


@dataclass(frozen=True)
class EarlierAnswer:
    """An answer a re-handling followed, with the rating it had: shown apart from the latest one."""

    round: int  # 1 for the first answer
    on: str | None  # the day it was given (None for answers given before days were recorded)
    classification: Shown | None
    texts: list[Shown]
    ratings: list[Shown]
    rating_comment: Shown | None


@dataclass(frozen=True)
class Details:
    """Everything a proposal's case page shows of it, in the page's order, with labels and names."""

    number: int | None
    session: Shown | None
    category: Shown | None
    texts: list[Shown]  # reasons and proposed measures
    suggested_department: Shown | None
    co_signers_label: Label
    invited: list[Person]
    confirmed: list[Person]
    declined: list[Person]
    waiting: list[Person]  # invited, not answered yet, while the invitation runs
    inviting: bool  # the invitation is still running
    notes: list[Shown]  # the committee's comment or reason, the leader's instruction
    department: Shown | None  # the department a suggestion went to
    lead_department: Shown | None
    co_departments: Shown | None
    due: Due | None
    opinions: list[tuple[str, str]]  # (department, opinion) of the co-handling departments
    awaiting_opinions: list[str]  # co-handling departments whose opinion is still awaited
    classification: Shown | None
    answers: list[Shown]  # the answer, the measures taken, why it cannot be solved now
    ratings: list[Shown]  # the proposer's rating of the attitude and the result
    rating_comment: Shown | None
    rehandled: int
    overdue: bool
    earlier_answers: list[EarlierAnswer]  # oldest first


class _Reader:
    """Labelled values out of a proposal's data, by its spec version's fields."""

    def __init__(self, fields: dict[str, Field], data: dict[str, Any], orgs: dict[int, str]) -> None:
        self.fields, self.data, self.orgs = fields, data, orgs

    def label(self, key: str) -> Label:
        found = self.fields.get(key)
        return found.label if found is not None else Label(key, key)

    def text(self, key: str) -> Shown | None:
        value = self.data.get(key)
        return Shown(key, self.label(key), str(value)) if value else None

    def texts(self, keys: tuple[str, ...]) -> list[Shown]:
        return [shown for shown in (self.text(k) for k in keys) if shown is not None]

    def choice(self, key: str) -> Shown | None:
        value, found = self.data.get(key), self.fields.get(key)
        if not value:
            return None
        return Shown(key, self.label(key), found.choice_label(value) if found is not None else str(value))

    def org_name(self, value: Any) -> str:
        try:
            return self.orgs.get(int(value), str(value))
        except (TypeError, ValueError):
            return str(value)

    def org(self, key: str) -> Shown | None:
        value = self.data.get(key)
        if not value:
            return None
        names = [self.org_name(v) for v in value] if isinstance(value, list) else [self.org_name(value)]
        return Shown(key, self.label(key), "、".join(names))


def _earlier(fields: dict[str, Field], orgs: dict[int, str], data: dict[str, Any]) -> list[EarlierAnswer]:
    found = []
    for n, answer in enumerate(data.get("earlier_answers") or [], start=1):
        read = _Reader(fields, answer, orgs)
        found.append(EarlierAnswer(n, answer.get("answered_on"), read.choice("classification"), read.texts(ANSWERS),
                                   [s for s in (read.choice(k) for k in RATINGS) if s is not None],
                                   read.text("rating_comment")))
    return found


def overdue(case: services.CaseSummary | services.CaseView, today: date) -> bool:
    """Being handled (or waiting for an extension) past its deadline."""
    due = case.data.get("due_date")
    return bool(due) and case.state in DEADLINE_STATES and date.fromisoformat(due) < today


def _session(env: Env, read: _Reader) -> Shown | None:
    try:
        session = congress.get_congress_session(env, int(read.data.get("session_id") or 0))
    except (services.NotFound, TypeError, ValueError):
        return None
    return Shown("session_id", read.label("session_id"), session.name)


def _due(read: _Reader, late: bool) -> Due | None:
    due = read.data.get("due_date")
    if not due:
        return None
    extensions = [(str(e["from"]), str(e["to"])) for e in read.data.get("extensions") or []]
    return Due(read.label("due_date"), due, late, extensions, read.label("new_due_date"),
               read.data.get("new_due_date") or None)


def details(env: Env, view: services.CaseView, today: date) -> Details:
    """The proposal as its page shows it: the co-signers (invited, confirmed, declined, still waiting) with their
    names, the departments by name, the deadline's state, the answer and the rating with their labels."""
    data = view.data
    fields = services.describe(env, view.summary.workflow, view.summary.spec_version).fields
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    read = _Reader(fields, data, orgs)
    rated = view.state in RATED
    invited, confirmed, declined = (list(data.get(k) or []) for k in ("co_signers_invited", "co_signers", "declined"))
    inviting = view.state == INVITING
    waiting = [u for u in invited if u not in confirmed and u not in declined] if inviting else []
    names = services.user_names(env, [*invited, *confirmed, *declined])

    def people(ids: list[int]) -> list[Person]:
        return [Person(i, names.get(i, str(i))) for i in ids]

    late = overdue(view, today)
    awaited = list(data.get("pending_co_departments") or []) if view.state in DEADLINE_STATES else []
    return Details(
        data.get("number") or None, _session(env, read), read.choice("category"), read.texts(TEXTS),
        read.org("suggested_department"), read.label("co_signers_invited"), people(invited), people(confirmed),
        people(declined), people(waiting), inviting, read.texts(NOTES), read.org("department"),
        read.org("lead_department"), read.org("co_departments"), _due(read, late),
        [(read.org_name(dept), str(text)) for dept, text in (data.get("opinions") or {}).items()],
        [read.org_name(d) for d in awaited], read.choice("classification"), read.texts(ANSWERS),
        [shown for shown in (read.choice(k) for k in RATINGS) if shown is not None] if rated else [],
        read.text("rating_comment") if rated else None, int(data.get("rehandled") or 0), late,
        _earlier(fields, orgs, data))
