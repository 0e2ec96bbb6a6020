"""What the API takes and gives, as marshmallow schemas: the OpenAPI document is generated from them.

Bodies refuse fields they do not declare (marshmallow's default); query strings ignore unknown parameters."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Dict, File, Integer, List, Nested, Raw, String
from apiflask.validators import Length, OneOf, Range

MAX_PER_PAGE = 200


def _id(**kw: object) -> Integer:
    return Integer(strict=True, validate=Range(min=1, max=2**31 - 1), **kw)  # type: ignore[arg-type]


# -- common ------------------------------------------------------------------------------------------------------
class PageQuery(Schema):
    page = Integer(load_default=1, validate=Range(min=1, max=100_000), metadata={"description": "Page, from 1."})
    per_page = Integer(load_default=20, validate=Range(min=1, max=MAX_PER_PAGE),
                       metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."})


class PageMeta(Schema):
    page = Integer(required=True)
    per_page = Integer(required=True)
    total = Integer(required=True)
    pages = Integer(required=True)


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


# -- workflows and cases -----------------------------------------------------------------------------------------
class FieldOut(Schema):
    name = String(required=True)
    label = String(required=True)
    kind = String(required=True)
    required = Boolean(required=True)
    max_length = Integer(allow_none=True, required=True)
    min_value = Integer(allow_none=True, required=True)
    max_value = Integer(allow_none=True, required=True)
    choices = List(Nested(LabelledValue), required=True)
    help = String(allow_none=True, required=True)


class State(Schema):
    name = String(required=True)
    label = String(required=True)
    final = Boolean(required=True)


class Trigger(Schema):
    trigger = String(required=True)
    label = String(required=True)


class WorkflowSummary(Schema):
    name = String(required=True)
    version = Integer(required=True)
    label = String(required=True)


class WorkflowList(Schema):
    items = List(Nested(WorkflowSummary), required=True)


class WorkflowOut(Schema):
    name = String(required=True)
    version = Integer(required=True)
    label = String(required=True)
    states = List(Nested(State), required=True)
    actions = List(Nested(Trigger), required=True)
    start_fields = List(Nested(FieldOut), required=True)
    start_accepts_files = Boolean(required=True)
    roles = List(Nested(LabelledValue), required=True)


class CaseQuery(PageQuery):
    workflow = String(validate=Length(max=50))
    state = String(validate=Length(max=50))
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1))
    text = String(validate=Length(max=200), metadata={"description": "Words in the title."})
    open_only = Boolean(load_default=False, metadata={"description": "Only cases not yet closed (with workflow)."})


class CaseSummaryOut(Schema):
    id = Integer(required=True)
    workflow = String(required=True)
    spec_version = Integer(required=True)
    organisation_id = Integer(required=True)
    state = String(required=True)
    state_label = String(required=True)
    final = Boolean(required=True)
    version = Integer(required=True)
    etag = String(required=True, metadata={"description": "The ETag of this version, for If-Match."})
    title = String(required=True)
    created_by = Integer(allow_none=True, required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    state_since = DateTime(required=True)
    follows_id = Integer(allow_none=True, required=True)
    data = Dict(keys=String(), required=True)


class CasePage(PageMeta):
    items = List(Nested(CaseSummaryOut), required=True)


class EventOut(Schema):
    seq = Integer(required=True)
    trigger = String(required=True)
    label = String(required=True)
    from_state = String(allow_none=True, required=True)
    to_state = String(required=True)
    actor_id = Integer(allow_none=True, required=True)
    actor_name = String(allow_none=True, required=True)
    payload = Dict(keys=String(), required=True)
    created_at = DateTime(required=True)


class TaskOut(Schema):
    id = Integer(required=True)
    case_id = Integer(required=True)
    case_title = String(required=True)
    workflow = String(required=True)
    state = String(required=True)
    state_label = String(required=True)
    role = String(allow_none=True, required=True)
    organisation_id = Integer(allow_none=True, required=True)
    user_id = Integer(allow_none=True, required=True)
    due_at = DateTime(allow_none=True, required=True)
    created_at = DateTime(required=True)
    overdue = Boolean(required=True)
    provisional = Boolean(required=True, metadata={"description": "The due date rests on a holiday calendar "
                                                                  "not yet announced."})


class ActionOut(Schema):
    trigger = String(required=True)
    label = String(required=True)
    fields = List(Nested(FieldOut), required=True)
    accepts_files = Boolean(required=True)


class FileOut(Schema):
    id = Integer(required=True)
    filename = String(required=True)
    content_type = String(required=True)
    size = Integer(required=True)
    url = String(required=True)


class CaseOut(CaseSummaryOut):
    history = List(Nested(EventOut), required=True)
    tasks = List(Nested(TaskOut), required=True)
    actions = List(Nested(ActionOut), required=True,
                   metadata={"description": "The actions the caller may take now, with their form fields."})
    files = List(Nested(FileOut), required=True)


class StartIn(Schema):
    workflow = String(required=True, validate=Length(min=1, max=50))
    organisation_id = _id(required=True)
    title = String(required=True, validate=Length(max=500))
    form = Dict(keys=String(), load_default=dict,
                metadata={"description": "The workflow's start fields by name (see GET /api/v1/workflows/{name})."})
    attachments = List(Nested(Attachment), load_default=list, validate=Length(max=20))


class FireIn(Schema):
    form = Dict(keys=String(), load_default=dict,
                metadata={"description": "The action's fields by name (see the case's actions)."})
    attachments = List(Nested(Attachment), load_default=list, validate=Length(max=20))


# -- inbox and notifications ---------------------------------------------------------------------------------------
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


# -- congress sessions and ballots ---------------------------------------------------------------------------------
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
    user_ids = List(_id(), validate=Length(min=1, max=5000),
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
    item_id = _id(metadata={"description": "For step vote: the item open for voting."})


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
    user_ids = List(_id(), required=True, validate=Length(min=1, max=5000))


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


# -- terms and rosters -------------------------------------------------------------------------------------------
class TermIn(Schema):
    organisation_id = _id(required=True)
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


# -- bargaining --------------------------------------------------------------------------------------------------
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
    created_at = DateTime(required=True)


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


# -- administration ----------------------------------------------------------------------------------------------
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
                      metadata={"description": "Every session of the user ends."})


class RoleIn(Schema):
    role = String(required=True, validate=Length(min=1, max=80), metadata={"description": ROLE})
    organisation_id = _id(required=True, metadata={"description": "The union or one of its departments."})


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
    organisation_id = _id(required=True, metadata={"description": "The union."})
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
    organisation_id = _id(required=True, metadata={"description": "The union."})
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
    organisation_id = _id(required=True, metadata={"description": "The union whose committee keeps it."})
    title = String(required=True, validate=Length(max=200))
    body = String(required=True, validate=Length(max=20_000))


# -- reports -------------------------------------------------------------------------------------------------------
class RegisterQuery(Schema):
    session_id = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    format = String(load_default="xlsx", validate=OneOf(("xlsx", "csv")))
    table = String(load_default="register", validate=OneOf(("register", "statistics")),
                   metadata={"description": "For csv: the register or its statistics (xlsx holds both)."})


class DashboardQuery(Schema):
    organisation_id = Integer(validate=Range(min=1, max=2**31 - 1),
                              metadata={"description": "The union; the first the caller reads by default."})
    session_id = Integer(validate=Range(min=1, max=2**31 - 1),
                         metadata={"description": "The session; the newest by default."})
    all_sessions = Boolean(load_default=False, metadata={"description": "Every session together."})


class ColumnOut(Schema):
    key = String(required=True)
    header = String(required=True)
    kind = String(required=True, metadata={"description": "text, count, percent (a share from 0 to 1), number…"})


class ChartOut(Schema):
    key = String(required=True)
    title = String(required=True)
    note = String(allow_none=True, required=True)
    label = String(required=True, metadata={"description": "The key in each row that names its bar."})
    value = String(required=True, metadata={"description": "The column giving each bar's length."})
    columns = List(Nested(ColumnOut), required=True)
    rows = List(Dict(keys=String()), required=True,
                metadata={"description": "One per bar: its name (label) and a cell per column."})


class Figure(Schema):
    label = String(required=True)
    value = String(required=True)


class DashboardOut(Schema):
    organisation_id = Integer(required=True)
    session_id = Integer(allow_none=True, required=True, metadata={"description": "null: every session."})
    title = String(required=True)
    summary = List(Nested(Figure), required=True)
    charts = List(Nested(ChartOut), required=True)
