"""The federation's view keeps its member unions' figures: one row per union and year, and per federation and year
the sums over its branch (derived data, counted again when stale); organisations are found by kind below a path
from an index alone.

Revision ID: 0032
Revises: 0030
Create Date: 2026-12-07 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("sessions", "held", "closed", "with_secret_ballot", "quorum_met", "made", "assigned", "answered", "on_time",
          "rated", "liked", "in_force", "expiring", "expired", "under_review", "unfiled", "filing_overdue", "overdue",
          "supervision", "unions", "held_congress", "past_term", "term_ending", "with_term", "with_unfiled")


def upgrade() -> None:
    op.create_table(
        "branch_figures",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oldest", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rank", sa.BigInteger(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("kinds", sa.Text(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_branch_figures_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("organisation_id", "year", name=op.f("pk_branch_figures")),
    )
    with op.batch_alter_table("branch_figures", schema=None) as batch_op:
        batch_op.create_index("ix_branch_figures_path", ["year", "kind", "path"], unique=False)
        batch_op.create_index("ix_branch_figures_rank", ["year", "kind", "rank", "name", "organisation_id"],
                              unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_kind_path", ["kind", "path"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_kind_path")
    with op.batch_alter_table("branch_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_branch_figures_rank")
        batch_op.drop_index("ix_branch_figures_path")
    op.drop_table("branch_figures")
