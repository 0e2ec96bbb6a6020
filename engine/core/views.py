"""What services return: plain, read-only views of cases, history and tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from engine.core.i18n import Label
from engine.core.spec import Field

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int
    exact: bool = True  # False: there are more than ``total`` (lists count up to a cap, not every match)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class EventView:
    seq: int
    trigger: str
    from_state: str | None
    to_state: str
    actor_id: int | None
    actor_name: str | None
    payload: dict[str, Any]
    created_at: datetime
    unnamed: bool = False  # taken by a starter who stays unnamed to this reader


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action the viewing user may take now, with the form it takes."""

    trigger: str
    label: Label
    fields: tuple[Field, ...]
    accepts_files: bool = False
    confirm: Label | None = None  # the consequence to confirm before taking it


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    case_id: int
    case_title: str
    workflow: str
    state: str
    state_label: Label
    role: str | None
    organisation_id: int | None
    user_id: int | None
    due_at: datetime | None
    created_at: datetime
    overdue: bool
    provisional: bool = False  # the due date rests on a holiday calendar not yet announced


@dataclass(frozen=True, slots=True)
class CaseSummary:
    id: int
    workflow: str
    spec_version: int
    organisation_id: int
    state: str
    state_label: Label
    version: int
    title: str
    created_by: int | None
    updated_at: datetime
    state_since: datetime
    follows_id: int | None
    data: dict[str, Any]
    final: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CaseView:
    summary: CaseSummary
    data: dict[str, Any]
    final: bool
    history: list[EventView]
    open_tasks: list[TaskView]
    actions: list[ActionView]
    files: list[Any]

    @property
    def version(self) -> int:
        return self.summary.version

    @property
    def state(self) -> str:
        return self.summary.state


@dataclass(frozen=True, slots=True)
class WorkflowInfo:
    """The labels a page needs to show a workflow's cases."""

    name: str
    version: int
    label: Label
    states: dict[str, Label]
    final_states: tuple[str, ...]
    triggers: dict[str, Label]
    fields: dict[str, Field]
    start_fields: tuple[Field, ...]
    start_accepts_files: bool
    roles: dict[str, Label]
    initial: str = ""  # the state a case starts in
