"""Forms saved as they are typed: one draft per user and form, the last save winning. A save names the revision
its page last saw, so the page can say that another tab saved in between (and that its own save now stands)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from engine.core import i18n
from engine.core.env import Env
from engine.core.errors import ValidationFailed
from engine.store.models import Draft

drafts = Draft.__table__
KEY = re.compile(r"^[a-z0-9_:.-]{1,100}$")
MAX_FIELDS = 30
MAX_VALUE = 20000  # characters of one field: above any form's own limit, so the form itself names the excess


@dataclass(frozen=True, slots=True)
class DraftView:
    """A saved draft: the fields as typed, its revision and when it was saved; ``other_tab``: a save came from
    elsewhere after the revision the saving page had seen (this save replaced it)."""

    values: dict[str, Any]
    revision: int
    saved_at: datetime
    other_tab: bool = False


def _check(key: str, values: dict[str, Any]) -> dict[str, Any]:
    if not KEY.match(key):
        raise ValueError(f"draft key {key!r}")
    if len(values) > MAX_FIELDS:
        raise ValidationFailed({"__all__": [i18n.TOO_LONG.format(max=MAX_FIELDS, n=len(values))]})
    kept: dict[str, Any] = {}
    for name, value in values.items():
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise ValidationFailed({name: [i18n.NOT_TEXT]})
        if any(not isinstance(v, str) or len(v) > MAX_VALUE for v in items) or len(items) > MAX_FIELDS:
            raise ValidationFailed({name: [i18n.TOO_LONG.format(max=MAX_VALUE, n=max(len(str(v)) for v in items))]})
        kept[str(name)[:100]] = value
    return kept


def save_draft(env: Env, user_id: int, key: str, values: dict[str, Any], seen: int | None = None) -> DraftView:
    """Save what the user typed in form ``key`` (fields → text, or a list of texts); ``seen`` is the revision
    the page last saved or loaded (None: a page that has not saved yet)."""
    try:
        return _save(env, user_id, key, _check(key, values), seen)
    except sa.exc.IntegrityError:  # another tab's first save came in between: save over it
        return _save(env, user_id, key, _check(key, values), seen)


def _save(env: Env, user_id: int, key: str, kept: dict[str, Any], seen: int | None) -> DraftView:
    now, d = env.clock.now(), drafts.c
    with env.db.write() as conn:
        row = conn.execute(sa.select(d.id, d.revision).where(d.user_id == user_id, d.key == key)).first()
        if row is None:
            conn.execute(drafts.insert().values(user_id=user_id, key=key, fields=kept, revision=1, saved_at=now))
            return DraftView(kept, 1, now)
        conn.execute(drafts.update().where(d.id == row.id).values(fields=kept, revision=row.revision + 1,
                                                                  saved_at=now))
    return DraftView(kept, row.revision + 1, now, other_tab=seen is not None and seen != row.revision)


def load_draft(env: Env, user_id: int, key: str) -> DraftView | None:
    d = drafts.c
    with env.db.read() as conn:
        row = conn.execute(sa.select(d.fields, d.revision, d.saved_at).where(d.user_id == user_id, d.key == key)
                           ).first()
    return DraftView(dict(row.fields), row.revision, row.saved_at) if row is not None else None


def discard_draft(env: Env, user_id: int, key: str) -> None:
    """Forget the draft once its form was sent."""
    with env.db.write() as conn:
        conn.execute(drafts.delete().where(drafts.c.user_id == user_id, drafts.c.key == key))
