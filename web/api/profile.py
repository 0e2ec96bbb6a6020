"""The profile page: who the user is, their own password change, and their personal API tokens (made, shown
once, revoked)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import PasswordField

from engine import services
from web.actions import FormState
from web.admin.forms import AdminForm, required, same_as
from web.context import env, lang, load_user

profile_bp = Blueprint("profile", __name__)


class ChangePasswordForm(AdminForm):
    """The user's own password: the current one, then the new one twice; the account rules are the service's."""

    current_password = PasswordField(validators=[required])
    password = PasswordField(validators=[required])
    password2 = PasswordField(validators=[same_as("password")])


def page(*, new: services.NewToken | None = None, name: str = "", error: str | None = None,
         password_form: FormState | None = None, status: int = 200) -> tuple[str, int]:
    user = load_user(None)
    return render_template("profile/index.html", me=user.view, tokens=services.list_tokens(env(), user.id),
                           new=new, name=name, error=error, password_form=password_form), status


@profile_bp.route("/profile/password", methods=["POST"])
@login_required
def change_password() -> Response | tuple[str, int]:
    """Change one's own password: this session stays, every other one ends and every API token is revoked."""
    user = load_user(None)
    form = ChangePasswordForm()
    if form.attempt(lambda: services.change_password(env(), user.id, form.current_password.data,
                                                     form.password.data, session_token=user.token)):
        flash(_("Your password is changed. Your other sessions have ended and your API tokens are revoked."),
              "success")
        return redirect(url_for("profile.index"))
    return page(password_form=form.state(), status=422)


@profile_bp.route("/profile")
@login_required
def index() -> tuple[str, int]:
    return page()


@profile_bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token() -> tuple[str, int]:
    """Make a token and show it this once: the page is answered directly, never redirected, so the secret
    goes through no flash message or session."""
    name = request.form.get("name", "")
    try:
        new = services.create_token(env(), load_user(None).id, name)
    except services.ValidationFailed as err:
        messages = [m(lang()) for ms in err.errors.values() for m in ms]
        return page(name=name, error=" ".join(messages), status=422)
    return page(new=new)


@profile_bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> Response:
    try:
        services.revoke_token(env(), load_user(None).id, token_id)
    except services.NotFound:
        abort(404)
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("profile.index"))
