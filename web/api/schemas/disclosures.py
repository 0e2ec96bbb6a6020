"""The disclosure register: its entries, questions on a published item and the answers shown under it."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

CATEGORIES = ("wages", "welfare_fund", "safety", "contract", "operations", "other")
FREQUENCIES = ("monthly", "quarterly", "yearly", "event")
CHANNELS = ("board", "intranet", "staff_meeting", "congress", "other")


class UnionQuery(Schema):
    union = Integer(required=True, validate=Range(min=1, max=2**31 - 1),
                    metadata={"description": "The union whose register is meant."})


class EntryIn(Schema):
    title = String(required=True, validate=Length(min=1, max=200))
    category = String(required=True, validate=OneOf(CATEGORIES))
    frequency = String(required=True, validate=OneOf(FREQUENCIES))
    channel = String(required=True, validate=OneOf(CHANNELS))
    scope = Integer(required=True, validate=Range(min=1, max=2**31 - 1),
                    metadata={"description": "The union (all staff) or one of its departments."})
    department = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    note = String(load_default="", validate=Length(max=2000))
    starts_on = Date(required=True, metadata={"description": "The first period made is the one this day falls in."})


class EntryOut(Schema):
    id = Integer(required=True)
    title = String(required=True)
    category = String(required=True)
    frequency = String(required=True)
    channel = String(required=True)
    scope = Integer(required=True)
    department = Integer(required=True)
    note = String(required=True)
    active = Boolean(required=True)
    starts_on = Date(required=True)
    last_period = String(required=True, allow_none=True,
                         metadata={"description": "The latest period an item was made for (2026-11, 2026-Q4, 2026)."})


class EntryList(Schema):
    items = List(Nested(EntryOut), required=True)


class QuestionIn(Schema):
    text = String(required=True, validate=Length(min=1, max=2000))
    show_name = Boolean(load_default=False, metadata={
        "description": "Show the asker's name to other staff under the item (the department and the union office "
                       "always see it)."})


class AnsweredOut(Schema):
    question = String(required=True)
    asker = String(required=True, allow_none=True, metadata={"description": "null: not named to other staff."})
    asked_on = Date(required=True)
    answer = String(required=True)
    answered_at = DateTime(required=True)


class AnsweredList(Schema):
    items = List(Nested(AnsweredOut), required=True)
