"""Passwords (argon2id), sign-in with throttling (``throttle``), and sign-in sessions kept on the server."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.core.env import Env
from engine.core.errors import EngineError, NotFound, ValidationFailed
from engine.core.i18n import Label
from engine.identity import throttle
from engine.identity.rules import check_password
from engine.store.models import ApiToken, SignInSession, User

WRONG_CURRENT = Label("当前密码不正确。", "The current password is wrong.")

users, login_sessions, api_tokens = User.__table__, SignInSession.__table__, ApiToken.__table__
# OWASP's argon2id parameters: m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
SESSION_LIFETIME = timedelta(days=14)
IDLE_LIMIT = timedelta(hours=12)
_DUMMY_HASH = HASHER.hash("unionflow-dummy-password")


def _wait_text(seconds: int) -> tuple[str, str]:
    if seconds < 60:
        return f"{seconds} 秒", f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} 分钟", f"{minutes} minute{'s' if minutes != 1 else ''}"


class LoginRefused(EngineError):
    """Wrong name or password, or a disabled account: the message does not say which. Or too many failures for
    this account from here, when ``retry_after`` says in how many seconds to try again."""

    def __init__(self, retry_after: int | None = None) -> None:
        if retry_after is not None:
            zh, en = _wait_text(retry_after)
            label = Label(f"登录失败次数过多，请 {zh}后再试。", f"Too many failed sign-ins: try again in {en}.")
        else:
            label = Label("用户名或密码不正确。", "Wrong username or password.")
        super().__init__(label)
        self.retry_after = retry_after

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: int
    token: str


def set_password(env: Env, user_id: int, password: str, *, keep_session: str | None = None) -> None:
    """Set a password by the account rules; every session of the user ends but ``keep_session`` (the one that
    changed it), and every API token of theirs is revoked: whoever held the old password holds nothing."""
    with env.db.read() as conn:
        username = conn.execute(sa.select(users.c.username).where(users.c.id == user_id)).scalar_one_or_none()
    if username is None:
        raise NotFound("user", user_id)
    if (wrong := check_password(password, username)) is not None:
        raise ValidationFailed({"password": [wrong]})
    hashed = HASHER.hash(password)  # before the write transaction: no other writer waits for argon2
    now = env.clock.now()
    with env.db.write() as conn:
        done = conn.execute(users.update().where(users.c.id == user_id)
                            .values(password_hash=hashed, password_changed_at=now))
        if done.rowcount != 1:
            raise NotFound("user", user_id)
        sessions = login_sessions.update().where(login_sessions.c.user_id == user_id,
                                                 login_sessions.c.revoked_at.is_(None))
        if keep_session:
            sessions = sessions.where(login_sessions.c.id != _digest(keep_session))
        conn.execute(sessions.values(revoked_at=now))
        conn.execute(api_tokens.update().where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
                     .values(revoked_at=now))


def change_password(env: Env, user_id: int, current: str, new: str, *, session_token: str | None = None) -> None:
    """The user's own change: the current password first; the session that changed it stays open."""
    with env.db.read() as conn:
        stored = conn.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).scalar_one_or_none()
    try:
        ok = bool(stored) and HASHER.verify(stored, current)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        raise ValidationFailed({"current_password": [WRONG_CURRENT]})
    set_password(env, user_id, new, keep_session=session_token)


def _limits(username: str, address: str | None, device: str | None) -> list[throttle.Limit]:
    """What a sign-in is counted against: its known device alone, else the account from this address and the
    account from every unknown device."""
    if device:
        return [throttle.Limit(throttle.device_key(device), throttle.DEVICE_FREE)]
    limits = [throttle.Limit(throttle.account_key(username), throttle.ACCOUNT_FREE)]
    if address:
        limits.insert(0, throttle.Limit(throttle.pair_key(username, address), throttle.PAIR_FREE))
    return limits


def sign_in(env: Env, username: str, password: str, *, address: str | None = None,
            user_agent: str | None = None, device: str | None = None) -> SignedIn:
    """Check a password and open a session. ``device`` is the known-device id the caller verified for this
    username (its signed cookie); failures are counted as ``engine.identity.throttle`` says."""
    now = env.clock.now()
    username = (username or "").strip()
    limits = _limits(username, address, device)
    with env.db.read() as conn:
        retry_after = throttle.wait(conn, limits, now)
        slow = throttle.address_pause(conn, address, now) if address and not device and retry_after is None else 0
    if retry_after is not None:
        raise LoginRefused(retry_after)
    if slow:
        throttle.pause(slow)
    with env.db.read() as conn:
        row = conn.execute(sa.select(users.c.id, users.c.password_hash, users.c.is_active)
                           .where(users.c.username == username)).first()
    ok = False
    try:
        ok = HASHER.verify(row.password_hash if row and row.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    with env.db.write() as conn:
        if not (ok and row and row.is_active and row.password_hash):
            keys = [limit.key for limit in limits] + ([throttle.address_key(address)] if address else [])
            throttle.record(conn, keys, now)
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
            throttle.forget(conn, [limits[0].key])  # the account from this address, or this device
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
