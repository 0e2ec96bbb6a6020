"""Collective bargaining: staff opinions, drafts and the clause-by-clause comparison."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, Range


class OpinionIn(Schema):
    topic = String(required=True, validate=Length(max=200))
    body = String(required=True, validate=Length(max=5000))
    anonymous = Boolean(load_default=False)


class Created(Schema):
    id = Integer(required=True)


class OpinionOut(Schema):
    id = Integer(required=True)
    topic = String(required=True)
    body = String(required=True)
    author = String(allow_none=True, required=True, metadata={"description": "null: sent anonymously."})
    created_at = DateTime(required=True, allow_none=True,
                          metadata={"description": "null for an anonymous opinion: only its day is given (`on`), "
                                                   "so that the time cannot tell who sent it."})
    on = Date(required=True, metadata={"description": "The day it was sent (Beijing time)."})


class TopicCount(Schema):
    topic = String(required=True)
    count = Integer(required=True)


class Opinions(Schema):
    total = Integer(required=True)
    by_topic = List(Nested(TopicCount), required=True)
    items = List(Nested(OpinionOut), required=True)


class CompareQuery(Schema):
    old = Integer(validate=Range(min=1, max=100_000), metadata={"description": "Draft version; the one before "
                                                                              "new by default."})
    new = Integer(validate=Range(min=1, max=100_000), metadata={"description": "Draft version; the latest by "
                                                                              "default."})


class DraftOut(Schema):
    version = Integer(required=True)
    note = String(required=True)
    on = String(allow_none=True, required=True)


class ClauseOut(Schema):
    change = String(required=True, metadata={"enum": ["same", "changed", "added", "removed"]})
    heading = String(required=True)
    old = String(required=True)
    new = String(required=True)


class Comparison(Schema):
    case_id = Integer(required=True)
    old = Nested(DraftOut, required=True)
    new = Nested(DraftOut, required=True)
    clauses = List(Nested(ClauseOut), required=True)
