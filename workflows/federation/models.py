"""The federation's table: invitations to join (入会邀请), each with both steps recorded, the invitation by the
federation's staff and the answer by the union's office."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class Affiliation(Base):
    """A federation invites a union to join it; the union's office accepts (the union moves under the federation)
    or declines; the federation may withdraw an invitation not yet answered."""

    __tablename__ = "affiliations"
    __table_args__ = (
        sa.CheckConstraint("status IN ('invited', 'accepted', 'declined', 'withdrawn')", name="status"),
        sa.CheckConstraint("(status = 'invited') = (answered_at IS NULL)", name="answered"),
        sa.Index("ix_affiliations_union_status", "union_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    federation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    union_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    status: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    invited_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    invited_at: Mapped[datetime]
    previous_parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    answered_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    answer_note: Mapped[str] = mapped_column(sa.Text, default="")


TABLES = (Affiliation.__table__,)
