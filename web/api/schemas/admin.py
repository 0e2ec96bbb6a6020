"""Administration: users and their roles, departments, collection windows, holiday notices, deliveries and
text templates."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from web.api.schemas.common import Me, PageMeta, PageQuery, id_field

# The roles the union office hands out are the installation's (the pages list them): a role not among them is
# refused by the view with a 422 beside ``role``.
ROLE = "A role the union office hands out, as the administration pages list them (e.g. representative, handler)."


class UserQuery(PageQuery):
    q = String(load_default="", validate=Length(max=200), metadata={"description": "Words in the username or name."})
    role = String(validate=Length(min=1, max=80), metadata={"description": "Only users holding this role here. "
                                                                           + ROLE})


class UserOut(Schema):
    id = Integer(required=True)
    username = String(required=True)
    display_name = String(required=True)
    email = String(allow_none=True, required=True)
    language = String(required=True, metadata={"enum": ["zh", "en"]})
    active = Boolean(required=True)
    roles = List(Nested(Me.Role), required=True)


class UserSummary(UserOut):
    """A user in a list (the same fields)."""


class UserPage(PageMeta):
    items = List(Nested(UserSummary), required=True)


class UserIn(Schema):
    username = String(required=True, validate=Length(min=1, max=80),
                      metadata={"description": "Letters, digits and . _ @ - only."})
    display_name = String(required=True, validate=Length(min=1, max=200))
    email = String(allow_none=True, validate=Length(max=254))
    language = String(load_default="zh", validate=OneOf(("zh", "en")))
    password = String(required=True, validate=Length(max=1000))


class UserPatch(Schema):
    display_name = String(validate=Length(min=1, max=200))
    email = String(allow_none=True, validate=Length(max=254), metadata={"description": "null or empty: none."})
    language = String(validate=OneOf(("zh", "en")))


class ActiveIn(Schema):
    active = Boolean(required=True, metadata={"description": "false disables the account and signs it out."})


class PasswordIn(Schema):
    password = String(required=True, validate=Length(max=1000),
                      metadata={"description": "Every session of the user ends and every API token of theirs is "
                                               "revoked."})


class RoleIn(Schema):
    role = String(required=True, validate=Length(min=1, max=80), metadata={"description": ROLE})
    organisation_id = id_field(required=True, metadata={"description": "The union or one of its departments."})


class DepartmentQuery(Schema):
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1), metadata={"description": "Only this union's."})


class DepartmentOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    organisation_id = Integer(required=True, metadata={"description": "The union it belongs to."})
    handlers = Integer(required=True, metadata={"description": "Users holding the handler role there."})


class DepartmentSummary(DepartmentOut):
    """A department in a list (the same fields)."""


class DepartmentList(Schema):
    items = List(Nested(DepartmentSummary), required=True)


class DepartmentIn(Schema):
    organisation_id = id_field(required=True, metadata={"description": "The union."})
    name = String(required=True, validate=Length(min=1, max=200))


class NameIn(Schema):
    name = String(required=True, validate=Length(min=1, max=200))


class CongressSessionWindowOut(Schema):
    id = Integer(required=True)
    organisation_id = Integer(required=True)
    term = Integer(required=True)
    number = Integer(required=True)
    name = String(required=True)
    collection_opens = Date(required=True)
    collection_closes = Date(required=True)
    opens_on = Date(allow_none=True, required=True)
    collecting = Boolean(required=True, metadata={"description": "Proposals are collected today."})


class CongressSessionWindowSummary(CongressSessionWindowOut):
    """A session in a list (the same fields)."""


class CongressSessionWindowList(Schema):
    items = List(Nested(CongressSessionWindowSummary), required=True)


class WindowIn(Schema):
    collection_opens = Date(required=True)
    collection_closes = Date(required=True)


class CongressSessionWindowIn(WindowIn):
    organisation_id = id_field(required=True, metadata={"description": "The union."})
    term = Integer(strict=True, required=True, validate=Range(min=1, max=1000))
    number = Integer(strict=True, required=True, validate=Range(min=1, max=1000))
    name = String(required=True, validate=Length(min=1, max=200))
    opens_on = Date(allow_none=True, metadata={"description": "The day the session opens."})


class NoticeOut(Schema):
    year = Integer(required=True)
    holidays = List(Date(), required=True)
    workdays = List(Date(), required=True, metadata={"description": "Make-up working days on a weekend."})
    note = String(required=True)
    loaded_at = DateTime(allow_none=True, required=True)
    source = String(required=True, metadata={"enum": ["database", "config"]})


class NoticeList(Schema):
    items = List(Nested(NoticeOut), required=True)


class NoticeIn(Schema):
    year = Integer(strict=True, required=True, validate=Range(min=2000, max=2100))
    holidays = List(Date(), required=True, validate=Length(max=366))
    workdays = List(Date(), load_default=list, validate=Length(max=366))
    note = String(load_default="", validate=Length(max=500))


class NoticeLoadedOut(Schema):
    year = Integer(required=True)
    holidays = Integer(required=True)
    workdays = Integer(required=True)
    moved = Integer(required=True, metadata={"description": "Deadlines whose due date changed."})
    settled = Integer(required=True, metadata={"description": "Provisional deadlines now final."})


class DeliveryQuery(PageQuery):
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1), metadata={"description": "The union."})


class DeliveryOut(Schema):
    id = Integer(required=True)
    notification_id = Integer(required=True)
    kind = String(required=True)
    text = String(required=True)
    channel = String(required=True, metadata={"enum": ["email", "wecom", "dingtalk"]})
    address = String(allow_none=True, required=True)
    user_id = Integer(allow_none=True, required=True)
    user_name = String(allow_none=True, required=True)
    case_id = Integer(allow_none=True, required=True)
    case_title = String(allow_none=True, required=True)
    status = String(required=True)
    attempts = Integer(required=True)
    last_error = String(allow_none=True, required=True)
    created_at = DateTime(required=True)
    next_attempt_at = DateTime(required=True)


class DeliveryPage(PageMeta):
    items = List(Nested(DeliveryOut), required=True)


class Queued(Schema):
    queued = Boolean(required=True, metadata={"description": "It will be sent again within a minute."})


class TemplateQuery(Schema):
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1), metadata={"description": "Only this union's."})


class TemplateOut(Schema):
    id = Integer(required=True)
    organisation_id = Integer(required=True)
    title = String(required=True)
    body = String(required=True)


class TemplateSummary(TemplateOut):
    """A template in a list (the same fields)."""


class TemplateList(Schema):
    items = List(Nested(TemplateSummary), required=True)


class TemplateIn(Schema):
    organisation_id = id_field(required=True, metadata={"description": "The union whose committee keeps it."})
    title = String(required=True, validate=Length(max=200))
    body = String(required=True, validate=Length(max=20_000))
