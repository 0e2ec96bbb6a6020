"""Firing due timers: a deadline's trigger, an overdue escalation, or a reminder, each in one transaction.

The case row is locked first and the timer after it, the same order as a user's action, so the scheduler and
the web never deadlock; the timer is marked fired in the transaction that does its work, so a crash at any
point neither loses nor repeats it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core import writes
from engine.core.context import SYSTEM_ACTOR, ActionContext, Recipient
from engine.core.env import Env
from engine.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from engine.core.permissions import resolve_orgs
from engine.core.recorded import repeat_for
from engine.core.runtime import CaseState, fire_in, load_case
from engine.core.spec import STARTER, Notify, TimerSpec, WorkflowSpec
from engine.store.database import RawTransaction
from engine.store.models import Task, Timer

log = logging.getLogger(__name__)
timers, tasks = Timer.__table__, Task.__table__
FIRED, OBSOLETE, SKIPPED = "fired", "obsolete", "skipped"


class _Sql:
    """This module's prepared statements, one set per database."""

    def __init__(self, env: Env) -> None:
        prep = env.db.prepare
        t = timers.c
        self.timer = prep(sa.select(t.case_id, t.state, t.kind, t.trigger, t.status, t.due_at, t.entered_seq)
                          .where(t.id == p("id")).with_for_update())
        self.case_of = prep(sa.select(t.case_id).where(t.id == p("id")))
        self.mark = prep(timers.update().where(t.id == p("id")).values(status=p("status"), fired_at=p("now")))
        self.retire = prep(timers.update().where(t.id == p("id"), t.status == "pending").values(status="obsolete"))
        self.due = prep(sa.select(t.id).where(t.status == "pending", t.due_at <= p("now"))
                        .order_by(t.due_at, t.id).limit(p("limit")))
        self.open_tasks = prep(sa.select(tasks.c.role, tasks.c.organisation_id, tasks.c.user_id, tasks.c.due_at)
                               .where(tasks.c.case_id == p("case_id"), tasks.c.status == "open",
                                      tasks.c.kind == "task"))
        self.supervision = prep(tasks.insert().inline().values(
            case_id=p("case_id"), state=p("state"), role=p("role"), organisation_id=p("organisation_id"),
            user_id=p("user_id"), status="open", kind="supervision", due_at=p("due_at"), created_at=p("now")))
        self.repeat = prep(timers.insert().inline().values(
            case_id=p("case_id"), state=p("state"), entered_seq=p("entered_seq"), kind="overdue", trigger=None,
            due_at=p("due_at"), provisional=p("provisional"), status="pending", created_at=p("now")))


def _sql(env: Env) -> _Sql:
    found = env.db.__dict__.get("_deadline_sql")
    if found is None:
        found = env.db.__dict__["_deadline_sql"] = _Sql(env)
    return found


def due_timers(env: Env, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Ids of pending timers due by ``now``, the oldest first."""
    now = now or env.clock.now()
    with env.db.read() as conn:
        rows = env.db.raw(conn).all(_sql(env).due, {"now": env.db.ts(now), "limit": limit})
    return [r[0] for r in rows]


def _timer_spec(spec: WorkflowSpec, state: str, trigger: str | None) -> TimerSpec | None:
    return next((t for t in spec.state(state).timers if t.trigger == trigger), None)


def _ctx(spec: WorkflowSpec, case: CaseState, trigger: str, now: datetime) -> ActionContext:
    return ActionContext(case.id, spec.name, case.organisation_id, case.state, trigger, None, case.created_by,
                         {}, case.data, now)


def _remind(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, kind: str, now: datetime) -> None:
    """Remind whoever holds the case's open tasks, naming each task's deadline."""
    ctx = _ctx(spec, case, kind, now)
    for role, org, user, due_at in tx.all(_sql(env).open_tasks, {"case_id": case.id}):
        recipient = Recipient(user_id=user) if user is not None else Recipient(role=role, organisation_id=org)
        due = env.db.load_ts(due_at).isoformat() if due_at is not None else None
        ctx.notify(recipient, kind, state=case.state, due_at=due)
    writes.notify(tx, env, case, (), ctx, now)


def _escalate(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: CaseState, timer: TimerSpec,
              entered_seq: int, due_at: Any, now: datetime) -> None:
    """A deadline passed: open the supervision task (due at that deadline, so that it shows as overdue), tell
    those the policy names, and plan the next reminder."""
    sql, db, overdue = _sql(env), env.db, timer.overdue
    _remind(tx, env, spec, case, "overdue", now)
    if overdue is None:
        return
    if overdue.supervise is not None:
        task = overdue.supervise
        rows = ([{"role": None, "organisation_id": None, "user_id": case.created_by}] if task.role == STARTER else
                [{"role": task.role, "organisation_id": org, "user_id": None}
                 for org in resolve_orgs(tx, env, task.org, case.organisation_id, case.data)])
        due = db.ts(db.load_ts(due_at))
        tx.executemany(sql.supervision, [{**r, "case_id": case.id, "state": case.state, "due_at": due,
                                          "now": db.ts(now)} for r in rows])
    notify: tuple[Notify, ...] = overdue.notify
    writes.notify(tx, env, case, notify, _ctx(spec, case, "overdue", now), now)
    _plan_repeat(tx, env, case, repeat_for(overdue, case.data), entered_seq, now)


def _plan_repeat(tx: RawTransaction, env: Env, case: CaseState, repeat: Any, entered_seq: int,
                 now: datetime) -> None:
    if repeat is None:
        return
    due = env.calendar.due(now, repeat)
    tx.execute(_sql(env).repeat, {"case_id": case.id, "state": case.state, "entered_seq": entered_seq,
                                  "due_at": env.db.ts(due.at), "provisional": due.provisional,
                                  "now": env.db.ts(now)})


def fire_timer(env: Env, timer_id: int) -> str:
    """Do one due timer's work and mark it fired, in one transaction; ``obsolete`` when it no longer applies."""
    sql, db = _sql(env), env.db
    now = env.clock.now()
    try:
        with db.transaction() as tx:
            found = tx.one(sql.case_of, {"id": timer_id})
            if found is None:
                return SKIPPED
            case, entry = load_case(tx, env, found[0])  # the case first: the lock order of every action
            row = tx.one(sql.timer, {"id": timer_id})
            if row is None or row[4] != "pending":
                return SKIPPED
            _case_id, state, kind, trigger, _status, due_at, entered_seq = row
            spec = entry.spec
            outcome = FIRED
            if state != case.state:
                outcome = OBSOLETE
            elif kind == "reminder":
                _remind(tx, env, spec, case, "reminder", now)
            elif kind == "overdue":
                _remind(tx, env, spec, case, "overdue", now)
                timer_spec = _timer_spec(spec, case.state, None)
                _plan_repeat(tx, env, case, repeat_for(timer_spec.overdue if timer_spec else None, case.data),
                             entered_seq, now)
            elif trigger is not None:
                fire_in(tx, env, SYSTEM_ACTOR, case.id, trigger)
            else:
                timer_spec = _timer_spec(spec, case.state, None)
                if timer_spec is not None:
                    _escalate(tx, env, spec, case, timer_spec, entered_seq, due_at, now)
            tx.execute(sql.mark, {"id": timer_id, "status": outcome, "now": db.ts(now)})
            return outcome
    except (TransitionNotAllowed, PermissionDenied, ValidationFailed) as err:
        # The case refuses the trigger (a guard, a changed spec): retrying would fail forever, so it is retired.
        # Anything else (a workflow this process lacks, a lost database) raises and the timer stays pending.
        log.warning("timer %s could not fire: %s", timer_id, err)
        with db.transaction() as tx:
            tx.execute(sql.retire, {"id": timer_id})
        return OBSOLETE
