"""Starting cases and firing triggers: one transaction per action, everything or nothing.

Firing loads and locks the case, checks the expected version, the transition, the actor's role and the form,
moves the state on the shared machine (guards, then effects), appends the chained history entry, closes and
opens inbox tasks, retires and writes timers, queues notifications, takes any automatic action the new state
allows, and commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from engine.core import attachments, i18n
from engine.core.context import (
    SYSTEM_ACTOR,
    ActionContext,
    Actor,
    Peek,
    Recipient,
    Upload,
)
from engine.core.env import Env
from engine.core.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from engine.core.forms import validate_form
from engine.core.i18n import Label
from engine.core.recorded import fields_for, reminders_for
from engine.core.registry import Binding, Registered, refusal, run_effects, run_guards
from engine.core.spec import BUILTIN_ROLES, DATA, STARTER, SYSTEM, Field, Notify, Period, Transition, WorkflowSpec
from engine.store.database import RawTransaction
from engine.store.history import GENESIS, event_hash
from engine.time.calendar import TZ

TITLE_MAX = 300
TITLE = "title"
START = "start"
MAX_AUTOMATIC = 10  # automatic actions in a row before the engine calls the spec a loop


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
    title: str = ""


def _ids(value: Any) -> list[int]:
    """The ids a data field holds: one id or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]


# -- reads and writes guards and effects may make -------------------------------------------------------------
class TxAccess:
    """``ActionContext.db``: the action's own transaction, for what a guard or effect must look up."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env = tx, env
        self._used: dict[str, Any] = {}

    def peek(self, case_id: int) -> Peek | None:
        row = self.tx.one(self.env.sql.peek_case, {"id": case_id})
        if row is None:
            return None
        return Peek(row[0], row[1], row[2], row[3], row[4], self.env.db.load_js(row[5]), row[6])

    def next_number(self, key: str) -> int:
        return self.tx.one(self.env.sql.next_number, {"name": key})[0]

    def holds(self, user_id: int, role: str, organisation_id: int) -> bool:
        return role in held_roles(self.tx, self.env, user_id, organisation_id)

    def last_day(self, start: datetime, amount: int, unit: str) -> date:
        """The last day of a period that starts with an event at ``start`` (calendar rules applied)."""
        return self.env.calendar.due(start, Period(amount, unit)).last_day  # type: ignore[arg-type]

    def use(self, name: str) -> Any:
        """A capability a domain registered (``Registry.provide``), bound to this transaction."""
        found = self._used.get(name)
        if found is None:
            factory = self.env.registry.capabilities.get(name)
            if factory is None:
                raise LookupError(f"no workflow package provides {name!r}")
            found = self._used[name] = factory(self.tx, self.env)
        return found


# -- who may act ---------------------------------------------------------------------------------------------
def resolve_orgs(tx: RawTransaction, env: Env, scope: str, case_org: int, data: dict[str, Any]) -> list[int]:
    """The organisations a scope names: ``case``, ``parent``, or ``data:<field>`` (one or a list)."""
    if scope == "case":
        return [case_org]
    if scope == "parent":
        row = tx.one(env.sql.org_row, {"id": case_org})
        return [row[1] if row and row[1] is not None else case_org]
    return _ids(data.get(scope[len(DATA):]))


def resolve_org(tx: RawTransaction, env: Env, scope: str, case_org: int, data: dict[str, Any]) -> int:
    """The one organisation a role is checked in; a missing ``data:<field>`` is a missing form value."""
    found = resolve_orgs(tx, env, scope, case_org, data)
    if not found:
        raise ValidationFailed({scope[len(DATA):]: [i18n.REQUIRED]})
    return found[0]


def held_roles(tx: RawTransaction, env: Env, user_id: int, org: int) -> set[str]:
    return {r for (r,) in tx.all(env.sql.roles_in, {"user": user_id, "org": org})}


def may_act(tx: RawTransaction, env: Env, actor: Actor, roles: tuple[str, ...], orgs: list[int],
            starter: int | None, data: dict[str, Any] | None = None) -> bool:
    if actor.system:
        return SYSTEM in roles
    if actor.user_id is None:
        return False
    if STARTER in roles and starter is not None and actor.user_id == starter:
        return True
    for role in roles:
        if role.startswith(DATA) and data is not None and actor.user_id in _ids(data.get(role[len(DATA):])):
            return True
    wanted = {r for r in roles if r not in BUILTIN_ROLES and not r.startswith(DATA)}
    return bool(wanted) and any(held_roles(tx, env, actor.user_id, org) & wanted for org in orgs)


def _may_fire(tx: RawTransaction, env: Env, actor: Actor, t: Transition, case: CaseState) -> bool:
    orgs = resolve_orgs(tx, env, t.org, case.organisation_id, case.data)
    return may_act(tx, env, actor, t.roles, orgs, case.created_by, case.data)


def allowed_triggers(tx: RawTransaction, env: Env, actor: Actor, spec: WorkflowSpec,
                     case: CaseState) -> list[str]:
    """The triggers this actor may fire on the case now (for messages and the case page)."""
    return [t.trigger for t in spec.transitions_from(case.state)
            if not t.auto and _may_fire(tx, env, actor, t, case) and _offered(spec, t, case, actor, tx, env)]


def _offered(spec: WorkflowSpec, t: Transition, case: CaseState, actor: Actor, tx: RawTransaction,
             env: Env) -> bool:
    if not t.offer_if:
        return True
    ctx = ActionContext(case.id, spec.name, case.organisation_id, case.state, t.trigger, actor.user_id,
                        case.created_by, {}, dict(case.data), env.clock.now(), TxAccess(tx, env))
    return all(refusal(spec.guards[g](ctx)) is None for g in t.offer_if)


def _check_refs(tx: RawTransaction, env: Env, fields: tuple[Field, ...], cleaned: dict[str, Any]) -> None:
    errors: dict[str, list[Label]] = {}
    lookups = {"org": (env.sql.org_row, i18n.NO_SUCH_ORG), "orgs": (env.sql.org_row, i18n.NO_SUCH_ORG),
               "user": (env.sql.user_exists, i18n.NO_SUCH_USER), "users": (env.sql.user_exists, i18n.NO_SUCH_USER),
               "case": (env.sql.peek_case, i18n.NO_SUCH_CASE)}
    for f in fields:
        if f.kind in lookups and f.name in cleaned:
            stmt, message = lookups[f.kind]
            if any(tx.one(stmt, {"id": v}) is None for v in _ids(cleaned[f.name])):
                errors[f.name] = [message]
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


def _end_of_day(value: Any) -> datetime | None:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=1), time(0), TZ).astimezone(UTC) if day else None


def _timers(env: Env, spec: WorkflowSpec, case: CaseState, seq: int, now: datetime
            ) -> tuple[list[dict[str, Any]], datetime | None]:
    """The timer rows of the state the case stands in, and the first deadline (the tasks' due time)."""
    db, state = env.db, spec.state(case.state)
    first_due: datetime | None = None
    rows = []
    for timer in state.timers:
        if timer.period is not None:
            due = env.calendar.due(now, timer.period)
            at, provisional = due.at, due.provisional
        else:
            at, provisional = _end_of_day(case.data.get(timer.due[len(DATA):])), False  # type: ignore[index]
            if at is None:
                continue
        first_due = first_due or at
        base = {"case_id": case.id, "state": state.name, "entered_seq": seq, "provisional": provisional,
                "created_at": db.ts(now)}
        rows.append({**base, "kind": "deadline", "trigger": timer.trigger, "due_at": db.ts(at)})
        for before in reminders_for(timer, case.data):
            remind = env.calendar.before(at, before)
            if remind > now:
                rows.append({**base, "kind": "reminder", "trigger": None, "due_at": db.ts(remind)})
    return rows, first_due


def _enter(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
           now: datetime) -> None:
    """Open the tasks and write the timers of the state the case has just entered."""
    db, state = env.db, spec.state(case.state)
    timer_rows, first_due = _timers(env, spec, case, seq, now)
    task_rows = []
    base = {"case_id": case.id, "state": state.name, "due_at": db.ts(first_due) if first_due else None,
            "created_at": db.ts(now), "role": None, "organisation_id": None, "user_id": None, "kind": "task"}
    for task in state.tasks:
        if task.users is not None:
            task_rows += [{**base, "user_id": u} for u in _ids(case.data.get(task.users[len(DATA):]))]
        elif task.role == STARTER:
            if case.created_by is not None:
                task_rows.append({**base, "user_id": case.created_by})
        else:
            task_rows += [{**base, "role": task.role, "organisation_id": org}
                          for org in resolve_orgs(tx, env, task.org, case.organisation_id, case.data)]
    tx.executemany(env.sql.insert_task, task_rows)
    tx.executemany(env.sql.insert_timer, timer_rows)


def _complete_own_task(tx: RawTransaction, env: Env, case: CaseState, actor: Actor, seq: int,
                       now: datetime) -> None:
    """Close the actor's own open task in the state (a co-signer's invitation, a co-department's request)."""
    for task_id, role, org, user in tx.all(env.sql.open_tasks_in, {"case_id": case.id, "state": case.state}):
        mine = user is not None and user == actor.user_id
        if not mine and role is not None and actor.user_id is not None:
            mine = role in held_roles(tx, env, actor.user_id, org)
        if mine:
            tx.execute(env.sql.close_task, {"id": task_id, "now": env.db.ts(now), "seq": seq})


def _reset_deadlines(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
                     now: datetime) -> None:
    tx.execute(env.sql.obsolete_timers, {"case_id": case.id})
    rows, first_due = _timers(env, spec, case, seq, now)
    tx.executemany(env.sql.insert_timer, rows)
    tx.execute(env.sql.set_task_due, {"case_id": case.id, "due_at": env.db.ts(first_due) if first_due else None})


def _notify(tx: RawTransaction, env: Env, case: CaseState, notify: tuple[Notify, ...], ctx: ActionContext,
            now: datetime) -> None:
    queued: list[tuple[Recipient, str, dict[str, Any]]] = []
    for n in notify:
        payload = {"trigger": ctx.trigger, "state": case.state}
        if n.to == STARTER:
            queued.append((Recipient(user_id=case.created_by), n.kind, payload))
        else:
            queued += [(Recipient(role=n.to, organisation_id=org), n.kind, payload)
                       for org in resolve_orgs(tx, env, n.org, case.organisation_id, case.data)]
    rows = []
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


def _attach(tx: RawTransaction, env: Env, case_id: int, seq: int, actor: Actor,
            files: list[attachments.Checked], now: datetime) -> list[dict[str, Any]]:
    rows = [{"case_id": case_id, "seq": seq, "filename": f.filename, "content_type": f.content_type,
             "size": f.size, "sha256": f.sha256, "content": f.content, "uploaded_by": actor.user_id,
             "created_at": env.db.ts(now)} for f in files]
    tx.executemany(env.sql.insert_attachment, rows)
    return [{"filename": f.filename, "size": f.size, "sha256": f.sha256} for f in files]


def _check_uploads(env: Env, uploads: list[Upload] | None) -> list[attachments.Checked]:
    if not uploads:
        return []
    return attachments.check(uploads, max_bytes=env.max_attachment_bytes, max_files=env.max_attachments)


# -- the two actions -----------------------------------------------------------------------------------------
def start(env: Env, actor: Actor, workflow: str, organisation_id: int, title: str,
          form: dict[str, Any] | None = None, uploads: list[Upload] | None = None) -> Outcome:
    """Start a case of the latest version of ``workflow`` in an organisation."""
    entry = env.registry.latest(workflow)
    spec = entry.spec
    title = (title or "").strip()
    limit = min(spec.start.title_max, TITLE_MAX)
    title_problem = i18n.REQUIRED if not title else (
        i18n.TOO_LONG.format(max=limit, n=len(title)) if len(title) > limit else None)
    files = _check_uploads(env, uploads)
    now = env.clock.now()
    db = env.db
    with db.transaction() as tx:
        if tx.one(env.sql.org_row, {"id": organisation_id}) is None:
            raise NotFound("organisation", organisation_id)
        if not may_act(tx, env, actor, spec.start.roles, [organisation_id], None):
            raise PermissionDenied(spec.label.en, spec.start.roles)
        try:
            cleaned = validate_form(spec.start.fields, form)
        except ValidationFailed as err:  # report the title with the other fields, all at once
            if title_problem is None:
                raise
            raise ValidationFailed({"title": [title_problem], **err.errors}) from None
        if title_problem is not None:
            raise ValidationFailed({"title": [title_problem]})
        if files and not spec.start.accepts_files:
            raise ValidationFailed({"attachments": [i18n.UNKNOWN_FIELD]})
        _check_refs(tx, env, spec.start.fields, cleaned)
        data = {f.name: cleaned[f.name] for f in spec.start.fields if f.store and f.name in cleaned}
        ctx = ActionContext(None, spec.name, organisation_id, spec.initial, START, actor.user_id,
                            actor.user_id, cleaned, data, now, TxAccess(tx, env))
        run_guards(spec, spec.start.guards, ctx)
        (case_id,) = tx.one(env.sql.insert_case, {
            "workflow": spec.name, "spec_version": spec.version, "organisation_id": organisation_id,
            "state": spec.initial, "version": 1, "title": title, "data": db.js(data),
            "created_by": actor.user_id, "created_at": db.ts(now), "updated_at": db.ts(now),
            "state_since": db.ts(now), "head_hash": GENESIS})
        ctx.case_id = case_id
        run_effects(spec, spec.start.effects, ctx)
        case = CaseState(case_id, spec.name, spec.version, organisation_id, spec.initial, 0, ctx.data,
                         actor.user_id, GENESIS, title)
        payload = _changes({}, ctx.data, cleaned)
        payload["title"] = title
        if ctx.follows is not None:  # a renewal follows the agreement it renews
            payload["follows"] = ctx.follows
            tx.execute(env.sql.set_follows, {"id": case_id, "follows_id": ctx.follows})
        if files:
            payload["attachments"] = _attach(tx, env, case_id, 1, actor, files, now)
        case.head_hash = _append(tx, env, case, 1, START, None, actor, payload, now)
        case.version = 1
        tx.execute(env.sql.update_case, {"id": case_id, "old_version": 1, "state": case.state, "version": 1,
                                         "data": db.js(ctx.data), "now": db.ts(now), "head_hash": case.head_hash,
                                         "title": title})
        _enter(tx, env, spec, case, 1, now)
        _notify(tx, env, case, spec.start.notify, ctx, now)
        _follow_up(tx, env, spec, entry, case, now)
    return Outcome(case_id, case.state, case.version)


def _load(tx: RawTransaction, env: Env, case_id: int) -> tuple[CaseState, Registered]:
    row = tx.one(env.sql.load_case, {"id": case_id})
    if row is None:
        raise NotFound("case", case_id)
    case = CaseState(case_id, row[0], row[1], row[2], row[3], row[4], env.db.load_js(row[5]), row[6], row[7],
                     row[8])
    return case, env.registry.get(case.workflow, case.spec_version)


def _move(tx: RawTransaction, env: Env, entry: Registered, case: CaseState, t: Transition, actor: Actor,
          cleaned: dict[str, Any], now: datetime, files: Sequence[attachments.Checked] = ()) -> None:
    """Fire ``t`` on the loaded case and write everything it changes; ``case`` is updated in place."""
    spec, db = entry.spec, env.db
    before = case.data
    data = dict(before)
    data.update({f.name: cleaned[f.name] for f in t.fields if f.store and f.name in cleaned and f.name != TITLE})
    if TITLE in cleaned and cleaned[TITLE] != case.title:  # a field named "title" retitles the case
        case.title = cleaned[TITLE]
    ctx = ActionContext(case.id, spec.name, case.organisation_id, case.state, t.trigger, actor.user_id,
                        case.created_by, cleaned, data, now, TxAccess(tx, env))
    binding = Binding(case.state)
    entry.fire(binding, t.trigger, ctx)
    from_state, seq = case.state, case.version + 1
    case.state, case.data = binding.state, ctx.data
    payload = _changes(before, ctx.data, cleaned)
    if files:
        payload["attachments"] = _attach(tx, env, case.id, seq, actor, list(files), now)
    if ctx.follows is not None:
        payload["follows"] = ctx.follows
        tx.execute(env.sql.set_follows, {"id": case.id, "follows_id": ctx.follows})
    head = _append(tx, env, case, seq, t.trigger, from_state, actor, payload, now)
    updated = tx.execute(env.sql.update_case, {
        "id": case.id, "old_version": case.version, "state": case.state, "version": seq,
        "data": db.js(ctx.data), "now": db.ts(now), "head_hash": head, "title": case.title})
    if updated.rowcount != 1:  # cannot happen while the row is locked; refuse rather than overwrite
        raise Conflict(case.id, case.version, -1)
    case.version, case.head_hash = seq, head
    if case.state != from_state:
        tx.execute(env.sql.close_tasks, {"case_id": case.id, "now": db.ts(now), "seq": seq})
        tx.execute(env.sql.obsolete_timers, {"case_id": case.id})
        _enter(tx, env, spec, case, seq, now)
    else:
        if t.completes_task:
            _complete_own_task(tx, env, case, actor, seq, now)
        if t.reset_deadlines:
            _reset_deadlines(tx, env, spec, case, seq, now)
    _notify(tx, env, case, t.notify, ctx, now)


def _follow_up(tx: RawTransaction, env: Env, spec: WorkflowSpec, entry: Registered, case: CaseState,
               now: datetime) -> None:
    """Take the automatic actions the case's state allows, one after another."""
    for _ in range(MAX_AUTOMATIC):
        for t in spec.transitions_from(case.state):
            if t.auto and _guards_pass(spec, t, case, now, tx, env):
                _move(tx, env, entry, case, t, SYSTEM_ACTOR, {}, now)
                break
        else:
            return
    raise RuntimeError(f"{spec.name} v{spec.version}: more than {MAX_AUTOMATIC} automatic actions in a row")


def _guards_pass(spec: WorkflowSpec, t: Transition, case: CaseState, now: datetime, tx: RawTransaction,
                 env: Env) -> bool:
    ctx = ActionContext(case.id, spec.name, case.organisation_id, case.state, t.trigger, None, case.created_by,
                        {}, dict(case.data), now, TxAccess(tx, env))
    return all(refusal(spec.guards[g](ctx)) is None for g in t.guards)


def fire(env: Env, actor: Actor, case_id: int, trigger: str, form: dict[str, Any] | None = None,
         expected_version: int | None = None, uploads: list[Upload] | None = None) -> Outcome:
    """Fire ``trigger`` on a case; ``expected_version`` is the version the user saw (None: any)."""
    files = _check_uploads(env, uploads)
    with env.db.transaction() as tx:
        return fire_in(tx, env, actor, case_id, trigger, form, expected_version, files)


def fire_in(tx: RawTransaction, env: Env, actor: Actor, case_id: int, trigger: str,
            form: dict[str, Any] | None = None, expected_version: int | None = None,
            files: Sequence[attachments.Checked] = ()) -> Outcome:
    """Fire inside a transaction the caller owns (the scheduler marks its timer fired in the same one)."""
    now = env.clock.now()
    case, entry = _load(tx, env, case_id)
    if expected_version is not None and expected_version != case.version:
        raise Conflict(case_id, expected_version, case.version)
    spec = entry.spec
    t = spec.transition(case.state, trigger)
    if t is None or (t.auto and not actor.system):
        raise TransitionNotAllowed(trigger, case.state, allowed_triggers(tx, env, actor, spec, case))
    if not _may_fire(tx, env, actor, t, case):
        if t.org.startswith(DATA) and not resolve_orgs(tx, env, t.org, case.organisation_id, case.data):
            resolve_org(tx, env, t.org, case.organisation_id, case.data)  # names the missing field
        raise PermissionDenied(t.label.en, t.roles)
    cleaned = validate_form(fields_for(t.fields, case.data), form)
    if files and not t.accepts_files:
        raise ValidationFailed({"attachments": [i18n.UNKNOWN_FIELD]})
    if t.fields:
        _check_refs(tx, env, t.fields, cleaned)
    _move(tx, env, entry, case, t, actor, cleaned, now, files)
    _follow_up(tx, env, spec, entry, case, now)
    return Outcome(case_id, case.state, case.version)
