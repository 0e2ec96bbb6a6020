"""Statistical return pages (统计报表): a union's returns by year and one return (computed beside corrected, with
the notes), started by the union office; a federation's returns and its consolidation; both as Excel."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.context import actor, env, lang
from web.reports import disposition
from web.unions import int_arg, page_arg, signed_in
from workflows.returns import services as returns

bp = Blueprint("returns", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(default: int) -> int:
    year = int_arg("year", default)
    if year is None or not services.YEARS[0] <= year <= services.YEARS[1]:
        abort(400)
    return year


def _xlsx(content: bytes, name: str, fallback: str) -> Response:
    response = Response(content, mimetype=XLSX)
    response.headers["Content-Disposition"] = disposition(name, "xlsx", fallback)
    return response


@bp.route("/returns")
@login_required
def index() -> str:
    """The returns of the unions the user keeps, year by year with when each is due (the unions paged), and the
    federations whose returns they receive."""
    user = signed_in()
    today = returns.today(env())
    union_ids = returns.unions_of(env(), user.id)
    federations = returns.federations_of(env(), user.id)
    if not union_ids and not federations:
        abort(403)
    unions = returns.union_years(env(), actor(), union_ids, today, page_arg())
    return render_template("returns/index.html", unions=unions, federations=federations, year=today.year - 1,
                           may_start=returns.starters_of(env(), user.id), today=today)


@bp.route("/returns/start", methods=["POST"])
@login_required
def start() -> Response:
    """Start a union's return for a year, its figures computed from the system."""
    union_id, year = request.form.get("union", ""), request.form.get("year", "")
    if not union_id.isdigit() or not year.isdigit():
        abort(400)
    if int(union_id) not in returns.starters_of(env(), signed_in().id):
        abort(403)
    try:
        case_id = returns.start_return(env(), actor(), int(union_id), int(year))
    except services.ValidationFailed as err:
        for messages in err.errors.values():
            for message in messages:
                flash(message(lang()), "danger")
        return redirect(url_for("returns.index"))
    except (services.PermissionDenied, services.NotFound):
        abort(403)
    flash(_("The return is filled in from the system's figures: check them, correct any with a note, then submit."),
          "success")
    return redirect(url_for("returns.show", case_id=case_id))


@bp.route("/returns/<int:case_id>")
@login_required
def show(case_id: int) -> str:
    """A return: each line's reported figure beside the computed one, with the note of a correction."""
    try:
        view = returns.return_view(env(), actor(), case_id)
    except (services.NotFound, services.PermissionDenied):
        abort(404)
    return render_template("returns/return.html", view=view)


@bp.route("/returns/<int:case_id>.xlsx")
@login_required
def download(case_id: int) -> Response:
    try:
        content = returns.return_xlsx(env(), actor(), case_id, lang())
        view = returns.return_view(env(), actor(), case_id)
    except (services.NotFound, services.PermissionDenied):
        abort(404)
    return _xlsx(content, f"{view.union}-{view.year}-统计报表", f"return-{view.year}")


@bp.route("/returns/federation/<int:federation_id>")
@login_required
def federation(federation_id: int) -> str:
    """A federation's consolidation of the year, its districts' parts, and its unions' returns (paged) with where
    each stands and whether it is overdue."""
    today = returns.today(env())
    year = _year(today.year - 1)
    try:
        found = returns.consolidate(env(), signed_in().id, federation_id, year)
        listed = returns.union_returns(env(), signed_in().id, federation_id, year, page_arg())
    except services.NotFound:
        abort(404)
    return render_template("returns/federation.html", found=found, figures=returns.consolidated_figures(found),
                           listed=listed, status=returns.STATUS, years=returns.years(today),
                           due=returns.due_of(env(), year), today=today)


@bp.route("/returns/federation/<int:federation_id>/<int:year>.xlsx")
@login_required
def federation_download(federation_id: int, year: int) -> Response:
    if not services.YEARS[0] <= year <= services.YEARS[1]:
        abort(400)
    try:
        content = returns.consolidation_xlsx(env(), signed_in().id, federation_id, year, lang())
    except services.NotFound:
        abort(404)
    name = services.get_organisation(env(), federation_id).name
    return _xlsx(content, f"{name}-{year}-统计报表汇总", f"consolidation-{year}")
