"""What the election pages show: each union's committee term where the reader may see it (its office and chair,
the federations above it), the elections the reader may read, an election's plan, ballots and replies as labelled
rows, and the plan form's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from workflows.elections.committee import add_months, committee_terms
from workflows.elections.spec import Policy, plan_fields
from workflows.elections.terms import ELECTION, REMINDER_MONTHS, TERM, L

OVERSEERS = ("union_office", "union_chair", "federation_office")  # who sees a union's committee term
AWAITING_HIGHER = ("plan_submitted", "result_submitted")
TITLE = Field("title", L("选举名称", "Name of the election"), "str", max_length=100,
              help=L("例如：第四届工会委员会换届选举。", "For example: election of the 4th union committee."))
STANDINGS = {"past": L("任期已届满", "Past its term"), "three": L("3 个月内届满", "Ends within 3 months"),
             "six": L("6 个月内届满", "Ends within 6 months"), "ok": L("任期内", "In office"),
             "none": L("无任期记录", "No term recorded")}


@dataclass(frozen=True, slots=True)
class TermLine:
    """A union's running committee term as a list shows it; ``standing`` is one of STANDINGS."""

    union_id: int
    union_name: str
    elected_on: date | None
    ends_on: date | None
    term_years: int | None
    approved: bool
    standing: str

    @property
    def standing_label(self) -> Label:
        return STANDINGS[self.standing]


@dataclass(frozen=True, slots=True)
class ElectionLine:
    """An election as a list shows it."""

    id: int
    title: str
    union_name: str
    state_label: Label
    final: bool
    election_date: str
    awaits_higher: bool


@dataclass
class Overview:
    """The elections page: the terms the reader oversees, the elections they read, where they may plan one."""

    terms: list[TermLine] = field(default_factory=list)
    elections: list[ElectionLine] = field(default_factory=list)
    plan_unions: list[int] = field(default_factory=list)


def standing(ends_on: date | None, today: date) -> str:
    if ends_on is None:
        return "none"
    if today >= ends_on:
        return "past"
    for months, name in zip(sorted(REMINDER_MONTHS), ("three", "six"), strict=True):
        if ends_on <= add_months(today, months):
            return name
    return "ok"


def overview(env: services.Env, user_id: int, today: date) -> Overview:
    """What the elections page shows the user (an empty overview: nothing for them here)."""
    overseen = services.unions_of(env, user_id, OVERSEERS, below=False)
    names = {o.id: o.name for o in services.list_organisations(env, kind="union")}
    found = committee_terms(env, overseen)
    order = {"past": 0, "three": 1, "six": 2, "none": 3, "ok": 4}
    terms = [TermLine(u, names.get(u, ""), t.elected_on if t else None, t.ends_on if t else None,
                      t.term_years if t else None, bool(t and t.approved), standing(t.ends_on if t else None, today))
             for u in overseen for t in [found.get(u)]]
    terms.sort(key=lambda t: (order[t.standing], t.ends_on or date.max, t.union_name))
    page = services.search_cases(env, services.Actor(user_id), workflow=ELECTION, per_page=50)
    elections = [ElectionLine(c.id, c.title, names.get(c.organisation_id, ""), c.state_label, c.final,
                              str(c.data.get("election_date", "")), c.state in AWAITING_HIGHER) for c in page.items]
    return Overview(terms, elections, services.unions_of(env, user_id, ("union_office",), below=False))


def plan_defaults(env: services.Env) -> dict[str, Any]:
    """What a new plan's form shows before anything is typed: the union's default term."""
    policy: Policy = env.registry.policy(ELECTION, Policy())
    return {"term_years": policy.default_term_years}


def plan_form() -> tuple[Field, ...]:
    """The plan's fields, the election's name first."""
    return (TITLE, *plan_fields())


def plan_values(view: services.CaseView) -> dict[str, Any]:
    """A plan as its revision form shows it first: what the case holds."""
    return {f.name: view.data.get(f.name) for f in plan_fields()}


def revision(view: services.CaseView) -> str | None:
    """The action the plan form fires on this case now, for one who may take it."""
    if view.summary.workflow != ELECTION:
        return None
    return next((a.trigger for a in view.actions if a.trigger == "revise_plan"), None)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One ballot of an election as the case page shows it: who stood, who was elected, who took part."""

    number: int
    seats: int
    candidates: list[str]
    elected: list[str]
    participants: int | None
    eligible: int | None
    counted_on: str


@dataclass
class Panel:
    """An election's or a term's page: labelled rows, the ballots, the replies, the higher union's returns."""

    rows: list[tuple[Label, str]] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)
    replies: list[tuple[Label, str, str, str]] = field(default_factory=list)  # what, on, reference, note
    returns: list[tuple[Label, str, str]] = field(default_factory=list)  # step, on, reasons


STEPS = {"plan": L("选举工作方案", "Election plan"), "result": L("选举结果", "Election result")}


def panel(view: services.CaseView) -> Panel | None:
    """The election's or the term's page; None for another workflow."""
    d = view.data
    if view.summary.workflow == TERM:
        return Panel(rows=[(L("选举日期", "Elected on"), str(d.get("elected_on", ""))),
                           (L("任期（年）", "Term (years)"), str(d.get("term_years", ""))),
                           (L("任期届满日", "Term ends on"), str(d.get("ends_on", "")))])
    if view.summary.workflow != ELECTION:
        return None
    p = Panel()
    p.rows = [(L("任期（年）", "Term (years)"), str(d.get("term_years", ""))),
              (L("委员名额", "Seats on the committee"), str(d.get("committee_size", ""))),
              (L("选举日期", "Election date"), str(d.get("election_date", ""))),
              (L("方案说明", "About the plan"), str(d.get("plan_note") or ""))]
    if d.get("chair"):
        p.rows += [(L("主席", "Chair"), d["chair"]),
                   (L("副主席", "Vice-chairs"), "、".join(d.get("vice_chair_list", [])))]
    p.candidates = list(d.get("candidate_list") or [])
    p.ballots = [Ballot(i + 1, int(b.get("seats", 0)), list(b.get("candidates", [])), list(b.get("elected", [])),
                        b.get("participants"), b.get("eligible"), str(b.get("counted_on", "")))
                 for i, b in enumerate(d.get("ballots") or [])]
    p.elected = list(d.get("elected") or [])
    for key, what in (("plan_approval", L("方案批复", "Plan approved")),
                      ("result_approval", L("选举结果批复", "Result approved"))):
        if d.get(key):
            p.replies.append((what, d[key].get("on", ""), d[key].get("ref", ""), d[key].get("note", "")))
    p.returns = [(STEPS.get(r.get("step", ""), L("退回", "Returned")), r.get("on", ""), r.get("reasons", ""))
                 for r in d.get("returns") or []]
    return p
