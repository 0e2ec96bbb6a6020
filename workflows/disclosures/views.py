"""What the disclosure pages show: an item's panel (its entry, period, the published text with every earlier
version, the questions answered under it), a staff member's question, the items a reader may open, and the
overdue items and questions the union office follows up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.i18n import REQUIRED, Label
from engine.time.calendar import TZ
from workflows.disclosures import periods
from workflows.disclosures.models import DisclosureAnswer
from workflows.disclosures.terms import CATEGORIES, CHANNELS, FREQUENCIES, NAME, QUESTION, L

answers = DisclosureAnswer.__table__
QUESTION_MAX = 2000
OFFICE = ("union_office", "union_chair")


@dataclass(frozen=True, slots=True)
class Answered:
    """A question answered under an item, as every reader of the item sees it."""

    question: str
    asker: str | None  # None: the asker chose not to be named to other staff
    asked_on: date
    answer: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class Version:
    text: str
    on: str
    reason: str


@dataclass(frozen=True)
class ItemPanel:
    """The disclosure part of an item's page."""

    category: Label
    frequency: Label
    channel: Label
    period: Label | None
    event: str
    scope: int
    department: int
    due_on: str
    published_on: str | None
    published_late: bool
    current: Version | None
    earlier: list[Version]
    answered: list[Answered]
    may_ask: bool
    open_questions: list[services.CaseSummary] = field(default_factory=list)  # the reader's own or handled


def _label(choices: dict[str, Label], value: Any) -> Label:
    return choices.get(value, Label(str(value or ""), str(value or "")))


def answered(env: services.Env, actor: Actor, item_id: int) -> list[Answered]:
    """The questions answered under an item, oldest first, for whoever reads the item (NotFound otherwise)."""
    services.case_view(env, actor, item_id)
    with env.db.read() as conn:
        rows = conn.execute(sa.select(answers).where(answers.c.item_id == item_id)
                            .order_by(answers.c.answered_at, answers.c.question_id)).all()
    return [Answered(r.question, r.asker_name, r.asked_on, r.answer, r.answered_at) for r in rows]


def panel(env: services.Env, actor: Actor, view: services.CaseView) -> ItemPanel:
    """An item's panel as ``actor`` reads it (``view`` is the item as they may see it)."""
    d = view.data
    versions = [Version(v["text"], v["on"], v.get("reason", "")) for v in d.get("versions", [])]
    mine = services.search_cases(env, actor, workflow=QUESTION, state="asked", data={"item": view.summary.id},
                                 per_page=50).items
    return ItemPanel(
        _label(CATEGORIES, d.get("category")), _label(FREQUENCIES, d.get("frequency")),
        _label(CHANNELS, d.get("channel")), periods.label(d["period"]) if d.get("period") else None,
        d.get("event") or "", d.get("scope", 0), d.get("department", 0), d.get("due_on", ""),
        d.get("published_on"), bool(d.get("published_late")), versions[-1] if versions else None, versions[:-1],
        answered(env, actor, view.summary.id), view.summary.state == "published" and actor.user_id is not None,
        mine)


def ask(env: services.Env, actor: Actor, item_id: int, text: str, *, show_name: bool = False) -> int:
    """A staff member who reads a published item asks a question about it; the department answers within the
    union's period. The asker is named to the department and the union office; to other staff only if they
    choose. Returns the question's case."""
    item = services.case_view(env, actor, item_id)  # NotFound to whoever may not read the item
    if item.summary.workflow != NAME or actor.user_id is None:
        raise services.NotFound("case", item_id)
    text = (text or "").strip()
    if not text:
        raise services.ValidationFailed({"text": [REQUIRED]})
    if len(text) > QUESTION_MAX:
        raise services.ValidationFailed({"text": [L(f"问题不能超过 {QUESTION_MAX} 个字（现有 {len(text)} 个）。",
                                                    f"At most {QUESTION_MAX} characters (now {len(text)}).")]})
    title = text.splitlines()[0][:60]
    form = {"item": item_id, "text": text, "asker": actor.user_id, "show_name": show_name}
    try:
        return services.start_case(env, SYSTEM_ACTOR, QUESTION, item.summary.organisation_id, title, form).case_id
    except services.ValidationFailed as err:
        if "item" in err.errors:  # the item is not (or no longer) published: a refusal of the whole form
            raise services.ValidationFailed({"__all__": err.errors["item"]}) from None
        raise


@dataclass(frozen=True, slots=True)
class Overdue:
    """An item not published, or a question not answered, past its deadline."""

    case_id: int
    workflow: str
    title: str
    department: int
    due: str
    days_late: int


def overdue(env: services.Env, actor: Actor, union_id: int) -> list[Overdue]:
    """The union's items past their deadline and questions not answered in time, longest late first, for the
    union office and the chair (NotFound to anyone else: the list names departments and questions)."""
    if not any(services.holds_role(env, actor.user_id or 0, r, union_id) for r in OFFICE):
        raise services.NotFound("organisation", union_id)
    today = env.clock.now().astimezone(TZ).date()
    found: list[Overdue] = []
    for workflow, state, key in ((NAME, "to_publish", "due_on"), (QUESTION, "asked", "answer_due")):
        for batch in services.case_batches(env, actor, workflow=workflow, organisation_id=union_id):
            for c in batch:
                due = c.data.get(key) or ""
                if c.state == state and due and due < today.isoformat():
                    found.append(Overdue(c.id, workflow, c.title, c.data.get("department", 0), due,
                                         (today - date.fromisoformat(due)).days))
    return sorted(found, key=lambda o: (-o.days_late, o.case_id))


def items(env: services.Env, actor: Actor, union_id: int, *, page: int = 1) -> services.Page[services.CaseSummary]:
    """The union's items the actor may read, newest change first: published ones for the staff in their scope,
    every one for the office, the employer and the department that publishes it."""
    return services.search_cases(env, actor, workflow=NAME, organisation_id=union_id, page=page, per_page=30)
