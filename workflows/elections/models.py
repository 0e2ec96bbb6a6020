"""The union committee's terms (工会委员会任期): when each committee was elected, for how long, when the higher
union approved the result, the election case that made it and the case watching it; the running term has no
``ended_on``."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class CommitteeTermRow(Base):
    """One term of a union's committee: elected, approved by the higher union, ended when the next one begins."""

    __tablename__ = "committee_terms"
    __table_args__ = (
        sa.CheckConstraint("term_years IN (3, 5)", name="term_years"),
        sa.Index("ix_committee_terms_union_current", "union_id", "ended_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    union_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    elected_on: Mapped[date]
    term_years: Mapped[int]
    ends_on: Mapped[date]  # the day the term runs out: elected_on plus term_years
    approved_on: Mapped[date | None]  # the day the higher union approved the result (批复); None: never recorded
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))  # the election that made it
    ended_on: Mapped[date | None]  # the day the next committee's term began; None: the term now running
    # the case that watches the term (its reminders before it runs out and the escalation after), once opened
    watch_case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))


TABLES = (CommitteeTermRow.__table__,)
