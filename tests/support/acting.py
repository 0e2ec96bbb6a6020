"""Acting on a case as a person does from its page: with the version the page showed."""

from __future__ import annotations

from typing import Any

from engine import services
from engine.core.context import Actor
from engine.core.env import Env


def act(env: Env, who: int, case_id: int, trigger: str, form: dict[str, Any] | None = None) -> Any:
    """Fire ``trigger`` on the case as ``who``, sent with the version their view of it holds."""
    view = services.case_view(env, Actor(who), case_id)
    return services.fire(env, Actor(who), case_id, trigger, form, expected_version=view.version)
