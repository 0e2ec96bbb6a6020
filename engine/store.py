"""The statements of the hot path, built from the table models and compiled once per database."""

from __future__ import annotations

from functools import cached_property

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.db import Database, Prepared
from engine.models import (
    Attachment,
    BallotBoxVote,
    BallotItem,
    Case,
    CheckIn,
    CongressSession,
    CongressTerm,
    Counter,
    DocumentReceipt,
    Event,
    Membership,
    Notification,
    Organisation,
    Participation,
    Representative,
    Task,
    Timer,
    User,
)

cases, events, tasks, timers = Case.__table__, Event.__table__, Task.__table__, Timer.__table__
notifications, memberships, orgs, users = (
    Notification.__table__, Membership.__table__, Organisation.__table__, User.__table__)
counters, attachments, congress_sessions = Counter.__table__, Attachment.__table__, CongressSession.__table__
ballot_items, congress_terms, representatives = BallotItem.__table__, CongressTerm.__table__, Representative.__table__
document_receipts, check_ins = DocumentReceipt.__table__, CheckIn.__table__
participations, ballot_box = Participation.__table__, BallotBoxVote.__table__


def _values(table: sa.Table, *names: str) -> sa.Insert:
    return table.insert().inline().values({n: p(n) for n in names})


class Statements:
    """Prepared statements for one database (``Statements.of(db)`` keeps one set per database)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def of(cls, db: Database) -> Statements:
        found = db.__dict__.get("_statements")
        if found is None:
            found = db.__dict__["_statements"] = cls(db)
        return found

    def _prep(self, stmt: sa.Executable) -> Prepared:
        return self.db.prepare(stmt)

    @cached_property
    def load_case(self) -> Prepared:
        c = cases.c
        return self._prep(
            sa.select(c.workflow, c.spec_version, c.organisation_id, c.state, c.version, c.data,
                      c.created_by, c.head_hash, c.title)
            .where(c.id == p("id")).with_for_update())

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
                    head_hash=p("head_hash"), title=p("title"),
                    # SET sees the row as it was: the time moves only when the state does.
                    state_since=sa.case((c.state == p("state"), c.state_since), else_=p("now"))))

    @cached_property
    def insert_case(self) -> Prepared:
        return self._prep(
            _values(cases, "workflow", "spec_version", "organisation_id", "state", "version", "title",
                    "data", "created_by", "created_at", "updated_at", "state_since", "head_hash")
            .returning(cases.c.id))

    @cached_property
    def insert_event(self) -> Prepared:
        return self._prep(_values(events, "case_id", "seq", "trigger", "from_state", "to_state",
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
            _values(tasks, "case_id", "state", "role", "organisation_id", "user_id", "due_at", "created_at", "kind")
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
            _values(timers, "case_id", "state", "entered_seq", "kind", "trigger", "due_at", "provisional",
                    "created_at").values(status="pending"))

    @cached_property
    def insert_notification(self) -> Prepared:
        return self._prep(
            _values(notifications, "case_id", "kind", "user_id", "role", "organisation_id", "payload",
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
    def congress_session(self) -> Prepared:
        s = congress_sessions.c
        return self._prep(sa.select(s.id, s.organisation_id, s.name, s.collection_opens, s.collection_closes)
                          .where(s.id == p("id")))

    @cached_property
    def session_phase(self) -> Prepared:
        s = congress_sessions.c
        return self._prep(sa.select(s.id, s.case_id, s.name, s.opens_on, s.documents_delivered_at, s.opened_at,
                                    s.closed_at).where(s.id == p("id")).with_for_update())

    @cached_property
    def session_items(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(i.status, sa.func.count()).where(i.session_id == p("id")).group_by(i.status))

    @cached_property
    def ballot_item(self) -> Prepared:
        i, s = ballot_items.c, congress_sessions.c
        return self._prep(sa.select(i.id, i.session_id, s.organisation_id, i.case_id, i.title, i.status, i.result)
                          .join(congress_sessions, s.id == i.session_id).where(i.id == p("id")))

    @cached_property
    def next_position(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(sa.func.coalesce(sa.func.max(i.position), 0) + 1).where(i.session_id == p("id")))

    @cached_property
    def insert_item(self) -> Prepared:
        return self._prep(ballot_items.insert().values(
            {n: p(n) for n in ("session_id", "case_id", "position", "kind", "title", "description", "options",
                               "pass_rule", "reserved", "status", "created_at")}).returning(ballot_items.c.id))

    def mark_session(self, column: str) -> Prepared:
        key = f"_mark_{column}"
        found = self.__dict__.get(key)
        if found is None:
            found = self.__dict__[key] = self._prep(congress_sessions.update().where(
                congress_sessions.c.id == p("id")).values({column: p("at")}))
        return found

    @cached_property
    def link_session(self) -> Prepared:
        return self._prep(congress_sessions.update().where(congress_sessions.c.id == p("id"))
                          .values(case_id=p("case")))

    def representatives(self, missing: str | None) -> Prepared:
        key = f"_reps_{missing}"
        found = self.__dict__.get(key)
        if found is not None:
            return found
        s, r, u = congress_sessions.c, representatives.c, users.c
        query = (sa.select(r.user_id).select_from(
            congress_sessions.join(congress_terms, sa.and_(congress_terms.c.organisation_id == s.organisation_id,
                                                           congress_terms.c.number == s.term))
            .join(representatives, r.term_id == congress_terms.c.id).join(users, u.id == r.user_id))
            .where(s.id == p("id"), u.is_active.is_(True)).order_by(r.user_id))
        if missing == "documents":
            query = query.where(r.user_id.not_in(sa.select(document_receipts.c.user_id).where(
                document_receipts.c.session_id == p("id"))))
        elif missing == "check_in":
            query = query.where(r.user_id.not_in(sa.select(check_ins.c.user_id).where(
                check_ins.c.session_id == p("id"))))
        found = self.__dict__[key] = self._prep(query)
        return found

    # -- casting a vote: the item (shared lock against its close), the check-in, participation and the box
    @cached_property
    def vote_item(self) -> Prepared:
        i = ballot_items.c
        return self._prep(sa.select(i.status, i.kind, i.options, i.session_id, i.closes_at)
                          .where(i.id == p("id")).with_for_update(read=True))

    @cached_property
    def checked_in(self) -> Prepared:
        c = check_ins.c
        return self._prep(sa.select(c.user_id).where(c.session_id == p("session"), c.user_id == p("user")))

    @cached_property
    def participate(self) -> Prepared:
        return self._prep(participations.insert().inline().values(
            item_id=p("item"), user_id=p("user"), channel="online"))

    @cached_property
    def cast_vote(self) -> Prepared:
        return self._prep(ballot_box.insert().inline().values(
            id=p("id"), item_id=p("item"), choice=p("choice"), receipt=p("receipt")))

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
    def set_task_due(self) -> Prepared:
        t = tasks.c
        return self._prep(tasks.update().where(t.case_id == p("case_id"), t.status == "open")
                          .values(due_at=p("due_at")))

    @cached_property
    def insert_attachment(self) -> Prepared:
        return self._prep(_values(attachments, "case_id", "seq", "filename", "content_type", "size", "sha256",
                                  "content", "uploaded_by", "created_at"))
