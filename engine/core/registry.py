"""Registered workflow versions, each with the one ``transitions.Machine`` that all its cases share."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from transitions import EventData, Machine

from engine.core.context import ActionContext
from engine.core.errors import NotFound, SpecError, ValidationFailed
from engine.core.i18n import Label
from engine.core.machine import FastMachine
from engine.core.spec import Migration, Transition, WorkflowSpec
from engine.core.spec_checks import validate
from engine.notify.texts import TEXTS, Text
from engine.output.reports import Reports


class Binding:
    """A case's state, bound to a shared machine for the duration of one trigger."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


def refusal(result: Any) -> ValidationFailed | None:
    """Turn what a guard returned (None, a message, or field → message) into an error."""
    if result is None:
        return None
    if isinstance(result, Label):
        return ValidationFailed({"__all__": [result]})
    return ValidationFailed({name: [msg] for name, msg in result.items()})


def run_guards(spec: WorkflowSpec, names: tuple[str, ...], ctx: ActionContext) -> None:
    for name in names:
        error = refusal(spec.guards[name](ctx))
        if error is not None:
            raise error


def run_effects(spec: WorkflowSpec, names: tuple[str, ...], ctx: ActionContext) -> None:
    for name in names:
        spec.effects[name](ctx)


@dataclass(frozen=True)
class Registered:
    spec: WorkflowSpec
    machine: Machine

    def fire(self, binding: Binding, trigger: str, ctx: ActionContext) -> None:
        """Move ``binding`` by ``trigger``: guards run as conditions, effects after the state moved.

        A guard refuses by raising; an effect may raise after the state moved, which the machine does not
        undo: the caller's transaction and a discarded binding do.
        """
        self.machine.events[trigger].trigger(binding, ctx=ctx)


def _callbacks(spec: WorkflowSpec, t: Transition) -> tuple[Callable[[EventData], bool], ...]:
    def guards(event: EventData) -> bool:
        run_guards(spec, t.offer_if + t.guards, event.kwargs["ctx"])
        return True

    def effects(event: EventData) -> None:
        run_effects(spec, t.effects, event.kwargs["ctx"])

    return guards, effects  # type: ignore[return-value]


def build_machine(spec: WorkflowSpec) -> Machine:
    transitions = []
    for t in spec.transitions:
        guards, effects = _callbacks(spec, t)
        transitions.append({
            "trigger": t.trigger, "source": list(t.source), "dest": t.dest,
            "conditions": [guards] if t.guards or t.offer_if else [], "after": [effects] if t.effects else [],
        })
    return FastMachine(model=None, states=[s.name for s in spec.states], transitions=transitions,
                   initial=spec.initial, auto_transitions=False, send_event=True,
                   name=f"{spec.name}@{spec.version}: ")


class Registry:
    """The workflows this process knows; registering validates a spec and builds its machine once.

    Beside them, the hooks through which a domain package gives the engine what only it knows: its reports,
    its notification texts, its policies from config, the capabilities its guards and effects offer to other
    workflows inside an action's transaction, the periodic work the scheduler's sweep does for it, and the
    roles an administrator hands out.
    """

    def __init__(self) -> None:
        self._versions: dict[tuple[str, int], Registered] = {}
        self._latest: dict[str, int] = {}
        self._migrations: dict[tuple[str, int, int], Migration] = {}
        self.reports = Reports()
        self.texts: dict[str, Text] = dict(TEXTS)
        self.policies: dict[str, Any] = {}
        self.capabilities: dict[str, Callable[[Any, Any], Any]] = {}
        self.sweeps: dict[str, Callable[[Any], int]] = {}
        self.offered_roles: dict[str, Label] = {}

    def provide(self, name: str, factory: Callable[[Any, Any], Any]) -> None:
        """Offer a capability to guards and effects: ``factory(transaction, env)`` builds it for one action
        (``ctx.db.use(name)``), so one workflow asks another's tables without importing its package."""
        self.capabilities[name] = factory

    def add_sweep(self, name: str, job: Callable[[Any], int]) -> None:
        """Periodic work of a domain that the scheduler's sweep runs: ``job(env)`` returns how many things it did,
        logged as "<count> <name>"."""
        self.sweeps[name] = job

    def offer_roles(self, roles: Mapping[str, Label]) -> None:
        """Roles an administrator may grant, with their labels, listed in the order given; the others (a
        chair, a teller) are given by the workflows' own set-up."""
        self.offered_roles.update(roles)

    def policy(self, name: str, default: Any = None) -> Any:
        """A domain's policy read from config at registration (``default`` when nothing registered it)."""
        return self.policies.get(name, default)

    def register(self, spec: WorkflowSpec) -> Registered:
        validate(spec)
        key = (spec.name, spec.version)
        if key in self._versions:
            if self._versions[key].spec is spec:
                return self._versions[key]
            raise SpecError(spec.name, [f"version {spec.version} is already registered"])
        entry = Registered(spec, build_machine(spec))
        self._versions[key] = entry
        self._latest[spec.name] = max(spec.version, self._latest.get(spec.name, 0))
        return entry

    def get(self, name: str, version: int) -> Registered:
        try:
            return self._versions[(name, version)]
        except KeyError:
            raise NotFound("workflow", f"{name} v{version}") from None

    def latest(self, name: str) -> Registered:
        if name not in self._latest:
            raise NotFound("workflow", name)
        return self._versions[(name, self._latest[name])]

    def versions(self, name: str) -> list[int]:
        """Every registered version of a workflow, oldest first: running cases keep theirs."""
        return sorted(v for (n, v) in self._versions if n == name)

    def names(self) -> list[str]:
        return sorted(self._latest)

    def add_migration(self, migration: Migration) -> None:
        """Declare how cases move between two registered versions; every state named must exist."""
        m, problems = migration, []
        if m.to_version <= m.from_version:
            problems.append(f"a migration goes to a later version, not v{m.from_version} to v{m.to_version}")
        for version, states in ((m.from_version, m.state_map.keys()), (m.to_version, m.state_map.values())):
            if (m.workflow, version) not in self._versions:
                problems.append(f"version {version} is not registered")
                continue
            known = {s.name for s in self._versions[(m.workflow, version)].spec.states}
            problems += [f"state {s!r} is not a state of version {version}" for s in sorted(set(states) - known)]
        if (m.workflow, m.from_version, m.to_version) in self._migrations:
            problems.append(f"a migration from v{m.from_version} to v{m.to_version} is already declared")
        if problems:
            raise SpecError(m.workflow, problems)
        self._migrations[(m.workflow, m.from_version, m.to_version)] = m

    def migration_path(self, name: str, from_version: int, to_version: int) -> list[Migration] | None:
        """The declared steps from one version to another (the fewest), or None when there are none."""
        paths: dict[int, list[Migration]] = {from_version: []}
        frontier = [from_version]
        while frontier:
            here = frontier.pop(0)
            if here == to_version:
                return paths[here]
            for (n, a, b), step in sorted(self._migrations.items()):
                if n == name and a == here and b <= to_version and b not in paths:
                    paths[b] = [*paths[here], step]
                    frontier.append(b)
        return None

    def __iter__(self) -> Iterator[Registered]:
        return iter(self._versions.values())
