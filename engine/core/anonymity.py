"""A starter who stays unnamed (``WorkflowSpec.anonymity``): whoever may read such a case but is neither its
starter nor holds one of the roles that see who sent it reads the case without its starter: no ``created_by``, no
name on the starter's actions, comments or tasks. Every read path that hands out a case goes through here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.spec import STARTER
from engine.core.views import CaseSummary, EventView, TaskView
from engine.identity import roles


def flagged(env: Env, workflow: str, version: int, data: dict[str, Any] | None) -> bool:
    """Whether this case's starter asked to stay unnamed (its workflow allows it and its data says so)."""
    spec = env.registry.get(workflow, version).spec
    return spec.anonymity is not None and bool((data or {}).get(spec.anonymity.flag))


class Concealer:
    """Decides, for one reader, whose name a case hides: the starter's, when the case is flagged and the reader
    is neither its starter nor a holder of a role that sees them (asked once per organisation and workflow)."""

    def __init__(self, env: Env, conn: sa.Connection | None, actor: Actor | None) -> None:
        self.env, self.conn, self.actor = env, conn, actor
        self._seen: dict[tuple[str, int, int], bool] = {}

    def hides(self, workflow: str, version: int, organisation_id: int, created_by: int | None,
              data: dict[str, Any] | None) -> bool:
        if created_by is None or not flagged(self.env, workflow, version, data):
            return False
        actor = self.actor
        if actor is None or self.conn is None:
            return True  # nobody in particular reads it: hide
        if actor.system or actor.user_id == created_by:
            return False
        key = (workflow, version, organisation_id)
        if key not in self._seen:
            spec = self.env.registry.get(workflow, version).spec
            seen_by = spec.anonymity.seen_by if spec.anonymity else ()
            self._seen[key] = not roles.holds_any(self.conn, actor.user_id, organisation_id, tuple(seen_by))
        return self._seen[key]

    def summary(self, found: CaseSummary) -> CaseSummary:
        """The summary without its starter when this reader may not know them."""
        if self.hides(found.workflow, found.spec_version, found.organisation_id, found.created_by, found.data):
            return replace(found, created_by=None)
        return found


def events(history: list[EventView], starter: int | None) -> list[EventView]:
    """The history with the starter's actions unnamed."""
    return [replace(e, actor_id=None, actor_name=None, unnamed=True) if starter is not None and e.actor_id == starter
            else e
            for e in history]


def tasks(open_tasks: list[TaskView], starter: int | None) -> list[TaskView]:
    """The open tasks with the starter's own unnamed (a role still says whose step it is)."""
    return [replace(t, user_id=None, role=STARTER) if starter is not None and t.user_id == starter else t
            for t in open_tasks]


def unnamed(starter: int | None) -> Callable[[int | None], bool]:
    """Whether a user id is the hidden starter."""
    return lambda user_id: starter is not None and user_id == starter
