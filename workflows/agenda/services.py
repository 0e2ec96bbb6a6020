"""Agenda topics for the pages and the API: the topics a person sent, and a session's topics as the union office
sorts them, with the agenda lines already chosen."""

from __future__ import annotations

from dataclasses import dataclass

from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from workflows.agenda.terms import DECLINED, MERGED, NAME, ON_AGENDA, SENT, WITHDRAWN

SESSION_FIELD = "session_id"
__all__ = ["NAME", "SESSION_FIELD", "SessionTopics", "my_topics", "session_topics"]


@dataclass(frozen=True)
class SessionTopics:
    """A session's topics the reader may see: those awaiting sorting (oldest first), the others, and the agenda
    lines put on the agenda so far, in the order they were chosen."""

    waiting: list[services.CaseSummary]
    sorted: list[services.CaseSummary]
    agenda: list[str]
    more: bool  # more than one page of topics: the lists show the first ones


def my_topics(env: Env, actor: Actor, *, page: int = 1) -> services.Page[services.CaseSummary]:
    return services.search_cases(env, actor, workflow=NAME, started_by=actor.user_id, page=page, per_page=20)


def session_topics(env: Env, actor: Actor, session_id: int, *, per_page: int = 100) -> SessionTopics:
    waiting = services.search_cases(env, actor, workflow=NAME, state=SENT, data={SESSION_FIELD: session_id},
                                    oldest_first=True, per_page=per_page)
    done = services.search_cases(env, actor, workflow=NAME, state=(ON_AGENDA, MERGED, DECLINED, WITHDRAWN),
                                 data={SESSION_FIELD: session_id}, oldest_first=True, per_page=per_page)
    agenda = [c.data.get("agenda_line", c.title) for c in done.items if c.state == ON_AGENDA]
    return SessionTopics(list(waiting.items), list(done.items), agenda,
                         more=not (waiting.exact and done.exact) or waiting.total > per_page or done.total > per_page)
