"""A union's committee election (工会换届选举): the plan the higher union approves, the election held by secret
ballot, the result the higher union approves, and the committee's terms with their reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from engine.core.registry import Registry


def register(registry: Registry, settings: Settings) -> None:
    """Nothing to register yet: the terms table is read through ``services``."""
