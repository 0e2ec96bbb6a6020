"""The texts of many cases at once, for a workflow that compares them (similar cases while one is written): each
case's title, step and chosen data texts, and whether the reader may open it. One query on a key column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.readers import readable_by
from engine.store.models import KEYS, Case

cases = Case.__table__
LIMIT = 5000  # cases read at most: a few sessions of a big union


@dataclass(frozen=True, slots=True)
class CaseText:
    id: int
    title: str
    state: str
    key: str  # the value of the key the cases were chosen by, as text
    texts: tuple[str, ...]  # the data's text keys asked for, in order ("" when absent)
    readable: bool  # the reader may open the case


def case_texts(env: Env, actor: Actor, *, workflow: str, key: str, values: Sequence[Any],
               text_keys: Sequence[str] = ()) -> list[CaseText]:
    """The cases of ``workflow`` whose indexed data key ``key`` holds one of ``values`` (every registered version
    indexes it in the same place), newest first, with whether ``actor`` may read each; readers decide what to
    show of the others."""
    places = {e.spec.indexed.index(key) if key in e.spec.indexed else None
              for e in env.registry if e.spec.name == workflow}
    if len(places) != 1 or (place := places.pop()) is None:
        raise ValueError(f"{workflow}: {key!r} is not an indexed data key of every version")
    if not values:
        return []
    c = cases.c
    column = getattr(c, KEYS[place])
    texts = [sa.func.coalesce(c.data[k].as_string(), "") for k in text_keys]
    with env.db.read() as conn:
        if actor.system:
            allowed: sa.ColumnElement[bool] = sa.true()
        elif actor.user_id is None:
            allowed = sa.false()
        else:
            allowed = readable_by(conn, actor.user_id, c.id)
        rows = conn.execute(sa.select(c.id, c.title, c.state, column, allowed.label("readable"), *texts).where(
            c.workflow == workflow, column.in_([str(v) for v in values])).order_by(c.id.desc()).limit(LIMIT)).all()
    return [CaseText(r[0], r[1], r[2], r[3], tuple(str(t) for t in r[5:]), bool(r[4])) for r in rows]
