"""What every area shares: paging, attachments, labelled values, and who is signed in."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length, Range

from engine.services import MAX_PER_PAGE


def id_field(**kw: object) -> Integer:
    return Integer(strict=True, validate=Range(min=1, max=2**31 - 1), **kw)  # type: ignore[arg-type]


class PageQuery(Schema):
    page = Integer(load_default=1, validate=Range(min=1, max=100_000), metadata={"description": "Page, from 1."})
    per_page = Integer(load_default=20, validate=Range(min=1, max=MAX_PER_PAGE),
                       metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."})


class PageMeta(Schema):
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    pages = Integer(required=True)
    exact = Boolean(metadata={"description": "False when lists stopped counting: there are more than `total`."})


class Attachment(Schema):
    filename = String(required=True, validate=Length(min=1, max=255))
    content = String(required=True, validate=Length(min=1, max=30_000_000),
                     metadata={"description": "The file's bytes, base64-encoded."})


class LabelledValue(Schema):
    value = String(required=True)
    label = String(required=True)


class Me(Schema):
    class Role(Schema):
        role = String(required=True)
        organisation_id = Integer(required=True)
        organisation_name = String(required=True)

    id = Integer(required=True)
    username = String(required=True)
    display_name = String(required=True)
    email = String(allow_none=True, required=True)
    language = String(required=True, metadata={"enum": ["zh", "en"]})
    roles = List(Nested(Role), required=True)
    authenticated_by = String(required=True, metadata={"enum": ["token", "session"]})
