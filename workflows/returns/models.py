"""The returns' one table: one row per union and year, written by the start of that year's return in the same
transaction as its case, so the database refuses a second return of a union for a year even when two starts
race past the start's check."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class ReturnYear(Base):
    """A union's return for a year: its case."""

    __tablename__ = "return_years"

    union_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True)


TABLES = (ReturnYear.__table__,)
