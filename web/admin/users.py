"""The administration's overview, and its users: accounts, their roles, passwords and whether they may sign in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web.actions import FormState
from web.admin.forms import Errors, NewUserForm, PasswordForm, ProfileForm, RoleForm
from web.admin.office import (
    LANGUAGES,
    NOT_YOURSELF,
    OFFICE,
    departments,
    manageable,
    managed_user,
    offices,
    role_options,
    scope,
    today,
    union,
)
from web.context import env, load_user, text
from workflows.congress import services as congress

PER_PAGE = 50
NOT_HERE = Label("请选择本工会或其下属部门。", "Choose this union or one of its departments.")


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


def choose_union() -> Response:
    try:
        chosen = int(request.form.get("union", ""))
    except ValueError:
        abort(400)
    if chosen not in {o.id for o in offices()}:
        abort(403)
    session["admin_union"] = chosen
    return redirect(url_for("admin.index"))


def users() -> str:
    query = request.args.get("q", "").strip()
    role = request.args.get("role") if request.args.get("role") in services.grantable_roles(env()) else None
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
                           role=role, role_options=role_options())


def new_user() -> str | Response | tuple[str, int]:
    form = NewUserForm()
    if request.method == "GET":
        return render_template("admin/user_new.html", form=form.state())
    created: list[int] = []

    def create() -> None:
        created.append(services.create_user(env(), form.username.data, form.display_name.data,
                                            email=form.email.data or None, language=form.language.data,
                                            password=form.password.data))

    if form.attempt(create):
        flash(_("User %(name)s created. Now give them their roles.", name=form.display_name.data), "success")
        return redirect(url_for("admin.user", user_id=created[0]))
    return render_template("admin/user_new.html", form=form.state()), 422


def user_page(user: services.UserView, forms: dict[str, FormState] | None = None, status: int = 200
              ) -> tuple[str, int]:
    targets = [(union().id, union().name)] + [(d.id, d.name) for d in departments()]
    return render_template("admin/user.html", person=user, forms=forms or {}, orgs=scope(), targets=targets,
                           role_options=role_options(), languages=LANGUAGES,
                           myself=user.id == load_user(None).id), status


def user(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    if request.method == "GET":
        return user_page(person)
    form = ProfileForm()

    def save() -> None:
        services.update_user(env(), user_id, display_name=form.display_name.data, email=form.email.data or None)
        services.set_language(env(), user_id, form.language.data)

    if form.attempt(save):
        flash(_("Saved."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"profile": form.state()}, 422)


def set_active(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    active = request.form.get("active") == "1"
    if not active and person.id == load_user(None).id:
        return user_page(person, {"active": FormState(errors={"__all__": [text(NOT_YOURSELF)]})}, 422)
    services.set_user_active(env(), user_id, active)
    flash(_("The account is enabled.") if active else _("The account is disabled and signed out."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


def reset_password(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    form = PasswordForm()
    if form.attempt(lambda: services.set_password(env(), user_id, form.password.data)):
        if user_id == load_user(None).id:
            return redirect(url_for("auth.login"))  # a new password ends every session, this one too
        flash(_("The password is reset; the user's sessions have ended and their API tokens are revoked."),
              "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"password": form.state()}, 422)


def refused_role(form: RoleForm) -> Errors:
    """A role not offered, a place not here: each beside its field."""
    errors: Errors = {}
    if (wrong := services.check_grantable(env(), form.role.data or "")) is not None:
        errors["role"] = [wrong]
    if form.where() not in scope():
        errors["organisation_id"] = [NOT_HERE]
    return errors


def grant(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    form = RoleForm()
    if form.attempt(lambda: services.grant_role(env(), user_id, form.where(), form.role.data),
                    refused=refused_role(form), not_found="organisation_id"):
        flash(_("Role granted."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"grant": form.state()}, 422)


def revoke(user_id: int) -> Response | tuple[str, int]:
    person = managed_user(user_id)
    form = RoleForm()
    refused = refused_role(form)
    if person.id == load_user(None).id and form.role.data == OFFICE and form.where() == union().id:
        refused["__all__"] = [NOT_YOURSELF]
    if form.attempt(lambda: services.revoke_role(env(), user_id, form.where(), form.role.data), refused=refused):
        flash(_("Role revoked."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    return user_page(person, {"revoke": form.state()}, 422)
