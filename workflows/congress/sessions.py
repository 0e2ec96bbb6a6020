"""Congress sessions (届/次) and their proposal collection periods, as the office sets them up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.i18n import REQUIRED, Label
from engine.store.models import Organisation
from workflows.congress.models import CongressSession

orgs, sessions = Organisation.__table__, CongressSession.__table__


@dataclass(frozen=True, slots=True)
class CongressSessionView:
    id: int
    organisation_id: int
    term: int
    number: int
    name: str
    collection_opens: date
    collection_closes: date
    opens_on: date | None

    def collecting(self, today: date) -> bool:
        return self.collection_opens <= today <= self.collection_closes


def _session(r: sa.Row) -> CongressSessionView:
    return CongressSessionView(r.id, r.organisation_id, r.term, r.number, r.name, r.collection_opens,
                       r.collection_closes, r.opens_on)


def _check_window(opens: date, closes: date) -> None:
    if closes < opens:
        raise ValidationFailed({"collection_closes": [Label("征集截止日期不能早于开始日期。",
                                                            "The collection period cannot end before it starts.")]})


def create_congress_session(env: Env, organisation_id: int, *, term: int, number: int, name: str,
                            collection_opens: date, collection_closes: date, opens_on: date | None = None,
                            kind: str = "congress") -> int:
    """Add a session (届/次) with its proposal collection period: a full congress, or a joint meeting of the
    delegation heads (``delegation_heads``), which may not decide the matters reserved to the congress."""
    if not name.strip():
        raise ValidationFailed({"name": [REQUIRED]})
    if kind not in ("congress", "delegation_heads"):
        raise ValidationFailed({"kind": [Label("请选择会议类型。", "Choose the kind of session.")]})
    if term < 1 or number < 1:
        raise ValidationFailed({"number": [Label("届次应为正整数。", "Term and session are whole numbers from 1.")]})
    _check_window(collection_opens, collection_closes)
    with env.db.write() as conn:
        if conn.execute(sa.select(orgs.c.id).where(orgs.c.id == organisation_id)).first() is None:
            raise NotFound("organisation", organisation_id)
        if conn.execute(sa.select(sessions.c.id).where(
                sessions.c.organisation_id == organisation_id, sessions.c.term == term,
                sessions.c.number == number)).first():
            raise ValidationFailed({"number": [Label("该届次已存在。", "This term and session exist already.")]})
        return conn.execute(sessions.insert().values(
            organisation_id=organisation_id, term=term, number=number, name=name.strip(),
            collection_opens=collection_opens, collection_closes=collection_closes, opens_on=opens_on, kind=kind,
            created_at=env.clock.now())).inserted_primary_key[0]


def update_collection_window(env: Env, session_id: int, collection_opens: date, collection_closes: date) -> None:
    _check_window(collection_opens, collection_closes)
    with env.db.write() as conn:
        if conn.execute(sessions.update().where(sessions.c.id == session_id).values(
                collection_opens=collection_opens, collection_closes=collection_closes)).rowcount != 1:
            raise NotFound("congress session", session_id)


def list_congress_sessions(env: Env, organisation_id: int | None = None) -> list[CongressSessionView]:
    cond = [] if organisation_id is None else [sessions.c.organisation_id == organisation_id]
    with env.db.read() as conn:
        return [_session(r) for r in conn.execute(
            sa.select(sessions).where(*cond).order_by(sessions.c.term.desc(), sessions.c.number.desc()))]


def get_congress_session(env: Env, session_id: int) -> CongressSessionView:
    with env.db.read() as conn:
        r = conn.execute(sa.select(sessions).where(sessions.c.id == session_id)).first()
    if r is None:
        raise NotFound("congress session", session_id)
    return _session(r)
