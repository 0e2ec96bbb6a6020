"""The talks of a bargaining case as its page and its case file show them: labelled values and names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import Field
from workflows.bargaining.disputes import OUTCOMES
from workflows.bargaining.letter import SENT, Parties, event_form, parties
from workflows.bargaining.opinions import READERS
from workflows.bargaining.terms import EMPLOYER, SIDES, UNION
from workflows.bargaining.views import DateShown, all_dates, holds, published
from workflows.congress import services as congress

# The figures for the talks, in the order shown: ‰ figures are shown as percentages, the wage in yuan a month.
FIGURES = {
    "average_wage": Label("职工平均工资（元/月）", "Average wage of the staff"),
    "last_increase": Label("上年工资增长率", "Last year's wage increase"),
    "guideline_baseline": Label("工资指导线基准线", "Wage guideline: baseline"),
    "guideline_upper": Label("工资指导线上线", "Wage guideline: upper line"),
    "guideline_lower": Label("工资指导线下线", "Wage guideline: lower line"),
    "cpi": Label("居民消费价格指数涨幅", "Consumer price index: increase"),
}
WAGE, YUAN_A_MONTH = "average_wage", Label("元/月", "yuan a month")


@dataclass(frozen=True)
class Shown:
    """One labelled value: ``key`` names it for the page's element ids."""

    key: str
    label: Label
    value: str | Label


@dataclass(frozen=True)
class Negotiator:
    id: int
    name: str
    chief: bool
    outside: bool = False  # an outside adviser (《集体合同规定》 art. 23)


@dataclass(frozen=True)
class Side:
    side: str
    label: Label
    people: list[Negotiator]  # the chief first
    mandate: str = ""  # the union chair's written designation of a chief who is not the chair (art. 20)


@dataclass(frozen=True)
class Figure:
    key: str
    label: Label
    value: str
    unit: Label | None


@dataclass(frozen=True)
class Round:
    number: int
    held_on: str
    suspended_to: str | None
    attendance: Shown | None
    minutes: Shown
    positions: Shown | None
    by: str | None  # who recorded it


@dataclass(frozen=True)
class Draft:
    version: int
    on: str | None
    by: str  # who saved it
    note: str
    text: str


@dataclass(frozen=True)
class Vote:
    item_id: int | None
    passed: bool
    on: str
    item: congress.ItemView | None


@dataclass(frozen=True)
class Coordination:
    """One application to the labour administration to coordinate a dispute (《集体合同规定》 arts. 49–55)."""

    side: Label  # who asked
    requested_on: str
    bodies: str
    note: str
    accepted_on: str | None
    due: str | None  # the end of the period (art. 53), extended once at most
    extended: bool
    outcome: Label | None  # with a coordination agreement or without one
    concluded_on: str | None
    protocol: str


def coordinations(data: dict[str, Any]) -> list[Coordination]:
    """The case's applications for coordination, oldest first (version 3 records them)."""
    return [Coordination(SIDES.get(c.get("side", ""), Label("", "")), c.get("requested_on", ""),
                         c.get("bodies") or "", c.get("note") or "", c.get("accepted_on"), c.get("due"),
                         bool(c.get("extended")), OUTCOMES.get(c.get("outcome", "")), c.get("concluded_on"),
                         c.get("protocol") or "")
            for c in data.get("coordinations") or [] if isinstance(c, dict)]


@dataclass(frozen=True)
class Talks:
    """Everything the bargaining part of a case page (and the case file) shows, in the page's order."""

    kind: Shown
    parties: Parties
    initiator: Shown
    topics: Shown
    renews: Shown | None  # the agreement renewed, its value the case's id
    amendment: list[Shown]  # a change or termination: the agreement amended (its id), how, on what ground, why
    ended_by: list[Shown]  # this agreement changed or terminated: how, in effect on, why, the amending case
    received_on: str | None  # the day the other side received the request
    reply: tuple[str, str] | None  # (replied on, the written reply)
    dispute: tuple[str, bool, str] | None  # (on, refused rather than not answered, the refusal's reason)
    coordination: tuple[str, str, str] | None  # (requested on, bodies, note)
    coordination_outcome: Shown | None
    coordinations: list[Coordination]  # version 3: each application, its period and its outcome
    ended: str | None  # why the talks ended without agreement
    dates: list[DateShown]
    sides: list[Side]  # empty before negotiators are appointed
    figures: list[Figure]
    results: str
    sources: str
    rounds: list[Round]
    drafts: list[Draft]
    votes: list[Vote]
    pending_item: congress.ItemView | None
    term: Shown | None
    agreement_title: Shown | None
    signatures: list[tuple[Label, str, str]]  # (side, who signed, on)
    filed: tuple[Shown, str] | None  # (submitted on, received by the administration on)
    filed_on_behalf: bool  # the union office recorded the employer's filing for it
    objections: list[tuple[str, str]]  # (received on, points)
    publication: tuple[str, str] | None  # (on, how)
    checks: list[tuple[str, str, str]]  # (on, findings, problems)
    opinions: bool  # the viewer may read the staff's opinions
    readable: bool  # the staff may read the agreement

    @property
    def latest(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None


def permille(value: Any) -> str:
    """A ‰ figure as a percentage: 55 → 5.5%, 60 → 6%, -12 → -1.2%."""
    if value is None or value == "":
        return ""
    number = f"{int(value) / 10:.1f}".removesuffix(".0")
    return f"{number}%"


def people_in(data: dict[str, Any]) -> list[int]:
    """Every user id the case's data names: negotiators, chiefs, who recorded rounds and drafts, who signed."""
    ids = [*data.get("union_negotiators", []), *data.get("employer_negotiators", [])]
    ids += [data[k] for k in ("union_chief", "employer_chief") if data.get(k)]
    ids += [entry["by"] for key in ("rounds", "drafts") for entry in data.get(key, []) if entry.get("by")]
    ids += [s["by"] for s in data.get("signatures", {}).values() if s.get("by")]
    return [i for i in ids if isinstance(i, int)]


def is_negotiator(view: services.CaseView | services.CaseSummary, user_id: int | None) -> bool:
    return user_id in view.data.get("negotiators", [])


def _drafts(data: dict[str, Any], names: dict[int, str]) -> list[Draft]:
    return [Draft(d["version"], d.get("on"), names.get(d.get("by") or 0, ""), d.get("note") or "", d.get("text") or "")
            for d in data.get("drafts") or [] if isinstance(d, dict) and "version" in d]


def drafts(env: Env, view: services.CaseView) -> list[Draft]:
    """The draft agreement's versions, oldest first, with who saved each."""
    entries = [d for d in view.data.get("drafts") or [] if isinstance(d, dict)]
    return _drafts(view.data, services.user_names(env, [d["by"] for d in entries if isinstance(d.get("by"), int)]))


SAVE_DRAFT = "save_draft"  # the negotiators' action that saves a new version of the draft agreement


def action_defaults(view: services.CaseView) -> dict[str, dict[str, str]]:
    """What an action's form starts with on the case page: a new draft starts from the latest one's text (a
    negotiator edits it rather than typing it again)."""
    latest = next((d for d in reversed(view.data.get("drafts") or []) if isinstance(d, dict) and d.get("text")), None)
    return {SAVE_DRAFT: {"text": latest["text"]}} if latest else {}


class _Reader:
    def __init__(self, fields: dict[str, Field], data: dict[str, Any]) -> None:
        self.fields, self.data = fields, data

    def label(self, key: str) -> Label:
        found = self.fields.get(key)
        return found.label if found is not None else Label(key, key)

    def text(self, key: str, value: Any = None) -> Shown | None:
        value = self.data.get(key) if value is None else value
        return Shown(key, self.label(key), str(value)) if value else None

    def choice(self, key: str) -> Shown:
        value, found = self.data.get(key) or "", self.fields.get(key)
        return Shown(key, self.label(key), found.choice_label(value) if found is not None else value)


def _item(env: Env, item_id: Any) -> congress.ItemView | None:
    try:
        return congress.get_item(env, int(item_id))
    except (services.NotFound, TypeError, ValueError):
        return None


def _figures(data: dict[str, Any]) -> list[Figure]:
    return [Figure(key, label, f"{data[key]:,}" if key == WAGE else permille(data[key]),
                   YUAN_A_MONTH if key == WAGE else None)
            for key, label in FIGURES.items() if data.get(key) is not None]


def _sides(data: dict[str, Any], names: dict[int, str]) -> list[Side]:
    if not data.get("union_negotiators") and not data.get("employer_negotiators"):
        return []
    found = []
    for side in (UNION, EMPLOYER):
        chief = data.get(f"{side}_chief")
        people = sorted(data.get(f"{side}_negotiators", []), key=lambda u: u != chief)
        outside = set(data.get(f"{side}_outside") or [])
        found.append(Side(side, SIDES[side], [Negotiator(u, names.get(u, str(u)), u == chief, u in outside)
                                              for u in people],
                          data.get("union_chief_mandate") or "" if side == UNION else ""))
    return found


def _rounds(read: _Reader, names: dict[int, str]) -> list[Round]:
    return [Round(r["number"], r.get("held_on", ""), r.get("suspended_to") or None,
                  read.text("attendance", r.get("attendance") or ""), Shown("minutes", read.label("minutes"),
                                                                        r.get("minutes", "")),
                  read.text("positions", r.get("positions") or ""), names.get(r["by"], "") if r.get("by") else None)
            for r in read.data.get("rounds", [])]


def _history(view: services.CaseView, read: _Reader) -> dict[str, Any]:
    """What the talks' actions recorded in the history: the request's delivery, the reply, the dispute."""
    data = view.data
    reply, refusal = event_form(view, "agree_to_negotiate"), event_form(view, "refuse")
    asked, outcome = event_form(view, "request_coordination"), event_form(view, "resume_talks")
    filed, dispute = event_form(view, "file"), data.get("dispute")
    return {
        "received_on": event_form(view, *SENT).get("received_on") or None,
        "reply": (reply.get("replied_on", ""), reply.get("reply", "")) if reply else None,
        "dispute": (dispute.get("on", ""), dispute.get("reason") == "refused", refusal.get("reason") or "")
        if dispute else None,
        "coordination": (asked.get("requested_on", ""), asked.get("bodies", ""), asked.get("note", ""))
        if asked and not data.get("coordinations") else None,
        "coordination_outcome": read.text("outcome", outcome.get("outcome") or ""),
        "ended": event_form(view, "end_without_agreement").get("reason") or None,
        "filed": (Shown("submitted_on", read.label("submitted_on"), filed.get("submitted_on", "")),
                  filed.get("received_on", "")) if filed else None,
    }


def _amendment(read: _Reader) -> list[Shown]:
    if not read.data.get("amends"):
        return []
    return [Shown("amends", read.label("amends"), str(read.data["amends"])), read.choice("purpose"),
            read.choice("ground"),
            Shown("amend_reason", read.label("amend_reason"), read.data.get("amend_reason") or "")]


def _ended_by(read: _Reader) -> list[Shown]:
    ended = read.data.get("ended_by") or {}
    if not ended:
        return []
    fields = read.fields
    how = fields["purpose"].choice_label(ended.get("purpose") or "") if "purpose" in fields else Label("", "")
    ground = fields["ground"].choice_label(ended.get("ground") or "") if "ground" in fields else Label("", "")
    return [Shown("ended_how", Label("变更或解除", "Changed or terminated"), how),
            Shown("ended_on", Label("生效日期", "In effect on"), ended.get("on") or ""),
            Shown("ended_ground", Label("依据", "Ground"), ground),
            Shown("ended_reason", Label("理由", "Why"), ended.get("reason") or ""),
            Shown("ended_case", Label("变更或解除协议", "The amending case"), str(ended.get("case") or ""))]


def talks(env: Env, actor: Actor, view: services.CaseView, today: date) -> Talks:
    """The case's talks for ``actor``: the parties, dates, negotiators, figures, rounds, drafts, the congress vote,
    signatures, filing, publication and checks; whether the actor may read the staff's opinions."""
    data = view.data
    read = _Reader(services.describe(env, view.summary.workflow, view.summary.spec_version).fields, data)
    names = services.user_names(env, people_in(data))
    pending = _item(env, data["vote_item"]) if data.get("vote_item") and data.get("vote") is None else None
    renews = data.get("renews")
    office = holds(env, actor, view.summary.organisation_id, READERS)
    publication = data.get("published")
    return Talks(
        read.choice("kind"), parties(env, view), read.choice("initiator"),
        Shown("topics", read.label("topics"), data.get("topics", "")),
        Shown("renews", read.label("renews"), str(renews)) if renews else None,
        amendment=_amendment(read), ended_by=_ended_by(read), **_history(view, read),
        coordinations=coordinations(data), dates=all_dates(view, today), sides=_sides(data, names),
        figures=_figures(data),
        results=data.get("results") or "", sources=data.get("sources") or "", rounds=_rounds(read, names),
        drafts=_drafts(data, names),
        votes=[Vote(v.get("item_id"), bool(v.get("passed")), v.get("on", ""), _item(env, v.get("item_id")))
               for v in data.get("votes", [])],
        pending_item=pending, term=read.text("term_years"), agreement_title=read.text("agreement_title"),
        signatures=[(SIDES.get(side, Label(side, side)), names.get(s.get("by"), ""), s.get("on", ""))
                    for side, s in data.get("signatures", {}).items()],
        objections=[(o.get("received_on", ""), o.get("points", "")) for o in data.get("objections", [])],
        publication=(publication.get("on", ""), publication.get("how") or "") if publication else None,
        checks=[(c.get("on", ""), c.get("findings", ""), c.get("issues") or "") for c in data.get("checks", [])],
        opinions=office or is_negotiator(view, actor.user_id), readable=published(view),
        filed_on_behalf=bool((data.get("filing") or {}).get("on_behalf")))
