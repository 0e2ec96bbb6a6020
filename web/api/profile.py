"""The profile page: who the user is, and their personal API tokens (made, shown once, revoked)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.context import env, lang, load_user

profile_bp = Blueprint("profile", __name__)


def page(*, new: services.NewToken | None = None, name: str = "", error: str | None = None,
         status: int = 200) -> tuple[str, int]:
    user = load_user(None)
    return render_template("profile/index.html", me=user.view, tokens=services.list_tokens(env(), user.id),
                           new=new, name=name, error=error), status


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
