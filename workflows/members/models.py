"""The member register's tables: one row per membership of a person at a union (会员名册), never deleted; a move
(leaving, a transfer) closes the row and a transfer opens the next one, so a person's rows are their history."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base

STATUSES = ("member", "left", "transferred_out")
JOINED_HOW = ("admission", "transfer_in", "import")
GENDERS = ("female", "male")


class Member(Base):
    """A person's membership of one union: on its register from ``joined_on``; ``left_on`` set once they left or
    transferred out. ``person`` is the same for every membership of one person, across unions.

    Of the identity number (身份证号) only the last four characters are kept: enough for the office to tell two
    people of one name apart, and nothing a leak could use (《个人信息保护法》 art. 6, the least data needed)."""

    __tablename__ = "members"
    __table_args__ = (
        sa.UniqueConstraint("union_id", "number", name="uq_members_number"),
        sa.CheckConstraint("status IN ('member', 'left', 'transferred_out')", name="status"),
        sa.CheckConstraint("joined_how IN ('admission', 'transfer_in', 'import')", name="joined_how"),
        sa.CheckConstraint("gender IN ('female', 'male')", name="gender"),
        # On a register exactly while no leaving date is set.
        sa.CheckConstraint("(status = 'member') = (left_on IS NULL)", name="left_on_iff_gone"),
        # A person is on at most one register at a time; a transfer closes the old row before it opens the new.
        sa.Index("uq_members_one_register", "person", unique=True,
                 sqlite_where=sa.text("status = 'member'"), postgresql_where=sa.text("status = 'member'")),
        # member_counts reads only this index (an index-only scan at hundreds of thousands of members).
        sa.Index("ix_members_counts", "union_id", "status", "gender", "joined_how", "joined_on", "left_on"),
        sa.Index("ix_members_register", "union_id", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(sa.String(16), index=True)  # random key shared by a person's memberships
    union_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    number: Mapped[str] = mapped_column(sa.String(30))  # membership number (会员编号), unique within the union
    name: Mapped[str] = mapped_column(sa.String(100))
    gender: Mapped[str] = mapped_column(sa.String(10))
    birth_date: Mapped[date | None]
    id_last4: Mapped[str | None] = mapped_column(sa.String(4))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    workplace: Mapped[str | None] = mapped_column(sa.String(100))  # department or workshop, as the office writes it
    joined_on: Mapped[date]
    joined_how: Mapped[str] = mapped_column(sa.String(20))
    left_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20))
    left_reason: Mapped[str | None] = mapped_column(sa.Text)
    destination: Mapped[str | None] = mapped_column(sa.String(200))  # a union outside the system transferred to
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("members.id"))  # the sending union's row
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))  # the admission or transfer
    created_at: Mapped[datetime]


class MemberSequence(Base):
    """The last membership number a union gave out, so that two admissions never draw the same one."""

    __tablename__ = "member_sequences"

    union_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


TABLES = (Member.__table__, MemberSequence.__table__)
