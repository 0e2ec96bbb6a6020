"""The inbox and notifications: duties, in-app notifications and their preferences."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from web.api.schemas.cases import TaskOut
from web.api.schemas.common import PageMeta, PageQuery


class InboxQuery(PageQuery):
    state = String(validate=Length(max=50))
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1))
    workflow = String(validate=Length(max=50))


class Duty(Schema):
    session_id = Integer(required=True)
    session_name = String(required=True)
    step = String(required=True, metadata={"enum": ["documents", "check_in", "vote"]})
    item_id = Integer(allow_none=True, required=True)
    item_title = String(allow_none=True, required=True)


class InboxPage(PageMeta):
    items = List(Nested(TaskOut), required=True)
    duties = List(Nested(Duty), required=True,
                  metadata={"description": "What the caller still has to do as a congress representative."})


class NotificationQuery(PageQuery):
    unread_only = Boolean(load_default=False)


class NotificationOut(Schema):
    id = Integer(required=True)
    kind = String(required=True)
    case_id = Integer(allow_none=True, required=True)
    case_title = String(allow_none=True, required=True)
    text = String(required=True)
    created_at = DateTime(required=True)
    read_at = DateTime(allow_none=True, required=True)
    unread = Boolean(required=True)


class NotificationPage(PageMeta):
    items = List(Nested(NotificationOut), required=True)
    unread = Integer(required=True)


class PreferencesIn(Schema):
    email = Boolean(required=True, metadata={"description": "An e-mail for every notification."})
    digest = Boolean(required=True, metadata={"description": "A digest of open and overdue tasks each working "
                                                            "morning."})
    language = String(validate=OneOf(("zh", "en")), metadata={"description": "The language of pages and "
                                                                           "messages."})


class PreferencesOut(Schema):
    email = Boolean(required=True)
    digest = Boolean(required=True)
    language = String(required=True, metadata={"enum": ["zh", "en"]})


class Marked(Schema):
    marked = Integer(required=True, metadata={"description": "How many notifications this marked read."})
