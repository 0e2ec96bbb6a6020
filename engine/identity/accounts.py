"""Passwords (argon2id), sign-in with throttling, and sign-in sessions kept on the server."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.core.env import Env
from engine.core.errors import EngineError, NotFound, ValidationFailed
from engine.core.i18n import Label
from engine.identity.rules import check_password
from engine.store.models import LoginFailure, SignInSession, User

users, login_sessions, failures = User.__table__, SignInSession.__table__, LoginFailure.__table__
# OWASP's argon2id parameters: m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
SESSION_LIFETIME = timedelta(days=14)
IDLE_LIMIT = timedelta(hours=12)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
_DUMMY_HASH = HASHER.hash("unionflow-dummy-password")


class LoginRefused(EngineError):
    """Wrong name or password, a disabled account, or too many failures: the message does not say which."""

    def __init__(self, throttled: bool = False) -> None:
        if throttled:
            label = Label("登录失败次数过多，请 15 分钟后再试。", "Too many failed sign-ins: try again in 15 minutes.")
        else:
            label = Label("用户名或密码不正确。", "Wrong username or password.")
        super().__init__(label)
        self.throttled = throttled


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: int
    token: str


def set_password(env: Env, user_id: int, password: str) -> None:
    """Set a password; every session of the user ends (a copied cookie stops working)."""
    if (wrong := check_password(password)) is not None:
        raise ValidationFailed({"password": [wrong]})
    now = env.clock.now()
    with env.db.write() as conn:
        done = conn.execute(users.update().where(users.c.id == user_id)
                            .values(password_hash=HASHER.hash(password), password_changed_at=now))
        if done.rowcount != 1:
            raise NotFound("user", user_id)
        conn.execute(login_sessions.update().where(login_sessions.c.user_id == user_id,
                                                   login_sessions.c.revoked_at.is_(None)).values(revoked_at=now))


def _throttled(conn: sa.Connection, keys: list[tuple[str, int]], since: object) -> bool:
    for key, limit in keys:
        count = conn.execute(sa.select(sa.func.count()).select_from(failures)
                             .where(failures.c.key == key, failures.c.at > since)).scalar_one()
        if count >= limit:
            return True
    return False


def throttle_wait(conn: sa.Connection, key: str, limit: int, now: datetime) -> timedelta | None:
    """How long until ``key`` has fewer than ``limit`` failures in the window again; None if it has already."""
    f = failures.c
    recent = list(conn.execute(sa.select(f.at).where(f.key == key, f.at > now - FAILURE_WINDOW)
                               .order_by(f.at.desc()).limit(limit)).scalars())
    if len(recent) < limit:
        return None
    return recent[-1] + FAILURE_WINDOW - now


def record_failure(conn: sa.Connection, key: str, now: datetime) -> None:
    conn.execute(failures.insert().values(key=key, at=now))


def address_key(address: str) -> str:
    """The throttling key of a client address, shared by the sign-in form and API tokens."""
    return f"addr:{address}"


def sign_in(env: Env, username: str, password: str, *, address: str | None = None,
            user_agent: str | None = None) -> SignedIn:
    """Check a password and open a session; failures are counted per account and per address."""
    now = env.clock.now()
    username = (username or "").strip()
    keys = [(f"user:{username.lower()}", MAX_FAILURES_PER_ACCOUNT)]
    if address:
        keys.append((address_key(address), MAX_FAILURES_PER_ADDRESS))
    with env.db.write() as conn:
        if _throttled(conn, keys, now - FAILURE_WINDOW):
            raise LoginRefused(throttled=True)
        row = conn.execute(sa.select(users.c.id, users.c.password_hash, users.c.is_active)
                           .where(users.c.username == username)).first()
        ok = False
        try:
            ok = HASHER.verify(row.password_hash if row and row.password_hash else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            ok = False
        if not (ok and row and row.is_active and row.password_hash):
            for key, _limit in keys:
                conn.execute(failures.insert().values(key=key, at=now))
            refused = LoginRefused()
        else:
            if HASHER.check_needs_rehash(row.password_hash):
                conn.execute(users.update().where(users.c.id == row.id)
                             .values(password_hash=HASHER.hash(password)))
            token = secrets.token_urlsafe(32)
            conn.execute(login_sessions.insert().values(
                id=_digest(token), user_id=row.id, created_at=now, last_seen_at=now,
                expires_at=now + SESSION_LIFETIME, address=(address or "")[:64] or None,
                user_agent=(user_agent or "")[:300] or None))
            conn.execute(failures.delete().where(failures.c.key == keys[0][0]))
            return SignedIn(row.id, token)
    raise refused  # outside the block, so the failure is committed


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_user(env: Env, token: str | None) -> int | None:
    """The user a session token belongs to, if the session is still good; refreshes its last use."""
    if not token:
        return None
    now = env.clock.now()
    with env.db.read() as conn:
        row = conn.execute(
            sa.select(login_sessions.c.user_id, login_sessions.c.last_seen_at)
            .join(users, users.c.id == login_sessions.c.user_id)
            .where(login_sessions.c.id == _digest(token), login_sessions.c.revoked_at.is_(None),
                   login_sessions.c.expires_at > now, login_sessions.c.last_seen_at > now - IDLE_LIMIT,
                   users.c.is_active.is_(True))).first()
    if row is None:
        return None
    if now - row.last_seen_at > timedelta(minutes=5):  # write at most every few minutes
        with env.db.write() as conn:
            conn.execute(login_sessions.update().where(login_sessions.c.id == _digest(token))
                         .values(last_seen_at=now))
    return row.user_id


def sign_out(env: Env, token: str | None) -> None:
    if token:
        with env.db.write() as conn:
            conn.execute(login_sessions.update().where(login_sessions.c.id == _digest(token),
                                                       login_sessions.c.revoked_at.is_(None))
                         .values(revoked_at=env.clock.now()))


def end_sessions(env: Env, user_id: int) -> None:
    """End every session of a user (a disabled account, a suspected leak)."""
    with env.db.write() as conn:
        conn.execute(login_sessions.update().where(login_sessions.c.user_id == user_id,
                                                   login_sessions.c.revoked_at.is_(None))
                     .values(revoked_at=env.clock.now()))
