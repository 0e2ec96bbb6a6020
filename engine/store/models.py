"""Persistence: the tables of the engine as SQLAlchemy 2 typed models (the schema Alembic migrates)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware UTC instant: ``timestamptz`` on PostgreSQL, naive UTC text on SQLite."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given: every stored time is timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = sa.JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


class Organisation(Base):
    """A federation, an enterprise union or a department; ``path`` is ``/1/4/9/`` from the root."""

    __tablename__ = "organisations"
    __table_args__ = (sa.CheckConstraint("kind IN ('federation', 'union', 'department')", name="kind"),
                      sa.Index("ix_organisations_kind_path", "kind", "path"))  # of a kind below a path

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    path: Mapped[str] = mapped_column(sa.String(400), default="", index=True)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint("language IN ('zh', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(5), default="zh")
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    password_changed_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class Membership(Base):
    """A role a user holds in an organisation; it covers that organisation and those below it."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id", "role", name="uq_memberships_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(50))


KEYS = ("key1", "key2", "key3")  # the case's data values its workflow names as indexed keys, in that order
LISTED = ("state", *KEYS, "title")  # what lists of cases filter on, kept in the indexes they read in order


class Case(Base):
    """One running (or finished) instance of a workflow version; ``version`` counts its history entries.

    The lists read it through indexes in the order they show it: the latest change first (all cases, a
    workflow's, a workflow's in one organisation) or the longest waiting first. ``key1``..``key3`` copy the
    data values the workflow names as indexed keys (``WorkflowSpec.indexed``), written with the data, so a list
    filters on a column rather than on the JSON document."""

    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_workflow_state", "workflow", "state"),
        sa.Index("ix_cases_changed", "workflow", "updated_at", "id"),
        # in order, then what the lists filter on: a count past thousands of cases reads the index alone
        sa.Index("ix_cases_list_changed", "workflow", "organisation_id", "updated_at", "id", *LISTED),
        sa.Index("ix_cases_list_waiting", "workflow", "organisation_id", "state_since", "id", *LISTED),
        # a workflow's cases of an organisation in id order (exports and reports read them in batches)
        sa.Index("ix_cases_batches", "workflow", "organisation_id", "id"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow: Mapped[str] = mapped_column(sa.String(50))
    spec_version: Mapped[int]
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(50))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    data: Mapped[dict[str, Any]]
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    state_since: Mapped[datetime]  # when the case entered its current state
    follows_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)  # e.g. merged into
    head_hash: Mapped[str] = mapped_column(sa.String(64))
    key1: Mapped[str | None] = mapped_column(sa.String(200))
    key2: Mapped[str | None] = mapped_column(sa.String(200))
    key3: Mapped[str | None] = mapped_column(sa.String(200))


class Event(Base):
    """An append-only history entry; ``hash`` covers its content and the previous entry's hash."""

    __tablename__ = "events"
    __table_args__ = (sa.UniqueConstraint("case_id", "seq", name="uq_events_case_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    seq: Mapped[int]
    trigger: Mapped[str] = mapped_column(sa.String(50))
    from_state: Mapped[str | None] = mapped_column(sa.String(50))
    to_state: Mapped[str] = mapped_column(sa.String(50))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class CaseReader(Base):
    """Who may read a case now, written by each action in its transaction: one user, or the holders of a role in
    an organisation (or above it; ``members``: anyone with a role in it, above or below it)."""

    __tablename__ = "case_readers"
    __table_args__ = (
        sa.CheckConstraint("user_id IS NOT NULL OR (role IS NOT NULL AND organisation_id IS NOT NULL)",
                           name="addressed"),
        sa.Index("ix_case_readers_user", "user_id", "case_id"),
        sa.Index("ix_case_readers_role", "organisation_id", "role", "case_id"),
        sa.Index("ix_case_readers_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    role: Mapped[str | None] = mapped_column(sa.String(50))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))


class Task(Base):
    """An inbox item opened by a state, for a role in an organisation or for one user.

    The inbox reads each principal's open tasks in its order (due first, undated last) from an index that holds
    all it sorts and groups by, so a page and the step list read no more rows than they show."""

    __tablename__ = "tasks"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        sa.CheckConstraint("user_id IS NOT NULL OR (role IS NOT NULL AND organisation_id IS NOT NULL)",
                           name="addressed"),
        sa.Index("ix_tasks_open_role", "status", "role", "organisation_id", "due_at", "created_at", "id", "state"),
        sa.Index("ix_tasks_open_user", "status", "user_id", "due_at", "created_at", "id", "state"),
        sa.Index("ix_tasks_case_status", "case_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    state: Mapped[str] = mapped_column(sa.String(50))
    role: Mapped[str | None] = mapped_column(sa.String(50))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(20), default="task", server_default="task")  # or "supervision"
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    closed_seq: Mapped[int | None]


class Timer(Base):
    """A deadline or reminder row written in the action's transaction and swept by the scheduler."""

    __tablename__ = "timers"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'fired', 'obsolete')", name="status"),
        sa.CheckConstraint("kind IN ('deadline', 'reminder', 'overdue')", name="kind"),
        sa.Index("ix_timers_status_due", "status", "due_at"),
        sa.Index("ix_timers_case_status", "case_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    state: Mapped[str] = mapped_column(sa.String(50))
    entered_seq: Mapped[int]  # the history entry that entered the state: a timer belongs to one visit
    kind: Mapped[str] = mapped_column(sa.String(10))
    trigger: Mapped[str | None] = mapped_column(sa.String(50))
    due_at: Mapped[datetime]
    provisional: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime]
    fired_at: Mapped[datetime | None]


class Notification(Base):
    """The outbox: a message to deliver, queued in the transaction of the action that caused it."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        sa.Index("ix_notifications_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(50))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    role: Mapped[str | None] = mapped_column(sa.String(50))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(sa.String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Counter(Base):
    """Named sequences (case numbers per period), advanced under a row lock in the action's transaction."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    value: Mapped[int]


class Attachment(Base):
    """A file attached to a case by an action; its type was checked by content."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    seq: Mapped[int]  # the history entry that attached it
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime]


class SignInSession(Base):
    """A signed-in browser, kept on the server so that logout, a password change or a disabled account end it."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # SHA-256 of the cookie's token
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    address: Mapped[str | None] = mapped_column(sa.String(64))
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))


class ApiToken(Base):
    """A personal API token: kept as the SHA-256 of the secret, which is shown once when it is made."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    """A failed sign-in, counted per account and per address to throttle guessing."""

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    at: Mapped[datetime]


class TextTemplate(Base):
    """A reusable text (an answer, a reason for returning) kept by an organisation's office."""

    __tablename__ = "text_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(50))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime]


class Delivery(Base):
    """One notification on its way to one user over one channel, with its retries."""

    __tablename__ = "deliveries"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        sa.CheckConstraint("channel IN ('email', 'inapp', 'wecom', 'dingtalk')", name="channel"),
        sa.Index("ix_deliveries_status_next", "status", "next_attempt_at"),
        sa.Index("ix_deliveries_user_channel", "user_id", "channel", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(sa.ForeignKey("notifications.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: a group chat robot
    channel: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[str | None] = mapped_column(sa.String(500))  # e-mail address or robot name
    status: Mapped[str] = mapped_column(sa.String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]


class UserPreference(Base):
    """How a user wants to be told: e-mail or not, and the daily digest or not (in-app always)."""

    __tablename__ = "user_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)
    digest: Mapped[bool] = mapped_column(default=True)


class CalendarDay(Base):
    """A day of a loaded State Council notice: a statutory holiday or a make-up working day."""

    __tablename__ = "calendar_days"
    __table_args__ = (sa.CheckConstraint("kind IN ('holiday', 'workday')", name="kind"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str | None] = mapped_column(sa.String(100))
    loaded_at: Mapped[datetime]


class ExportJob(Base):
    """A report file written in the background for the user who asked for it (exports too big to wait for).

    The file is kept in the row, not on disk: the web processes and the scheduler may run on different hosts
    that share only the database, and a finished file is a few MB at most; the scheduler deletes old ones."""

    __tablename__ = "export_jobs"
    __table_args__ = (
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        sa.CheckConstraint("format IN ('xlsx', 'csv')", name="format"),
        sa.CheckConstraint("status <> 'done' OR content IS NOT NULL", name="done_has_file"),
        sa.Index("ix_export_jobs_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    report: Mapped[str] = mapped_column(sa.String(100))
    params: Mapped[dict[str, Any]]
    format: Mapped[str] = mapped_column(sa.String(10))
    sheet: Mapped[int] = mapped_column(default=0)  # which table a CSV file holds
    language: Mapped[str] = mapped_column(sa.String(10))
    status: Mapped[str] = mapped_column(sa.String(10))
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    filename: Mapped[str | None] = mapped_column(sa.String(300))
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    size: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class AuditCheckpoint(Base):
    """A signed Merkle root over every case's history head, also sent out of the database."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    size: Mapped[int]  # the cases, one leaf each
    root: Mapped[str] = mapped_column(sa.String(64))
    signature: Mapped[str] = mapped_column(sa.String(128))
    public_key: Mapped[str] = mapped_column(sa.String(64))


class Draft(Base):
    """A form a user is writing, saved as they type (every few seconds) so that a reload or a crash loses
    nothing: one row per user and form (``key``), the last save winning; ``revision`` counts the saves, so a
    page can tell that another tab saved in between."""

    __tablename__ = "drafts"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(sa.String(100))
    fields: Mapped[dict[str, Any]]
    revision: Mapped[int] = mapped_column(default=1)
    saved_at: Mapped[datetime]


from engine.store import rollup_tables as _rollup_tables  # noqa: E402,F401 - their tables join this metadata
from engine.store import term_tables as _term_tables  # noqa: E402,F401 - their table joins this metadata
