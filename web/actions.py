"""Generic action forms: the choices a field offers, and the values a posted form carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from engine import services
from engine.i18n import Label
from engine.spec import Field
from web.context import env, text


@dataclass
class FormState:
    """What an action form shows: values typed so far and the errors beside each field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str | None = None


def choices(f: Field, organisation_id: int, *, exclude_case: int | None = None,
            workflow: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a choice, organisation, user or case field."""
    if f.kind in ("choice", "choices"):
        return [(c, text(f.choice_label(c))) for c in f.choices]
    if f.kind in ("org", "orgs"):
        return [(str(o.id), o.name) for o in services.list_organisations(env(), kind="department",
                                                                         under=organisation_id)]
    if f.kind in ("user", "users"):
        return [(str(u.id), u.display_name) for u in services.list_users(
            env(), role="representative", organisation_id=organisation_id) if u.is_active]
    if f.kind == "case" and workflow is not None:
        page = services.search_cases(env(), services.SYSTEM_ACTOR, workflow=workflow, open_only=True,
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
