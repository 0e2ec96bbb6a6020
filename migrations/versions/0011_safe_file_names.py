"""Safe file names: an attachment name stored with a line break or another control character (which broke every
download of it, the name going into the Content-Disposition header) gets an underscore for each such character.
New uploads with such names are refused.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 20:20:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # as engine.core.attachments refuses


def upgrade() -> None:
    conn = op.get_bind()
    attachments = sa.table("attachments", sa.column("id", sa.Integer), sa.column("filename", sa.String))
    for row in conn.execute(sa.select(attachments.c.id, attachments.c.filename)).all():
        if row.filename and _BAD_NAME.search(row.filename):
            repaired = _BAD_NAME.sub("_", row.filename).strip() or "file"
            conn.execute(attachments.update().where(attachments.c.id == row.id).values(filename=repaired))


def downgrade() -> None:
    """The old names are not kept: nothing to undo."""
