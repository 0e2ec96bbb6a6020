"""What the bargaining pages share: the blueprint, finding a case and who may see it, and the case's facts."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort

from engine import services
from web.context import TZ, actor, env
from workflows.bargaining import services as bargaining

bp = Blueprint("bargaining", __name__, url_prefix="/bargaining")
WORKFLOW = bargaining.NAME
SIDE_ROLES, STARTERS = bargaining.SIDE_ROLES, bargaining.STARTERS
# The data for the talks: (key, label, kind) — ‰ figures are shown as percentages.
FIGURES = (("average_wage", "yuan"), ("last_increase", "permille"), ("guideline_baseline", "permille"),
           ("guideline_upper", "permille"), ("guideline_lower", "permille"), ("cpi", "permille"))


def case_of(case_id: int) -> services.CaseView:
    """A bargaining case as the signed-in user may see it: 404 if there is none, 403 if not theirs to see."""
    try:
        view = services.case_view(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    if view.summary.workflow != WORKFLOW:
        abort(404)
    return view


def staff_case(case_id: int) -> services.CaseView:
    """A bargaining case for a page every staff member of its organisation may open; 403 for others."""
    try:
        return bargaining.staff_case(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)


def permille(value: Any) -> str:
    """A ‰ figure as a percentage: 55 → 5.5%, 60 → 6%, -12 → -1.2%."""
    if value is None or value == "":
        return ""
    number = f"{int(value) / 10:.1f}".removesuffix(".0")
    return f"{number}%"


def enterprise_name(union_name: str) -> str:
    """The enterprise a union belongs to, as its name says (华东机械厂工会 → 华东机械厂)."""
    name = union_name.strip()
    return name.removesuffix("工会") if name.endswith("工会") and len(name) > 2 else name


def parties(view: services.CaseView) -> dict[str, str]:
    """The names of the two sides: the union is the case's organisation; the other side's name was typed in."""
    union = services.get_organisation(env(), view.summary.organisation_id).name
    data = view.data
    if data.get("initiator") == "employer":
        return {"union": data.get("counterpart") or union, "employer": enterprise_name(union)}
    return {"union": union, "employer": data.get("counterpart") or enterprise_name(union)}


def event_form(view: services.CaseView, *triggers: str) -> dict[str, Any]:
    """The form of the latest history entry of one of these actions ({} if none)."""
    for e in reversed(view.history):
        if e.trigger in triggers:
            return dict(e.payload.get("form", {}))
    return {}


def event_day(view: services.CaseView, *triggers: str) -> date | None:
    for e in reversed(view.history):
        if e.trigger in triggers:
            return e.created_at.astimezone(TZ).date()
    return None


def people_in(data: dict[str, Any]) -> list[int]:
    """Every user id the case's data names: negotiators, chiefs, who recorded rounds and drafts, who signed."""
    ids = [*data.get("union_negotiators", []), *data.get("employer_negotiators", [])]
    ids += [data[k] for k in ("union_chief", "employer_chief") if data.get(k)]
    ids += [entry["by"] for key in ("rounds", "drafts") for entry in data.get(key, []) if entry.get("by")]
    ids += [s["by"] for s in data.get("signatures", {}).values() if s.get("by")]
    return [i for i in ids if isinstance(i, int)]


def is_negotiator(view: services.CaseView | services.CaseSummary, user_id: int) -> bool:
    return user_id in view.data.get("negotiators", [])


def draft(view: services.CaseView, version: int | None) -> dict[str, Any] | None:
    drafts = view.data.get("drafts", [])
    return next((d for d in drafts if d["version"] == version), None)


def topic_items(text: str) -> list[str]:
    """The topics of a request one by one: a line each, or the parts of one line split at ；."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].replace(";", "；").split("；") if part.strip()]
    return [line.rstrip("。；;") for line in lines]
