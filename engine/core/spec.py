"""Workflow specs as data: states, transitions, roles, forms, tasks and timers, checked at registration
(by ``engine.core.spec_checks``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.core.context import ActionContext
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
    # ``data:<key>[.<key>]``: "HH:MM", when a ``due`` date's last day ends for an act at an office with business
    # hours (《民法典》 art. 203(2): when business stops); "24:00" or nothing: at 24:00
    closes_from: str | None = None


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
    ``reset_deadlines`` rewrites the state's deadlines (e.g. after an extension) and ends the supervision of a
    deadline that passed; ``reopen_tasks`` closes the state's open tasks and opens them anew from the case's
    data (another department named, one released), after the deadlines when both are set. ``confirm`` is the
    consequence a person must confirm before the action is taken (an irreversible step), in their language.
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
    reopen_tasks: bool = False
    accepts_files: bool = False
    offer_if: tuple[str, ...] = ()  # guards on the case alone: the action is not offered while one refuses
    confirm: Label | None = None


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


MAX_INDEXED = 3  # the key columns a case has for its workflow's indexed data keys


@dataclass(frozen=True, slots=True)
class Rollup:
    """Counts of a workflow's cases kept up to date by every action, so that figures over thousands of cases read
    a few rows: how many cases of an organisation (and of each value of the data key ``scope``) fall in each group
    of ``keys``. A key is ``state``; ``data.<key>`` (a value of the case's data); ``has.<trigger>`` (whether the
    case had that action); ``day.<trigger>`` (the calendar day of its first one); or ``span.<from>.<to>`` (the days
    from the first ``from`` to the first ``to``, to the tenth of a day; the exact days are summed beside), as
    ``count_cases`` and ``days_between`` group them."""

    name: str
    keys: tuple[str, ...]
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    """A step of a workflow's main path, as a case's progress line shows it: one state, or states that stand
    for the same step in turn (the reply either side awaits), named by ``label`` until the case reaches one."""

    states: tuple[str, ...]
    label: Label | None = None


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
    # Data keys the lists filter on, at most MAX_INDEXED: their values (a number or a text) are kept in the case's
    # key columns in this order. Naming new ones needs a migration that fills the columns for existing cases.
    indexed: tuple[str, ...] = ()
    # Counts kept by every action (a migration or ``unionflow db upgrade`` fills them for existing cases).
    rollups: tuple[Rollup, ...] = ()
    # The main path from the initial state to an ending, in order (a state's name or a Milestone): the progress
    # line's steps. None declared: the path the first action of each state takes.
    milestones: tuple[str | Milestone, ...] = ()

    def main_path(self) -> tuple[Milestone, ...]:
        """The milestones as declared, or else the path the first action out of each state takes to an ending."""
        if self.milestones:
            return tuple(m if isinstance(m, Milestone) else Milestone((m,)) for m in self.milestones)
        path, here = [self.initial], self.initial
        while here in self._states and not self.state(here).final:
            nxt = next((t.dest for t in self.transitions_from(here) if t.dest not in path), None)
            if nxt is None:
                break
            path.append(here := nxt)
        return tuple(Milestone((name,)) for name in path)

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
