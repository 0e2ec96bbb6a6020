"""The federation: invitations to join with their answers; and the higher union reads bargaining cases from
filing on, so every bargaining case's readers are stored again by the new rules (``db upgrade`` stores the
readers of each case that has none, right after the migrations).

Revision ID: 0021
Revises: 0029
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("federation_id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous_parent_id", sa.Integer(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.CheckConstraint("(status = 'invited') = (answered_at IS NULL)", name=op.f("ck_affiliations_answered")),
        sa.CheckConstraint("status IN ('invited', 'accepted', 'declined', 'withdrawn')",
                           name=op.f("ck_affiliations_status")),
        sa.ForeignKeyConstraint(["answered_by"], ["users.id"], name=op.f("fk_affiliations_answered_by_users")),
        sa.ForeignKeyConstraint(["federation_id"], ["organisations.id"],
                                name=op.f("fk_affiliations_federation_id_organisations")),
        sa.ForeignKeyConstraint(["invited_by"], ["users.id"], name=op.f("fk_affiliations_invited_by_users")),
        sa.ForeignKeyConstraint(["previous_parent_id"], ["organisations.id"],
                                name=op.f("fk_affiliations_previous_parent_id_organisations")),
        sa.ForeignKeyConstraint(["union_id"], ["organisations.id"],
                                name=op.f("fk_affiliations_union_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_affiliations_federation_id"), ["federation_id"], unique=False)
        batch_op.create_index("ix_affiliations_union_status", ["union_id", "status"], unique=False)
    # The bargaining steps from filing on now name the higher union as a reader: store them again.
    op.execute("DELETE FROM case_readers WHERE case_id IN (SELECT id FROM cases WHERE workflow = 'bargaining')")


def downgrade() -> None:
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_index("ix_affiliations_union_status")
        batch_op.drop_index(batch_op.f("ix_affiliations_federation_id"))
    op.drop_table("affiliations")
