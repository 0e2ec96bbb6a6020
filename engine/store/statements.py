"""The statements of the hot path, built from the table models and compiled once per database; a domain
package keeps its own set by subclassing ``StatementSet``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Self

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.store.database import Database, Prepared
from engine.store.models import (
    Attachment,
    Case,
    CaseReader,
    Counter,
    Event,
    Membership,
    Notification,
    Organisation,
    Task,
    Timer,
    User,
)

cases, events, tasks, timers = Case.__table__, Event.__table__, Task.__table__, Timer.__table__
notifications, memberships, orgs, users = (
    Notification.__table__, Membership.__table__, Organisation.__table__, User.__table__)
counters, attachments, case_readers = Counter.__table__, Attachment.__table__, CaseReader.__table__


def values(table: sa.Table, *names: str) -> sa.Insert:
    return table.insert().inline().values({n: p(n) for n in names})


class StatementSet:
    """A set of prepared statements for one database: ``of(db)`` keeps one set per class and database, each
    statement compiled on first use (``cached_property``, or ``_once`` for a statement with a variant)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def of(cls, db: Database) -> Self:
        key = f"_statements_{cls.__module__}.{cls.__qualname__}"
        found = db.__dict__.get(key)
        if found is None:
            found = db.__dict__[key] = cls(db)
        return found

    def _prep(self, stmt: sa.Executable) -> Prepared:
        return self.db.prepare(stmt)

    def _once(self, key: str, build: Callable[[], sa.Executable]) -> Prepared:
        found = self.__dict__.get(key)
        if found is None:
            found = self.__dict__[key] = self._prep(build())
        return found


class Statements(StatementSet):
    """The engine's own statements: cases, history, tasks, timers, the outbox, counters, files."""

    @cached_property
    def load_case(self) -> Prepared:
        c = cases.c
        return self._prep(
            sa.select(c.workflow, c.spec_version, c.organisation_id, c.state, c.version, c.data,
                      c.created_by, c.head_hash, c.title)
            .where(c.id == p("id")).with_for_update())

    @cached_property
    def member_of(self) -> Prepared:
        """A row when an active user holds any role in an organisation, above it or below it (its staff)."""
        held, target = orgs.alias("held"), orgs.alias("target")
        m = memberships.c
        return self._prep(
            sa.select(m.role).select_from(
                memberships.join(held, held.c.id == m.organisation_id)
                .join(users, users.c.id == m.user_id))
            .join(target, target.c.id == p("org"))
            .where(m.user_id == p("user"), users.c.is_active.is_(True),
                   sa.or_(sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path,
                          sa.func.substr(held.c.path, 1, sa.func.length(target.c.path)) == target.c.path))
            .limit(1))

    @cached_property
    def roles_in(self) -> Prepared:
        """Roles a user holds in an organisation or any organisation above it; none if disabled."""
        held, target = orgs.alias("held"), orgs.alias("target")
        m = memberships.c
        return self._prep(
            sa.select(m.role).select_from(
                memberships.join(held, held.c.id == m.organisation_id)
                .join(users, users.c.id == m.user_id))
            .join(target, target.c.id == p("org"))
            .where(m.user_id == p("user"), users.c.is_active.is_(True),
                   sa.func.substr(target.c.path, 1, sa.func.length(held.c.path)) == held.c.path))

    @cached_property
    def org_row(self) -> Prepared:
        return self._prep(sa.select(orgs.c.id, orgs.c.parent_id).where(orgs.c.id == p("id")))

    @cached_property
    def user_exists(self) -> Prepared:
        return self._prep(sa.select(users.c.id).where(users.c.id == p("id")))

    @cached_property
    def update_case(self) -> Prepared:
        c = cases.c
        return self._prep(
            cases.update().where(c.id == p("id"), c.version == p("old_version"))
            .values(state=p("state"), version=p("version"), data=p("data"), updated_at=p("now"),
                    head_hash=p("head_hash"), title=p("title"), key1=p("key1"), key2=p("key2"), key3=p("key3"),
                    # SET sees the row as it was: the time moves only when the state does.
                    state_since=sa.case((c.state == p("state"), c.state_since), else_=p("now"))))

    @cached_property
    def set_spec_version(self) -> Prepared:
        """Move a case to another version of its workflow (a declared migration, nothing else)."""
        c = cases.c
        return self._prep(cases.update().where(c.id == p("id"), c.spec_version == p("old"))
                          .values(spec_version=p("new")))

    @cached_property
    def insert_case(self) -> Prepared:
        return self._prep(
            values(cases, "workflow", "spec_version", "organisation_id", "state", "version", "title",
                    "data", "created_by", "created_at", "updated_at", "state_since", "head_hash")
            .returning(cases.c.id))

    @cached_property
    def insert_event(self) -> Prepared:
        return self._prep(values(events, "case_id", "seq", "trigger", "from_state", "to_state",
                                  "actor_id", "payload", "created_at", "prev_hash", "hash"))

    @cached_property
    def close_tasks(self) -> Prepared:
        t = tasks.c
        return self._prep(
            tasks.update().where(t.case_id == p("case_id"), t.status == "open")
            .values(status="done", closed_at=p("now"), closed_seq=p("seq")))

    @cached_property
    def insert_task(self) -> Prepared:
        return self._prep(
            values(tasks, "case_id", "state", "role", "organisation_id", "user_id", "due_at", "created_at", "kind")
            .values(status="open"))

    @cached_property
    def obsolete_timers(self) -> Prepared:
        t = timers.c
        return self._prep(
            timers.update().where(t.case_id == p("case_id"), t.status == "pending")
            .values(status="obsolete"))

    @cached_property
    def insert_timer(self) -> Prepared:
        return self._prep(
            values(timers, "case_id", "state", "entered_seq", "kind", "trigger", "due_at", "provisional",
                    "created_at").values(status="pending"))

    @cached_property
    def insert_notification(self) -> Prepared:
        return self._prep(
            values(notifications, "case_id", "kind", "user_id", "role", "organisation_id", "payload",
                    "next_attempt_at", "created_at").values(status="pending", attempts=0))

    @cached_property
    def set_follows(self) -> Prepared:
        return self._prep(cases.update().where(cases.c.id == p("id")).values(follows_id=p("follows_id")))

    @cached_property
    def peek_case(self) -> Prepared:
        c = cases.c
        return self._prep(sa.select(c.id, c.workflow, c.organisation_id, c.state, c.title, c.data, c.follows_id)
                          .where(c.id == p("id")))

    @cached_property
    def followers_of(self) -> Prepared:
        c = cases.c
        return self._prep(sa.select(c.id, c.created_by).where(c.follows_id == p("id")).order_by(c.id))

    @cached_property
    def next_number(self) -> Prepared:
        if self.db.sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        stmt = insert(counters).values(name=p("name"), value=1)
        stmt = stmt.on_conflict_do_update(index_elements=[counters.c.name],
                                          set_={"value": counters.c.value + 1})
        return self._prep(stmt.returning(counters.c.value))

    @cached_property
    def open_tasks_in(self) -> Prepared:
        t = tasks.c
        return self._prep(sa.select(t.id, t.role, t.organisation_id, t.user_id)
                          .where(t.case_id == p("case_id"), t.state == p("state"), t.status == "open"))

    @cached_property
    def close_task(self) -> Prepared:
        t = tasks.c
        return self._prep(tasks.update().where(t.id == p("id"), t.status == "open")
                          .values(status="done", closed_at=p("now"), closed_seq=p("seq")))

    @cached_property
    def close_tasks_of_kind(self) -> Prepared:
        t = tasks.c
        return self._prep(
            tasks.update().where(t.case_id == p("case_id"), t.status == "open", t.kind == p("kind"))
            .values(status="done", closed_at=p("now"), closed_seq=p("seq")))

    @cached_property
    def first_deadline(self) -> Prepared:
        t = timers.c
        return self._prep(sa.select(sa.func.min(t.due_at)).where(
            t.case_id == p("case_id"), t.state == p("state"), t.status == "pending", t.kind == "deadline"))

    @cached_property
    def set_task_due(self) -> Prepared:
        t = tasks.c
        return self._prep(tasks.update().where(t.case_id == p("case_id"), t.status == "open")
                          .values(due_at=p("due_at")))

    @cached_property
    def insert_attachment(self) -> Prepared:
        return self._prep(values(attachments, "case_id", "seq", "filename", "content_type", "size", "sha256",
                                  "content", "uploaded_by", "created_at"))

    @cached_property
    def delete_readers(self) -> Prepared:
        return self._prep(case_readers.delete().where(case_readers.c.case_id == p("case_id")))

    @cached_property
    def insert_reader(self) -> Prepared:
        return self._prep(values(case_readers, "case_id", "user_id", "role", "organisation_id"))
