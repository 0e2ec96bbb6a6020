"""Personal API tokens: made and revoked by their owner (and all at once by a password change or reset), kept
only as a SHA-256 digest. A valid token is never refused; bad ones count against their address (``throttle``)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import EngineError, NotFound, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.identity import throttle
from engine.identity.directory import UserView, view_with_roles, with_roles
from engine.store.models import ApiToken, User
from engine.store.server_plans import hot

tokens, users = ApiToken.__table__, User.__table__
PREFIX = "uf_"  # so that a token pasted somewhere it should not be is recognisable
MAX_NAME = 100
MAX_ACTIVE = 20
TOUCH_EVERY = timedelta(minutes=5)  # write the last use at most this often


class TokenRefused(EngineError):
    """A bearer token that is unknown, revoked or whose owner is disabled; past too many such from one address,
    ``retry_after`` says in how many seconds to try again."""

    def __init__(self, retry_after: int | None = None) -> None:
        if retry_after is not None:
            label = Label(f"无效令牌过多，请 {retry_after} 秒后再试。",
                          f"Too many invalid tokens: try again in {retry_after} seconds.")
        else:
            label = Label("访问令牌无效或已撤销。", "The access token is not valid or has been revoked.")
        super().__init__(label)
        self.retry_after = retry_after

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


@dataclass(frozen=True, slots=True)
class TokenView:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: ``secret`` is shown this once and never stored."""

    id: int
    name: str
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(env: Env, user_id: int, name: str) -> NewToken:
    """Make a token for the user, named so they know later what it is for."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": [REQUIRED]})
    if len(name) > MAX_NAME:
        raise ValidationFailed({"name": [Label(f"不能超过 {MAX_NAME} 个字符。", f"At most {MAX_NAME} characters.")]})
    secret = PREFIX + secrets.token_urlsafe(32)
    with env.db.write() as conn:
        owner = sa.select(users.c.id).where(users.c.id == user_id, users.c.is_active.is_(True))
        if conn.execute(owner).first() is None:
            raise NotFound("user", user_id)
        active = conn.execute(sa.select(sa.func.count()).select_from(tokens).where(
            tokens.c.user_id == user_id, tokens.c.revoked_at.is_(None))).scalar_one()
        if active >= MAX_ACTIVE:
            raise ValidationFailed({"name": [Label(f"最多可有 {MAX_ACTIVE} 个有效令牌，请先撤销不用的令牌。",
                                                   f"At most {MAX_ACTIVE} tokens at once: revoke one you no longer "
                                                   "use first.")]})
        token_id = conn.execute(tokens.insert().values(
            user_id=user_id, name=name, digest=_digest(secret), created_at=env.clock.now())).inserted_primary_key[0]
    return NewToken(token_id, name, secret)


def list_tokens(env: Env, user_id: int) -> list[TokenView]:
    """The user's tokens that still work, newest first."""
    t = tokens.c
    with env.db.read() as conn:
        return [TokenView(*r) for r in conn.execute(
            sa.select(t.id, t.name, t.created_at, t.last_used_at)
            .where(t.user_id == user_id, t.revoked_at.is_(None)).order_by(t.id.desc()))]


def revoke_token(env: Env, user_id: int, token_id: int) -> None:
    """Revoke one of the user's tokens; it stops working at once."""
    with env.db.write() as conn:
        done = conn.execute(tokens.update().where(tokens.c.id == token_id, tokens.c.user_id == user_id,
                                                  tokens.c.revoked_at.is_(None))
                            .values(revoked_at=env.clock.now()))
        if done.rowcount != 1:
            raise NotFound("token", token_id)


def token_user(env: Env, secret: str, *, address: str | None = None) -> int:
    """The user a bearer token belongs to. A valid token is always let through, whatever anyone failed; a bad one
    is ``TokenRefused``, counted against its address, and past ``throttle.TOKEN_FREE`` of them in 15 minutes
    answered with ``retry_after``. A good token is read without writing, but for its last use every few minutes."""
    return token_owner(env, secret, address=address).id


@functools.cache
def _owner_query() -> sa.Select:
    """A good token's owner with their roles, one row each (``with_roles``), by the token's ``digest``."""
    t = tokens.c
    return hot(with_roles(sa.select(users, t.id.label("token_id"), t.last_used_at.label("token_used_at"))
                          .select_from(tokens.join(users, users.c.id == t.user_id))
                          .where(t.digest == sa.bindparam("digest"), t.revoked_at.is_(None),
                                 users.c.is_active.is_(True))))


def token_owner(env: Env, secret: str, *, address: str | None = None) -> UserView:
    """``token_user``'s user with their roles, read with the token in one statement (an API request's
    authentication, the first round trips of every call)."""
    now = env.clock.now()
    t = tokens.c
    with env.db.read(single=True) as conn:  # the bad token's throttle read after it needs no common snapshot
        rows = conn.execute(_owner_query(), {"digest": _digest(secret or "")}).all()
        wait = throttle.wait(conn, [throttle.token_limit(address)], now) if not rows and address else None
    owner = view_with_roles(rows)
    if owner is None:
        if wait is not None:
            raise TokenRefused(retry_after=wait)
        if address:
            with env.db.write() as conn:
                throttle.record(conn, [throttle.address_key(address)], now)
        raise TokenRefused()
    used = rows[0].token_used_at
    if used is None or now - used >= TOUCH_EVERY:
        with env.db.write() as conn:
            conn.execute(tokens.update().where(t.id == rows[0].token_id).values(last_used_at=now))
    return owner
