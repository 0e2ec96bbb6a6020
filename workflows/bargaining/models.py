"""Bargaining's own tables: staff opinions on the talks (anonymous ones store no user), and the enterprises a
regional or industry agreement covers."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class Opinion(Base):
    """What a staff member wants raised about a case (e.g. topics for bargaining); anonymous keeps no user."""

    __tablename__ = "opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    topic: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime]


class CoveredEnterprise(Base):
    """An enterprise (its union) a regional or industry bargaining case covers: from the start, or added later by
    an amendment (``added_by_amendment``: the case whose amendment added it; null when covered from the start)."""

    __tablename__ = "covered_enterprises"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), primary_key=True, index=True)
    added_on: Mapped[date]
    added_by_amendment: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))


TABLES = (Opinion.__table__, CoveredEnterprise.__table__)
