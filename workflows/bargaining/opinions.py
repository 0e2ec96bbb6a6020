"""Opinions staff send about a case (what they want negotiated), anonymous if they choose, summarised by topic
for those who work the case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound, PermissionDenied, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.identity.roles import holds_any
from engine.store.models import Case, Membership, Organisation, User
from engine.time.calendar import TZ
from workflows.bargaining.models import Opinion

opinions, cases, memberships, orgs, users = (Opinion.__table__, Case.__table__, Membership.__table__,
                                             Organisation.__table__, User.__table__)
READERS = ("union_office", "union_chair")


@dataclass(frozen=True, slots=True)
class OpinionView:
    id: int
    topic: str
    body: str
    author: str | None  # None: sent anonymously
    created_at: datetime | None  # None for an anonymous opinion: the minute could tell who in a small group
    on: date  # the day it was sent (Beijing time)


@dataclass(frozen=True, slots=True)
class OpinionSummary:
    """The opinions on a case, newest first, and how many there are per topic."""

    total: int
    by_topic: list[tuple[str, int]]
    items: list[OpinionView]


def _case(conn: sa.Connection, case_id: int) -> sa.Row:
    row = conn.execute(sa.select(cases.c.organisation_id, cases.c.data).where(cases.c.id == case_id)).first()
    if row is None:
        raise NotFound("case", case_id)
    return row


def _staff(conn: sa.Connection, user_id: int | None, organisation_id: int) -> bool:
    """The user belongs to the organisation: holds any role in it, or in one of its departments."""
    if user_id is None:
        return False
    target = sa.select(orgs.c.path).where(orgs.c.id == organisation_id).scalar_subquery()
    return conn.execute(sa.select(sa.exists().where(
        memberships.c.user_id == user_id, orgs.c.id == memberships.c.organisation_id,
        users.c.id == memberships.c.user_id, users.c.is_active.is_(True),
        sa.or_(sa.func.substr(orgs.c.path, 1, sa.func.length(target)) == target,
               sa.func.substr(target, 1, sa.func.length(orgs.c.path)) == orgs.c.path)))).scalar()


def submit_opinion(env: Env, actor: Actor, case_id: int, *, topic: str, body: str, anonymous: bool) -> int:
    """A staff member of the case's organisation sends an opinion; anonymous ones keep no trace of who."""
    errors: dict[str, list[Label]] = {}
    if not topic.strip():
        errors["topic"] = [REQUIRED]
    elif len(topic.strip()) > 200:
        errors["topic"] = [Label("不能超过 200 个字符。", "At most 200 characters.")]
    if not body.strip():
        errors["body"] = [REQUIRED]
    elif len(body) > 5000:
        errors["body"] = [Label("不能超过 5000 个字符。", "At most 5000 characters.")]
    if errors:
        raise ValidationFailed(errors)
    with env.db.write() as conn:
        case = _case(conn, case_id)
        if not _staff(conn, actor.user_id, case.organisation_id):
            raise PermissionDenied("submit_opinion", ("staff",))
        now = env.clock.now()
        # An anonymous opinion keeps only its day (its midnight, Beijing time): the time it came is a trace too.
        at = datetime.combine(now.astimezone(TZ).date(), time(0), TZ).astimezone(UTC) if anonymous else now
        return conn.execute(opinions.insert().values(
            case_id=case_id, user_id=None if anonymous else actor.user_id, topic=topic.strip(), body=body.strip(),
            created_at=at)).inserted_primary_key[0]


def _view(opinion_id: int, topic: str, body: str, author: str | None, at: datetime) -> OpinionView:
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return OpinionView(opinion_id, topic, body, author, at if author is not None else None, at.astimezone(TZ).date())


def list_opinions(env: Env, actor: Actor, case_id: int) -> OpinionSummary:
    """For the union office and the case's negotiators."""
    with env.db.read() as conn:
        case = _case(conn, case_id)
        negotiators = env.db.load_js(case.data).get("negotiators", [])
        if actor.user_id not in negotiators and not holds_any(conn, actor.user_id, case.organisation_id, READERS):
            if not _staff(conn, actor.user_id, case.organisation_id):
                raise NotFound("case", case_id)  # outside the union: as if there were no such talks
            raise PermissionDenied("opinions", READERS)
        rows = conn.execute(sa.select(opinions.c.id, opinions.c.topic, opinions.c.body, users.c.display_name,
                                      opinions.c.created_at)
                            .select_from(opinions.outerjoin(users, users.c.id == opinions.c.user_id))
                            .where(opinions.c.case_id == case_id).order_by(opinions.c.id.desc())).all()
    items = [_view(*r) for r in rows]
    counts = Counter(i.topic for i in items)
    return OpinionSummary(len(items), counts.most_common(), items)
