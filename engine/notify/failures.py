"""Deliveries given up after their retries, for the union office to see and send again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.i18n import Label
from engine.core.views import Page
from engine.notify import texts
from engine.store.models import Case, Delivery, Membership, Notification, Organisation, User

deliveries, notifications, cases = Delivery.__table__, Notification.__table__, Case.__table__
orgs, users, memberships = Organisation.__table__, User.__table__, Membership.__table__
NOT_FAILED = Label("该通知没有发送失败，无需重发。", "This delivery has not failed: there is nothing to send again.")


@dataclass(frozen=True, slots=True)
class DeliveryView:
    id: int
    notification_id: int
    kind: str
    text: Label
    channel: str  # email, wecom, dingtalk
    address: str | None  # the e-mail address or the robot's name
    user_id: int | None
    user_name: str | None
    case_id: int | None
    case_title: str | None
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime


def _within(conn: sa.Connection, organisation_id: int | None) -> sa.ColumnElement[bool]:
    """Deliveries that concern an organisation's subtree: by the case's or the notification's organisation,
    or, for those about no case (a digest), by a role the recipient holds there."""
    if organisation_id is None:
        return sa.true()
    path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == organisation_id)).scalar()
    if path is None:
        raise NotFound("organisation", organisation_id)
    case_org, sent_to = orgs.alias("case_org"), orgs.alias("sent_to")
    holds_role = sa.exists().where(memberships.c.user_id == deliveries.c.user_id,
                                   memberships.c.organisation_id == orgs.c.id, orgs.c.path.startswith(path))
    return sa.or_(
        notifications.c.case_id.in_(sa.select(cases.c.id).join(case_org, case_org.c.id == cases.c.organisation_id)
                                    .where(case_org.c.path.startswith(path))),
        notifications.c.organisation_id.in_(sa.select(sent_to.c.id).where(sent_to.c.path.startswith(path))),
        sa.and_(notifications.c.case_id.is_(None), holds_role))


def failed_deliveries(env: Env, *, organisation_id: int | None = None, page: int = 1,
                      per_page: int = 50) -> Page[DeliveryView]:
    """Given-up deliveries, the latest failure first, with the error of their last try."""
    d, n = deliveries.c, notifications.c
    with env.db.read() as conn:
        where = sa.and_(d.status == "failed", _within(conn, organisation_id))
        joined = deliveries.join(notifications, n.id == d.notification_id)
        total = conn.execute(sa.select(sa.func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(
            sa.select(d.id, d.notification_id, n.kind, d.channel, d.address, d.user_id, users.c.display_name,
                      n.case_id, cases.c.title, d.status, d.attempts, d.last_error, d.created_at, d.next_attempt_at)
            .select_from(joined.outerjoin(cases, cases.c.id == n.case_id).outerjoin(users, users.c.id == d.user_id))
            .where(where).order_by(d.next_attempt_at.desc(), d.id.desc())
            .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    known = env.registry.texts
    return Page([DeliveryView(r.id, r.notification_id, r.kind, texts.summary(r.kind, r.title, known),
                              r.channel, r.address, r.user_id, r.display_name, r.case_id, r.title, r.status,
                              r.attempts, r.last_error, r.created_at, r.next_attempt_at) for r in rows],
                max(page, 1), per_page, total)


def resend_delivery(env: Env, delivery_id: int, *, organisation_id: int | None = None) -> None:
    """Put a failed delivery back in the queue with a fresh set of tries (the office fixed the address, say)."""
    d = deliveries.c
    with env.db.write() as conn:
        found = conn.execute(
            sa.select(d.status).select_from(deliveries.join(notifications, notifications.c.id == d.notification_id))
            .where(d.id == delivery_id, _within(conn, organisation_id))).first()
        if found is None:
            raise NotFound("delivery", delivery_id)
        if found.status != "failed":
            raise ValidationFailed({"__all__": [NOT_FAILED]})
        conn.execute(deliveries.update().where(d.id == delivery_id).values(
            status="pending", attempts=0, next_attempt_at=env.clock.now(), last_error=None))
