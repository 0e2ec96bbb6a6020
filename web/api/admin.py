"""Administration for the union office, as on its pages: users and their roles, departments, congress sessions
and their proposal collection periods, the holiday calendar, and notifications that could not be delivered.

Only a union office (the role held at a union) may; it manages its unions, their departments, and the users
holding a role there (or none yet). A user of another union is not found (404), as on the pages."""

from __future__ import annotations

from typing import Any

from apiflask.schemas import EmptySchema

from engine import services
from engine.core.i18n import Label
from web.api import schemas as s
from web.api.common import blueprint, caller, problem_responses, t
from web.api.problems import Problem
from web.context import TZ, env
from workflows.congress import services as congress

bp = blueprint("admin", "Administration", "Users and roles, departments, sessions, the holiday calendar and failed "
                                          "deliveries, for the union office.")
OFFICE = "union_office"
NOT_HERE = Label("请选择您所在工会或其下属部门。", "Choose one of your unions or one of its departments.")
NOT_YOUR_UNION = Label("请选择您担任工会办公室的工会。", "Choose a union where you are the union office.")
NOT_YOURSELF = Label("不能停用自己的账号或撤销自己的工会办公室角色。",
                     "You cannot disable your own account or give up your own union office role.")
NOT_FOUND = Label("不存在，或不属于您所在的工会。", "It does not exist, or belongs to none of your unions.")
NOT_FAILED = Label("该通知并未发送失败，无需重发。", "This delivery has not failed: there is nothing to send again.")


# -- who may, and what they manage --------------------------------------------------------------------------------
def offices() -> list[int]:
    """The unions where the caller holds the union office role (at the union itself); 403 when none."""
    held = {r.organisation_id for r in caller().view.roles if r.role == OFFICE}
    found = [o.id for o in services.list_organisations(env(), kind="union") if o.id in held]
    if not found:
        raise services.PermissionDenied("administer", (OFFICE,))
    return found


def scope() -> dict[int, int]:
    """Every organisation the caller manages (its unions and everything under them) → its union."""
    found: dict[int, int] = {}
    for union_id in offices():
        found[union_id] = union_id
        found |= {o.id: union_id for o in services.list_organisations(env(), under=union_id)}
    return found


def invalid(field: str, label: Label) -> Problem:
    message = t(label)
    return Problem(422, "validation", detail=message, errors={field: [message]})


def union_in(organisation_id: int | None, field: str = "organisation_id") -> list[int]:
    """The caller's unions, or the one asked for (422 unless it is one of them)."""
    mine = offices()
    if organisation_id is None:
        return mine
    if organisation_id not in mine:
        raise invalid(field, NOT_YOUR_UNION)
    return [organisation_id]


def manageable(user: services.UserView, here: dict[int, int]) -> bool:
    return not user.roles or any(r.organisation_id in here for r in user.roles)


def managed_user(user_id: int) -> services.UserView:
    user = services.get_user(env(), user_id)
    if not manageable(user, scope()):
        raise services.NotFound("user", user_id)
    return user


def user_out(user: services.UserView) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "email": user.email,
            "language": user.language, "active": user.is_active,
            "roles": [{"role": r.role, "organisation_id": r.organisation_id,
                       "organisation_name": r.organisation_name} for r in user.roles]}


def offered(role: str | None) -> None:
    """A role the union office hands out (422 beside ``role`` otherwise); None: no role asked for."""
    if role is not None and (wrong := services.check_grantable(env(), role)) is not None:
        raise services.ValidationFailed({"role": [wrong]})


# -- users ---------------------------------------------------------------------------------------------------------
@bp.get("/admin/users")
@bp.input(s.UserQuery, location="query", arg_name="query")
@bp.output(s.UserPage)
@bp.doc(operation_id="listUsers", responses=problem_responses(403, 422))
def users(query: dict[str, Any]) -> dict[str, Any]:
    """The users the caller manages, by name: with `q` in their username or name, with `role` held here"""
    here, role = scope(), query.get("role")
    offered(role)
    found = [u for u in services.list_users(env(), query=query["q"].strip(), role=role, limit=100_000)
             if manageable(u, here) and (role is None or any(r.role == role and r.organisation_id in here
                                                              for r in u.roles))]
    page, per_page = query["page"], query["per_page"]
    return {"items": [user_out(u) for u in found[(page - 1) * per_page:page * per_page]], "page": page,
            "per_page": per_page, "total": len(found), "pages": max(1, -(-len(found) // per_page))}


@bp.post("/admin/users")
@bp.input(s.UserIn, arg_name="body")
@bp.output(s.UserOut, status_code=201)
@bp.doc(operation_id="createUser", responses=problem_responses(400, 403, 422))
def create_user(body: dict[str, Any]) -> dict[str, Any]:
    """Create an account with its first password; then grant it roles. The account rules are the pages': a
    username of letters, digits and . _ @ -, an e-mail address or none, a password of 8 characters or more
    that is not one of the 10,000 most common and does not contain the username"""
    offices()
    user_id = services.create_user(env(), body["username"], body["display_name"], email=body.get("email"),
                                   language=body["language"], password=body["password"])
    return user_out(services.get_user(env(), user_id))


@bp.get("/admin/users/<int:user_id>")
@bp.output(s.UserOut)
@bp.doc(operation_id="getUser", responses=problem_responses(403, 404))
def user(user_id: int) -> dict[str, Any]:
    """A user with their roles"""
    return user_out(managed_user(user_id))


@bp.patch("/admin/users/<int:user_id>")
@bp.input(s.UserPatch, arg_name="body")
@bp.output(s.UserOut)
@bp.doc(operation_id="updateUser", responses=problem_responses(400, 403, 404, 422))
def update_user(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Change a user's name, e-mail address or language (the fields sent)"""
    person = managed_user(user_id)
    email = body.get("email") if "email" in body else person.email
    services.update_user(env(), user_id, display_name=body.get("display_name", person.display_name), email=email)
    if "language" in body:
        services.set_language(env(), user_id, body["language"])
    return user_out(services.get_user(env(), user_id))


@bp.put("/admin/users/<int:user_id>/active")
@bp.input(s.ActiveIn, arg_name="body")
@bp.output(s.UserOut)
@bp.doc(operation_id="setUserActive", responses=problem_responses(400, 403, 404, 409, 422))
def set_active(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Enable or disable an account (a disabled one is signed out); not the caller's own"""
    person = managed_user(user_id)
    if not body["active"] and person.id == caller().id:
        raise services.Refused(NOT_YOURSELF, code="own_account")
    services.set_user_active(env(), user_id, body["active"])
    return user_out(services.get_user(env(), user_id))


@bp.put("/admin/users/<int:user_id>/password")
@bp.input(s.PasswordIn, arg_name="body")
@bp.output(EmptySchema, status_code=204)
@bp.doc(operation_id="setUserPassword", responses=problem_responses(400, 403, 404, 422))
def set_password(user_id: int, body: dict[str, Any]) -> tuple[str, int]:
    """Set a user's password; every session of theirs ends and every API token of theirs is revoked"""
    managed_user(user_id)
    services.set_password(env(), user_id, body["password"])
    return "", 204


def role_target(body: dict[str, Any]) -> None:
    offered(body["role"])
    if body["organisation_id"] not in scope():
        raise invalid("organisation_id", NOT_HERE)


@bp.post("/admin/users/<int:user_id>/roles")
@bp.input(s.RoleIn, arg_name="body")
@bp.output(s.UserOut)
@bp.doc(operation_id="grantRole", responses=problem_responses(400, 403, 404, 422))
def grant(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Grant a role in one of the caller's unions or its departments (it covers those below); idempotent"""
    managed_user(user_id)
    role_target(body)
    services.grant_role(env(), user_id, body["organisation_id"], body["role"])
    return user_out(services.get_user(env(), user_id))


@bp.post("/admin/users/<int:user_id>/roles/revoke")
@bp.input(s.RoleIn, arg_name="body")
@bp.output(s.UserOut)
@bp.doc(operation_id="revokeRole", responses=problem_responses(400, 403, 404, 409, 422))
def revoke(user_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Revoke a role; not the caller's own union office role"""
    managed_user(user_id)
    role_target(body)
    if user_id == caller().id and body["role"] == OFFICE and body["organisation_id"] in offices():
        raise services.Refused(NOT_YOURSELF, code="own_account")
    services.revoke_role(env(), user_id, body["organisation_id"], body["role"])
    return user_out(services.get_user(env(), user_id))


# -- departments ---------------------------------------------------------------------------------------------------
def department_list(union_ids: list[int]) -> list[dict[str, Any]]:
    handlers: dict[int, int] = {}
    for person in services.list_users(env(), role="handler", limit=100_000):
        for r in person.roles:
            if r.role == "handler":
                handlers[r.organisation_id] = handlers.get(r.organisation_id, 0) + 1
    return [{"id": d.id, "name": d.name, "organisation_id": union_id, "handlers": handlers.get(d.id, 0)}
            for union_id in union_ids
            for d in sorted(services.list_organisations(env(), kind="department", under=union_id),
                            key=lambda d: d.id)]


@bp.get("/admin/departments")
@bp.input(s.DepartmentQuery, location="query", arg_name="query")
@bp.output(s.DepartmentList)
@bp.doc(operation_id="listDepartments", responses=problem_responses(403, 422))
def departments(query: dict[str, Any]) -> dict[str, Any]:
    """The departments of the caller's unions, in the order they were added"""
    return {"items": department_list(union_in(query.get("organisation_id")))}


def department_of(department_id: int) -> dict[str, Any]:
    found = next((d for d in department_list(offices()) if d["id"] == department_id), None)
    if found is None:
        raise services.NotFound("organisation", department_id)
    return found


@bp.post("/admin/departments")
@bp.input(s.DepartmentIn, arg_name="body")
@bp.output(s.DepartmentOut, status_code=201)
@bp.doc(operation_id="createDepartment", responses=problem_responses(400, 403, 422))
def create_department(body: dict[str, Any]) -> dict[str, Any]:
    """Add a department to one of the caller's unions"""
    union_id = union_in(body["organisation_id"])[0]
    department_id = services.create_organisation(env(), body["name"].strip(), "department", union_id)
    return department_of(department_id)


@bp.patch("/admin/departments/<int:department_id>")
@bp.input(s.NameIn, arg_name="body")
@bp.output(s.DepartmentOut)
@bp.doc(operation_id="renameDepartment", responses=problem_responses(400, 403, 404, 422))
def rename_department(department_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Rename a department"""
    department_of(department_id)
    services.rename_organisation(env(), department_id, body["name"].strip())
    return department_of(department_id)


# -- congress sessions: their proposal collection periods -------------------------------------------------------
def session_out(view: congress.CongressSessionView) -> dict[str, Any]:
    today = env().clock.now().astimezone(TZ).date()
    return {"id": view.id, "organisation_id": view.organisation_id, "term": view.term, "number": view.number,
            "name": view.name, "collection_opens": view.collection_opens,
            "collection_closes": view.collection_closes, "opens_on": view.opens_on,
            "collecting": view.collecting(today)}


@bp.get("/admin/sessions")
@bp.input(s.DepartmentQuery, location="query", arg_name="query")
@bp.output(s.CongressSessionWindowList)
@bp.doc(operation_id="listCollectionSessions", responses=problem_responses(403, 422))
def sessions(query: dict[str, Any]) -> dict[str, Any]:
    """The sessions of the caller's unions with their proposal collection periods"""
    return {"items": [session_out(v) for u in union_in(query.get("organisation_id"))
                      for v in congress.list_congress_sessions(env(), u)]}


@bp.post("/admin/sessions")
@bp.input(s.CongressSessionWindowIn, arg_name="body")
@bp.output(s.CongressSessionWindowOut, status_code=201)
@bp.doc(operation_id="createCollectionSession", responses=problem_responses(400, 403, 422))
def create_session(body: dict[str, Any]) -> dict[str, Any]:
    """Add a session (届/次) with the period in which proposals are collected for it"""
    union_id = union_in(body["organisation_id"])[0]
    session_id = congress.create_congress_session(
        env(), union_id, term=body["term"], number=body["number"], name=body["name"].strip(),
        collection_opens=body["collection_opens"], collection_closes=body["collection_closes"],
        opens_on=body.get("opens_on"))
    return session_out(congress.get_congress_session(env(), session_id))


@bp.put("/admin/sessions/<int:session_id>/window")
@bp.input(s.WindowIn, arg_name="body")
@bp.output(s.CongressSessionWindowOut)
@bp.doc(operation_id="setCollectionWindow", responses=problem_responses(400, 403, 404, 422))
def collection_window(session_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Change the period in which proposals are collected for a session"""
    mine = offices()
    try:
        found: congress.CongressSessionView | None = congress.get_congress_session(env(), session_id)
    except services.NotFound:
        found = None
    if found is None or found.organisation_id not in mine:
        raise Problem(404, "not-found", detail=t(NOT_FOUND))
    congress.update_collection_window(env(), session_id, body["collection_opens"], body["collection_closes"])
    return session_out(congress.get_congress_session(env(), session_id))


# -- the holiday calendar ---------------------------------------------------------------------------------------
@bp.get("/admin/calendar")
@bp.output(s.NoticeList)
@bp.doc(operation_id="listNotices", responses=problem_responses(403))
def notices() -> dict[str, Any]:
    """The State Council's holiday notices loaded, newest year first (then those set in the configuration)"""
    offices()
    services.refresh_calendar(env())
    return {"items": [{"year": n.year, "holidays": list(n.holidays), "workdays": list(n.workdays), "note": n.note,
                       "loaded_at": n.loaded_at, "source": n.source} for n in services.list_notices(env())]}


@bp.post("/admin/calendar")
@bp.input(s.NoticeIn, arg_name="body")
@bp.output(s.NoticeLoadedOut)
@bp.doc(operation_id="loadNotice", responses=problem_responses(400, 403, 422))
def load_notice(body: dict[str, Any]) -> dict[str, Any]:
    """Load (or replace) a year's notice: its holidays and make-up working days; deadlines move with it"""
    offices()
    done = services.load_notice(env(), body["year"], body["holidays"], body["workdays"], body["note"])
    return {"year": done.year, "holidays": done.holidays, "workdays": done.workdays, "moved": done.moved,
            "settled": done.settled}


# -- failed deliveries ---------------------------------------------------------------------------------------------
@bp.get("/admin/deliveries")
@bp.input(s.DeliveryQuery, location="query", arg_name="query")
@bp.output(s.DeliveryPage)
@bp.doc(operation_id="listFailedDeliveries", responses=problem_responses(403, 422))
def deliveries(query: dict[str, Any]) -> dict[str, Any]:
    """Notifications that could not be delivered (e-mail, robots) in one of the caller's unions, latest first"""
    union_id = union_in(query.get("organisation_id"))[0]
    found = services.failed_deliveries(env(), organisation_id=union_id, page=query["page"],
                                       per_page=query["per_page"])
    return {"items": [{"id": d.id, "notification_id": d.notification_id, "kind": d.kind, "text": t(d.text),
                       "channel": d.channel, "address": d.address, "user_id": d.user_id, "user_name": d.user_name,
                       "case_id": d.case_id, "case_title": d.case_title, "status": d.status,
                       "attempts": d.attempts, "last_error": d.last_error, "created_at": d.created_at,
                       "next_attempt_at": d.next_attempt_at} for d in found.items],
            "page": found.page, "per_page": found.per_page, "total": found.total, "pages": found.pages}


@bp.post("/admin/deliveries/<int:delivery_id>/resend")
@bp.output(s.Queued)
@bp.doc(operation_id="resendDelivery", responses=problem_responses(403, 404, 409))
def resend(delivery_id: int) -> dict[str, Any]:
    """Send a failed delivery again, with a fresh set of tries (after the address was corrected, say)"""
    for union_id in offices():
        try:
            services.resend_delivery(env(), delivery_id, organisation_id=union_id)
        except services.NotFound:
            continue
        except services.ValidationFailed:
            raise services.Refused(NOT_FAILED, code="not_failed") from None
        return {"queued": True}
    raise Problem(404, "not-found", detail=t(NOT_FOUND))
