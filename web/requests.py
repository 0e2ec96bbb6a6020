"""Worker request pages: the send form (phone first), the sender's own requests, the union office's list with the
overdue ones, the monthly statistics with their Excel download, and the published procedure."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, choices, collect, errors_in
from web.cases import uploads
from web.context import actor, env, lang, load_user
from web.reports import built, download
from web.unions import chosen_union, page_arg, signed_in, today, unions_of
from workflows.requests import services as requests

bp = Blueprint("requests", __name__)
WORKFLOW = requests.NAME
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@bp.app_template_global("request_details")
def request_details(view: services.CaseView) -> requests.Details:
    """A request on its case page as the domain shows it: labelled values, and the sender only where known."""
    return requests.details(env(), view)


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    union_ids = unions_of(signed_in(), requests.SENDING_ROLES, below=False)
    if not union_ids:
        abort(403)
    info = services.describe(env(), WORKFLOW)
    fields = list(info.start_fields)
    state, status, files_sent = FormState(), 200, False
    if request.method == "POST":
        values = collect(info.start_fields, request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title}
        files = uploads()
        files_sent = bool(files)
        try:
            outcome = services.start_case(env(), actor(), WORKFLOW, organisation_id=union_ids[0], title=title,
                                          form=values, uploads=files)
        except services.ValidationFailed as err:
            state.errors = errors_in(err, lang())
        except services.PermissionDenied:
            abort(403)
        else:
            flash(_("Your request was sent to the union office. You will be told when it is registered and "
                    "answered."), "success")
            return redirect(url_for("cases.show", case_id=outcome.case_id))
        status = 422
    options = {f.name: choices(f, union_ids[0]) for f in fields}
    return render_template("requests/new.html", info=info, title_field=requests.TITLE_FIELD, fields=fields,
                           options=options, state=state, files_sent=files_sent), status


@bp.route("/requests/mine")
@login_required
def mine() -> str:
    found = requests.my_requests(env(), actor(), page=page_arg())
    return render_template("requests/mine.html", found=found, rows=requests.rows(env(), actor(), found.items))


@bp.route("/requests/office")
@login_required
def office() -> str:
    union_ids = unions_of(signed_in(), requests.OFFICE_ROLES, below=False)
    if not union_ids:
        abort(404)
    union_id = chosen_union(union_ids)
    overdue = request.args.get("overdue") == "1"
    every = request.args.get("all") == "1"
    found = requests.office_list(env(), actor(), union_id, overdue=overdue, open_only=not every, page=page_arg())
    late = requests.office_list(env(), actor(), union_id, overdue=True, per_page=1).total if not overdue else None
    return render_template("requests/office.html", found=found, rows=requests.rows(env(), actor(), found.items),
                           overdue=overdue, every=every, late=late, month=today().strftime("%Y-%m"))


@bp.route("/requests/statistics")
@login_required
def statistics() -> Response | str:
    union_ids = unions_of(signed_in(), requests.OFFICE_ROLES, below=False)
    if not union_ids:
        abort(404)
    union_id = chosen_union(union_ids)
    month = request.args.get("month") or today().strftime("%Y-%m")
    if not MONTH.match(month):
        abort(400)
    if request.args.get("format") == "xlsx":
        report = built(requests.STATISTICS, organisation_id=union_id, month=month)
        return download(report, "xlsx", f"requests-{month}")
    by_topic, by_department, total = requests.statistics(env(), actor(), union_id, month, lang())
    return render_template("requests/statistics.html", month=month, by_topic=by_topic, by_department=by_department,
                           total=total)


@bp.route("/requests/procedure")
def procedure() -> str:
    """The published procedure and contacts (办理程序、联系方式): for anyone, signed in or not."""
    shown = requests.procedure(current_app.extensions["unionflow.settings"], lang())
    return render_template("requests/procedure.html", procedure=shown, signed_in=load_user(None) is not None)
