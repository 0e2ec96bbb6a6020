"""How a user wants to be told: e-mail per notification on or off, the daily digest on or off."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from engine.core.env import Env
from engine.core.errors import NotFound
from engine.store.models import User, UserPreference

prefs, users = UserPreference.__table__, User.__table__


@dataclass(frozen=True, slots=True)
class Preferences:
    """In-app notifications always come; both of these are on until the user turns them off."""

    email: bool = True
    digest: bool = True


def get_preferences(env: Env, user_id: int) -> Preferences:
    with env.db.read() as conn:
        row = conn.execute(sa.select(prefs.c.email, prefs.c.digest).where(prefs.c.user_id == user_id)).first()
    return Preferences(bool(row.email), bool(row.digest)) if row else Preferences()


def set_preferences(env: Env, user_id: int, *, email: bool, digest: bool) -> Preferences:
    values = {"user_id": user_id, "email": bool(email), "digest": bool(digest)}
    insert = (sqlite.insert(prefs) if env.db.sqlite else postgresql.insert(prefs)).values(values)
    with env.db.write() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.id == user_id)).first() is None:
            raise NotFound("user", user_id)
        conn.execute(insert.on_conflict_do_update(index_elements=[prefs.c.user_id],
                                                  set_={"email": values["email"], "digest": values["digest"]}))
    return Preferences(values["email"], values["digest"])
