"""One statistical return per union and year, kept by the database: ``return_years`` holds a row per union and
year, written by the return's start in its transaction, so a second start of the same year is refused even when
two starts race. The returns already made are entered (the oldest of a union's year, should there be two).

Revision ID: 0030
Revises: 0021
Create Date: 2026-12-07 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "return_years",
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_return_years_case_id_cases")),
        sa.ForeignKeyConstraint(["union_id"], ["organisations.id"],
                                name=op.f("fk_return_years_union_id_organisations")),
        sa.PrimaryKeyConstraint("union_id", "year", name=op.f("pk_return_years")),
        sa.UniqueConstraint("case_id", name=op.f("uq_return_years_case_id")),
    )
    op.execute(
        "INSERT INTO return_years (union_id, year, case_id) "
        "SELECT organisation_id, CAST(key1 AS INTEGER), MIN(id) FROM cases "
        "WHERE workflow = 'statistical_return' AND key1 IS NOT NULL "
        "GROUP BY organisation_id, CAST(key1 AS INTEGER)")


def downgrade() -> None:
    op.drop_table("return_years")
