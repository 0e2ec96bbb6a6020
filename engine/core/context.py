"""What guards and effects see of a case while one action runs, and who acts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from engine.core import counted


@dataclass(slots=True)
class Recipient:
    """Who a notification goes to: one user, or everyone holding a role in an organisation."""

    user_id: int | None = None
    role: str | None = None
    organisation_id: int | None = None


@dataclass(frozen=True, slots=True)
class Peek:
    """Another case, as a guard or effect may read it."""

    id: int
    workflow: str
    organisation_id: int
    state: str
    title: str
    data: dict[str, Any]
    follows_id: int | None


class Access(Protocol):
    """Reads and writes a guard or effect may make inside the action's transaction."""

    def peek(self, case_id: int) -> Peek | None: ...

    def next_number(self, key: str) -> int: ...

    def follower_starters(self, case_id: int) -> list[int]: ...

    def holds(self, user_id: int, role: str, organisation_id: int) -> bool: ...

    def last_day(self, start: datetime, amount: int, unit: str) -> date: ...

    def count(self, start: datetime, amount: int, unit: str) -> tuple[date, bool]: ...

    def use(self, name: str) -> Any: ...


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
    access: Access | None = None
    notifications: list[tuple[Recipient, str, dict[str, Any]]] = field(default_factory=list)
    follows: int | None = None

    def notify(self, recipient: Recipient, kind: str, **payload: Any) -> None:
        """Queue a notification in the action's transaction (delivered by the scheduler)."""
        self.notifications.append((recipient, kind, payload))

    def follow(self, case_id: int) -> None:
        """Make this case follow another (a case merged into another follows it)."""
        self.follows = case_id

    def count_deadline(self, key: str, start: datetime, amount: int, unit: str,
                       follow: dict[str, int] | None = None) -> date:
        """Set ``data[key]`` to the last day of a period of ``amount`` ``unit`` (days, workdays) that starts with
        an event at ``start``, on the holiday calendar, kept so that a holiday notice moves it
        (``engine.core.counted``); ``follow`` names fields set that many days after it."""
        last, provisional = self.db.count(start, amount, unit)
        counted.record(self.data, key, start, amount, unit, last, provisional, follow)
        return last

    @property
    def db(self) -> Access:
        if self.access is None:
            raise RuntimeError("no transaction is open for this action")
        return self.access


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user, or the system (the scheduler firing a deadline)."""

    user_id: int | None
    system: bool = False

    @classmethod
    def user(cls, user_id: int) -> Actor:
        return cls(user_id)


SYSTEM_ACTOR = Actor(None, system=True)


@dataclass(frozen=True, slots=True)
class Upload:
    """A file a user sends with an action."""

    filename: str
    content: bytes
