"""Workflow specs as data: states, transitions, roles, forms, tasks and timers, checked at registration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.core.context import ActionContext
from engine.core.errors import SpecError
from engine.core.i18n import Label

Unit = Literal["days", "workdays", "hours"]
FieldKind = Literal["str", "text", "int", "bool", "date", "choice", "choices", "org", "orgs", "user", "users",
                    "case"]
GuardResult = Label | Mapping[str, Label] | None
Guard = Callable[[ActionContext], GuardResult]
Effect = Callable[[ActionContext], None]

# Roles every workflow has without declaring them.
STARTER = "starter"  # the user who started the case
SYSTEM = "system"  # the scheduler firing a deadline
BUILTIN_ROLES = frozenset({STARTER, SYSTEM})
UNITS = ("days", "workdays", "hours")
FIELD_KINDS = ("str", "text", "int", "bool", "date", "choice", "choices", "org", "orgs", "user", "users", "case")
DATA = "data:"  # a scope or role read from the case's data: "data:lead_department"
MEMBERS = "members"  # as a reader: anyone holding any role in the organisation, above it or below it


@dataclass(frozen=True, slots=True)
class Period:
    """A length of time counted by the calendar rules: calendar days, working days or hours."""

    amount: int
    unit: Unit = "days"

    @classmethod
    def parse(cls, text: str) -> Period:
        """A period written as text: ``"3 workdays"``, ``"0 days"``, ``"48 hours"`` (as ``str`` writes it)."""
        amount, _, unit = str(text).strip().partition(" ")
        unit = unit.strip()
        if not amount.isdigit() or unit not in UNITS:
            raise ValueError(f"{text!r} is not a period like '3 workdays' or '0 days'")
        return cls(int(amount), unit)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@dataclass(frozen=True, slots=True)
class Field:
    """One form field an action takes; validated by ``engine.core.forms``."""

    name: str
    label: Label
    kind: FieldKind = "str"
    required: bool = True
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[str, ...] = ()
    store: bool = True  # merge into the case's data (else kept only in the history entry)
    choice_labels: Mapping[str, Label] | None = None  # what a page shows for each choice
    help: Label | None = None  # a hint shown under the field
    # ``data:<key>[.<key>]``: the choices the case recorded when it started, used instead of ``choices``
    # (which still serve a case that recorded none), so a change of configuration leaves running cases alone.
    choices_from: str | None = None

    def choice_label(self, value: str) -> Label:
        found = (self.choice_labels or {}).get(value)
        return found if found is not None else Label(value, value)


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """The inbox tasks a state opens: for a role in an organisation (``case``, ``parent``, or
    ``data:<field>`` holding one organisation or a list: one task each), for the starter, or for each user
    listed in ``users`` (``data:<field>``)."""

    role: str
    org: str = "case"
    label: Label | None = None
    users: str | None = None


@dataclass(frozen=True, slots=True)
class Notify:
    """A notification a transition queues: to the holders of ``role`` in ``org``, or the starter."""

    to: str
    kind: str
    org: str = "case"


@dataclass(frozen=True, slots=True)
class Overdue:
    """What happens when a deadline without a trigger passes: a supervision task, notifications, and
    reminders repeated every ``repeat`` while the case stays overdue."""

    supervise: TaskSpec | None = None
    notify: tuple[Notify, ...] = ()
    repeat: Period | None = Period(3, "workdays")
    repeat_from: str | None = None  # ``data:<key>[.<key>]``: the case's recorded repeat (a period's text or null)


@dataclass(frozen=True, slots=True)
class TimerSpec:
    """A deadline a state starts: after ``period``, or at the end of the date in ``due``
    (``data:<field>``), fire ``trigger`` (if any), with reminders before; ``overdue`` when it passes."""

    period: Period | None = None
    trigger: str | None = None
    remind_before: tuple[Period, ...] = ()
    due: str | None = None
    overdue: Overdue | None = None
    remind_from: str | None = None  # ``data:<key>[.<key>]``: the case's recorded reminders (periods' texts)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who may read a case: holders of ``role`` in the organisation ``org`` points at or above it, the
    ``starter``, the users a ``data:<field>`` lists, or ``members`` (anyone holding a role in that organisation,
    above it or below it: its staff)."""

    role: str
    org: str = "case"


@dataclass(frozen=True, slots=True)
class State:
    """A step. Its readers are those it declares, the workflow's readers for every step, and whoever may act
    in it now (an action's roles, a task's holders): nobody else reads a case in this step."""

    name: str
    label: Label
    final: bool = False
    tasks: tuple[TaskSpec, ...] = ()
    timers: tuple[TimerSpec, ...] = ()
    readers: tuple[Reader, ...] = ()


@dataclass(frozen=True, slots=True)
class Transition:
    """An action: ``trigger`` moves a case from any of ``source`` to ``dest``.

    ``roles`` may fire it when held in the organisation ``org`` points at (or an ancestor of it); a role
    ``data:<field>`` is held by the users listed in that field of the case's data. An ``auto`` action is
    taken by the engine, in the same transaction, as soon as the case stands in a source state and its
    guards pass. ``completes_task`` closes the actor's own task when the action stays in the state;
    ``reset_deadlines`` rewrites the state's deadlines (e.g. after an extension).
    """

    trigger: str
    source: tuple[str, ...]
    dest: str
    label: Label
    roles: tuple[str, ...]
    org: str = "case"
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    notify: tuple[Notify, ...] = ()
    auto: bool = False
    completes_task: bool = False
    reset_deadlines: bool = False
    accepts_files: bool = False
    offer_if: tuple[str, ...] = ()  # guards on the case alone: the action is not offered while one refuses


@dataclass(frozen=True, slots=True)
class Start:
    """Who may start a case (holding a role in the case's organisation) and the form it takes."""

    roles: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    notify: tuple[Notify, ...] = ()
    accepts_files: bool = False
    title_max: int = 300  # the case's title is at most this long


@dataclass(frozen=True)
class Migration:
    """How a workflow's cases move from one version to another: each state's name in the new version, and
    what is done to the case's data (``upgrade_data`` gets a copy and returns the new data).

    A state missing from ``state_map`` is one no case may be moved out of: such cases are refused, by name.
    """

    workflow: str
    from_version: int
    to_version: int
    state_map: Mapping[str, str]
    upgrade_data: Callable[[dict[str, Any]], dict[str, Any]] | None = None


@dataclass(frozen=True)
class WorkflowSpec:
    """One version of a workflow. Immutable: a change is a new version, running cases keep theirs."""

    name: str
    version: int
    label: Label
    roles: Mapping[str, Label]
    states: tuple[State, ...]
    initial: str
    start: Start
    transitions: tuple[Transition, ...]
    guards: Mapping[str, Guard] = field(default_factory=dict)
    effects: Mapping[str, Effect] = field(default_factory=dict)
    readers: tuple[Reader, ...] = ()  # who reads a case in every step

    def state(self, name: str) -> State:
        return self._states[name]

    @property
    def _states(self) -> dict[str, State]:
        cached = self.__dict__.get("_states_cache")
        if cached is None:
            cached = {s.name: s for s in self.states}
            object.__setattr__(self, "_states_cache", cached)
        return cached

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        """Every transition that can fire from ``state``, in spec order."""
        table = self.__dict__.get("_from_cache")
        if table is None:
            table = {}
            for t in self.transitions:
                for s in t.source:
                    table.setdefault(s, []).append(t)
            table = {k: tuple(v) for k, v in table.items()}
            object.__setattr__(self, "_from_cache", table)
        return table.get(state, ())

    def transition(self, state: str, trigger: str) -> Transition | None:
        for t in self.transitions_from(state):
            if t.trigger == trigger:
                return t
        return None


def _reader_problems(spec: WorkflowSpec) -> list[str]:
    """Readers name a role of the workflow, the starter, members, or users in a data field, in a known scope."""
    problems = []
    known = set(spec.roles) | {STARTER, MEMBERS}
    for where, readers in [("every step", spec.readers), *((f"step {s.name!r}", s.readers) for s in spec.states)]:
        for r in readers:
            if r.role not in known and not (r.role.startswith(DATA) and r.role[len(DATA):]):
                problems.append(f"reader {r.role!r} of {where} is not a role of the workflow")
            if r.org not in ("case", "parent") and not (r.org.startswith(DATA) and r.org[len(DATA):]):
                problems.append(f"reader {r.role!r} of {where} has an unknown scope {r.org!r}")
    return problems


def validate(spec: WorkflowSpec) -> None:
    """Refuse an inconsistent spec with a message naming every culprit."""
    problems: list[str] = _reader_problems(spec)
    where = f"{spec.name} v{spec.version}"
    if not spec.name.isidentifier():
        problems.append(f"workflow name {spec.name!r} must be an identifier")
    if spec.version < 1:
        problems.append(f"{where}: version must be 1 or more")
    names = [s.name for s in spec.states]
    known = set(names)
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"state {dup!r} is defined twice")
    if spec.initial not in known:
        problems.append(f"initial state {spec.initial!r} is not a defined state")
    for clash in sorted(BUILTIN_ROLES & set(spec.roles)):
        problems.append(f"role {clash!r} is built in and cannot be redefined")
    roles = set(spec.roles) | BUILTIN_ROLES

    def check_roles(what: str, wanted: tuple[str, ...]) -> None:
        if not wanted:
            problems.append(f"{what} names no role")
        for r in wanted:
            if r not in roles and not (r.startswith(DATA) and r[len(DATA):]):
                problems.append(f"{what} names role {r!r}, which is not defined")

    def check_org(what: str, org: str) -> None:
        if org in ("case", "parent"):
            return
        if org.startswith(DATA) and org[len(DATA):]:
            return
        problems.append(f"{what} has organisation scope {org!r}: use 'case', 'parent' or 'data:<field>'")

    def check_fields(what: str, fields_: tuple[Field, ...]) -> set[str]:
        seen: set[str] = set()
        for f in fields_:
            if f.name in seen:
                problems.append(f"{what} takes field {f.name!r} twice")
            seen.add(f.name)
            if f.kind not in FIELD_KINDS:
                problems.append(f"{what} field {f.name!r} has unknown kind {f.kind!r}")
            if f.kind in ("choice", "choices") and not f.choices:
                problems.append(f"{what} field {f.name!r} is a choice without choices")
            check_ref(f"{what} field {f.name!r} takes its choices from", f.choices_from)
        return seen

    def check_ref(what: str, ref: str | None) -> None:
        if ref is not None and not (ref.startswith(DATA) and ref[len(DATA):]):
            problems.append(f"{what} {ref!r}: use 'data:<field>'")

    def check_callables(what: str, guards: tuple[str, ...], effects: tuple[str, ...]) -> None:
        for g in guards:
            if g not in spec.guards:
                problems.append(f"{what} names guard {g!r}, which is not defined")
        for e in effects:
            if e not in spec.effects:
                problems.append(f"{what} names effect {e!r}, which is not defined")

    def check_notify(what: str, notify: tuple[Notify, ...]) -> None:
        for n in notify:
            if n.to not in roles or n.to == SYSTEM:
                problems.append(f"{what} notifies {n.to!r}, which is not a defined role")
            check_org(f"{what} notification", n.org)

    check_roles("start", spec.start.roles)
    check_fields("start", spec.start.fields)
    check_callables("start", spec.start.guards, spec.start.effects)
    check_notify("start", spec.start.notify)

    per_state: dict[str, set[str]] = {}
    for t in spec.transitions:
        what = f"transition {t.trigger!r}"
        if not t.trigger.isidentifier():
            problems.append(f"{what}: a trigger must be an identifier")
        if not t.source:
            problems.append(f"{what} has no source state")
        for s in t.source:
            if s not in known:
                problems.append(f"{what} starts from unknown state {s!r}")
            elif t.trigger in per_state.setdefault(s, set()):
                problems.append(f"trigger {t.trigger!r} is defined twice from state {s!r}")
            per_state.setdefault(s, set()).add(t.trigger)
        if t.dest not in known:
            problems.append(f"{what} leads to unknown state {t.dest!r}")
        check_roles(what, t.roles)
        check_org(what, t.org)
        check_fields(what, t.fields)
        check_callables(what, t.guards + t.offer_if, t.effects)
        check_notify(what, t.notify)
        if t.auto and (t.roles != (SYSTEM,) or t.fields):
            problems.append(f"{what} is automatic: its only role is 'system' and it takes no form")
        if t.auto and t.dest in t.source:
            problems.append(f"{what} is automatic and stays in its state: it would loop")

    for s in spec.states:
        what = f"state {s.name!r}"
        outgoing = per_state.get(s.name, set())
        if s.final and outgoing:
            problems.append(f"{what} is final but has actions: {', '.join(sorted(outgoing))}")
        if not s.final and not outgoing:
            problems.append(f"{what} is a dead end: not final and no action leaves it")
        for task in s.tasks:
            if task.users is not None:
                if not (task.users.startswith(DATA) and task.users[len(DATA):]):
                    problems.append(f"{what} opens tasks for users {task.users!r}: use 'data:<field>'")
            elif task.role not in roles or task.role == SYSTEM:
                problems.append(f"{what} opens a task for role {task.role!r}, which is not defined")
            check_org(f"{what} task", task.org)
        for timer in s.timers:
            if (timer.period is None) == (timer.due is None):
                problems.append(f"{what} has a timer that needs either a period or a due date field")
            elif timer.due is not None and not (timer.due.startswith(DATA) and timer.due[len(DATA):]):
                problems.append(f"{what} has a timer due at {timer.due!r}: use 'data:<field>'")
            elif timer.period is not None and (timer.period.unit not in UNITS or timer.period.amount < 1):
                problems.append(f"{what} has a timer with a bad period {timer.period}")
            for r in timer.remind_before:
                if r.unit not in UNITS or r.amount < 0:
                    problems.append(f"{what} has a reminder with a bad period {r}")
            check_ref(f"{what} has a timer reminding from", timer.remind_from)
            check_ref(f"{what} has a timer repeating from", timer.overdue.repeat_from if timer.overdue else None)
            if timer.overdue is not None:
                if timer.trigger is not None:
                    problems.append(f"{what} has a timer with both a trigger and an overdue escalation")
                task = timer.overdue.supervise
                if task is not None and (task.role not in roles or task.role in BUILTIN_ROLES):
                    problems.append(f"{what} supervises overdue cases by role {task.role!r}, which is not defined")
                if task is not None:
                    check_org(f"{what} supervision", task.org)
                check_notify(f"{what} overdue", timer.overdue.notify)
            if timer.trigger is not None:
                t = spec.transition(s.name, timer.trigger) if s.name in known else None
                if t is None:
                    problems.append(f"{what} has a timer firing {timer.trigger!r}, not an action from it")
                elif SYSTEM not in t.roles:
                    problems.append(f"{what} has a timer firing {timer.trigger!r}, which role 'system' "
                                    "may not fire")

    if spec.initial in known:
        reached = {spec.initial}
        frontier = [spec.initial]
        while frontier:
            here = frontier.pop()
            for t in spec.transitions_from(here):
                if t.dest in known and t.dest not in reached:
                    reached.add(t.dest)
                    frontier.append(t.dest)
        for name in names:
            if name not in reached:
                problems.append(f"state {name!r} is unreachable from {spec.initial!r}")

    if problems:
        raise SpecError(spec.name, problems)
