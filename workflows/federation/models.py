"""The federation's table: invitations to join (入会邀请), each with both steps recorded, the invitation by the
federation's staff and the answer by the union's office."""

from __future__ import annotations

from datetime import date, datetime

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


class BranchFigures(Base):
    """A year's figures kept for the federation's view: a member union's own (``kind`` union: what
    ``figures.count`` finds for it, the flags 0 or 1), or a federation's sums over the unions of its branch (``kind``
    federation: ``unions`` counts them, each flag how many unions have it). Derived data: any row may be counted
    again at any time; see ``stored``."""

    __tablename__ = "branch_figures"
    __table_args__ = (
        # A federation's unions, those needing attention first (``rank``), then by name: read in this order.
        sa.Index("ix_branch_figures_rank", "year", "kind", "rank", "name", "organisation_id"),
        sa.Index("ix_branch_figures_path", "year", "kind", "path"),
    )

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(sa.String(10))
    path: Mapped[str] = mapped_column(sa.String(400))
    name: Mapped[str] = mapped_column(sa.String(200))
    computed_at: Mapped[datetime]
    oldest: Mapped[datetime]  # the oldest union row summed into it (a union's own row: when it was counted)
    rank: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # smaller first: most overdue, past term, unfiled
    term_ends_on: Mapped[date | None]
    kinds: Mapped[str] = mapped_column(sa.Text, default="{}")  # agreements in force by kind, as JSON
    sessions: Mapped[int] = mapped_column(default=0)
    held: Mapped[int] = mapped_column(default=0)
    closed: Mapped[int] = mapped_column(default=0)
    with_secret_ballot: Mapped[int] = mapped_column(default=0)
    quorum_met: Mapped[int] = mapped_column(default=0)
    made: Mapped[int] = mapped_column(default=0)
    assigned: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    rated: Mapped[int] = mapped_column(default=0)
    liked: Mapped[int] = mapped_column(default=0)
    in_force: Mapped[int] = mapped_column(default=0)
    expiring: Mapped[int] = mapped_column(default=0)
    expired: Mapped[int] = mapped_column(default=0)
    under_review: Mapped[int] = mapped_column(default=0)
    unfiled: Mapped[int] = mapped_column(default=0)
    filing_overdue: Mapped[int] = mapped_column(default=0)
    overdue: Mapped[int] = mapped_column(default=0)
    supervision: Mapped[int] = mapped_column(default=0)
    unions: Mapped[int] = mapped_column(default=0)
    held_congress: Mapped[int] = mapped_column(default=0)
    past_term: Mapped[int] = mapped_column(default=0)
    term_ending: Mapped[int] = mapped_column(default=0)
    with_term: Mapped[int] = mapped_column(default=0)
    with_unfiled: Mapped[int] = mapped_column(default=0)


TABLES = (Affiliation.__table__, BranchFigures.__table__)
