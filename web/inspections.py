"""Representatives' inspections (职工代表巡视检查): the list, the office's form to organise one, a representative's
finding form (phone first: findings are recorded on site), and the report to the congress with its Word form.
The inspection's and the finding's own pages are the case page (``cases/_inspection.html``, ``cases/_finding.html``)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, choices, collect, errors_in
from web.cases import uploads, viewed
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, page_arg, signed_in, today, unions_of
from workflows.inspections import services as inspections

bp = Blueprint("inspections", __name__)
READERS = ("representative", "union_office", "union_chair", "handler", "department_head")


@bp.app_template_global("inspection_findings")
def inspection_findings(view: services.CaseView) -> list[inspections.FindingLine]:
    """The inspection's findings the signed-in user may read (a department: its own)."""
    return inspections.findings_of(env(), actor(), view.summary.id)


@bp.app_template_global("may_record_finding")
def may_record_finding(view: services.CaseView) -> bool:
    return inspections.may_record(actor(), view)


@bp.app_template_global("finding_inspection")
def finding_inspection(view: services.CaseView) -> tuple[int | None, str]:
    """The inspection a finding belongs to: its id when the signed-in user may read it (a department may not), and
    its subject."""
    return inspections.inspection_of(env(), actor(), view)


@bp.route("/inspections")
@login_required
def index() -> str:
    """The inspections the user may read, and for a department its findings; the office organises from here."""
    user = signed_in()
    if not any(user.holds(r) for r in READERS):
        abort(404)
    found = inspections.inspections(env(), actor(), page_arg())
    return render_template("inspections/index.html", found=found, findings=inspections.open_findings(env(), actor()),
                           may_organise=bool(unions_of(user, ("union_office",), below=False)),
                           may_report=bool(unions_of(user, inspections.READERS, below=False)))


@bp.route("/inspections/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    """The union office organises an inspection: subject, representatives from the current term's roster, date,
    places."""
    union_id = chosen_union(unions_of(signed_in(), ("union_office",), below=False))
    info = services.describe(env(), inspections.INSPECTION)
    roster = inspections.roster(env(), union_id)
    options = {f.name: choices(f, union_id) for f in info.start_fields}
    options["representatives"] = [(str(r.user_id), f"{r.name}（{r.department}）") for r in roster]
    state, status = FormState(), 200
    if request.method == "POST":
        values = collect(info.start_fields, request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title}
        try:
            outcome = services.start_case(env(), actor(), inspections.INSPECTION, union_id, title, values)
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
        except services.PermissionDenied:
            abort(403)
        else:
            flash(_("The inspection is organised; its representatives are told."), "success")
            return redirect(url_for("cases.show", case_id=outcome.case_id))
    return render_template("inspections/new.html", info=info, title_field=inspections.SUBJECT,
                           fields=info.start_fields, options=options, state=state,
                           union_id=union_id, roster_empty=not roster), status


@bp.route("/inspections/<int:case_id>/findings/new", methods=["GET", "POST"])
@login_required
def new_finding(case_id: int) -> Response | tuple[str, int]:
    """A representative of the inspection records a finding on site: place, what was found, photos, the
    department responsible, the deadline asked for."""
    view = viewed(case_id)
    if view.summary.workflow != inspections.INSPECTION:
        abort(404)
    if not inspections.may_record(actor(), view):
        abort(403)
    info = services.describe(env(), inspections.FINDING)
    fields = [f for f in info.start_fields if f.name != "inspection_id"]
    options = {f.name: choices(f, view.summary.organisation_id) for f in fields}
    state, status, files_sent = FormState(), 200, False
    if request.method == "POST":
        values = collect(tuple(fields), request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title}
        files = uploads()
        files_sent = bool(files)
        try:
            outcome = services.start_case(env(), actor(), inspections.FINDING, view.summary.organisation_id, title,
                                          {**values, "inspection_id": case_id}, uploads=files)
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
        except services.PermissionDenied:
            abort(403)
        else:
            flash(_("The finding is recorded and sent to the department responsible."), "success")
            if request.form.get("next") == "another":
                return redirect(url_for("inspections.new_finding", case_id=case_id))
            return redirect(url_for("cases.show", case_id=outcome.case_id))
    return render_template("inspections/finding_new.html", inspection=view.summary, info=info, fields=fields,
                           title_field=inspections.SUMMARY,
                           options=options, state=state, files_sent=files_sent), status


@bp.route("/inspections/report")
@login_required
def report() -> str:
    """The report to the congress on a year's inspections (the union office and chair)."""
    return render_template("inspections/report.html", report=_report(), years=_years())


@bp.route("/inspections/report/<int:year>.docx")
@login_required
def report_docx(year: int) -> Response:
    from web.reports import TYPES, disposition

    built = _report(year)
    out = BytesIO()  # a few pages: built in memory
    inspections.write_report(built, out, today())
    response = Response(out.getvalue(), mimetype=TYPES["docx"])
    response.headers["Content-Disposition"] = disposition(built.title, "docx", f"inspections-{built.year}")
    return response


def _years() -> list[int]:
    now = today().year
    return list(range(now, now - 5, -1))


def _report(year: int | None = None) -> inspections.InspectionReport:
    union_ids = unions_of(signed_in(), inspections.READERS, below=False)
    if not union_ids:
        abort(404)
    year = year or int_arg("year", today().year) or today().year
    if year not in range(2000, 2101):
        abort(404)
    try:
        return inspections.report(env(), actor(), chosen_union(union_ids), year, lang())
    except (services.NotFound, services.PermissionDenied):
        abort(404)
