"""Administration for the union office: users and roles, departments, congress sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import NOT_DATE, REQUIRED, TOO_LONG, Label
from web.actions import FormState, errors_in
from web.context import TZ, env, lang, load_user
from workflows.congress import services as congress

bp = Blueprint("admin", __name__, url_prefix="/admin")

OFFICE = "union_office"
# The roles the office hands out, in the order a union thinks of them.
ROLES = {
    "representative": Label("职工代表", "Representative"),
    "proposal_committee": Label("提案工作委员会", "Proposal committee"),
    "leader": Label("企业领导", "Enterprise leader"),
    "handler": Label("承办人", "Department handler"),
    "department_head": Label("部门负责人", "Department head"),  # told when the department's proposals are overdue
    OFFICE: Label("工会办公室", "Union office"),
}
LANGUAGES = {"zh": "中文", "en": "English"}
PER_PAGE = 50
NOT_WHOLE = Label("请输入正整数。", "Enter a whole number from 1.")
BAD_USERNAME = Label("用户名只能包含字母、数字和 . _ -。", "A username has only letters, digits and . _ -.")
TAKEN = Label("该用户名已被使用。", "This username is taken.")
BAD_EMAIL = Label("电子邮箱格式不正确。", "This is not an e-mail address.")
SHORT_PASSWORD = Label("密码至少 {n} 个字符。", "A password has at least {n} characters.")
PASSWORDS_DIFFER = Label("两次输入的密码不一致。", "The two passwords differ.")
NOT_HERE = Label("请选择本工会或其下属部门。", "Choose this union or one of its departments.")
NO_SUCH_ROLE = Label("请从给定角色中选择。", "Choose one of the roles given.")
NOT_YOURSELF = Label("不能停用自己的账号或撤销自己的工会办公室角色。",
                     "You cannot disable your own account or give up your own union office role.")
Errors = dict[str, list[Label]]


# -- who may come in, and which union they run ---------------------------------------------------------------
@bp.before_request
def only_the_union_office() -> Any:
    user = load_user(None)
    if user is None:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    if not offices():
        abort(403)
    return None


def offices() -> list[services.OrgView]:
    """The unions in which the signed-in user holds the union office role."""
    if "admin_offices" not in g:
        held = {r.organisation_id for r in load_user(None).view.roles if r.role == OFFICE}
        g.admin_offices = [o for o in services.list_organisations(env(), kind="union") if o.id in held]
    return g.admin_offices


def union() -> services.OrgView:
    chosen = session.get("admin_union")
    return next((o for o in offices() if o.id == chosen), offices()[0])


def today() -> date:
    """Today in Beijing time, by the engine's clock (a test's clock in tests)."""
    return env().clock.now().astimezone(TZ).date()


def departments() -> list[services.OrgView]:
    """The union's departments in the order they were added."""
    return sorted(services.list_organisations(env(), kind="department", under=union().id), key=lambda d: d.id)


def scope() -> dict[int, str]:
    """The organisations the office manages: its union and everything under it, by id."""
    if "admin_scope" not in g:
        here = union()
        g.admin_scope = {here.id: here.name} | {o.id: o.name for o in services.list_organisations(env(), under=here.id)}
    return g.admin_scope


def manageable(user: services.UserView) -> bool:
    """Users holding a role here, or no role anywhere yet (just created); not those of other unions."""
    here = scope()
    return not user.roles or any(r.organisation_id in here for r in user.roles)


def managed_user(user_id: int) -> services.UserView:
    try:
        user = services.get_user(env(), user_id)
    except services.NotFound:
        abort(404)
    if not manageable(user):
        abort(404)
    return user


@bp.app_template_global()
def role_label(role: str) -> str:
    """A role in the page's language with the other language beside it."""
    label = ROLES.get(role)
    if label is None:
        return role
    other = "zh" if lang() == "en" else "en"
    return f"{label(lang())} · {label(other)}"


# -- small form helpers --------------------------------------------------------------------------------------
def texts(errors: Errors) -> dict[str, list[str]]:
    return errors_in(services.ValidationFailed(errors), lang())


def typed(*names: str) -> dict[str, str]:
    return {n: request.form.get(n, "").strip() for n in names}


def need(values: dict[str, str], errors: Errors, *names: str, limit: int = 200) -> None:
    for name in names:
        if not values.get(name):
            errors.setdefault(name, []).append(REQUIRED)
        elif len(values[name]) > limit:
            errors.setdefault(name, []).append(TOO_LONG.format(max=limit, n=len(values[name])))


def parse_date(values: dict[str, str], name: str, errors: Errors, *, required: bool = True) -> date | None:
    raw = values.get(name, "")
    if not raw:
        if required:
            errors.setdefault(name, []).append(REQUIRED)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.setdefault(name, []).append(NOT_DATE)
        return None


def parse_whole(values: dict[str, str], name: str, errors: Errors) -> int:
    try:
        number = int(values.get(name, ""))
    except ValueError:
        number = 0
    if number < 1:
        errors.setdefault(name, []).append(NOT_WHOLE)
    return number


def check_password(values: dict[str, str], errors: Errors) -> None:
    minimum = services.accounts.MIN_PASSWORD
    if len(values.get("password", "")) < minimum:
        errors.setdefault("password", []).append(SHORT_PASSWORD.format(n=minimum))
    elif values.get("password") != values.get("password2"):
        errors.setdefault("password2", []).append(PASSWORDS_DIFFER)


def check_email(values: dict[str, str], errors: Errors) -> None:
    email = values.get("email", "")
    if email and (len(email) > 254 or " " in email or email.count("@") != 1 or email.startswith("@")
                  or "." not in email.rsplit("@", 1)[1]):
        errors.setdefault("email", []).append(BAD_EMAIL)


def attempt(action: Callable[[], Any], errors: Errors, *, not_found_field: str = "__all__") -> bool:
    """Run a service call; its refusals join ``errors`` beside their fields. True when it went through."""
    if errors:
        return False
    try:
        action()
    except services.ValidationFailed as err:
        for name, messages in err.errors.items():
            errors.setdefault(name, []).extend(messages)
    except services.NotFound as err:
        errors.setdefault(not_found_field, []).append(err.label)
    return not errors


# -- pages ---------------------------------------------------------------------------------------------------
@bp.route("")
def index() -> str:
    u = union()
    everyone = [user for user in services.list_users(env(), limit=100_000) if manageable(user)]
    sessions = congress.list_congress_sessions(env(), u.id)
    counts = {
        "users": len(everyone),
        "disabled": sum(not user.is_active for user in everyone),
        "representatives": len(services.list_users(env(), role="representative", organisation_id=u.id,
                                                   limit=100_000)),
        "departments": len(departments()),
        "sessions": len(sessions),
    }
    return render_template("admin/index.html", union=u, offices=offices(), counts=counts,
                           collecting=[s for s in sessions if s.collecting(today())])


@bp.route("/union", methods=["POST"])
def choose_union() -> Response:
    try:
        chosen = int(request.form.get("union", ""))
    except ValueError:
        abort(400)
    if chosen not in {o.id for o in offices()}:
        abort(403)
    session["admin_union"] = chosen
    return redirect(url_for("admin.index"))


@bp.route("/users")
def users() -> str:
    query = request.args.get("q", "").strip()
    role = request.args.get("role") if request.args.get("role") in ROLES else None
    found = [user for user in services.list_users(env(), query=query, role=role, limit=100_000)
             if manageable(user) and (role is None or any(r.role == role and r.organisation_id in scope()
                                                          for r in user.roles))]
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(page, pages)
    return render_template("admin/users.html", users=found[(page - 1) * PER_PAGE:page * PER_PAGE],
                           total=len(found), page=page, pages=pages, query=query, orgs=scope(), union=union(),
                           role=role, role_options=[(r, role_label(r)) for r in ROLES])


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> str | Response | tuple[str, int]:
    form = FormState(values={"language": "zh"})
    if request.method == "POST":
        values = typed("username", "display_name", "email", "language")
        passwords = {"password": request.form.get("password", ""), "password2": request.form.get("password2", "")}
        errors: Errors = {}
        need(values, errors, "username", limit=80)
        need(values, errors, "display_name")
        if values["username"] and not all(c.isascii() and (c.isalnum() or c in "._-") for c in values["username"]):
            errors.setdefault("username", []).append(BAD_USERNAME)
        if "username" not in errors and services.find_user(env(), values["username"]) is not None:
            errors["username"] = [TAKEN]
        if values["language"] not in LANGUAGES:
            values["language"] = "zh"
        check_email(values, errors)
        check_password(passwords, errors)
        created: list[int] = []

        def create() -> None:
            created.append(services.create_user(env(), values["username"], values["display_name"],
                                                email=values["email"] or None, language=values["language"]))
            services.set_password(env(), created[0], passwords["password"])

        if attempt(create, errors):
            flash(_("User %(name)s created. Now give them their roles.", name=values["display_name"]), "success")
            return redirect(url_for("admin.user", user_id=created[0]))
        form = FormState(values=values, errors=texts(errors))
        return render_template("admin/user_new.html", form=form), 422
    return render_template("admin/user_new.html", form=form)


def user_page(user: services.UserView, forms: dict[str, FormState] | None = None, status: int = 200
              ) -> tuple[str, int]:
    here = scope()
    targets = [(union().id, union().name)] + [(d.id, d.name) for d in departments()]
    return render_template("admin/user.html", person=user, forms=forms or {}, orgs=here, targets=targets,
                           role_options=[(r, role_label(r)) for r in ROLES], languages=LANGUAGES,
                           myself=user.id == load_user(None).id), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    if request.method == "GET":
        return user_page(person)
    values = typed("display_name", "email", "language")
    errors: Errors = {}
    need(values, errors, "display_name")
    check_email(values, errors)
    if values["language"] not in LANGUAGES:
        values["language"] = person.language

    def save() -> None:
        services.update_user(env(), user_id, display_name=values["display_name"], email=values["email"] or None)
        services.set_language(env(), user_id, values["language"])

    if attempt(save, errors):
        flash(_("Saved."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"profile": FormState(values=values, errors=texts(errors))}, 422)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    active = request.form.get("active") == "1"
    if not active and person.id == load_user(None).id:
        return user_page(person, {"active": FormState(errors=texts({"__all__": [NOT_YOURSELF]}))}, 422)
    services.set_user_active(env(), user_id, active)
    flash(_("The account is enabled.") if active else _("The account is disabled and signed out."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    passwords = {"password": request.form.get("password", ""), "password2": request.form.get("password2", "")}
    errors: Errors = {}
    check_password(passwords, errors)
    if attempt(lambda: services.set_password(env(), user_id, passwords["password"]), errors):
        if user_id == load_user(None).id:
            return redirect(url_for("auth.login"))  # a new password ends every session, this one too
        flash(_("The password is reset; the user's sessions have ended."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"password": FormState(errors=texts(errors))}, 422)


def role_form(person: services.UserView) -> tuple[dict[str, str], Errors, int]:
    values = typed("role", "organisation_id")
    errors: Errors = {}
    if values["role"] not in ROLES:
        errors["role"] = [NO_SUCH_ROLE]
    try:
        organisation_id = int(values["organisation_id"])
    except ValueError:
        organisation_id = 0
    if organisation_id not in scope():
        errors["organisation_id"] = [NOT_HERE]
    return values, errors, organisation_id


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
def grant(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    values, errors, organisation_id = role_form(person)
    if attempt(lambda: services.grant_role(env(), user_id, organisation_id, values["role"]), errors,
               not_found_field="organisation_id"):
        flash(_("Role granted."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"grant": FormState(values=values, errors=texts(errors))}, 422)


@bp.route("/users/<int:user_id>/roles/revoke", methods=["POST"])
def revoke(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    values, errors, organisation_id = role_form(person)
    if person.id == load_user(None).id and values["role"] == OFFICE and organisation_id == union().id:
        errors["__all__"] = [NOT_YOURSELF]
    if attempt(lambda: services.revoke_role(env(), user_id, organisation_id, values["role"]), errors):
        flash(_("Role revoked."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"revoke": FormState(values=values, errors=texts(errors))}, 422)


# -- departments ---------------------------------------------------------------------------------------------
def departments_page(forms: dict[str, FormState] | None = None, status: int = 200) -> tuple[str, int]:
    handlers: dict[int, int] = {}
    for person in services.list_users(env(), role="handler", limit=100_000):
        for r in person.roles:
            if r.role == "handler":
                handlers[r.organisation_id] = handlers.get(r.organisation_id, 0) + 1
    return render_template("admin/departments.html", union=union(), departments=departments(),
                           handlers=handlers, forms=forms or {}), status


@bp.route("/departments", methods=["GET", "POST"])
def department_list() -> Response | tuple[str, int]:
    if request.method == "GET":
        return departments_page()
    values = typed("name")
    errors: Errors = {}
    need(values, errors, "name")
    if attempt(lambda: services.create_organisation(env(), values["name"], "department", union().id), errors):
        flash(_("Department %(name)s added.", name=values["name"]), "success")
        return redirect(url_for("admin.department_list"))
    return departments_page({"add": FormState(values=values, errors=texts(errors))}, 422)


@bp.route("/departments/<int:organisation_id>", methods=["POST"])
def rename_department(organisation_id: int) -> Response | tuple[str, int]:
    if organisation_id not in {d.id for d in departments()}:
        abort(404)
    values = typed("name")
    errors: Errors = {}
    need(values, errors, "name")
    if attempt(lambda: services.rename_organisation(env(), organisation_id, values["name"]), errors):
        flash(_("Renamed."), "success")
        return redirect(url_for("admin.department_list"))
    return departments_page({f"rename-{organisation_id}": FormState(values=values, errors=texts(errors))}, 422)


# -- congress sessions ---------------------------------------------------------------------------------------
def sessions_page(forms: dict[str, FormState] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("admin/sessions.html", union=union(), forms=forms or {},
                           sessions=congress.list_congress_sessions(env(), union().id), today=today()), status


@bp.route("/sessions", methods=["GET", "POST"])
def session_list() -> Response | tuple[str, int]:
    if request.method == "GET":
        return sessions_page()
    values = typed("term", "number", "name", "collection_opens", "collection_closes", "opens_on")
    errors: Errors = {}
    term, number = parse_whole(values, "term", errors), parse_whole(values, "number", errors)
    need(values, errors, "name")
    opens = parse_date(values, "collection_opens", errors)
    closes = parse_date(values, "collection_closes", errors)
    opens_on = parse_date(values, "opens_on", errors, required=False)

    def create() -> None:
        congress.create_congress_session(env(), union().id, term=term, number=number, name=values["name"],
                                         collection_opens=opens, collection_closes=closes, opens_on=opens_on)

    if attempt(create, errors):
        flash(_("Session %(name)s added.", name=values["name"]), "success")
        return redirect(url_for("admin.session_list"))
    return sessions_page({"add": FormState(values=values, errors=texts(errors))}, 422)


@bp.route("/sessions/<int:session_id>/window", methods=["POST"])
def collection_window(session_id: int) -> Response | tuple[str, int]:
    try:
        found = congress.get_congress_session(env(), session_id)
    except services.NotFound:
        abort(404)
    if found.organisation_id != union().id:
        abort(404)
    values = typed("collection_opens", "collection_closes")
    errors: Errors = {}
    opens = parse_date(values, "collection_opens", errors)
    closes = parse_date(values, "collection_closes", errors)
    if attempt(lambda: congress.update_collection_window(env(), session_id, opens, closes), errors):
        flash(_("The collection period of %(name)s is changed.", name=found.name), "success")
        return redirect(url_for("admin.session_list"))
    return sessions_page({f"window-{session_id}": FormState(values=values, errors=texts(errors))}, 422)


# -- the holiday calendar: the State Council's yearly notice -------------------------------------------------
@bp.before_app_request
def fresh_calendar() -> None:
    """A notice loaded by another process (the command line, another server) counts here within a minute."""
    services.refresh_calendar(env())


def calendar_page(form: FormState | None = None, status: int = 200) -> tuple[str, int]:
    notices = services.list_notices(env())
    if form is None:
        form = FormState(values={"year": str(today().year + 1)})
        shown = request.args.get("year", "")
        chosen = next((n for n in notices if str(n.year) == shown), None)
        if chosen is not None:  # to correct a loaded notice, start from what it says
            form = FormState(values={"year": str(chosen.year), "note": chosen.note if chosen.source != "config" else "",
                                     "holidays": services.days_text(chosen.holidays),
                                     "workdays": services.days_text(chosen.workdays)})
    sources = services.calendar_sources(env(), range(today().year, today().year + 2))
    return render_template("admin/calendar.html", notices=notices, form=form,
                           guessed=[y for y, source in sources.items() if source == "statutory"]), status


@bp.route("/calendar", methods=["GET", "POST"])
def calendar() -> Response | tuple[str, int]:
    if request.method == "GET":
        return calendar_page()
    values = typed("year", "note") | {n: request.form.get(n, "") for n in ("holidays", "workdays")}
    errors: Errors = {}
    loaded: list[services.NoticeLoaded] = []
    if attempt(lambda: loaded.append(services.load_notice(env(), values["year"], values["holidays"],
                                                          values["workdays"], values["note"])), errors):
        done = loaded[0]
        flash(_("The holiday notice for %(year)s is loaded: %(holidays)s holidays, %(workdays)s make-up working "
                "days. Deadlines moved: %(moved)s; provisional deadlines now final: %(settled)s.",
                year=done.year, holidays=done.holidays, workdays=done.workdays, moved=done.moved,
                settled=done.settled), "success")
        return redirect(url_for("admin.calendar"))
    return calendar_page(FormState(values=values, errors=texts(errors)), 422)
