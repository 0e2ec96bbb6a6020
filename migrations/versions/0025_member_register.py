"""The member register (会员名册): a person's memberships, one row each, and each union's last membership number.

Revision ID: 0025
Revises: 0019
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=16), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_last4", sa.String(length=4), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("workplace", sa.String(length=100), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("joined_how", sa.String(length=20), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("left_reason", sa.Text(), nullable=True),
        sa.Column("destination", sa.String(length=200), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('member', 'left', 'transferred_out')", name=op.f("ck_members_status")),
        sa.CheckConstraint("joined_how IN ('admission', 'transfer_in', 'import')",
                           name=op.f("ck_members_joined_how")),
        sa.CheckConstraint("gender IN ('female', 'male')", name=op.f("ck_members_gender")),
        sa.CheckConstraint("(status = 'member') = (left_on IS NULL)", name=op.f("ck_members_left_on_iff_gone")),
        sa.ForeignKeyConstraint(["union_id"], ["organisations.id"], name=op.f("fk_members_union_id_organisations")),
        sa.ForeignKeyConstraint(["previous_id"], ["members.id"], name=op.f("fk_members_previous_id_members")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_members_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("union_id", "number", name="uq_members_number"),
    )
    op.create_index(op.f("ix_members_person"), "members", ["person"])
    op.create_index("uq_members_one_register", "members", ["person"], unique=True,
                    sqlite_where=sa.text("status = 'member'"), postgresql_where=sa.text("status = 'member'"))
    op.create_index("ix_members_counts", "members",
                    ["union_id", "status", "gender", "joined_how", "joined_on", "left_on"])
    op.create_index("ix_members_register", "members", ["union_id", "name", "id"])
    op.create_table(
        "member_sequences",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["union_id"], ["organisations.id"],
                                name=op.f("fk_member_sequences_union_id_organisations")),
        sa.PrimaryKeyConstraint("union_id", name=op.f("pk_member_sequences")),
    )


def downgrade() -> None:
    op.drop_table("member_sequences")
    op.drop_index("ix_members_register", table_name="members")
    op.drop_index("ix_members_counts", table_name="members")
    op.drop_index("uq_members_one_register", table_name="members")
    op.drop_index(op.f("ix_members_person"), table_name="members")
    op.drop_table("members")
