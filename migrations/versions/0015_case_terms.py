"""Search terms: the words of each case's title and searchable texts and its key values, kept by every action
(``engine.core.terms``); filled here for the cases already there, from the keys the workflows named as
searchable when this revision was written, a batch of cases at a time.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from engine.core import terms

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each workflow's searchable data keys at this revision (its title is always searched).
SEARCHABLE = {"proposal": ("reasons", "measures")}


def upgrade() -> None:
    op.create_table(
        "case_terms",
        sa.Column("term", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_terms_case_id_cases")),
        sa.PrimaryKeyConstraint("term", "case_id", name=op.f("pk_case_terms")),
        sqlite_with_rowid=False,
    )
    terms.fill(op.get_bind(), SEARCHABLE)


def downgrade() -> None:
    op.drop_table("case_terms")
