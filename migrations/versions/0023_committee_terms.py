"""The union committee's terms: elected, for how long, approved by the higher union, and the election behind it.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "committee_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("elected_on", sa.Date(), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("watch_case_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("term_years IN (3, 5)", name=op.f("ck_committee_terms_term_years")),
        sa.ForeignKeyConstraint(["union_id"], ["organisations.id"],
                                name=op.f("fk_committee_terms_union_id_organisations")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_committee_terms_case_id_cases")),
        sa.ForeignKeyConstraint(["watch_case_id"], ["cases.id"], name=op.f("fk_committee_terms_watch_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_terms")),
    )
    op.create_index("ix_committee_terms_union_current", "committee_terms", ["union_id", "ended_on"])


def downgrade() -> None:
    op.drop_index("ix_committee_terms_union_current", table_name="committee_terms")
    op.drop_table("committee_terms")
