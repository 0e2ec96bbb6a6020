"""Notifications: the in-app list and marking read, a user's preferences, and failed deliveries for the office."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.context import env, load_user

bp = Blueprint("notifications", __name__)

PER_PAGE = 20
OFFICE = "union_office"
CHANNELS = {"email": _l("E-mail"), "inapp": _l("In-app"), "wecom": _l("WeCom robot"),
            "dingtalk": _l("DingTalk robot")}


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


# -- the in-app list -----------------------------------------------------------------------------------------
@bp.route("/notifications")
@login_required
def index() -> str:
    user = load_user(None)
    found = services.list_notifications(env(), user.id, page=_page(), per_page=PER_PAGE)
    return render_template("notifications/index.html", found=found)


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int) -> Response:
    """Open a notification: it is read now (the bell's count drops), then its case or page."""
    found = services.open_notification(env(), load_user(None).id, notification_id)
    if found is None:
        abort(404)
    if found.case_id:
        return redirect(url_for("cases.show", case_id=found.case_id))
    return redirect(request.script_root + found.path if found.path else url_for("notifications.index"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read() -> Response:
    """Mark one notification read (``id``), or all of them (``all``)."""
    user = load_user(None)
    if request.form.get("all"):
        services.mark_all_read(env(), user.id)
    else:
        try:
            services.mark_read(env(), user.id, int(request.form.get("id", "")))
        except ValueError:
            abort(400)
    try:
        page = max(1, int(request.form.get("page", 1)))
    except ValueError:
        page = 1
    return redirect(url_for("notifications.index", page=page if page > 1 else None))


# -- preferences ---------------------------------------------------------------------------------------------
@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> str | Response:
    user = load_user(None)
    if request.method == "POST":
        services.set_preferences(env(), user.id, email=request.form.get("email") == "on",
                                 digest=request.form.get("digest") == "on")
        flash(_("Saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", prefs=services.get_preferences(env(), user.id),
                           has_email=bool(user.view.email))


# -- failed deliveries, for the union office -----------------------------------------------------------------
def _office_union() -> int:
    """The union whose deliveries the signed-in union office sees (the one chosen in the administration)."""
    from web import admin

    user = load_user(None)
    if user is None:
        abort(current_app.login_manager.unauthorized())  # type: ignore[attr-defined]
    if not user.holds(OFFICE) or not admin.offices():
        abort(403)
    return admin.union().id


@bp.route("/admin/deliveries")
def deliveries() -> str:
    union_id = _office_union()
    found = services.failed_deliveries(env(), organisation_id=union_id, page=_page(), per_page=50)
    return render_template("notifications/deliveries.html", found=found, channels=CHANNELS)


@bp.route("/admin/deliveries/<int:delivery_id>/resend", methods=["POST"])
def resend(delivery_id: int) -> Response:
    union_id = _office_union()
    try:
        services.resend_delivery(env(), delivery_id, organisation_id=union_id)
    except services.NotFound:
        abort(404)
    except services.ValidationFailed:
        flash(_("This delivery has not failed: there is nothing to send again."), "warning")
    else:
        flash(_("It will be sent again within a minute."), "success")
    return redirect(url_for("notifications.deliveries"))
