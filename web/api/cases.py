"""Cases: list and read them, start one, act on one (If-Match on its ETag); the workflows they run; the caller,
their inbox, their notifications and the files of a case."""

from __future__ import annotations

import base64
import binascii
from io import BytesIO
from typing import Any

from flask import g, request, send_file, url_for
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from engine.core.spec import Field
from web.api import problems
from web.api import schemas as s
from web.api.common import actor, blueprint, caller, problem_responses, t
from web.api.problems import Problem
from web.context import env
from workflows.congress import services as congress

bp = blueprint("cases", "Cases", "Cases of every workflow: read, start, act; the workflows they run.")
me_bp = blueprint("me", "Me", "The caller, their inbox and their notifications.")

ETAG_HEADER = {"ETag": {"description": "The case's version, for If-Match.", "schema": {"type": "string"}}}
NOT_BASE64 = Label("文件内容应为 base64 编码。", "The file's content must be base64-encoded.")


def etag(case_id: int, version: int) -> str:
    return f'"{case_id}-{version}"'


# -- shapes ------------------------------------------------------------------------------------------------------
def field_out(f: Field) -> dict[str, Any]:
    return {"name": f.name, "label": t(f.label), "kind": f.kind, "required": f.required,
            "max_length": f.max_length, "min_value": f.min_value, "max_value": f.max_value,
            "choices": [{"value": c, "label": t(f.choice_label(c))} for c in f.choices],
            "help": t(f.help) if f.help is not None else None}


def summary_out(c: services.CaseSummary) -> dict[str, Any]:
    return {"id": c.id, "workflow": c.workflow, "spec_version": c.spec_version, "organisation_id": c.organisation_id,
            "state": c.state, "state_label": t(c.state_label), "final": c.final, "version": c.version,
            "etag": etag(c.id, c.version), "title": c.title, "created_by": c.created_by, "created_at": c.created_at,
            "updated_at": c.updated_at, "state_since": c.state_since, "follows_id": c.follows_id, "data": c.data}


def task_out(task: services.TaskView) -> dict[str, Any]:
    return {"id": task.id, "case_id": task.case_id, "case_title": task.case_title, "workflow": task.workflow,
            "state": task.state, "state_label": t(task.state_label), "role": task.role,
            "organisation_id": task.organisation_id, "user_id": task.user_id, "due_at": task.due_at,
            "created_at": task.created_at, "overdue": task.overdue, "provisional": task.provisional}


def case_out(view: services.CaseView) -> dict[str, Any]:
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    return summary_out(view.summary) | {
        "history": [{"seq": e.seq, "trigger": e.trigger, "label": t(info.triggers.get(e.trigger, e.trigger)),
                     "from_state": e.from_state, "to_state": e.to_state, "actor_id": e.actor_id,
                     "actor_name": e.actor_name, "payload": e.payload, "created_at": e.created_at}
                    for e in view.history],
        "tasks": [task_out(task) for task in view.open_tasks],
        "actions": [{"trigger": a.trigger, "label": t(a.label), "fields": [field_out(f) for f in a.fields],
                     "accepts_files": a.accepts_files} for a in view.actions],
        "files": [{"id": f.id, "filename": f.filename, "content_type": f.content_type, "size": f.size,
                   "url": url_for("api_cases.file", file_id=f.id)} for f in view.files],
    }


def uploads(attachments: list[dict[str, str]]) -> list[services.Upload]:
    found = []
    for i, a in enumerate(attachments):
        try:
            content = base64.b64decode(a["content"], validate=True)
        except (binascii.Error, ValueError):
            raise Problem(422, "validation", detail=t(NOT_BASE64),
                          errors={f"attachments.{i}.content": [t(NOT_BASE64)]}) from None
        found.append(services.Upload(a["filename"], content))
    return found


def with_etag(view: services.CaseView, status: int = 200) -> tuple[dict[str, Any], int, dict[str, str]]:
    return case_out(view), status, {"ETag": etag(view.summary.id, view.version)}


# -- the caller ------------------------------------------------------------------------------------------------------
@me_bp.get("/me")
@me_bp.output(s.Me)
@me_bp.doc(operation_id="getMe", responses=problem_responses())
def me() -> dict[str, Any]:
    """Who is calling: name, language and roles"""
    view = caller().view
    return {"id": view.id, "username": view.username, "display_name": view.display_name, "email": view.email,
            "language": view.language, "authenticated_by": g.api_auth,
            "roles": [{"role": r.role, "organisation_id": r.organisation_id,
                       "organisation_name": r.organisation_name} for r in view.roles]}


@me_bp.get("/me/preferences")
@me_bp.output(s.PreferencesOut)
@me_bp.doc(operation_id="getPreferences")
def preferences() -> dict[str, Any]:
    """How the caller wants to be told, and their language"""
    found = services.get_preferences(env(), caller().id)
    return {"email": found.email, "digest": found.digest, "language": caller().view.language}


@me_bp.put("/me/preferences")
@me_bp.input(s.PreferencesIn, arg_name="body")
@me_bp.output(s.PreferencesOut)
@me_bp.doc(operation_id="setPreferences", responses=problem_responses(400, 422))
def set_preferences(body: dict[str, Any]) -> dict[str, Any]:
    """Set whether e-mails and the daily digest come, and the language"""
    found = services.set_preferences(env(), caller().id, email=body["email"], digest=body["digest"])
    language = body.get("language", caller().view.language)
    if language != caller().view.language:
        services.set_language(env(), caller().id, language)
    return {"email": found.email, "digest": found.digest, "language": language}


# -- workflows -------------------------------------------------------------------------------------------------------
@bp.get("/workflows")
@bp.output(s.WorkflowList)
@bp.doc(operation_id="listWorkflows")
def workflows() -> dict[str, Any]:
    """The workflows this installation runs, newest version of each"""
    names = sorted({entry.spec.name for entry in env().registry})
    infos = [services.describe(env(), name) for name in names]
    return {"items": [{"name": i.name, "version": i.version, "label": t(i.label)} for i in infos]}


@bp.get("/workflows/<name>")
@bp.output(s.WorkflowOut)
@bp.doc(operation_id="getWorkflow", responses=problem_responses(404))
def workflow(name: str) -> dict[str, Any]:
    """A workflow's steps, actions, roles and the fields that start a case"""
    if name not in {entry.spec.name for entry in env().registry}:
        raise services.NotFound("workflow", name)
    info = services.describe(env(), name)
    return {"name": info.name, "version": info.version, "label": t(info.label),
            "states": [{"name": n, "label": t(label), "final": n in info.final_states}
                       for n, label in info.states.items()],
            "actions": [{"trigger": k, "label": t(v)} for k, v in info.triggers.items() if k != "start"],
            "start_fields": [field_out(f) for f in info.start_fields],
            "start_accepts_files": info.start_accepts_files,
            "roles": [{"value": k, "label": t(v)} for k, v in info.roles.items()]}


# -- cases -----------------------------------------------------------------------------------------------------------
@bp.get("/cases")
@bp.input(s.CaseQuery, location="query", arg_name="query")
@bp.output(s.CasePage)
@bp.doc(operation_id="listCases", responses=problem_responses(422))
def list_cases(query: dict[str, Any]) -> dict[str, Any]:
    """Cases the caller may see, newest change first

    Filtered by workflow, step (state), organisation and words in the title.
    """
    found = services.search_cases(
        env(), actor(), workflow=query.get("workflow"), state=query.get("state"),
        organisation_id=query.get("organisation_id"), text=query.get("text", ""), open_only=query["open_only"],
        page=query["page"], per_page=query["per_page"])
    return {"items": [summary_out(c) for c in found.items], "page": found.page, "per_page": found.per_page,
            "total": found.total, "pages": found.pages, "exact": found.exact}


@bp.post("/cases")
@bp.input(s.StartIn, arg_name="body")
@bp.output(s.CaseOut, status_code=201)
@bp.doc(operation_id="startCase", responses={
    201: {"description": "The case started.", "headers": ETAG_HEADER | {
        "Location": {"description": "The case.", "schema": {"type": "string"}}}},
    **problem_responses(400, 403, 404, 409, 413, 422)})
def start(body: dict[str, Any]) -> Any:
    """Start a case of a workflow's newest version

    `form` holds the workflow's start fields by name; files go in `attachments` (base64).
    """
    try:
        outcome = services.start_case(env(), actor(), body["workflow"], body["organisation_id"], body["title"],
                                      body["form"], uploads=uploads(body["attachments"]))
    except services.ValidationFailed as err:
        return problems.of_engine(err, prefix="form.", keep=("title", "attachments"))
    view = services.case_view(env(), actor(), outcome.case_id)
    answer, status, headers = with_etag(view, 201)
    headers["Location"] = url_for("api_cases.get_case", case_id=outcome.case_id)
    return answer, status, headers


@bp.get("/cases/<int:case_id>")
@bp.output(s.CaseOut)
@bp.doc(operation_id="getCase", responses={200: {"description": "The case.", "headers": ETAG_HEADER},
                                           **problem_responses(403, 404)})
def get_case(case_id: int) -> Any:
    """A case with its history, open tasks, files and the actions the caller may take now

    The ETag header (also in `etag`) names the version; send it back in If-Match to act.
    """
    return with_etag(services.case_view(env(), actor(), case_id))


def expected_version(view: services.CaseView) -> int:
    """The version If-Match names: 428 without it, 412 unless it is the case's current one or an earlier one
    followed only by comments (the engine checks that when acting)."""
    tags = request.if_match
    if not tags or tags.star_tag:
        raise Problem(428, "if-match-required", detail=t(problems.TYPES["if-match-required"][1]))
    current = etag(view.summary.id, view.version).strip('"')
    if tags.contains(current):
        return view.version
    prefix = f"{view.summary.id}-"
    named = [int(tag[len(prefix):]) for tag in tags.as_set() if tag.startswith(prefix) and tag[len(prefix):].isdigit()]
    earlier = [n for n in named if 0 < n < view.version]
    if not earlier:
        raise stale(view)
    return max(earlier)


def stale(view: services.CaseView) -> Problem:
    return Problem(412, "stale", detail=t(problems.TYPES["stale"][1]), current_etag=etag(view.summary.id, view.version))


@bp.post("/cases/<int:case_id>/actions/<trigger>")
@bp.input(s.FireIn, arg_name="body")
@bp.output(s.CaseOut)
@bp.doc(operation_id="act", responses={
    200: {"description": "Done: the case as it is now.", "headers": ETAG_HEADER},
    204: {"description": "Done; the caller may no longer see the case."},
    **problem_responses(400, 403, 404, 409, 412, 413, 422, 428)})
def act(case_id: int, trigger: str, body: dict[str, Any]) -> Any:
    """Take an action on a case

    Needs `If-Match` with the case's ETag: a stale one answers 412, none 428. `form` holds the action's
    fields by name (see the case's `actions`).
    """
    view = services.case_view(env(), actor(), case_id)
    version = expected_version(view)
    files = uploads(body["attachments"])
    try:
        services.fire(env(), actor(), case_id, trigger, body["form"], expected_version=version, uploads=files)
    except services.Conflict:
        raise stale(services.case_view(env(), actor(), case_id)) from None
    except services.ValidationFailed as err:
        return problems.of_engine(err, prefix="form.", keep=("attachments",))
    try:
        return with_etag(services.case_view(env(), actor(), case_id))
    except services.PermissionDenied:
        return Response(status=204)


@bp.get("/files/<int:file_id>")
@bp.doc(operation_id="getFile", responses={
    200: {"description": "The file.", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
    **problem_responses(403, 404)})
def file(file_id: int) -> Response:
    """A file of a case the caller may see"""
    info, content = services.get_file(env(), actor(), file_id)
    return send_file(BytesIO(content), mimetype=info.content_type, download_name=info.filename, as_attachment=True)


# -- inbox and notifications -----------------------------------------------------------------------------------------
@me_bp.get("/inbox")
@me_bp.input(s.InboxQuery, location="query", arg_name="query")
@me_bp.output(s.InboxPage)
@me_bp.doc(operation_id="getInbox", responses=problem_responses(422))
def inbox(query: dict[str, Any]) -> dict[str, Any]:
    """The caller's open tasks, the oldest due first, and their congress duties"""
    found = services.inbox(env(), caller().id, page=query["page"], per_page=query["per_page"],
                           state=query.get("state"), organisation_id=query.get("organisation_id"),
                           workflow=query.get("workflow"))
    duties = congress.duties(env(), caller().id)
    return {"items": [task_out(task) for task in found.items], "page": found.page, "per_page": found.per_page,
            "total": found.total, "pages": found.pages, "exact": found.exact,
            "duties": [{"session_id": d.session_id, "session_name": d.session_name, "step": d.step,
                        "item_id": d.item_id, "item_title": d.item_title} for d in duties]}


@me_bp.get("/notifications")
@me_bp.input(s.NotificationQuery, location="query", arg_name="query")
@me_bp.output(s.NotificationPage)
@me_bp.doc(operation_id="listNotifications", responses=problem_responses(422))
def notifications(query: dict[str, Any]) -> dict[str, Any]:
    """The caller's notifications, newest first"""
    found = services.list_notifications(env(), caller().id, page=query["page"], per_page=query["per_page"],
                                        unread_only=query["unread_only"])
    return {"items": [{"id": n.id, "kind": n.kind, "case_id": n.case_id, "case_title": n.case_title,
                       "text": t(n.text), "created_at": n.created_at, "read_at": n.read_at, "unread": n.unread}
                      for n in found.items],
            "page": found.page, "per_page": found.per_page, "total": found.total, "pages": found.pages,
            "unread": services.unread_count(env(), caller().id)}


@me_bp.post("/notifications/<int:notification_id>/read")
@me_bp.output(s.Marked)
@me_bp.doc(operation_id="markNotificationRead", responses=problem_responses(400))
def mark_read(notification_id: int) -> dict[str, Any]:
    """Mark one of the caller's notifications read (0 when it was read already or is not theirs)"""
    return {"marked": int(services.mark_read(env(), caller().id, notification_id))}


@me_bp.post("/notifications/read")
@me_bp.output(s.Marked)
@me_bp.doc(operation_id="markAllNotificationsRead", responses=problem_responses(400))
def mark_all_read() -> dict[str, Any]:
    """Mark every notification of the caller read"""
    return {"marked": services.mark_all_read(env(), caller().id)}
