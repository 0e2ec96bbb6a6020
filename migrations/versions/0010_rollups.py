"""Rollups: counts of cases by group kept by every action (`unionflow db upgrade` then fills them for the cases
already there); an index that reads a workflow's cases of an organisation in id order.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rollup_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow", sa.String(length=50), nullable=False),
        sa.Column("rollup", sa.String(length=50), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("scope_value", sa.String(length=200), nullable=False),
        sa.Column("group_key", sa.String(length=1000), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_rollup_counts_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_counts")),
        sa.UniqueConstraint("workflow", "rollup", "organisation_id", "scope_value", "group_key",
                            name="uq_rollup_counts_group"),
    )
    op.create_table(
        "rollup_entries",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("rollup", sa.String(length=50), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("scope_value", sa.String(length=200), nullable=False),
        sa.Column("group_key", sa.String(length=1000), nullable=False),
        sa.Column("span", sa.Float(), nullable=True),
        sa.Column("firsts", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_rollup_entries_case_id_cases")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_rollup_entries_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("case_id", "rollup", name=op.f("pk_rollup_entries")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_batches", ["workflow", "organisation_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_batches")
    op.drop_table("rollup_entries")
    op.drop_table("rollup_counts")
