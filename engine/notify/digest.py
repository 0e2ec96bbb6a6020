"""The daily digest: each user's open tasks, overdue and due soon first, queued as one e-mail per user."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from engine.core.env import Env
from engine.notify.outbox import DIGEST
from engine.store.models import Notification, User, UserPreference
from engine.time.calendar import TZ

notifications, users, prefs = Notification.__table__, User.__table__, UserPreference.__table__
SOON = timedelta(days=3)
MOST = 200  # tasks listed in one digest; the total is still told


def _group(due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return "open"
    if due_at < now:
        return "overdue"
    return "soon" if due_at <= now + SOON else "open"


def send_digests(env: Env, *, now: datetime | None = None) -> int:
    """Queue today's digest for every active user who wants it, has an e-mail address and has open tasks;
    the outbox sends them (``outbox.deliver``). A user gets at most one digest a day, however often this runs.
    Returns the number of digests queued."""
    from engine import services  # the inbox is the services' view of tasks; imported late, services re-exports us

    now = now or env.clock.now()
    today = now.astimezone(TZ).date()
    day_began = datetime.combine(today, time(0), TZ)
    sent_today = sa.exists().where(notifications.c.user_id == users.c.id, notifications.c.kind == DIGEST,
                                   notifications.c.created_at >= day_began)
    with env.db.read() as conn:
        wanted = conn.execute(
            sa.select(users.c.id).outerjoin(prefs, prefs.c.user_id == users.c.id)
            .where(users.c.is_active.is_(True), users.c.email.is_not(None), users.c.email != "",
                   sa.or_(prefs.c.digest.is_(None), prefs.c.digest.is_(True)), ~sent_today)
            .order_by(users.c.id)).scalars().all()
    rows: list[dict[str, Any]] = []
    for user_id in wanted:
        found = services.inbox(env, user_id, page=1, per_page=MOST)
        if not found.items:
            continue
        tasks = [{"case_id": t.case_id, "title": t.case_title, "step": [t.state_label.zh, t.state_label.en],
                  "due_at": t.due_at.isoformat() if t.due_at else None, "group": _group(t.due_at, now)}
                 for t in found.items]
        # Overdue first, then due soon, each by deadline; the inbox's order (oldest due first) is kept within.
        order = {"overdue": 0, "soon": 1, "open": 2}
        tasks.sort(key=lambda t: order[t["group"]])
        payload = {"date": today.isoformat(), "total": found.total, "tasks": tasks,
                   "overdue": sum(1 for t in tasks if t["group"] == "overdue")}
        rows.append({"case_id": None, "kind": DIGEST, "user_id": user_id, "role": None, "organisation_id": None,
                     "payload": payload, "status": "pending", "attempts": 0, "next_attempt_at": now,
                     "created_at": now})
    if not rows:
        return 0
    with env.db.write() as conn:
        # Checked again under the write lock: two runs at once still send one digest a day.
        already = set(conn.execute(sa.select(notifications.c.user_id).where(
            notifications.c.kind == DIGEST, notifications.c.created_at >= day_began,
            notifications.c.user_id.in_([r["user_id"] for r in rows]))).scalars())
        rows = [r for r in rows if r["user_id"] not in already]
        if rows:
            conn.execute(notifications.insert(), rows)
    return len(rows)
