"""What guards and effects see of a case while one action runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class Recipient:
    """Who a notification goes to: one user, or everyone holding a role in an organisation."""

    user_id: int | None = None
    role: str | None = None
    organisation_id: int | None = None


@dataclass(slots=True)
class ActionContext:
    """One action on one case, handed to guards (read only) and effects (may change ``data``)."""

    case_id: int | None
    workflow: str
    organisation_id: int
    state: str
    trigger: str
    actor_id: int | None
    starter_id: int | None
    form: dict[str, Any]
    data: dict[str, Any]
    now: datetime
    notifications: list[tuple[Recipient, str, dict[str, Any]]] = field(default_factory=list)

    def notify(self, recipient: Recipient, kind: str, **payload: Any) -> None:
        """Queue a notification in the action's transaction (delivered by the scheduler)."""
        self.notifications.append((recipient, kind, payload))


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user, or the system (the scheduler firing a deadline)."""

    user_id: int | None
    system: bool = False

    @classmethod
    def user(cls, user_id: int) -> Actor:
        return cls(user_id)


SYSTEM_ACTOR = Actor(None, system=True)
