"""Voting on an open item, secret by construction, and checking a receipt.

``participations`` says who took part, ``ballot_box`` holds what was chosen, and nothing links them: a vote row
has a 128-bit random key, no voter, no time and no sequence; the random key orders SQLite's table (no rowid).
Both rows are written in one transaction, and the participation row is unique per voter and item, so nobody
votes twice. The choice is sealed under the item's ballot key (``workflows.congress.sealing``), so that the
transaction, as the database's write-ahead log keeps it, links the voter to ciphertext only. Closing the item
(``workflows.congress.closing``) moves the votes out of the box. Nothing here logs a choice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

import psycopg
import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound, PermissionDenied, Refused
from engine.core.i18n import Label
from workflows.congress import sealing, tally
from workflows.congress.items import NOT_OPEN
from workflows.congress.models import BallotBoxVote, BallotItem, Participation, Vote
from workflows.congress.permissions import NotOnRoster
from workflows.congress.statements import CongressStatements

items, box, votes, participations = (
    BallotItem.__table__, BallotBoxVote.__table__, Vote.__table__, Participation.__table__)

NOT_CHECKED_IN = Label("请先签到再投票。", "Check in before you vote.")
ALREADY_VOTED = Label("您已对该事项投过票，每人只能投一次。", "You have voted on this item already: one vote each.")


def _receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace(" ", "").encode()).hexdigest()


def new_receipt() -> str:
    """A receipt code a person can read out: 20 base-32 characters (100 random bits) in groups of 4."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i:i + 4] for i in range(0, 20, 4))


_INTEGRITY = (sqlite3.IntegrityError, psycopg.IntegrityError)


def vote(env: Env, actor: Actor, item_id: int, choice: Any) -> str:
    """Cast the actor's vote; returns the receipt code, shown once to the voter and stored only hashed."""
    if actor.user_id is None:
        raise PermissionDenied("vote", ("representative",))
    sql = CongressStatements.of(env.db)
    code = new_receipt()
    with env.db.transaction() as tx:
        found = tx.one(sql.vote_item, {"id": item_id})
        if found is None:
            raise NotFound("ballot item", item_id)
        status, kind, options, session_id, closes_at, opened_at = found
        if status != "open":
            raise Refused(NOT_OPEN, code="not_open")
        if closes_at is not None and env.db.load_ts(closes_at) <= env.clock.now():  # due, not yet swept
            raise Refused(NOT_OPEN, code="not_open")
        options = env.db.load_js(options)
        stored = tally.check_choice(kind, options, choice)
        term, listed = tx.one(sql.on_roster, {"session": session_id, "user": actor.user_id})
        if not listed:  # never on the term's roster, or taken off it since checking in
            raise NotOnRoster("vote", term)
        if tx.one(sql.checked_in, {"session": session_id, "user": actor.user_id}) is None:
            raise Refused(NOT_CHECKED_IN, code="not_checked_in")
        try:
            tx.execute(sql.participate, {"item": item_id, "user": actor.user_id})
        except _INTEGRITY:
            raise Refused(ALREADY_VOTED, code="already_voted") from None
        key = sealing.item_key(env, item_id, env.db.load_ts(opened_at))
        sample = tx.one(sql.box_sample, {"item": item_id})
        if sample is not None:  # a vote already in the box opens with this key: the secret did not change
            try:
                sealing.unseal(key, item_id, sample[0])
            except sealing.SealError:
                raise sealing.key_changed(env) from None
        receipt = _receipt_hash(code)
        tx.execute(sql.cast_vote, {"id": secrets.token_hex(16), "item": item_id,
                                   "choice": sealing.seal(key, item_id, options, stored, receipt),
                                   "receipt": sealing.receipt_tag(key, receipt)})
    return code


def has_voted(env: Env, user_id: int, item_ids: list[int]) -> set[int]:
    with env.db.read() as conn:
        return set(conn.execute(sa.select(participations.c.item_id).where(
            participations.c.user_id == user_id, participations.c.item_id.in_(item_ids))).scalars())


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """What a receipt code proves: the vote was counted in this item; the choice is shown to its holder."""

    item_id: int
    item_title: str
    counted: bool  # False while the item is still open (the vote is in the box, counted at close)
    choice: Any


def check_receipt(env: Env, session_id: int, code: str) -> ReceiptCheck | None:
    digest = _receipt_hash(code)
    with env.db.read() as conn:
        row = conn.execute(sa.select(votes.c.item_id, votes.c.choice, items.c.title)
                           .join(items, items.c.id == votes.c.item_id)
                           .where(votes.c.receipt == digest, items.c.session_id == session_id)).first()
        if row is not None:
            return ReceiptCheck(row.item_id, row.title, True, json.loads(row.choice))
        # An open item's box keeps the receipt only as an HMAC under the item's ballot key.
        for item in conn.execute(sa.select(items.c.id, items.c.title, items.c.opened_at).where(
                items.c.session_id == session_id, items.c.status == "open", items.c.opened_at.is_not(None))):
            key = sealing.item_key(env, item.id, item.opened_at)
            sealed = conn.execute(sa.select(box.c.choice).where(
                box.c.item_id == item.id, box.c.receipt == sealing.receipt_tag(key, digest))).scalar()
            if sealed is not None:
                return ReceiptCheck(item.id, item.title, False, json.loads(sealing.unseal(key, item.id, sealed)[0]))
    return None
