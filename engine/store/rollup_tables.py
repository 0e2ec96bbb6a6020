"""The tables of rollups: counts of a workflow's cases by group, kept up to date by every action, and each case's
entry (the group it is counted in now and the first times of the actions its groups depend on)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class RollupCount(Base):
    """How many cases of an organisation (and of one value of the rollup's scope, '' when it has none) stand in a
    group, and the sum of their spans in days (a rollup with a span key)."""

    __tablename__ = "rollup_counts"
    __table_args__ = (
        sa.UniqueConstraint("workflow", "rollup", "organisation_id", "scope_value", "group_key",
                            name="uq_rollup_counts_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow: Mapped[str] = mapped_column(sa.String(50))
    rollup: Mapped[str] = mapped_column(sa.String(50))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    scope_value: Mapped[str] = mapped_column(sa.String(200))
    group_key: Mapped[str] = mapped_column(sa.String(1000))  # the group's values, a JSON list in the keys' order
    count: Mapped[int]
    total: Mapped[float] = mapped_column(sa.Float, default=0.0)


class RollupEntry(Base):
    """Where one case is counted in one rollup, so that an action moves it from its old group to its new one."""

    __tablename__ = "rollup_entries"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), primary_key=True)
    rollup: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    scope_value: Mapped[str] = mapped_column(sa.String(200))
    group_key: Mapped[str] = mapped_column(sa.String(1000))
    span: Mapped[float | None] = mapped_column(sa.Float)  # the exact days of the span key, if it has one
    firsts: Mapped[dict[str, Any]]  # trigger → the time of the case's first such action (ISO text, UTC)
