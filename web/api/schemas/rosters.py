"""Congress terms and rosters: terms, representatives, roster rules and imports."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, File, Integer, List, Nested, String
from apiflask.validators import Range

from web.api.schemas.common import id_field


class TermIn(Schema):
    organisation_id = id_field(required=True)
    number = Integer(strict=True, required=True, validate=Range(min=1, max=1000))
    staff_count = Integer(strict=True, allow_none=True, validate=Range(min=0, max=10_000_000))
    women_staff_count = Integer(strict=True, allow_none=True, validate=Range(min=0, max=10_000_000))


class TermOut(Schema):
    id = Integer(required=True)
    organisation_id = Integer(required=True)
    number = Integer(required=True)
    name = String(required=True)
    staff_count = Integer(allow_none=True, required=True)
    women_staff_count = Integer(allow_none=True, required=True)
    size = Integer(required=True, metadata={"description": "Active representatives on the roster."})


class TermSummary(TermOut):
    """A term in a list (the same fields)."""


class TermList(Schema):
    items = List(Nested(TermSummary), required=True)


class RepresentativeOut(Schema):
    user_id = Integer(required=True)
    username = String(required=True)
    name = String(required=True)
    delegation = String(required=True)
    category = String(required=True)
    sex = String(required=True)
    department = String(required=True)
    active = Boolean(required=True)


class Roster(Schema):
    items = List(Nested(RepresentativeOut), required=True)


class RuleCheckOut(Schema):
    name = String(required=True)
    label = String(required=True)
    met = Boolean(allow_none=True, required=True, metadata={"description": "null: a staff figure is missing."})
    figures = String(required=True)


class RuleChecks(Schema):
    items = List(Nested(RuleCheckOut), required=True)


class RosterUpload(Schema):
    file = File(required=True, metadata={"description": "CSV (UTF-8): username, name, email, delegation, "
                                                        "category, sex, department."})


class Imported(Schema):
    term_id = Integer(required=True)
    added = Integer(required=True)
    updated = Integer(required=True)
    removed = Integer(required=True)
    users_created = Integer(required=True)
