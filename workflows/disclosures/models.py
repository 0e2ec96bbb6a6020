"""The disclosure register's tables: the register entries the union and the employer keep, and the questions
answered under a published item as every reader of the item sees them (the asker named only if they chose)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class DisclosureEntry(Base):
    """What must be disclosed, how often, through which channel, to whom, and which department publishes it."""

    __tablename__ = "disclosure_entries"
    __table_args__ = (
        sa.CheckConstraint("frequency IN ('monthly', 'quarterly', 'yearly', 'event')", name="frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[str] = mapped_column(sa.String(30))
    frequency: Mapped[str] = mapped_column(sa.String(20))
    channel: Mapped[str] = mapped_column(sa.String(30))
    scope_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    starts_on: Mapped[date]  # the first period made is the one this day falls in
    last_period: Mapped[str | None] = mapped_column(sa.String(20))  # the latest period an item was made for
    created_at: Mapped[datetime]


class DisclosureAnswer(Base):
    """A question answered under a published item, as its readers see it: the asker's name only if they chose."""

    __tablename__ = "disclosure_answers"

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    question: Mapped[str] = mapped_column(sa.Text)
    asker_name: Mapped[str | None] = mapped_column(sa.String(100))  # None: anonymous to other staff
    answer: Mapped[str] = mapped_column(sa.Text)
    asked_on: Mapped[date]
    answered_at: Mapped[datetime]


TABLES = (DisclosureEntry.__table__, DisclosureAnswer.__table__)
