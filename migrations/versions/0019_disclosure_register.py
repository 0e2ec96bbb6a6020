"""The disclosure register (厂务公开): its entries, and the questions answered under a published item.

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disclosure_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("scope_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("last_period", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("frequency IN ('monthly', 'quarterly', 'yearly', 'event')",
                           name=op.f("ck_disclosure_entries_frequency")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_disclosure_entries_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["scope_id"], ["organisations.id"],
                                name=op.f("fk_disclosure_entries_scope_id_organisations")),
        sa.ForeignKeyConstraint(["department_id"], ["organisations.id"],
                                name=op.f("fk_disclosure_entries_department_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_entries")),
    )
    op.create_index(op.f("ix_disclosure_entries_organisation_id"), "disclosure_entries", ["organisation_id"])
    op.create_table(
        "disclosure_answers",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asker_name", sa.String(length=100), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["cases.id"], name=op.f("fk_disclosure_answers_question_id_cases")),
        sa.ForeignKeyConstraint(["item_id"], ["cases.id"], name=op.f("fk_disclosure_answers_item_id_cases")),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_disclosure_answers")),
    )
    op.create_index(op.f("ix_disclosure_answers_item_id"), "disclosure_answers", ["item_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_disclosure_answers_item_id"), table_name="disclosure_answers")
    op.drop_table("disclosure_answers")
    op.drop_index(op.f("ix_disclosure_entries_organisation_id"), table_name="disclosure_entries")
    op.drop_table("disclosure_entries")
