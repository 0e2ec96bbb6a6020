"""Who may read each case, stored beside it; `unionflow db upgrade` then fills it for the cases already there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_readers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=50), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("user_id IS NOT NULL OR (role IS NOT NULL AND organisation_id IS NOT NULL)",
                           name=op.f("ck_case_readers_addressed")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_readers_case_id_cases")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_case_readers_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_readers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_readers")),
    )
    with op.batch_alter_table("case_readers", schema=None) as batch_op:
        batch_op.create_index("ix_case_readers_user", ["user_id", "case_id"], unique=False)
        batch_op.create_index("ix_case_readers_role", ["organisation_id", "role", "case_id"], unique=False)
        batch_op.create_index("ix_case_readers_case", ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_readers", schema=None) as batch_op:
        batch_op.drop_index("ix_case_readers_case")
        batch_op.drop_index("ix_case_readers_role")
        batch_op.drop_index("ix_case_readers_user")
    op.drop_table("case_readers")
