"""Starting cases and firing triggers: one transaction per action, everything or nothing.

Firing loads and locks the case, checks the expected version, the transition, the actor's role and the form,
moves the state on the shared machine (guards, then effects), appends the chained history entry, closes and
opens inbox tasks, retires and writes timers, queues notifications, and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine import i18n
from engine.context import ActionContext, Actor, Recipient
from engine.db import RawTransaction
from engine.env import Env
from engine.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from engine.forms import validate_form
from engine.history import GENESIS, event_hash
from engine.i18n import Label
from engine.registry import Binding, Registered, run_effects, run_guards
from engine.spec import BUILTIN_ROLES, STARTER, SYSTEM, Field, Notify, WorkflowSpec

TITLE_MAX = 300
START = "start"


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where an action left the case."""

    case_id: int
    state: str
    version: int


@dataclass(slots=True)
class CaseState:
    """A case's row as an action reads it."""

    id: int
    workflow: str
    spec_version: int
    organisation_id: int
    state: str
    version: int
    data: dict[str, Any]
    created_by: int | None
    head_hash: str


# -- who may act ---------------------------------------------------------------------------------------------
def resolve_org(tx: RawTransaction, env: Env, scope: str, case_org: int, data: dict[str, Any]) -> int:
    """The organisation a role is checked in or a task goes to: ``case``, ``parent`` or ``data:<field>``."""
    if scope == "case":
        return case_org
    if scope == "parent":
        row = tx.one(env.sql.org_row, {"id": case_org})
        return row[1] if row and row[1] is not None else case_org
    name = scope[5:]
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationFailed({name: [i18n.REQUIRED]})
    return value


def held_roles(tx: RawTransaction, env: Env, user_id: int, org: int) -> set[str]:
    return {r for (r,) in tx.all(env.sql.roles_in, {"user": user_id, "org": org})}


def may_act(tx: RawTransaction, env: Env, actor: Actor, roles: tuple[str, ...], org: int,
            starter: int | None) -> bool:
    if actor.system:
        return SYSTEM in roles
    if actor.user_id is None:
        return False
    if STARTER in roles and starter is not None and actor.user_id == starter:
        return True
    wanted = {r for r in roles if r not in BUILTIN_ROLES}
    return bool(wanted) and bool(held_roles(tx, env, actor.user_id, org) & wanted)


def allowed_triggers(tx: RawTransaction, env: Env, actor: Actor, spec: WorkflowSpec,
                     case: CaseState) -> list[str]:
    """The triggers this actor may fire on the case now (for messages and the case page)."""
    allowed = []
    for t in spec.transitions_from(case.state):
        try:
            org = resolve_org(tx, env, t.org, case.organisation_id, case.data)
        except ValidationFailed:
            continue
        if may_act(tx, env, actor, t.roles, org, case.created_by):
            allowed.append(t.trigger)
    return allowed


def _check_refs(tx: RawTransaction, env: Env, fields: tuple[Field, ...], cleaned: dict[str, Any]) -> None:
    errors: dict[str, list[Label]] = {}
    for f in fields:
        if f.kind in ("org", "user") and f.name in cleaned:
            stmt = env.sql.org_row if f.kind == "org" else env.sql.user_exists
            if tx.one(stmt, {"id": cleaned[f.name]}) is None:
                errors[f.name] = [i18n.NO_SUCH_ORG if f.kind == "org" else i18n.NO_SUCH_USER]
    if errors:
        raise ValidationFailed(errors)


# -- what an action writes -----------------------------------------------------------------------------------
def _changes(before: dict[str, Any], after: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {"form": form}
    changed = {k: v for k, v in after.items() if k not in form and before.get(k, object()) != v}
    if changed:
        payload["set"] = changed
    removed = sorted(k for k in before if k not in after)
    if removed:
        payload["unset"] = removed
    return payload


def _enter(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
           now: datetime) -> None:
    """Open the tasks and write the timers of the state the case has just entered."""
    db, state = env.db, spec.state(case.state)
    first_due: datetime | None = None
    timer_rows = []
    for timer in state.timers:
        due = env.calendar.due(now, timer.period)
        first_due = first_due or due.at
        base = {"case_id": case.id, "state": state.name, "entered_seq": seq, "provisional": due.provisional,
                "created_at": db.ts(now)}
        timer_rows.append({**base, "kind": "deadline", "trigger": timer.trigger, "due_at": db.ts(due.at)})
        for before in timer.remind_before:
            at = env.calendar.before(due.at, before)
            if at > now:
                timer_rows.append({**base, "kind": "reminder", "trigger": None, "due_at": db.ts(at)})
    task_rows = []
    for task in state.tasks:
        row = {"case_id": case.id, "state": state.name, "due_at": db.ts(first_due) if first_due else None,
               "created_at": db.ts(now), "role": None, "organisation_id": None, "user_id": None}
        if task.role == STARTER:
            if case.created_by is None:
                continue
            row["user_id"] = case.created_by
        else:
            row["role"] = task.role
            row["organisation_id"] = resolve_org(tx, env, task.org, case.organisation_id, case.data)
        task_rows.append(row)
    tx.executemany(env.sql.insert_task, task_rows)
    tx.executemany(env.sql.insert_timer, timer_rows)


def _notify(tx: RawTransaction, env: Env, case: CaseState, notify: tuple[Notify, ...], ctx: ActionContext,
            now: datetime) -> None:
    rows = []
    queued = [(Recipient(user_id=case.created_by) if n.to == STARTER else
               Recipient(role=n.to, organisation_id=resolve_org(tx, env, n.org, case.organisation_id,
                                                                case.data)),
               n.kind, {"trigger": ctx.trigger, "state": case.state}) for n in notify]
    for recipient, kind, payload in [*queued, *ctx.notifications]:
        if recipient.user_id is None and recipient.role is None:
            continue
        rows.append({"case_id": case.id, "kind": kind, "user_id": recipient.user_id, "role": recipient.role,
                     "organisation_id": recipient.organisation_id, "payload": env.db.js(payload),
                     "next_attempt_at": env.db.ts(now), "created_at": env.db.ts(now)})
    tx.executemany(env.sql.insert_notification, rows)


def _append(tx: RawTransaction, env: Env, case: CaseState, seq: int, trigger: str, from_state: str | None,
            actor: Actor, payload: dict[str, Any], now: datetime) -> str:
    digest = event_hash(case.id, seq, trigger, from_state, case.state, actor.user_id, payload, now,
                        case.head_hash)
    tx.execute(env.sql.insert_event, {
        "case_id": case.id, "seq": seq, "trigger": trigger, "from_state": from_state, "to_state": case.state,
        "actor_id": actor.user_id, "payload": env.db.js(payload), "created_at": env.db.ts(now),
        "prev_hash": case.head_hash, "hash": digest})
    return digest


# -- the two actions -----------------------------------------------------------------------------------------
def start(env: Env, actor: Actor, workflow: str, organisation_id: int, title: str,
          form: dict[str, Any] | None = None) -> Outcome:
    """Start a case of the latest version of ``workflow`` in an organisation."""
    entry = env.registry.latest(workflow)
    spec = entry.spec
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        problem = i18n.REQUIRED if not title else i18n.TOO_LONG.format(max=TITLE_MAX, n=len(title))
        raise ValidationFailed({"title": [problem]})
    now = env.clock.now()
    db = env.db
    with db.transaction() as tx:
        if tx.one(env.sql.org_row, {"id": organisation_id}) is None:
            raise NotFound("organisation", organisation_id)
        if not may_act(tx, env, actor, spec.start.roles, organisation_id, None):
            raise PermissionDenied(spec.label.en, spec.start.roles)
        cleaned = validate_form(spec.start.fields, form)
        _check_refs(tx, env, spec.start.fields, cleaned)
        data = {f.name: cleaned[f.name] for f in spec.start.fields if f.store and f.name in cleaned}
        ctx = ActionContext(None, spec.name, organisation_id, spec.initial, START, actor.user_id,
                            actor.user_id, cleaned, data, now)
        run_guards(spec, spec.start.guards, ctx)
        (case_id,) = tx.one(env.sql.insert_case, {
            "workflow": spec.name, "spec_version": spec.version, "organisation_id": organisation_id,
            "state": spec.initial, "version": 1, "title": title, "data": db.js(data),
            "created_by": actor.user_id, "created_at": db.ts(now), "updated_at": db.ts(now),
            "head_hash": GENESIS})
        ctx.case_id = case_id
        run_effects(spec, spec.start.effects, ctx)
        case = CaseState(case_id, spec.name, spec.version, organisation_id, spec.initial, 0, ctx.data,
                     actor.user_id, GENESIS)
        payload = _changes({}, ctx.data, cleaned)
        payload["title"] = title
        head = _append(tx, env, case, 1, START, None, actor, payload, now)
        tx.execute(env.sql.update_case, {"id": case_id, "old_version": 1, "state": case.state, "version": 1,
                                         "data": db.js(ctx.data), "now": db.ts(now), "head_hash": head})
        _enter(tx, env, spec, case, 1, now)
        _notify(tx, env, case, spec.start.notify, ctx, now)
    return Outcome(case_id, spec.initial, 1)


def _load(tx: RawTransaction, env: Env, case_id: int) -> tuple[CaseState, Registered]:
    row = tx.one(env.sql.load_case, {"id": case_id})
    if row is None:
        raise NotFound("case", case_id)
    case = CaseState(case_id, row[0], row[1], row[2], row[3], row[4], env.db.load_js(row[5]), row[6], row[7])
    return case, env.registry.get(case.workflow, case.spec_version)


def fire(env: Env, actor: Actor, case_id: int, trigger: str, form: dict[str, Any] | None = None,
         expected_version: int | None = None) -> Outcome:
    """Fire ``trigger`` on a case; ``expected_version`` is the version the user saw (None: any)."""
    now = env.clock.now()
    db = env.db
    with db.transaction() as tx:
        case, entry = _load(tx, env, case_id)
        if expected_version is not None and expected_version != case.version:
            raise Conflict(case_id, expected_version, case.version)
        spec = entry.spec
        t = spec.transition(case.state, trigger)
        if t is None:
            raise TransitionNotAllowed(trigger, case.state, allowed_triggers(tx, env, actor, spec, case))
        org = resolve_org(tx, env, t.org, case.organisation_id, case.data)
        if not may_act(tx, env, actor, t.roles, org, case.created_by):
            raise PermissionDenied(t.label.en, t.roles)
        cleaned = validate_form(t.fields, form)
        if t.fields:
            _check_refs(tx, env, t.fields, cleaned)
        before = case.data
        data = dict(before)
        data.update({f.name: cleaned[f.name] for f in t.fields if f.store and f.name in cleaned})
        ctx = ActionContext(case_id, spec.name, case.organisation_id, case.state, trigger, actor.user_id,
                            case.created_by, cleaned, data, now)
        binding = Binding(case.state)
        entry.fire(binding, trigger, ctx)
        from_state, seq = case.state, case.version + 1
        case.state, case.data = binding.state, ctx.data
        payload = _changes(before, ctx.data, cleaned)
        head = _append(tx, env, case, seq, trigger, from_state, actor, payload, now)
        updated = tx.execute(env.sql.update_case, {
            "id": case_id, "old_version": case.version, "state": case.state, "version": seq,
            "data": db.js(ctx.data), "now": db.ts(now), "head_hash": head})
        if updated.rowcount != 1:  # cannot happen while the row is locked; refuse rather than overwrite
            raise Conflict(case_id, case.version, -1)
        if case.state != from_state:
            tx.execute(env.sql.close_tasks, {"case_id": case_id, "now": db.ts(now), "seq": seq})
            tx.execute(env.sql.obsolete_timers, {"case_id": case_id})
            _enter(tx, env, spec, case, seq, now)
        _notify(tx, env, case, t.notify, ctx, now)
    return Outcome(case_id, case.state, seq)
