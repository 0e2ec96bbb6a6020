"""Signing in and out with the known-device cookie, and the language switch."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required
from itsdangerous import BadSignature, URLSafeSerializer
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


# The known-device cookie (OWASP's "device cookie"): set at a successful sign-in, signed with the app's key, it
# names the accounts signed in from this browser, each with a random id. With it a correct password still works
# while someone else's guesses hold the account back (``engine.identity.throttle``).
DEVICE_COOKIE = "uf_device"
DEVICE_DAYS = 365
DEVICE_ACCOUNTS = 10  # the most accounts one browser's cookie remembers (a shared computer)


def _devices() -> dict[str, str]:
    """The accounts this browser has signed in to (lower-cased username → device id); {} when none or forged."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        value = URLSafeSerializer(current_app.secret_key, salt="known-device").loads(raw)
    except BadSignature:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _remember_device(response: Response, username: str) -> None:
    known = _devices()
    name = username.lower()
    device = known.pop(name, None) or secrets.token_urlsafe(16)
    known = dict(list(known.items())[-(DEVICE_ACCOUNTS - 1):]) | {name: device}
    response.set_cookie(DEVICE_COOKIE, URLSafeSerializer(current_app.secret_key, salt="known-device").dumps(known),
                        max_age=DEVICE_DAYS * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int, dict[str, str]]:
    if load_user(None) is not None:
        return redirect(url_for("home"))
    error, username, headers, status = None, "", {}, 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            signed = services.sign_in(env(), username, request.form.get("password", ""),
                                      address=request.remote_addr, user_agent=request.user_agent.string,
                                      device=_devices().get(username.lower()))
        except services.LoginRefused as refused:
            error, status = refused.label(lang()), 401
            if refused.throttled:
                status, headers = 429, {"Retry-After": str(refused.retry_after)}
        else:
            session.clear()
            session["token"] = signed.token
            session.permanent = True
            response = redirect(_safe_next(request.args.get("next")))
            _remember_device(response, username)
            return response
    demo_accounts = _demo_accounts() if current_app.config["UNIONFLOW_DEMO"] else None
    return render_template("auth/login.html", error=error, username=username, demo_accounts=demo_accounts,
                           next=request.args.get("next", "")), status, headers


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
    response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
