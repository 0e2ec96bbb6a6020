"""The table of search terms: the words of each case's texts and its key values, as numbers, kept by every action
(``engine.core.terms``), so a search by words reads the cases holding them rather than every case of a list."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class CaseTerm(Base):
    """One term a case holds; the key (term, case) reads a term's cases in id order. On SQLite the key is the
    table (WITHOUT ROWID): no second copy of each row."""

    __tablename__ = "case_terms"
    __table_args__ = {"sqlite_with_rowid": False}

    term: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), primary_key=True, autoincrement=False)
