"""What the regional bargaining pages show, decided here: the federations where a user leads or answers regional
talks, their cases, and a case's covered enterprises and congress results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.i18n import Label
from workflows.bargaining.bodies import MODES
from workflows.bargaining.covered import KEY, covered_rows
from workflows.bargaining.regional import ASSOCIATION, REGIONAL, UNION_SIDE
from workflows.bargaining.views import AGREEMENT, RENEWABLE, RENEWS_FIELD, Facts, facts, holds

LEADS = (*UNION_SIDE, ASSOCIATION)  # who starts regional talks at a federation (or an industry union)


@dataclass(frozen=True)
class Covered:
    organisation_id: int
    name: str
    added_on: str
    amendment: int | None  # the case whose amendment added it; None: covered from the start


@dataclass(frozen=True)
class Body:
    """One congress's result on the draft, as entered from its minutes (《集体合同规定》 art. 36)."""

    name: str
    held_on: str
    total: int
    present: int
    votes_for: int
    passed: bool


@dataclass(frozen=True)
class RegionalFacts:
    leader: str
    covered: list[Covered]
    mode: Label | None
    bodies: list[Body]
    waiting: list[str]  # covered enterprises whose congress has not yet been recorded
    outcome: tuple[bool, Label | None] | None  # the last decision: passed, and why not
    additions: list[dict[str, Any]]


def regional_facts(env: Env, view: services.CaseView) -> RegionalFacts:
    data = view.data
    leader = services.get_organisation(env, view.summary.organisation_id).name
    congress = data.get("congress") or {}
    bodies = [Body(b.get("name") or leader, b["held_on"], b["total"], b["present"], b["votes_for"], b["passed"])
              for b in (congress.get("bodies") or {}).values()]
    names = data.get("covered_names") or {}
    recorded = set(congress.get("bodies") or {})
    waiting = [n for k, n in names.items() if k not in recorded] if congress.get("mode") == "each" else []
    vote = data.get("vote")
    why = (vote or {}).get("why")
    return RegionalFacts(
        leader, [Covered(r["organisation_id"], r["name"], str(r["added_on"]), r["added_by_amendment"])
                 for r in covered_rows(env, view.summary.id)],
        MODES.get(congress.get("mode", "")), bodies, waiting,
        (bool(vote["passed"]), Label(why["zh"], why["en"]) if why else None) if vote else None,
        list(data.get("additions") or []))


def federations_led(env: Env, actor: Actor) -> list[int]:
    """The federations (and industry unions) with enterprise unions under them where the actor may start regional
    or industry talks."""
    found = services.list_organisations(env)
    leading = {o.parent_id for o in found if o.kind == "union"}
    return [o.id for o in found if o.id in leading and holds(env, actor, o.id, LEADS)]


def is_union_side(env: Env, actor: Actor, organisation_id: int) -> bool:
    """The actor speaks for the union side of the organisation's regional talks."""
    return holds(env, actor, organisation_id, UNION_SIDE)


@dataclass(frozen=True)
class RegionalBoard:
    agreements: list[services.CaseSummary]
    running: list[services.CaseSummary]
    past: list[services.CaseSummary]
    facts: dict[int, Facts]


def regional_board(env: Env, actor: Actor, organisation_id: int) -> RegionalBoard:
    """The federation's regional and industry cases the actor may read."""
    found = services.search_cases(env, actor, workflow=REGIONAL, organisation_id=organisation_id, per_page=200).items
    fields = services.describe(env, REGIONAL).fields
    leader = services.get_organisation(env, organisation_id).name
    return RegionalBoard([c for c in found if c.state in AGREEMENT],
                         [c for c in found if not c.final and c.state not in AGREEMENT],
                         [c for c in found if c.final], {c.id: facts(c, fields, leader) for c in found})


def regional_renewable(board: RegionalBoard, case_id: int | None) -> services.CaseSummary | None:
    """The regional agreement a renewal request would renew, when it is in its renewal window (art. 38 para. 2)."""
    return next((c for c in board.agreements if c.id == case_id and c.state == RENEWABLE), None)


def regional_renewal_values(env: Env, renews: services.CaseSummary) -> dict[str, Any]:
    """The request form renewing a regional agreement: its kind, every enterprise it covers now (those joined by
    amendment too), the same employer side, and a title and topics naming it (texts as labels)."""
    data = renews.data
    title, ends = data.get("agreement_title") or renews.title, data.get("expires_on", "")
    return {"kind": data.get("kind"), RENEWS_FIELD: str(renews.id),
            KEY: [row["organisation_id"] for row in covered_rows(env, renews.id)],
            "counterpart": data.get("counterpart", ""), "employer_reps": list(data.get("employer_reps") or []),
            "title": Label(f"续订{title}", f"Renewal of {title}"),
            "topics": Label(f"续订{title}（{ends}期满）。", f"Renewal of {title}, which expires on {ends}.")}
