"""The checks a workflow spec must pass at registration, each returning the problems it finds."""

from __future__ import annotations

from engine.core.counted import COUNTED, MOVED
from engine.core.errors import SpecError
from engine.core.spec import (
    BUILTIN_ROLES,
    DATA,
    FIELD_KINDS,
    MAX_INDEXED,
    MEMBERS,
    STARTER,
    SYSTEM,
    UNITS,
    Field,
    Milestone,
    Notify,
    Overdue,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)


def validate(spec: WorkflowSpec) -> None:
    """Refuse an inconsistent spec with a message naming every culprit."""
    # Every check runs, in this order, so one registration names every problem at once.
    problems = [*_spec_problems(spec), *_start_problems(spec), *_transitions_problems(spec),
                *_states_problems(spec), *_unreachable_problems(spec), *_reader_problems(spec),
                *_rollup_problems(spec), *_milestone_problems(spec)]
    if problems:
        raise SpecError(spec.name, problems)


# The history entries the engine appends itself: a case's start, a move to a new version, a comment, a deadline
# a holiday notice moved.
RESERVED_TRIGGERS = ("start", "migrate", "comment", MOVED)


def _is_data_ref(ref: str) -> bool:
    """Whether ``ref`` reads a named key of the case's data: ``data:<field>``."""
    return ref.startswith(DATA) and bool(ref[len(DATA):])


def _roles(spec: WorkflowSpec) -> set[str]:
    """The roles a spec may name: its own and the built-in ones."""
    return set(spec.roles) | BUILTIN_ROLES


def _known(spec: WorkflowSpec) -> set[str]:
    """The names of the states a spec defines."""
    return {s.name for s in spec.states}


def _spec_problems(spec: WorkflowSpec) -> list[str]:
    """Problems of the spec as a whole: its name, version, states defined twice, initial state, role clashes."""
    problems: list[str] = []
    if not spec.name.isidentifier():
        problems.append(f"workflow name {spec.name!r} must be an identifier")
    if spec.version < 1:
        problems.append(f"{spec.name} v{spec.version}: version must be 1 or more")
    names = [s.name for s in spec.states]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"state {dup!r} is defined twice")
    if spec.initial not in names:
        problems.append(f"initial state {spec.initial!r} is not a defined state")
    for clash in sorted(BUILTIN_ROLES & set(spec.roles)):
        problems.append(f"role {clash!r} is built in and cannot be redefined")
    if len(spec.indexed) > MAX_INDEXED or len(set(spec.indexed)) != len(spec.indexed):
        problems.append(f"indexed keys {spec.indexed!r}: at most {MAX_INDEXED}, each once")
    return problems


def _role_problems(what: str, wanted: tuple[str, ...], roles: set[str]) -> list[str]:
    """Problems of the roles allowed to do ``what``: none at all, or one not defined."""
    problems = [f"{what} names no role"] if not wanted else []
    for r in wanted:
        if r not in roles and not _is_data_ref(r):
            problems.append(f"{what} names role {r!r}, which is not defined")
    return problems


def _org_problems(what: str, org: str) -> list[str]:
    """Problems of an organisation scope: it must be the case's, its parent's or read from the data."""
    if org in ("case", "parent") or _is_data_ref(org):
        return []
    return [f"{what} has organisation scope {org!r}: use 'case', 'parent' or 'data:<field>'"]


def _ref_problems(what: str, ref: str | None) -> list[str]:
    """Problems of an optional reference into the case's data."""
    if ref is not None and not _is_data_ref(ref):
        return [f"{what} {ref!r}: use 'data:<field>'"]
    return []


def _field_problems(what: str, fields_: tuple[Field, ...]) -> list[str]:
    """Problems of a form: fields taken twice, unknown kinds, choices without choices, bad choice sources."""
    problems: list[str] = []
    seen: set[str] = set()
    for f in fields_:
        if f.name in seen:
            problems.append(f"{what} takes field {f.name!r} twice")
        seen.add(f.name)
        if f.name == COUNTED:
            problems.append(f"{what} field {f.name!r}: the name is the engine's record of counted deadlines")
        if f.kind not in FIELD_KINDS:
            problems.append(f"{what} field {f.name!r} has unknown kind {f.kind!r}")
        if f.kind in ("choice", "choices") and not f.choices:
            problems.append(f"{what} field {f.name!r} is a choice without choices")
        problems += _ref_problems(f"{what} field {f.name!r} takes its choices from", f.choices_from)
    return problems


def _callable_problems(spec: WorkflowSpec, what: str, guards: tuple[str, ...],
                       effects: tuple[str, ...]) -> list[str]:
    """Problems of the guards and effects ``what`` names: each must be defined by the spec."""
    problems = [f"{what} names guard {g!r}, which is not defined" for g in guards if g not in spec.guards]
    problems += [f"{what} names effect {e!r}, which is not defined" for e in effects if e not in spec.effects]
    return problems


def _notify_problems(what: str, notify: tuple[Notify, ...], roles: set[str]) -> list[str]:
    """Problems of notifications: each goes to a defined role (never the system) in a valid scope."""
    problems: list[str] = []
    for n in notify:
        if n.to not in roles or n.to == SYSTEM:
            problems.append(f"{what} notifies {n.to!r}, which is not a defined role")
        problems += _org_problems(f"{what} notification", n.org)
    return problems


def _start_problems(spec: WorkflowSpec) -> list[str]:
    """Problems of how a case starts: its roles, form, guards, effects and notifications."""
    start, roles = spec.start, _roles(spec)
    return [*_role_problems("start", start.roles, roles | {MEMBERS}), *_field_problems("start", start.fields),
            *_callable_problems(spec, "start", start.guards, start.effects),
            *_notify_problems("start", start.notify, roles)]


def _transitions_problems(spec: WorkflowSpec) -> list[str]:
    """Problems of every transition, in spec order."""
    problems: list[str] = []
    fired: set[tuple[str, str]] = set()  # (state, trigger) pairs seen so far, to name a trigger defined twice
    for t in spec.transitions:
        problems += _transition_problems(spec, t, fired)
    return problems


def _transition_problems(spec: WorkflowSpec, t: Transition, fired: set[tuple[str, str]]) -> list[str]:
    """Problems of one transition; records its (state, trigger) pairs in ``fired``."""
    what = f"transition {t.trigger!r}"
    known, roles = _known(spec), _roles(spec)
    problems: list[str] = []
    if not t.trigger.isidentifier():
        problems.append(f"{what}: a trigger must be an identifier")
    if t.trigger in RESERVED_TRIGGERS:
        problems.append(f"{what}: the name is the engine's own history entry ({', '.join(RESERVED_TRIGGERS)})")
    if not t.source:
        problems.append(f"{what} has no source state")
    for s in t.source:
        if s not in known:
            problems.append(f"{what} starts from unknown state {s!r}")
        elif (s, t.trigger) in fired:
            problems.append(f"trigger {t.trigger!r} is defined twice from state {s!r}")
        fired.add((s, t.trigger))
    if t.dest not in known:
        problems.append(f"{what} leads to unknown state {t.dest!r}")
    problems += [*_role_problems(what, t.roles, roles), *_org_problems(what, t.org),
                 *_field_problems(what, t.fields), *_callable_problems(spec, what, t.guards + t.offer_if, t.effects),
                 *_notify_problems(what, t.notify, roles)]
    if t.auto and (t.roles != (SYSTEM,) or t.fields):
        problems.append(f"{what} is automatic: its only role is 'system' and it takes no form")
    if t.auto and t.dest in t.source:
        problems.append(f"{what} is automatic and stays in its state: it would loop")
    return problems


def _states_problems(spec: WorkflowSpec) -> list[str]:
    """Problems of every state: final or dead end, its tasks and its timers, in spec order."""
    problems: list[str] = []
    roles = _roles(spec)
    for s in spec.states:
        what = f"state {s.name!r}"
        outgoing = {t.trigger for t in spec.transitions if s.name in t.source}
        if s.final and outgoing:
            problems.append(f"{what} is final but has actions: {', '.join(sorted(outgoing))}")
        if not s.final and not outgoing:
            problems.append(f"{what} is a dead end: not final and no action leaves it")
        for task in s.tasks:
            problems += _task_problems(what, task, roles)
        for timer in s.timers:
            problems += _timer_problems(spec, s, timer)
    return problems


def _task_problems(what: str, task: TaskSpec, roles: set[str]) -> list[str]:
    """Problems of a task a state opens: for users read from the data, or a defined role, in a valid scope."""
    problems: list[str] = []
    if task.users is not None:
        if not _is_data_ref(task.users):
            problems.append(f"{what} opens tasks for users {task.users!r}: use 'data:<field>'")
    elif task.role not in roles or task.role == SYSTEM:
        problems.append(f"{what} opens a task for role {task.role!r}, which is not defined")
    return problems + _org_problems(f"{what} task", task.org)


def _timer_problems(spec: WorkflowSpec, state: State, timer: TimerSpec) -> list[str]:
    """Problems of a timer a state starts: its deadline, reminders, overdue escalation and trigger."""
    what = f"state {state.name!r}"
    problems: list[str] = []
    if (timer.period is None) == (timer.due is None):
        problems.append(f"{what} has a timer that needs either a period or a due date field")
    elif timer.due is not None and not _is_data_ref(timer.due):
        problems.append(f"{what} has a timer due at {timer.due!r}: use 'data:<field>'")
    elif timer.period is not None and (timer.period.unit not in UNITS or timer.period.amount < 1):
        problems.append(f"{what} has a timer with a bad period {timer.period}")
    for r in timer.remind_before:
        if r.unit not in UNITS or r.amount < 0:
            problems.append(f"{what} has a reminder with a bad period {r}")
    problems += _ref_problems(f"{what} has a timer reminding from", timer.remind_from)
    problems += _ref_problems(f"{what} has a timer counting its period from", timer.period_from)
    if timer.period_from is not None and timer.period is None:
        problems.append(f"{what} has a timer with period_from but no period to fall back on")
    problems += _ref_problems(f"{what} has a timer closing from", timer.closes_from)
    if timer.closes_from is not None and timer.due is None:
        problems.append(f"{what} has a closing time for a timer without a due date field")
    overdue = timer.overdue
    problems += _ref_problems(f"{what} has a timer repeating from", overdue.repeat_from if overdue else None)
    if overdue is not None:
        problems += _overdue_problems(spec, what, overdue, timer.trigger is not None)
    if timer.trigger is not None:
        problems += _timer_trigger_problems(spec, state, timer.trigger)
    return problems


def _overdue_problems(spec: WorkflowSpec, what: str, overdue: Overdue, has_trigger: bool) -> list[str]:
    """Problems of a timer's overdue escalation: no trigger beside it, a defined supervisor, valid notices."""
    roles = _roles(spec)
    problems: list[str] = []
    if has_trigger:
        problems.append(f"{what} has a timer with both a trigger and an overdue escalation")
    task = overdue.supervise
    if task is not None and (task.role not in roles or task.role in BUILTIN_ROLES):
        problems.append(f"{what} supervises overdue cases by role {task.role!r}, which is not defined")
    if task is not None:
        problems += _org_problems(f"{what} supervision", task.org)
    return problems + _notify_problems(f"{what} overdue", overdue.notify, roles)


def _timer_trigger_problems(spec: WorkflowSpec, state: State, trigger: str) -> list[str]:
    """Problems of the action a timer fires: one leaving its state that the system may fire."""
    what = f"state {state.name!r}"
    t = spec.transition(state.name, trigger) if state.name in _known(spec) else None
    if t is None:
        return [f"{what} has a timer firing {trigger!r}, not an action from it"]
    if SYSTEM not in t.roles:
        return [f"{what} has a timer firing {trigger!r}, which role 'system' may not fire"]
    return []


def _unreachable_problems(spec: WorkflowSpec) -> list[str]:
    """The states no chain of actions reaches from the initial state (none named if that state is unknown)."""
    known = _known(spec)
    if spec.initial not in known:
        return []
    reached = {spec.initial}
    frontier = [spec.initial]
    while frontier:
        here = frontier.pop()
        for t in spec.transitions_from(here):
            if t.dest in known and t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    return [f"state {s.name!r} is unreachable from {spec.initial!r}" for s in spec.states if s.name not in reached]


def _reader_problems(spec: WorkflowSpec) -> list[str]:
    """Readers name a role of the workflow, the starter, members, or users in a data field, in a known scope."""
    problems = []
    known = set(spec.roles) | {STARTER, MEMBERS}
    for where, readers in [("every step", spec.readers), *((f"step {s.name!r}", s.readers) for s in spec.states)]:
        for r in readers:
            if r.role not in known and not _is_data_ref(r.role):
                problems.append(f"reader {r.role!r} of {where} is not a role of the workflow")
            if r.org not in ("case", "parent") and not _is_data_ref(r.org):
                problems.append(f"reader {r.role!r} of {where} has an unknown scope {r.org!r}")
    if spec.anonymity is not None:
        if not spec.anonymity.flag:
            problems.append("anonymity names no data key to flag an unnamed starter")
        problems += [f"anonymity: role {r!r}, which may know the starter, is not a role of the workflow"
                     for r in spec.anonymity.seen_by if r not in spec.roles]
        if not spec.anonymity.seen_by:
            problems.append("anonymity: no role may know who started the case")
    return problems


def _rollup_problems(spec: WorkflowSpec) -> list[str]:
    """Rollups have distinct names and keys that name a data key or an action of the workflow, one span at most."""
    problems = []
    triggers = {t.trigger for t in spec.transitions} | {"start"}  # the history entry every case begins with
    names = [r.name for r in spec.rollups]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"rollup {dup!r} is defined twice")
    for r in spec.rollups:
        kinds = [k.split(".", 1)[0] for k in r.keys]
        if kinds.count("span") > 1 or len(set(r.keys)) != len(r.keys) or not r.keys:
            problems.append(f"rollup {r.name!r}: keys must be distinct, one span at most")
        for key in r.keys:
            kind, _, rest = key.partition(".")
            parts = rest.split(".")
            if key == "state" or (kind == "data" and rest):
                continue
            if kind in ("has", "day") and rest in triggers:
                continue
            if kind == "span" and len(parts) == 2 and set(parts) <= triggers:
                continue
            problems.append(f"rollup {r.name!r}: unknown key {key!r}")
        if r.scope is not None and (not r.scope or "." in r.scope):
            problems.append(f"rollup {r.name!r}: scope {r.scope!r} must be a data key")
    return problems


def _reachable(spec: WorkflowSpec, start: set[str]) -> set[str]:
    """The states a chain of actions reaches from any of ``start`` (these included)."""
    reached, frontier = set(start), list(start)
    while frontier:
        for t in spec.transitions_from(frontier.pop()):
            if t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    return reached


def _milestone_problems(spec: WorkflowSpec) -> list[str]:
    """Milestones name defined states, each once, begin at the initial state, follow one another in order and end
    in a final state."""
    if not spec.milestones:
        return []
    known, problems = _known(spec), []
    path = [m if isinstance(m, Milestone) else Milestone((m,)) for m in spec.milestones]
    names = [s for m in path for s in m.states]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"milestone state {dup!r} is named twice")
    for m in path:
        if not m.states:
            problems.append("a milestone names no state")
        problems += [f"milestone state {s!r} is not a defined state" for s in m.states if s not in known]
    if problems:
        return problems
    if spec.initial not in path[0].states:
        problems.append(f"the first milestone must be the initial state {spec.initial!r}")
    for before, after in zip(path, path[1:], strict=False):
        if not set(after.states) & _reachable(spec, set(before.states)):
            problems.append(f"milestone {'/'.join(after.states)!r} is not reached from {'/'.join(before.states)!r}")
    if not any(spec.state(s).final for s in path[-1].states):
        problems.append(f"the last milestone {'/'.join(path[-1].states)!r} is not a final state")
    return problems
