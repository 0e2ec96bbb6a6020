"""Generic action forms: the choices a field offers, and the values a posted form carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from web.context import actor, env, text
from workflows.congress import services as congress


@dataclass
class FormState:
    """What an action form shows: values typed so far and the errors beside each field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str | None = None


# Whom a user field offers, where it is not the organisation's representatives: (workflow, action) → pool.
PEOPLE = {("bargaining", "appoint_union_negotiators"): "union_side",
          ("bargaining", "appoint_employer_negotiators"): "staff",
          ("regional_bargaining", "appoint_union_negotiators"): "staff",  # anyone in the federation or below it
          ("regional_bargaining", "appoint_employer_negotiators"): "staff"}
UNION_SIDE = ("representative", "union_office", "union_chair")
# Actions whose user field never offers the one acting (a proposer does not invite himself to co-sign).
NOT_SELF = {("proposal", "invite")}


def people(organisation_id: int, pool: str | None = None) -> list[services.UserView]:
    """Active users a form may name: the representatives (default); the union side (representatives, the union
    office and chair); or the staff (anyone holding a role in the organisation or one of its departments)."""
    if pool == "staff":
        inside = {organisation_id} | {o.id for o in services.list_organisations(env(), under=organisation_id)}
        found = [u for u in services.list_users(env(), limit=10000)
                 if any(r.organisation_id in inside for r in u.roles)]
    else:
        roles = UNION_SIDE if pool == "union_side" else ("representative",)
        by_id = {u.id: u for role in roles
                 for u in services.list_users(env(), role=role, organisation_id=organisation_id, limit=10000)}
        found = sorted(by_id.values(), key=lambda u: (u.display_name, u.id))
    return [u for u in found if u.is_active]


def departments_of(found: list[services.UserView], organisation_id: int) -> dict[int, str]:
    """Each person's department, to tell namesakes apart: as the union's roster of representatives has it, else
    the department where they hold a role."""
    names = {o.id: o.name for o in services.list_organisations(env(), kind="department", under=organisation_id)}
    held = {u.id: names[r.organisation_id] for u in found for r in u.roles if r.organisation_id in names}
    return {**held, **congress.roster_departments(env(), organisation_id)}


def choices(f: Field, organisation_id: int, *, exclude_case: int | None = None,
            workflow: str | None = None, trigger: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a choice, organisation, user or case field, and a congress session's number."""
    if f.kind in ("choice", "choices"):
        return [(c, text(f.choice_label(c))) for c in f.choices]
    if f.kind in ("org", "orgs"):  # a federation's own units are the unions under it
        kind = "union" if services.get_organisation(env(), organisation_id).kind == "federation" else "department"
        return [(str(o.id), o.name) for o in services.list_organisations(env(), kind=kind, under=organisation_id)]
    if f.kind in ("user", "users"):
        found = people(organisation_id, PEOPLE.get((workflow, trigger)))
        if (workflow, trigger) in NOT_SELF:
            found = [u for u in found if u.id != actor().user_id]
        departments = departments_of(found, organisation_id)
        return [(str(u.id), f"{u.display_name}（{departments[u.id]}）" if u.id in departments else u.display_name)
                for u in found]
    if f.kind == "int" and f.name == "session_id":
        return [(str(s.id), s.name) for s in congress.list_congress_sessions(env(), organisation_id)]
    if f.kind == "case" and workflow is not None:
        # The cases the signed-in user may see and pick; the workflow's guard still checks the one they pick.
        page = services.search_cases(env(), actor(), workflow=workflow, open_only=True,
                                     organisation_id=organisation_id, per_page=200)
        return [(str(c.id), f"#{c.id} {c.title}") for c in page.items if c.id != exclude_case]
    return []


def collect(fields: tuple[Field, ...], form: MultiDict[str, str]) -> dict[str, Any]:
    """The posted values of an action's fields; empty ones are left out so the engine says what is missing."""
    values: dict[str, Any] = {}
    for f in fields:
        if f.kind in ("choices", "orgs", "users"):
            picked = [v for v in form.getlist(f.name) if v.strip()]
            if picked:
                values[f.name] = picked
        elif f.kind == "bool":
            values[f.name] = f.name in form
        else:
            value = form.get(f.name, "")
            if value.strip():
                values[f.name] = value
    return values


def errors_in(err: services.ValidationFailed, lang: str) -> dict[str, list[str]]:
    return {name: [m(lang) if isinstance(m, Label) else str(m) for m in messages]
            for name, messages in err.errors.items()}
