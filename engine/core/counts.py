"""Counting the cases a batched read would give (``queries.case_batches``), in one query: how big an export will
be before it is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.readers import readable
from engine.store.models import Case

cases = Case.__table__


def count_cases(env: Env, actor: Actor, *, workflow: str, organisation_id: int | None = None,
                data: dict[str, Any] | None = None, exclude_states: Sequence[str] = ()) -> int:
    """How many cases ``case_batches`` would read with the same filters (the same conditions, counted)."""
    c = cases.c
    cond: list[Any] = [c.workflow == workflow]
    if organisation_id is not None:
        cond.append(c.organisation_id == organisation_id)
    if exclude_states:
        cond.append(c.state.not_in(list(exclude_states)))
    for key, value in (data or {}).items():
        cond.append(c.data[key].as_integer() == value if isinstance(value, int) else c.data[key].as_string() == value)
    if not actor.system:
        if actor.user_id is None:
            return 0
        cond.append(readable(actor.user_id, c.id))
    with env.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(cases).where(*cond)).scalar_one()
