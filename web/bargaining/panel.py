"""The facts of a bargaining case as its pages show them: the case page's panel, the case file, the documents."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from engine import services
from web.bargaining.common import (
    bp,
    event_form,
    is_negotiator,
    parties,
    people_in,
    permille,
)
from web.context import env
from web.unions import signed_in, today, unions_of
from workflows.bargaining import services as bargaining
from workflows.congress import services as congress

FIGURE_LABELS = {
    "average_wage": _l("Average wage of the staff"), "last_increase": _l("Last year's wage increase"),
    "guideline_baseline": _l("Wage guideline: baseline"), "guideline_upper": _l("Wage guideline: upper line"),
    "guideline_lower": _l("Wage guideline: lower line"), "cpi": _l("Consumer price index: increase"),
}
SIDES = {"union": _l("Union side"), "employer": _l("Employer side")}


def _item(item_id: Any) -> congress.ItemView | None:
    try:
        return congress.get_item(env(), int(item_id))
    except (services.NotFound, TypeError, ValueError):
        return None


def figures(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, label, value) for each figure entered for the talks; ‰ figures as percentages."""
    rows = []
    for key, label in FIGURE_LABELS.items():
        if data.get(key) is None:
            continue
        value = (f"{data[key]:,}" if key == "average_wage" else permille(data[key]))
        rows.append((key, str(label), value))
    return rows


def sides(data: dict[str, Any], names: dict[int, str]) -> list[dict[str, Any]]:
    """Each side's negotiators, the chief first."""
    found = []
    for side in ("union", "employer"):
        chief = data.get(f"{side}_chief")
        people = sorted(data.get(f"{side}_negotiators", []), key=lambda u: u != chief)
        found.append({"side": side, "label": SIDES[side], "chief": chief,
                      "people": [(u, names.get(u, str(u)), u == chief) for u in people]})
    return found


@bp.app_template_global("bargaining_panel")
def panel(view: services.CaseView) -> dict[str, Any]:
    """Everything the bargaining part of a case page (and the case file) shows beyond the data's own values."""
    data = view.data
    user = signed_in()
    names = services.user_names(env(), people_in(data))
    org = view.summary.organisation_id
    office = org in unions_of(user, ("union_office", "union_chair"), below=False)
    votes = [(v, _item(v.get("item_id"))) for v in data.get("votes", [])]
    pending = _item(data["vote_item"]) if data.get("vote_item") and data.get("vote") is None else None
    dates = [(d.key, d.label, d.value, d.late) for d in bargaining.all_dates(view, today())]
    drafts = data.get("drafts", [])
    return {
        "names": names, "parties": parties(view), "sides": sides(data, names), "figures": figures(data),
        "request": event_form(view, "send_request", "send_request_to_union"),
        "reply": event_form(view, "agree_to_negotiate"), "refusal": event_form(view, "refuse"),
        "coordination": event_form(view, "request_coordination"), "outcome": event_form(view, "resume_talks"),
        "ended": event_form(view, "end_without_agreement"), "filed": event_form(view, "file"),
        "votes": votes, "pending_item": pending, "dates": dates, "drafts": drafts,
        "latest": drafts[-1] if drafts else None,
        "opinions": office or is_negotiator(view, user.id),
        "published": bargaining.published(view),
        "signatures": [(SIDES[side], names.get(s.get("by"), ""), s.get("on"))
                       for side, s in data.get("signatures", {}).items()],
    }
