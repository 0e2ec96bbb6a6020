"""Regional and industry bargaining: the enterprises a case covers (covered_enterprises).

Revision ID: 0029
Revises: 0019
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "covered_enterprises",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("added_by_amendment", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_covered_enterprises_case_id_cases")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_covered_enterprises_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["added_by_amendment"], ["cases.id"],
                                name=op.f("fk_covered_enterprises_added_by_amendment_cases")),
        sa.PrimaryKeyConstraint("case_id", "organisation_id", name=op.f("pk_covered_enterprises")),
    )
    op.create_index(op.f("ix_covered_enterprises_organisation_id"), "covered_enterprises", ["organisation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_covered_enterprises_organisation_id"), table_name="covered_enterprises")
    op.drop_table("covered_enterprises")
