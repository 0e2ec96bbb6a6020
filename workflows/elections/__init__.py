"""A union's committee election (工会换届选举): the plan the higher union approves, the election held by secret
ballot at a congress session, the result the higher union approves (批复), and the committee's terms with their
reminders before a term runs out and the escalation after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.elections import settings as _settings  # noqa: F401 - declares [election] for load_settings

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """The election and term workflows shaped by ``[election]``, their texts, the capability their effects use,
    and the sweep that opens a watch for every term recorded without one."""
    from workflows.elections import spec, texts, watch
    from workflows.elections.access import NAME, ElectionAccess

    policy = spec.Policy.from_settings(settings)
    registry.policies[spec.ELECTION] = policy
    registry.register(spec.build_election(policy))
    registry.register(spec.build_term())
    registry.texts.update(texts.TEXTS)
    registry.provide(NAME, ElectionAccess)
    registry.add_sweep("committee term watch(es) opened", watch.open_watches)
