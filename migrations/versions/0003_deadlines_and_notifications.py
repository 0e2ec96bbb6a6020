"""Deadlines and notifications: supervision tasks, deliveries per user and channel, user preferences,
loaded holiday notices.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:07:25.551597
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Repeated reminders of an overdue case are timers of their own kind.
    with op.batch_alter_table("timers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_timers_kind"), type_="check")
        batch_op.create_check_constraint("kind", "kind IN ('deadline', 'reminder', 'overdue')")
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f("ck_calendar_days_kind")),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    op.create_table(
        "user_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_preferences")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("channel IN ('email', 'inapp', 'wecom', 'dingtalk')", name=op.f("ck_deliveries_channel")),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f("ck_deliveries_status")),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["notifications.id"], name=op.f("fk_deliveries_notification_id_notifications")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_deliveries_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_notification_id"), ["notification_id"], unique=False)
        batch_op.create_index("ix_deliveries_status_next", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_deliveries_user_channel", ["user_id", "channel", "read_at"], unique=False)

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="task", nullable=False))


def downgrade() -> None:
    op.execute("DELETE FROM timers WHERE kind = 'overdue'")
    with op.batch_alter_table("timers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_timers_kind"), type_="check")
        batch_op.create_check_constraint("kind", "kind IN ('deadline', 'reminder')")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("kind")

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_user_channel")
        batch_op.drop_index("ix_deliveries_status_next")
        batch_op.drop_index(batch_op.f("ix_deliveries_notification_id"))

    op.drop_table("deliveries")
    op.drop_table("user_preferences")
    op.drop_table("calendar_days")
