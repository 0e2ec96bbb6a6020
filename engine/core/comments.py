"""A case's discussion thread: plain-text comments by its readers, each an entry of the case's history chain (so
``unionflow audit verify`` covers them), told to the case's participants through the outbox.

A comment moves the case's version (the chain's length) but not its state or data, so an action taken from a page
loaded before a comment is not refused as stale: ``only_comments_since`` lets it through when nothing but comments
came after the version its page showed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core import anonymity, i18n
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound, ValidationFailed
from engine.core.readers import readable
from engine.store.database import RawTransaction
from engine.store.history import event_hash
from engine.store.models import Case, Event, Task, User
from engine.store.server_plans import hot
from engine.store.statements import StatementSet

COMMENT = "comment"  # the trigger of a comment's history entry; no workflow may name an action so
MAX_LENGTH = 2000
EXCERPT = 80  # characters of a comment a notification quotes
cases, events, tasks, users = Case.__table__, Event.__table__, Task.__table__, User.__table__


@dataclass(frozen=True, slots=True)
class CommentView:
    """One comment as its readers see it."""

    seq: int
    author_id: int | None
    author: str | None
    text: str
    created_at: datetime


class CommentStatements(StatementSet):
    """The statements a comment writes and the version check reads."""

    @cached_property
    def bump(self) -> Any:
        c = cases.c
        return self._prep(cases.update().where(c.id == p("id"), c.version == p("old_version"))
                          .values(version=p("version"), head_hash=p("head_hash")))

    @cached_property
    def triggers_after(self) -> Any:
        e = events.c
        return self._prep(sa.select(e.trigger).where(e.case_id == p("case_id"), e.seq > p("after")))


def check_text(text: str | None) -> str:
    """The comment as it is kept (surrounding blanks dropped), or ValidationFailed on ``text``."""
    kept = (text or "").strip()
    if "\x00" in kept:  # no database keeps it in a text
        raise ValidationFailed({"text": [i18n.NOT_TEXT]})
    if not kept:
        raise ValidationFailed({"text": [i18n.REQUIRED]})
    if len(kept) > MAX_LENGTH:
        raise ValidationFailed({"text": [i18n.TOO_LONG.format(max=MAX_LENGTH, n=len(kept))]})
    return kept


@functools.cache
def _reader_check_query() -> sa.Select[Any]:
    """The case's row if the user may read it, with the user's display name (``author``): built once, bound per
    call (``case_id``, ``user_id``), its plan kept on the server behind a pooler (``hot``)."""
    c, user_id = cases.c, sa.bindparam("user_id")
    author = sa.select(users.c.display_name).where(users.c.id == user_id).scalar_subquery().label("author")
    return hot(sa.select(c.id, c.created_by, c.workflow, c.spec_version, c.organisation_id, c.data, author).where(
        c.id == sa.bindparam("case_id"), readable(user_id, c.id)))


def _reader_check(conn: sa.Connection, user_id: int, case_id: int) -> sa.Row[Any]:
    row = conn.execute(_reader_check_query(), {"case_id": case_id, "user_id": user_id}).first()
    if row is None:
        raise NotFound("case", case_id)
    return row


@functools.cache
def _participants_query() -> sa.CompoundSelect:
    """Whom a comment is told to: the starter, everyone who acted or commented, the holders of its open tasks, as
    long as they may still read the case, never the author (user_id, NULL, NULL); and the roles holding its open
    tasks (NULL, role, organisation). Built once, bound per call (``case_id``, ``created_by``, ``author``)."""
    t, e, case_id = tasks.c, events.c, sa.bindparam("case_id")
    person = users.alias("participant")
    acted = sa.select(e.actor_id).where(e.case_id == case_id, e.actor_id.is_not(None))
    holds = sa.select(t.user_id).where(t.case_id == case_id, t.status == "open", t.user_id.is_not(None))
    involved = person.c.id.in_(sa.union(acted, holds, sa.select(sa.cast(sa.bindparam("created_by"), e.actor_id.type))))
    people = sa.select(person.c.id, sa.cast(sa.null(), t.role.type), sa.cast(sa.null(), t.organisation_id.type)) \
        .where(involved, person.c.id != sa.bindparam("author"), readable(person.c.id, case_id))
    roles = sa.select(sa.cast(sa.null(), person.c.id.type), t.role, t.organisation_id).distinct().where(
        t.case_id == case_id, t.status == "open", t.role.is_not(None))
    return hot(sa.union_all(people, roles))


def _participants(conn: sa.Connection, case_id: int, created_by: int | None, author: int) -> list[dict[str, Any]]:
    """The comment's recipients, people first then roles, each in order: one statement, however many."""
    found = conn.execute(_participants_query(), {"case_id": case_id, "created_by": created_by, "author": author}
                         ).all()
    return [{"user_id": u, "role": None, "organisation_id": None} for u in sorted(r[0] for r in found if r[1] is None)
            ] + [{"user_id": None, "role": r, "organisation_id": o} for _, r, o in sorted(
                (row for row in found if row[1] is not None), key=lambda row: (row[1], row[2]))]


def post(env: Env, actor: Actor, case_id: int, text: str | None) -> CommentView:
    """Add a comment to a case the actor may read (NotFound otherwise), in the history chain, and queue its
    notification to the case's participants; one transaction, the case's row locked once the reads are done."""
    if actor.user_id is None:
        raise NotFound("case", case_id)
    kept = check_text(text)
    now = env.clock.now()
    from engine.core.runtime import load_case  # the case as an action loads it, locked

    sql = CommentStatements.of(env.db)
    with env.db.write() as conn:
        row = _reader_check(conn, actor.user_id, case_id)
        recipients = _participants(conn, case_id, row.created_by, actor.user_id)
        author = row.author
        if actor.user_id == row.created_by and anonymity.flagged(env, row.workflow, row.spec_version, row.data):
            author = None  # an unnamed starter's comment is told without their name, to everyone
        tx = env.db.raw(conn)
        case, _ = load_case(tx, env, case_id)
        seq, payload = case.version + 1, {"text": kept}
        digest = event_hash(case.id, seq, COMMENT, case.state, case.state, actor.user_id, payload, now,
                            case.head_hash)
        tx.execute(env.sql.insert_event, {
            "case_id": case.id, "seq": seq, "trigger": COMMENT, "from_state": case.state, "to_state": case.state,
            "actor_id": actor.user_id, "payload": env.db.js(payload), "created_at": env.db.ts(now),
            "prev_hash": case.head_hash, "hash": digest})
        tx.execute(sql.bump, {"id": case.id, "old_version": case.version, "version": seq, "head_hash": digest})
        note = {"trigger": COMMENT, "state": case.state, "author": author or "",
                "excerpt": kept if len(kept) <= EXCERPT else kept[:EXCERPT] + "…"}
        tx.executemany(env.sql.insert_notification, [
            {"case_id": case.id, "kind": COMMENT, **r, "payload": env.db.js(note), "next_attempt_at": env.db.ts(now),
             "created_at": env.db.ts(now)} for r in recipients])
    return CommentView(seq, actor.user_id, author, kept, now)


def list_comments(env: Env, actor: Actor, case_id: int) -> list[CommentView]:
    """A case's comments, oldest first, for one who may read it (NotFound otherwise)."""
    with env.db.read() as conn:
        c = cases.c
        case = conn.execute(sa.select(c.created_by, c.workflow, c.spec_version, c.organisation_id, c.data)
                            .where(c.id == case_id)).first()
        if not actor.system:
            if actor.user_id is None:
                raise NotFound("case", case_id)
            _reader_check(conn, actor.user_id, case_id)
        hidden = case is not None and anonymity.Concealer(env, conn, actor).hides(
            case.workflow, case.spec_version, case.organisation_id, case.created_by, case.data)
        unnamed = anonymity.unnamed(case.created_by if hidden and case is not None else None)
        rows = conn.execute(sa.select(events.c.seq, events.c.actor_id, users.c.display_name, events.c.payload,
                                      events.c.created_at)
                            .select_from(events.outerjoin(users, users.c.id == events.c.actor_id))
                            .where(events.c.case_id == case_id, events.c.trigger == COMMENT)
                            .order_by(events.c.seq)).all()
    return [CommentView(r.seq, None, None, (r.payload or {}).get("text", ""), r.created_at) if unnamed(r.actor_id)
            else CommentView(r.seq, r.actor_id, r.display_name, (r.payload or {}).get("text", ""), r.created_at)
            for r in rows]


def only_comments_since(tx: RawTransaction, env: Env, case_id: int, seen: int, current: int) -> bool:
    """Whether everything the case's history gained after version ``seen`` is comments: an action from a page
    showing ``seen`` then acts on the same state and data."""
    if seen >= current or seen < 1:
        return False
    found = tx.all(CommentStatements.of(env.db).triggers_after, {"case_id": case_id, "after": seen})
    return bool(found) and all(t == COMMENT for (t,) in found)
