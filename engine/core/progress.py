"""A case's progress line, from its workflow's main path (``WorkflowSpec.main_path``) and its history: the steps
done with the day each was reached, the step it stands in with who holds it and the time left, the steps to come.

A step off the main path (returned for revision, suspended, an extension asked) stands after the last milestone
the case reached; a case that ended off the path (withdrawn, not accepted) has no steps to come. A milestone the
case passed through in the same instant (an endorsement a union does not require) is not listed as done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import sqlalchemy as sa

from engine.core import i18n
from engine.core.env import Env
from engine.core.i18n import Label
from engine.core.spec import STARTER, Milestone, WorkflowSpec
from engine.core.views import CaseView
from engine.store.models import Timer
from engine.time.calendar import TZ

Status = Literal["done", "current", "todo", "end"]


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds the current step: a user, or a role in an organisation."""

    user_id: int | None = None
    role: str | None = None
    role_label: Label | None = None
    organisation_id: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the line."""

    state: str | None  # the state the case stood in (None for a step to come with alternatives)
    label: Label
    status: Status
    since: datetime | None = None  # when the case reached it (done and current steps)
    holders: tuple[Holder, ...] = ()
    due: datetime | None = None  # the current step's earliest deadline (the moment it passes)
    days_left: int | None = None  # whole days from today to the deadline's last day, Asia/Shanghai; < 0: overdue

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass(frozen=True, slots=True)
class Entered:
    """A history entry as the line reads it: the state entered, when, from where and by which action."""

    to_state: str
    at: datetime
    from_state: str | None = None
    trigger: str = ""


@dataclass(frozen=True, slots=True)
class Waiting:
    """An open task of the current step: its holder and when it is due."""

    user_id: int | None
    role: str | None
    organisation_id: int | None
    due_at: datetime | None


def last_day(due: datetime) -> date:
    """The last day of a deadline that passes at ``due`` (a day's deadline passes at 24:00 of its last day)."""
    return (due.astimezone(TZ) - timedelta(microseconds=1)).date()


def days_left(due: datetime, now: datetime) -> int:
    """Days from today to the deadline's last day, in Asia/Shanghai: 0 on the day itself, negative once passed."""
    if now >= due:
        return min(-1, (last_day(due) - now.astimezone(TZ).date()).days)
    return (last_day(due) - now.astimezone(TZ).date()).days


def _visits(spec: WorkflowSpec, entries: Sequence[Entered]) -> dict[str, tuple[datetime, bool, int]]:
    """Each state's last arrival (an action staying in its state is none): when, whether the case stopped there
    (it did not leave it at once by an automatic action), and its place in the history."""
    found: dict[str, tuple[datetime, bool, int]] = {}
    for i, e in enumerate(entries):
        if e.from_state == e.to_state:
            continue
        nxt = entries[i + 1] if i + 1 < len(entries) else None
        t = spec.transition(e.to_state, nxt.trigger) if nxt is not None and nxt.at == e.at else None
        found[e.to_state] = (e.at, t is None or not t.auto or t.dest == e.to_state, i)
    return found


def _label(spec: WorkflowSpec, m: Milestone, state: str | None) -> Label:
    if state is not None:
        return spec.state(state).label
    return m.label or spec.state(m.states[0]).label


def compute(spec: WorkflowSpec, state: str, entries: Sequence[Entered], waiting: Iterable[Waiting],
            deadlines: Iterable[datetime], now: datetime) -> list[Step]:
    """The progress line of a case of ``spec`` standing in ``state``; ``entries`` are its history in order (the
    start included), ``waiting`` its open tasks, ``deadlines`` its current step's pending deadlines."""
    path = spec.main_path()
    index = {s: i for i, m in enumerate(path) for s in m.states}
    visits = _visits(spec, entries)
    here = index.get(state)
    if here is None:  # off the path: after the last milestone the case reached
        reached = [index[e.to_state] for e in entries if e.to_state in index and e.to_state != state]
        anchor = reached[-1] if reached else -1
        done_until, rest_from = anchor + 1, anchor + 1
    else:
        done_until, rest_from = here, here + 1
    steps: list[Step] = []
    for m in path[:done_until]:
        seen = [s for s in m.states if s in visits and visits[s][1]]
        if seen:
            s = max(seen, key=lambda name: visits[name][2])
            steps.append(Step(s, _label(spec, m, s), "done", visits[s][0]))
    final = spec.state(state).final
    since = visits[state][0] if state in visits else None
    if final:
        steps.append(Step(state, spec.state(state).label, "done" if here is not None else "end", since))
        return steps
    tasks = list(waiting)
    holders = tuple(Holder(t.user_id, t.role, (i18n.STARTER if t.role == STARTER else spec.roles.get(t.role))
                           if t.role else None, t.organisation_id)
                    for t in tasks)
    dues = [d for d in (*deadlines, *(t.due_at for t in tasks)) if d is not None]
    due = min(dues) if dues else None
    steps.append(Step(state, spec.state(state).label, "current", since, holders, due,
                      days_left(due, now) if due else None))
    for m in path[rest_from:]:
        steps.append(Step(m.states[0] if len(m.states) == 1 else None, _label(spec, m, None), "todo"))
    return steps


def for_case(env: Env, view: CaseView) -> list[Step]:
    """The progress line of a case its reader sees (``view`` from ``case_view``): its step's pending deadlines are
    read beside the history and tasks the view holds."""
    timers = Timer.__table__
    with env.db.read() as conn:
        deadlines = list(conn.execute(sa.select(timers.c.due_at).where(
            timers.c.case_id == view.summary.id, timers.c.status == "pending", timers.c.kind == "deadline",
            timers.c.state == view.summary.state)).scalars())
    spec = env.registry.get(view.summary.workflow, view.summary.spec_version).spec
    entries = [Entered(e.to_state, e.created_at, e.from_state, e.trigger) for e in view.history]
    waiting = [Waiting(t.user_id, t.role, t.organisation_id, t.due_at) for t in view.open_tasks]
    return compute(spec, view.summary.state, entries, waiting, deadlines, env.clock.now())
