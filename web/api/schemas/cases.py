"""Workflows and cases: the workflows one may start, a case's page (history, tasks, actions, files), starting
and firing."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length, Range

from web.api.schemas.common import Attachment, LabelledValue, PageMeta, PageQuery, id_field


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
    organisation_id = id_field(required=True)
    title = String(required=True, validate=Length(max=500))
    form = Dict(keys=String(), load_default=dict,
                metadata={"description": "The workflow's start fields by name (see GET /api/v1/workflows/{name})."})
    attachments = List(Nested(Attachment), load_default=list, validate=Length(max=20))


class FireIn(Schema):
    form = Dict(keys=String(), load_default=dict,
                metadata={"description": "The action's fields by name (see the case's actions)."})
    attachments = List(Nested(Attachment), load_default=list, validate=Length(max=20))
