"""Starting cases and firing triggers: one transaction per action, everything or nothing.

Firing loads and locks the case, checks the expected version, the transition, the actor's role and the form,
moves the state on the shared machine (guards, then effects), appends the chained history entry, closes and
opens inbox tasks, retires and writes timers, queues notifications, takes any automatic action the new state
allows, and commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine.core import attachments, comments, i18n, readers, rollups, writes
from engine.core.context import (
    SYSTEM_ACTOR,
    ActionContext,
    Actor,
    Peek,
    Upload,
)
from engine.core.env import Env
from engine.core.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from engine.core.forms import bad_characters, validate_form
from engine.core.i18n import Label
from engine.core.permissions import held_roles, ids, may_act, resolve_org, resolve_orgs
from engine.core.recorded import fields_for
from engine.core.registry import Binding, Registered, refusal, run_effects, run_guards
from engine.core.spec import DATA, Field, Period, Transition, WorkflowSpec
from engine.store.database import RawTransaction
from engine.store.history import GENESIS

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
    fired: list[tuple[str, datetime]] = field(default_factory=list)  # the actions this transaction appended


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

    def follower_starters(self, case_id: int) -> list[int]:
        """Who started the cases that follow this one (merged into it), once each, in order."""
        found = [row[1] for row in self.tx.all(self.env.sql.followers_of, {"id": case_id}) if row[1] is not None]
        return list(dict.fromkeys(found))

    def next_number(self, key: str) -> int:
        return self.tx.one(self.env.sql.next_number, {"name": key})[0]

    def holds(self, user_id: int, role: str, organisation_id: int) -> bool:
        return role in held_roles(self.tx, self.env, user_id, organisation_id)

    def last_day(self, start: datetime, amount: int, unit: str) -> date:
        """The last day of a period that starts with an event at ``start`` (calendar rules applied)."""
        return self.env.calendar.due(start, Period(amount, unit)).last_day  # type: ignore[arg-type]

    def count(self, start: datetime, amount: int, unit: str) -> tuple[date, bool]:
        """The last day of such a period, and whether it rests on a year whose holiday notice is not out."""
        due = self.env.calendar.due(start, Period(amount, unit))  # type: ignore[arg-type]
        return due.last_day, due.provisional

    def use(self, name: str) -> Any:
        """A capability a domain registered (``Registry.provide``), bound to this transaction."""
        found = self._used.get(name)
        if found is None:
            factory = self.env.registry.capabilities.get(name)
            if factory is None:
                raise LookupError(f"no workflow package provides {name!r}")
            found = self._used[name] = factory(self.tx, self.env)
        return found


# -- who may fire what --------------------------------------------------------------------------------------------
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
            if any(tx.one(stmt, {"id": v}) is None for v in ids(cleaned[f.name])):
                errors[f.name] = [message]
    if errors:
        raise ValidationFailed(errors)


# -- the two actions -----------------------------------------------------------------------------------------
def start(env: Env, actor: Actor, workflow: str, organisation_id: int, title: str,
          form: dict[str, Any] | None = None, uploads: list[Upload] | None = None) -> Outcome:
    """Start a case of the latest version of ``workflow`` in an organisation."""
    entry = env.registry.latest(workflow)
    spec = entry.spec
    title = (title or "").strip()
    limit = min(spec.start.title_max, TITLE_MAX)
    title_problem = i18n.REQUIRED if not title else i18n.BAD_CHARACTERS if bad_characters(title) else (
        i18n.TOO_LONG.format(max=limit, n=len(title)) if len(title) > limit else None)
    files = writes.check_uploads(env, uploads)
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
        payload = writes.changes({}, ctx.data, cleaned)
        payload["title"] = title
        if ctx.follows is not None:  # a renewal follows the agreement it renews
            payload["follows"] = ctx.follows
            tx.execute(env.sql.set_follows, {"id": case_id, "follows_id": ctx.follows})
        if files:
            payload["attachments"] = writes.attach(tx, env, case_id, 1, actor, files, now)
        case.head_hash = writes.append(tx, env, case, 1, START, None, actor, payload, now)
        case.version = 1
        tx.execute(env.sql.update_case, {"id": case_id, "old_version": 1, "state": case.state, "version": 1,
                                         "data": db.js(ctx.data), "now": db.ts(now), "head_hash": case.head_hash,
                                         "title": title, **writes.keys(spec, ctx.data)})
        writes.enter(tx, env, spec, case, 1, now)
        writes.notify(tx, env, case, spec.start.notify, ctx, now)
        _follow_up(tx, env, spec, entry, case, now)
        readers.write(tx, env, spec, case)
        rollups.write(tx, env, spec, case, case.fired, fresh=True)
    return Outcome(case_id, case.state, case.version)


def load_case(tx: RawTransaction, env: Env, case_id: int) -> tuple[CaseState, Registered]:
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
    payload = writes.changes(before, ctx.data, cleaned)
    if files:
        payload["attachments"] = writes.attach(tx, env, case.id, seq, actor, list(files), now)
    if ctx.follows is not None:
        payload["follows"] = ctx.follows
        tx.execute(env.sql.set_follows, {"id": case.id, "follows_id": ctx.follows})
    head = writes.append(tx, env, case, seq, t.trigger, from_state, actor, payload, now)
    updated = tx.execute(env.sql.update_case, {
        "id": case.id, "old_version": case.version, "state": case.state, "version": seq,
        "data": db.js(ctx.data), "now": db.ts(now), "head_hash": head, "title": case.title,
        **writes.keys(spec, ctx.data)})
    if updated.rowcount != 1:  # cannot happen while the row is locked; refuse rather than overwrite
        raise Conflict(case.id, case.version, -1)
    case.version, case.head_hash = seq, head
    if case.state != from_state:
        tx.execute(env.sql.close_tasks, {"case_id": case.id, "now": db.ts(now), "seq": seq})
        tx.execute(env.sql.obsolete_timers, {"case_id": case.id})
        writes.enter(tx, env, spec, case, seq, now)
    else:
        if t.completes_task:
            writes.complete_own_task(tx, env, case, actor, seq, now)
        if t.reset_deadlines:
            writes.reset_deadlines(tx, env, spec, case, seq, now)
        if t.reopen_tasks:
            writes.reopen_tasks(tx, env, spec, case, seq, now)
    writes.notify(tx, env, case, t.notify, ctx, now)


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
    files = writes.check_uploads(env, uploads)
    with env.db.transaction() as tx:
        return fire_in(tx, env, actor, case_id, trigger, form, expected_version, files)


def fire_in(tx: RawTransaction, env: Env, actor: Actor, case_id: int, trigger: str,
            form: dict[str, Any] | None = None, expected_version: int | None = None,
            files: Sequence[attachments.Checked] = ()) -> Outcome:
    """Fire inside a transaction the caller owns (the scheduler marks its timer fired in the same one)."""
    now = env.clock.now()
    case, entry = load_case(tx, env, case_id)
    if (expected_version is not None and expected_version != case.version
            and not comments.only_comments_since(tx, env, case_id, expected_version, case.version)):
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
    readers.write(tx, env, spec, case)
    rollups.write(tx, env, spec, case, case.fired)
    return Outcome(case_id, case.state, case.version)
