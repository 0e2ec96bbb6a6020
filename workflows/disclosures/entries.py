"""The register (厂务公开目录) the union office and the employer keep: its entries, edited and stopped, and the
items made from them: by the scheduler once each period ends, or by hand for an event."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.i18n import REQUIRED, Label
from engine.identity.roles import holds_any
from engine.store.models import Organisation
from engine.time.calendar import TZ
from workflows.disclosures import periods
from workflows.disclosures.models import DisclosureEntry
from workflows.disclosures.terms import CATEGORIES, CHANNELS, FREQUENCIES, KEEPERS, NAME, L

log = logging.getLogger(__name__)
entries, orgs = DisclosureEntry.__table__, Organisation.__table__
FIELDS = ("title", "category", "frequency", "channel", "scope", "department", "note", "starts_on")
BAD_CHOICE = L("请从列表中选择。", "Choose one from the list.")
NOT_DEPARTMENT = L("请选择本单位的一个部门。", "Choose a department of this union.")
NOT_SCOPE = L("公开范围应为全体职工（本单位）或本单位的一个部门。",
              "The scope is all staff (the union) or one of its departments.")


@dataclass(frozen=True, slots=True)
class Entry:
    """A register entry as the pages show it."""

    id: int
    organisation_id: int
    title: str
    category: str
    frequency: str
    channel: str
    scope: int
    department: int
    note: str
    active: bool
    starts_on: date
    last_period: str | None


def _entry(row: Any) -> Entry:
    return Entry(row.id, row.organisation_id, row.title, row.category, row.frequency, row.channel, row.scope_id,
                 row.department_id, row.note, bool(row.active), row.starts_on, row.last_period)


def _check(conn: sa.Connection, union_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """The entry's values cleaned, or ValidationFailed naming each field that is wrong."""
    errors: dict[str, list[Label]] = {}
    title = str(values.get("title") or "").strip()
    if not title:
        errors["title"] = [REQUIRED]
    elif len(title) > 200 or services.bad_characters(title):
        errors["title"] = [L("标题不能超过 200 个字，且不能含控制字符。", "At most 200 characters, none of them "
                             "control characters.")]
    for name, known in (("category", CATEGORIES), ("frequency", FREQUENCIES), ("channel", CHANNELS)):
        if values.get(name) not in known:
            errors[name] = [BAD_CHOICE]
    departments = {r.id for r in conn.execute(sa.select(orgs.c.id).where(orgs.c.parent_id == union_id,
                                                                        orgs.c.kind == "department"))}
    ids: dict[str, int] = {}
    for name in ("scope", "department"):
        try:
            ids[name] = int(values.get(name) or 0)
        except (TypeError, ValueError):
            ids[name] = 0
    if ids["department"] not in departments:
        errors["department"] = [NOT_DEPARTMENT]
    if ids["scope"] not in departments | {union_id}:
        errors["scope"] = [NOT_SCOPE]
    note = str(values.get("note") or "")
    if len(note) > 2000 or services.bad_characters(note):
        errors["note"] = [L("说明不能超过 2000 个字。", "At most 2,000 characters.")]
    starts = values.get("starts_on")
    try:
        starts_on = starts if isinstance(starts, date) else date.fromisoformat(str(starts))
        if not 2000 <= starts_on.year <= 2100:
            raise ValueError
    except ValueError:
        errors["starts_on"] = [L("请填写日期，如 2026-01-01。", "Give a date such as 2026-01-01.")]
    if errors:
        raise services.ValidationFailed(errors)
    return {"title": title, "category": values["category"], "frequency": values["frequency"],
            "channel": values["channel"], "scope_id": ids["scope"], "department_id": ids["department"],
            "note": note.strip(), "starts_on": starts_on}


def _keeper(conn: sa.Connection, actor: Actor, union_id: int) -> None:
    if not holds_any(conn, actor.user_id, union_id, KEEPERS):
        if actor.user_id is None or not conn.execute(sa.select(sa.exists().where(orgs.c.id == union_id))).scalar():
            raise services.NotFound("organisation", union_id)
        raise services.PermissionDenied("disclosure register", KEEPERS)


def add_entry(env: services.Env, actor: Actor, union_id: int, values: dict[str, Any]) -> int:
    """A new entry of the union's register, by its union office or the employer."""
    with env.db.write() as conn:
        _keeper(conn, actor, union_id)
        cleaned = _check(conn, union_id, values)
        return conn.execute(entries.insert().values(organisation_id=union_id, active=True, last_period=None,
                                                    created_at=env.clock.now(), **cleaned)).inserted_primary_key[0]


def update_entry(env: services.Env, actor: Actor, entry_id: int, values: dict[str, Any],
                 active: bool | None = None) -> None:
    """Change an entry (the items already made keep what they copied), or stop or resume it."""
    with env.db.write() as conn:
        row = conn.execute(sa.select(entries).where(entries.c.id == entry_id)).first()
        if row is None:
            raise services.NotFound("disclosure entry", entry_id)
        _keeper(conn, actor, row.organisation_id)
        cleaned = _check(conn, row.organisation_id, values) if values else {}
        if active is not None:
            cleaned["active"] = active
        conn.execute(entries.update().where(entries.c.id == entry_id).values(**cleaned))


def list_entries(env: services.Env, actor: Actor, union_id: int) -> list[Entry]:
    """The union's register, for anyone on its staff (what must be disclosed is itself public)."""
    if not services.is_member(env, actor.user_id, union_id):
        raise services.NotFound("organisation", union_id)
    with env.db.read() as conn:
        rows = conn.execute(sa.select(entries).where(entries.c.organisation_id == union_id)
                            .order_by(entries.c.active.desc(), entries.c.category, entries.c.id)).all()
    return [_entry(r) for r in rows]


def get_entry(env: services.Env, actor: Actor, entry_id: int) -> Entry:
    with env.db.read() as conn:
        row = conn.execute(sa.select(entries).where(entries.c.id == entry_id)).first()
    if row is None or not services.is_member(env, actor.user_id, row.organisation_id):
        raise services.NotFound("disclosure entry", entry_id)
    return _entry(row)


def item_title(entry: Entry, period: str, event: str = "") -> str:
    """An item's title: the entry's, with its period (or the event) in Chinese, as the notice board writes it."""
    lines = event.strip().splitlines()
    suffix = periods.label(period).zh if period else (lines[0][:60] if lines else "")
    return f"{entry.title}（{suffix}）"[:200]


def make_item(env: services.Env, actor: Actor, entry_id: int, *, period: str = "", event: str = "") -> int:
    """Start the item of one period (or of an event) of an entry; the workflow's guard refuses a period that has
    not ended or already has its item."""
    entry = get_entry(env, actor, entry_id) if not actor.system else _system_entry(env, entry_id)
    outcome = services.start_case(env, actor, NAME, entry.organisation_id, item_title(entry, period, event),
                                  {"entry": entry.id, "period": period, "event": event})
    return outcome.case_id


def _system_entry(env: services.Env, entry_id: int) -> Entry:
    with env.db.read() as conn:
        row = conn.execute(sa.select(entries).where(entries.c.id == entry_id)).first()
    if row is None:
        raise services.NotFound("disclosure entry", entry_id)
    return _entry(row)


def make_due_items(env: services.Env) -> int:
    """The scheduler's sweep: each active periodic entry gets the item of every period that has ended since its
    last one (one case per entry and period; the entry's ``last_period`` moves in the same transaction)."""
    today = env.clock.now().astimezone(TZ).date()
    with env.db.read() as conn:
        rows = conn.execute(sa.select(entries).where(entries.c.active.is_(True), entries.c.frequency != "event")
                            .order_by(entries.c.id)).all()
    made = 0
    for row in rows:
        entry = _entry(row)
        for period in periods.ended(entry.frequency, entry.starts_on, entry.last_period, today):
            try:
                make_item(env, SYSTEM_ACTOR, entry.id, period=period)
            except services.ValidationFailed:  # another sweep made it first, or the entry changed
                log.info("disclosure entry %s: period %s not made", entry.id, period)
                continue
            made += 1
    return made
