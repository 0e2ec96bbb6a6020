"""Signing in and out, and the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.context import LANG_COOKIE, LANGS, env, lang, load_user
from workflows.demo import demo_accounts as the_demo_accounts

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths, so a crafted link cannot send someone elsewhere after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if load_user(None) is not None:
        return redirect(url_for("home"))
    error, username = None, ""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            signed = services.sign_in(env(), username, request.form.get("password", ""),
                                      address=request.remote_addr, user_agent=request.user_agent.string)
        except services.LoginRefused as refused:
            error = refused.label(lang())
        else:
            session.clear()
            session["token"] = signed.token
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    demo_accounts = _demo_accounts() if current_app.config["UNIONFLOW_DEMO"] else None
    return render_template("auth/login.html", error=error, username=username, demo_accounts=demo_accounts,
                           next=request.args.get("next", "")), (401 if error else 200)


def _demo_accounts() -> dict[str, Any] | None:
    """The demo's accounts grouped for the sign-in page; the representatives with co-sign invitations waiting are
    read from the database (they change as people answer)."""
    configured = current_app.config.get("UNIONFLOW_DEMO_ACCOUNTS")
    if configured is None:
        return None
    found = the_demo_accounts(current_app.extensions["unionflow.settings"], env())
    found["password"] = configured["password"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for account in found["accounts"]:
        groups.setdefault(account["group"], []).append(account)
    return {"password": found["password"], "groups": [(found["groups"][g], a) for g, a in groups.items()]}


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    services.sign_out(env(), session.get("token"))
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language() -> Response:
    chosen = request.form.get("lang", "zh")
    if chosen not in LANGS:
        chosen = "zh"
    user = load_user(None)
    if user is not None:
        services.set_language(env(), user.id, chosen)
    response = redirect(_safe_next(request.form.get("next")))
    response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
