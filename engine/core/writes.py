"""What an action writes besides the case row: the history entry and the changes it records, the tasks and
timers of the state entered, the own task an action completes, notifications queued, and attachments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from engine.core import attachments, counted
from engine.core.context import ActionContext, Actor, Recipient, Upload
from engine.core.env import Env
from engine.core.permissions import held_roles, ids, resolve_orgs
from engine.core.recorded import closes_for, reminders_for
from engine.core.spec import DATA, MAX_INDEXED, STARTER, Notify, TimerSpec, WorkflowSpec
from engine.store.database import RawTransaction
from engine.store.history import event_hash
from engine.time.calendar import TZ

if TYPE_CHECKING:
    from engine.core.runtime import CaseState


def changes(before: dict[str, Any], after: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {"form": form}
    changed = {k: v for k, v in after.items() if k not in form and before.get(k, object()) != v}
    if changed:
        payload["set"] = changed
    removed = sorted(k for k in before if k not in after)
    if removed:
        payload["unset"] = removed
    return payload


def keys(spec: WorkflowSpec, data: dict[str, Any]) -> dict[str, str | None]:
    """The case's key columns: the values of the data keys its workflow indexes, as text (a list or a document
    is not indexed: its column stays empty)."""
    found: dict[str, str | None] = {f"key{n}": None for n in range(1, MAX_INDEXED + 1)}
    for n, key in enumerate(spec.indexed, start=1):
        value = data.get(key)
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            found[f"key{n}"] = str(value)
    return found


def _end_of_day(value: Any) -> datetime | None:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return datetime.combine(day + timedelta(days=1), time(0), TZ).astimezone(UTC) if day else None


def data_due(timer: TimerSpec, data: Mapping[str, Any]) -> datetime | None:
    """The due moment of a deadline on a date in the case's data: 24:00 of that day, or the office's closing
    time that day (``closes_from``)."""
    at = _end_of_day(data.get(timer.due[len(DATA):]))  # type: ignore[index]
    closes = closes_for(timer, data)
    if at is None or closes is None:
        return at
    day = (at.astimezone(TZ) - timedelta(days=1)).date()
    return datetime.combine(day, closes, TZ).astimezone(UTC)


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
            key = timer.due[len(DATA):]  # type: ignore[index]
            at, provisional = data_due(timer, case.data), counted.provisional(case.data, key)
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


def enter(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
           now: datetime) -> None:
    """Open the tasks and write the timers of the state the case has just entered."""
    timer_rows, first_due = _timers(env, spec, case, seq, now)
    tx.executemany(env.sql.insert_task, _task_rows(tx, env, spec, case, first_due, now))
    tx.executemany(env.sql.insert_timer, timer_rows)


def _task_rows(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, due: datetime | None,
               now: datetime) -> list[dict[str, Any]]:
    """The inbox tasks the state the case stands in opens, from the case's data, due at ``due``."""
    db, state = env.db, spec.state(case.state)
    task_rows = []
    base = {"case_id": case.id, "state": state.name, "due_at": db.ts(due) if due else None,
            "created_at": db.ts(now), "role": None, "organisation_id": None, "user_id": None, "kind": "task"}
    for task in state.tasks:
        if task.users is not None:
            task_rows += [{**base, "user_id": u} for u in ids(case.data.get(task.users[len(DATA):]))]
        elif task.role == STARTER:
            if case.created_by is not None:
                task_rows.append({**base, "user_id": case.created_by})
        else:
            task_rows += [{**base, "role": task.role, "organisation_id": org}
                          for org in resolve_orgs(tx, env, task.org, case.organisation_id, case.data)]
    return task_rows


def reopen_tasks(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
                 now: datetime) -> None:
    """Close the state's open tasks and open them anew from the case's data (a department replaced or released),
    due at the state's pending deadline; a supervision task stays as it is."""
    db = env.db
    tx.execute(env.sql.close_tasks_of_kind, {"case_id": case.id, "kind": "task", "now": db.ts(now), "seq": seq})
    due = tx.one(env.sql.first_deadline, {"case_id": case.id, "state": case.state})[0]
    tx.executemany(env.sql.insert_task, _task_rows(tx, env, spec, case, db.load_ts(due) if due else None, now))


def complete_own_task(tx: RawTransaction, env: Env, case: CaseState, actor: Actor, seq: int,
                       now: datetime) -> None:
    """Close the actor's own open task in the state (a co-signer's invitation, a co-department's request)."""
    for task_id, role, org, user in tx.all(env.sql.open_tasks_in, {"case_id": case.id, "state": case.state}):
        mine = user is not None and user == actor.user_id
        if not mine and role is not None and actor.user_id is not None:
            mine = role in held_roles(tx, env, actor.user_id, org)
        if mine:
            tx.execute(env.sql.close_task, {"id": task_id, "now": env.db.ts(now), "seq": seq})


def reset_deadlines(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, seq: int,
                     now: datetime) -> None:
    """Rewrite the state's deadlines from the case's data; the supervision of the deadline that passed ends."""
    tx.execute(env.sql.close_tasks_of_kind, {"case_id": case.id, "kind": "supervision", "now": env.db.ts(now),
                                             "seq": seq})
    tx.execute(env.sql.obsolete_timers, {"case_id": case.id})
    rows, first_due = _timers(env, spec, case, seq, now)
    tx.executemany(env.sql.insert_timer, rows)
    tx.execute(env.sql.set_task_due, {"case_id": case.id, "due_at": env.db.ts(first_due) if first_due else None})


def notify(tx: RawTransaction, env: Env, case: CaseState, notify: tuple[Notify, ...], ctx: ActionContext,
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


def append(tx: RawTransaction, env: Env, case: CaseState, seq: int, trigger: str, from_state: str | None,
            actor: Actor, payload: dict[str, Any], now: datetime) -> str:
    digest = event_hash(case.id, seq, trigger, from_state, case.state, actor.user_id, payload, now,
                        case.head_hash)
    tx.execute(env.sql.insert_event, {
        "case_id": case.id, "seq": seq, "trigger": trigger, "from_state": from_state, "to_state": case.state,
        "actor_id": actor.user_id, "payload": env.db.js(payload), "created_at": env.db.ts(now),
        "prev_hash": case.head_hash, "hash": digest})
    case.fired.append((trigger, now))
    return digest


def attach(tx: RawTransaction, env: Env, case_id: int, seq: int, actor: Actor,
            files: list[attachments.Checked], now: datetime) -> list[dict[str, Any]]:
    rows = [{"case_id": case_id, "seq": seq, "filename": f.filename, "content_type": f.content_type,
             "size": f.size, "sha256": f.sha256, "content": f.content, "uploaded_by": actor.user_id,
             "created_at": env.db.ts(now)} for f in files]
    tx.executemany(env.sql.insert_attachment, rows)
    return [{"filename": f.filename, "size": f.size, "sha256": f.sha256} for f in files]


def check_uploads(env: Env, uploads: list[Upload] | None) -> list[attachments.Checked]:
    if not uploads:
        return []
    return attachments.check(uploads, max_bytes=env.max_attachment_bytes, max_files=env.max_attachments)
