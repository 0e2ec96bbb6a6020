"""Congress sessions and ballots: sessions, quorum, check-in, reminders, ballot items, paper boxes, votes and
receipts."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Dict, Integer, List, Nested, Raw, String
from apiflask.validators import Length, OneOf, Range

from web.api.schemas.common import id_field


class Quorum(Schema):
    eligible = Integer(required=True)
    present = Integer(required=True)
    needed = Integer(required=True)
    met = Boolean(required=True)


class MyStatus(Schema):
    representative = Boolean(required=True)
    confirmed = Boolean(required=True, metadata={"description": "Confirmed receiving the documents."})
    checked_in = Boolean(required=True)
    office = Boolean(required=True)
    teller = Boolean(required=True)


class CongressSessionOut(Schema):
    id = Integer(required=True)
    organisation_id = Integer(required=True)
    name = String(required=True)
    term = Integer(required=True)
    term_id = Integer(allow_none=True, required=True)
    kind = String(required=True)
    case_id = Integer(allow_none=True, required=True)
    opens_on = Date(allow_none=True, required=True)
    phase = String(required=True, metadata={"enum": ["planned", "documents", "open", "closed"]})
    quorum = Nested(Quorum, required=True)
    confirmed = Integer(required=True, metadata={"description": "Representatives who confirmed the documents."})
    me = Nested(MyStatus, required=True)


class CongressSessionSummary(CongressSessionOut):
    """A session in a list (the same fields)."""


class CongressSessionList(Schema):
    items = List(Nested(CongressSessionSummary), required=True)


class CheckInIn(Schema):
    user_ids = List(id_field(), validate=Length(min=1, max=5000),
                    metadata={"description": "The union office checks in these representatives (signed on paper); "
                                             "leave out to check in yourself."})


class CheckedIn(Schema):
    checked_in = Integer(required=True, metadata={"description": "How many were newly checked in."})
    quorum = Nested(Quorum, required=True)


STEPS = ("documents", "check_in", "vote")


class MissingQuery(Schema):
    step = String(required=True, validate=OneOf(STEPS))
    item_id = Integer(validate=Range(min=1, max=2**31 - 1), metadata={"description": "For step vote."})


class Person(Schema):
    user_id = Integer(required=True)
    name = String(required=True)
    delegation = String(required=True)


class PersonList(Schema):
    items = List(Nested(Person), required=True)


class RemindIn(Schema):
    step = String(required=True, validate=OneOf(STEPS))
    item_id = id_field(metadata={"description": "For step vote: the item open for voting."})


class Sent(Schema):
    sent = Integer(required=True)


class ItemIn(Schema):
    kind = String(required=True, validate=OneOf(("motion", "election", "evaluation")))
    title = String(required=True, validate=Length(max=300))
    description = String(load_default="", validate=Length(max=20_000))
    candidates = List(String(validate=Length(max=100)), validate=Length(max=500),
                      metadata={"description": "For an election."})
    max_choices = Integer(strict=True, validate=Range(min=1, max=500), metadata={"description": "For an election."})
    managers = List(String(validate=Length(max=100)), validate=Length(max=500),
                    metadata={"description": "For a democratic evaluation."})
    pass_rule = String(validate=Length(max=50))
    reserved = Boolean(load_default=False, metadata={"description": "A matter reserved to the full congress."})
    closes_at = DateTime(metadata={"description": "When voting closes by itself."})


class ItemOut(Schema):
    id = Integer(required=True)
    session_id = Integer(required=True)
    case_id = Integer(allow_none=True, required=True)
    position = Integer(required=True)
    kind = String(required=True)
    kind_label = String(required=True)
    title = String(required=True)
    description = String(required=True)
    options = Dict(keys=String(), required=True)
    pass_rule = String(required=True)
    reserved = Boolean(required=True)
    status = String(required=True, metadata={"enum": ["draft", "open", "closed"]})
    eligible = Integer(allow_none=True, required=True)
    opened_at = DateTime(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    closed_at = DateTime(allow_none=True, required=True)
    result = Dict(keys=String(), allow_none=True, required=True,
                  metadata={"description": "Only once the item is closed."})
    participants = Integer(required=True)


class ItemList(Schema):
    items = List(Nested(ItemOut), required=True)


class UserIds(Schema):
    user_ids = List(id_field(), required=True, validate=Length(min=1, max=5000))


class PaperBox(Schema):
    box = String(required=True)
    status = String(required=True, metadata={"enum": ["confirmed", "waiting", "differs"],
                                             "description": "confirmed: two tellers entered the same numbers."})
    tellers = Integer(required=True)
    mine = Dict(keys=String(), values=Integer(), allow_none=True, required=True,
                metadata={"description": "The caller's own entry for the box (never another teller's)."})


class PaperBoxes(Schema):
    items = List(Nested(PaperBox), required=True)


class Recorded(Schema):
    recorded = Integer(required=True)


class TallyIn(Schema):
    box = String(required=True, validate=Length(min=1, max=50))
    counts = Dict(keys=String(validate=Length(max=50)), values=Integer(strict=True), required=True,
                  metadata={"description": "ballots, invalid and each counter of the item "
                                           "(agree/disagree/abstain; c0, c1… per candidate; m0:key… per manager)."})


CHOICE = {"oneOf": [
    {"type": "string", "enum": ["agree", "disagree", "abstain"], "description": "A motion."},
    {"type": "array", "items": {"type": ["string", "null"]},
     "description": "An evaluation: one rating key (or null) per manager, in order."},
    {"type": "array", "items": {"type": "integer", "minimum": 0}, "description": "An election: candidate positions."},
]}


class VoteIn(Schema):
    choice = Raw(required=True, allow_none=False, metadata=CHOICE)


class Receipt(Schema):
    item_id = Integer(required=True)
    receipt = String(required=True, metadata={"description": "Shown this once: it proves the vote was counted "
                                                            "and shows its choice to whoever holds it."})


class ReceiptIn(Schema):
    code = String(required=True, validate=Length(min=1, max=64))


class ReceiptOut(Schema):
    item_id = Integer(required=True)
    item_title = String(required=True)
    counted = Boolean(required=True, metadata={"description": "False while the item is still open."})
    choice = Raw(required=True, allow_none=True)
