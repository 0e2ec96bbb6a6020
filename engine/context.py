"""What guards and effects see of a case while one action runs, and who acts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol


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


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A congress session as guards see it."""

    id: int
    organisation_id: int
    name: str
    collection_opens: date
    collection_closes: date


@dataclass(frozen=True, slots=True)
class SessionPhase:
    """Where a congress session stands and what its ballot holds, as the session's workflow sees it."""

    id: int
    case_id: int | None
    name: str
    opens_on: date | None
    documents_delivered: bool
    opened: bool
    closed: bool
    items: dict[str, int]  # items by status: draft, open, closed


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """A ballot item as a case that depends on it sees it: its status and whether it passed."""

    id: int
    session_id: int
    organisation_id: int
    case_id: int | None
    title: str
    status: str
    passed: bool | None


class Access(Protocol):
    """Reads and writes a guard or effect may make inside the action's transaction."""

    def peek(self, case_id: int) -> Peek | None: ...

    def next_number(self, key: str) -> int: ...

    def congress_session(self, session_id: int) -> SessionInfo | None: ...

    def holds(self, user_id: int, role: str, organisation_id: int) -> bool: ...

    def last_day(self, start: datetime, amount: int, unit: str) -> date: ...

    def session_phase(self, session_id: int) -> SessionPhase | None: ...

    def mark_session(self, session_id: int, phase: str, case_id: int | None = None) -> None: ...

    def ballot_item(self, item_id: int) -> ItemOutcome | None: ...

    def representatives(self, session_id: int, missing: str | None = None) -> list[int]: ...

    def put_to_ballot(self, session_id: int, title: str, case_id: int | None, description: str = "") -> int: ...


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
        """Make this case follow another (a merged proposal follows the main one)."""
        self.follows = case_id

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
