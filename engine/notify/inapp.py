"""The in-app list: a user's notifications newest first, the unread count, and marking them read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from engine.core.views import Page
from engine.notify import texts
from engine.store.models import Case, Delivery, Notification

deliveries, notifications, cases = Delivery.__table__, Notification.__table__, Case.__table__
MAX_PER_PAGE = 200


@dataclass(frozen=True, slots=True)
class NotificationView:
    """One notification as its reader sees it; ``id`` is the in-app delivery's."""

    id: int
    kind: str
    case_id: int | None
    case_title: str | None
    text: Label
    created_at: datetime
    read_at: datetime | None
    path: str | None = None  # the page it speaks of when it is about no case (a finished export, say)

    @property
    def unread(self) -> bool:
        return self.read_at is None


def _mine(user_id: int) -> sa.ColumnElement[bool]:
    d = deliveries.c
    return sa.and_(d.user_id == user_id, d.channel == "inapp")


def list_notifications(env: Env, user_id: int, page: int = 1, per_page: int = 20, *,
                       unread_only: bool = False) -> Page[NotificationView]:
    """The user's in-app notifications, newest first."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed({"page": [Label(f"页码从 1 开始，每页 1 至 {MAX_PER_PAGE} 条。",
                                               f"Pages start at 1 with 1 to {MAX_PER_PAGE} per page.")]})
    d, n = deliveries.c, notifications.c
    where = _mine(user_id) if not unread_only else sa.and_(_mine(user_id), d.read_at.is_(None))
    with env.db.read() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(deliveries).where(where)).scalar_one()
        rows = conn.execute(
            sa.select(d.id, n.kind, n.case_id, cases.c.title, d.created_at, d.read_at, n.payload)
            .select_from(deliveries.join(notifications, n.id == d.notification_id)
                         .outerjoin(cases, cases.c.id == n.case_id))
            .where(where).order_by(d.created_at.desc(), d.id.desc())
            .limit(per_page).offset((page - 1) * per_page)).all()
    known = env.registry.texts
    return Page([NotificationView(r.id, r.kind, r.case_id, r.title,
                                  texts.summary(r.kind, r.title or _title(r.payload), known), r.created_at,
                                  r.read_at, _path(r.payload)) for r in rows], page, per_page, total)


def _title(payload: object) -> str | None:
    """The title a notification about no case names (a federation's, say), from its payload."""
    title = payload.get("title") if isinstance(payload, dict) else None
    return title if isinstance(title, str) else None


def _path(payload: object) -> str | None:
    path = payload.get("path") if isinstance(payload, dict) else None
    return path if isinstance(path, str) and path.startswith("/") and not path.startswith("//") else None


def unread_count(env: Env, user_id: int) -> int:
    """How many of the user's in-app notifications are unread: one count on an index, for every page."""
    with env.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(deliveries)
                            .where(_mine(user_id), deliveries.c.read_at.is_(None))).scalar_one()


def mark_read(env: Env, user_id: int, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs or was read already."""
    with env.db.write() as conn:
        return conn.execute(deliveries.update().where(
            deliveries.c.id == notification_id, _mine(user_id), deliveries.c.read_at.is_(None))
            .values(read_at=env.clock.now())).rowcount == 1


def open_notification(env: Env, user_id: int, notification_id: int) -> NotificationView | None:
    """One of the user's notifications, marked read as it is opened; None if it is not theirs."""
    d, n = deliveries.c, notifications.c
    with env.db.write() as conn:
        row = conn.execute(
            sa.select(d.id, n.kind, n.case_id, cases.c.title, d.created_at, d.read_at, n.payload)
            .select_from(deliveries.join(notifications, n.id == d.notification_id)
                         .outerjoin(cases, cases.c.id == n.case_id))
            .where(d.id == notification_id, _mine(user_id))).first()
        if row is None:
            return None
        read_at = row.read_at
        if read_at is None:
            read_at = env.clock.now()
            conn.execute(deliveries.update().where(d.id == notification_id).values(read_at=read_at))
    return NotificationView(row.id, row.kind, row.case_id, row.title,
                            texts.summary(row.kind, row.title, env.registry.texts), row.created_at, read_at,
                            _path(row.payload))


def mark_all_read(env: Env, user_id: int) -> int:
    """Mark every unread notification of the user read; how many were."""
    with env.db.write() as conn:
        return conn.execute(deliveries.update().where(_mine(user_id), deliveries.c.read_at.is_(None))
                            .values(read_at=env.clock.now())).rowcount


def tell(conn: sa.Connection, now: datetime, kind: str, *, path: str, title: str, role: str | None = None,
         organisation_id: int | None = None, user_id: int | None = None) -> None:
    """Queue a notification about no case (a page it links to, a title its text names) for a user or for the
    holders of a role in an organisation, in the caller's transaction; the outbox delivers it like any other."""
    conn.execute(notifications.insert().values(
        case_id=None, kind=kind, user_id=user_id, role=role, organisation_id=organisation_id,
        payload={"path": path, "title": title}, status="pending", attempts=0, next_attempt_at=now, created_at=now))
