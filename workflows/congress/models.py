"""The congress's tables: sessions, terms and rosters, documents and check-in, ballot items, participation
and votes (kept apart so that no vote links to a voter), paper tallies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.models import Base


class CongressSession(Base):
    """A session (次) of a term (届) of an organisation's congress, with its proposal collection period."""

    __tablename__ = "congress_sessions"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "term", "number", name="uq_congress_sessions_number"),
        sa.CheckConstraint("collection_closes >= collection_opens", name="window_order"),
        sa.CheckConstraint("kind IN ('congress', 'delegation_heads')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    term: Mapped[int]
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    collection_opens: Mapped[date]
    collection_closes: Mapped[date]
    opens_on: Mapped[date | None]
    created_at: Mapped[datetime]
    # The session's own workflow case and the phases its actions reached (the ballots read these).
    kind: Mapped[str] = mapped_column(sa.String(20), default="congress", server_default="congress")
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    documents_delivered_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class CongressTerm(Base):
    """A term (届) of an organisation's congress, with the staff figures its roster is checked against."""

    __tablename__ = "congress_terms"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "number", name="uq_congress_terms_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    staff_count: Mapped[int | None]
    women_staff_count: Mapped[int | None]
    created_at: Mapped[datetime]


class Representative(Base):
    """A user on a term's roster of representatives (代表名册), in a delegation."""

    __tablename__ = "representatives"
    __table_args__ = (
        sa.UniqueConstraint("term_id", "user_id", name="uq_representatives_term_user"),
        sa.CheckConstraint("category IN ('worker', 'technical', 'manager')", name="category"),
        sa.CheckConstraint("sex IN ('f', 'm')", name="sex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(sa.ForeignKey("congress_terms.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    delegation: Mapped[str] = mapped_column(sa.String(100))
    category: Mapped[str] = mapped_column(sa.String(20))
    sex: Mapped[str] = mapped_column(sa.String(1))
    department: Mapped[str] = mapped_column(sa.String(200))


class DocumentReceipt(Base):
    """A representative confirmed receiving a session's documents."""

    __tablename__ = "document_receipts"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("congress_sessions.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    confirmed_at: Mapped[datetime]


class CheckIn(Base):
    """A representative present at a session: by themselves, or recorded by the office from paper."""

    __tablename__ = "check_ins"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("congress_sessions.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    at: Mapped[datetime]
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class BallotItem(Base):
    """One matter voted on in a session: a motion, an election or a democratic evaluation."""

    __tablename__ = "ballot_items"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('motion', 'election', 'evaluation')", name="kind"),
        sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
        sa.Index("ix_ballot_items_status_closes", "status", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("congress_sessions.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)  # the case it decides
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    options: Mapped[dict[str, Any]]  # candidates, managers, scale, max_choices
    pass_rule: Mapped[str] = mapped_column(sa.String(50))
    reserved: Mapped[bool] = mapped_column(default=False)  # a matter only the full congress may decide
    status: Mapped[str] = mapped_column(sa.String(10))
    eligible: Mapped[int | None]  # representatives of the term when it opened
    opened_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]


class Participation(Base):
    """Who took part in an item (online or on paper); never what they chose."""

    __tablename__ = "participations"
    __table_args__ = (sa.CheckConstraint("channel IN ('online', 'paper')", name="channel"),)

    item_id: Mapped[int] = mapped_column(sa.ForeignKey("ballot_items.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(10))


class _VoteColumns:
    """A vote's columns, the same in the open box and among counted votes: a random key, the item, the choice,
    the receipt's hash; never a voter, a time or a sequence."""

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("ballot_items.id"))
    choice: Mapped[str] = mapped_column(sa.Text)
    receipt: Mapped[str] = mapped_column(sa.String(64))


class BallotBoxVote(_VoteColumns, Base):
    """A vote in an open item; moved out in random order when it closes."""

    __tablename__ = "ballot_box"
    __table_args__ = (sa.Index("ix_ballot_box_item", "item_id"), {"sqlite_with_rowid": False})


class Vote(_VoteColumns, Base):
    """A counted vote of a closed item, written in random order by the close."""

    __tablename__ = "votes"
    __table_args__ = (sa.Index("ix_votes_receipt", "receipt"), {"sqlite_with_rowid": False})


class PaperTally(Base):
    """One teller's count of one paper ballot box; it counts once a second teller entered the same."""

    __tablename__ = "paper_tallies"
    __table_args__ = (sa.UniqueConstraint("item_id", "box", "teller_id", name="uq_paper_tallies_teller"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("ballot_items.id"), index=True)
    box: Mapped[str] = mapped_column(sa.String(50))
    teller_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    counts: Mapped[dict[str, Any]]
    entered_at: Mapped[datetime]


TABLES = tuple(m.__table__ for m in (CongressSession, CongressTerm, Representative, DocumentReceipt, CheckIn,
                                     BallotItem, Participation, BallotBoxVote, Vote, PaperTally))
