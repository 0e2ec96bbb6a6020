"""Suggestion pages (合理化建议): a member's own suggestions and a new one, the year's register with its Excel
export, and the year's award list to print or as Word."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, choices, collect, errors_in
from web.cases import uploads
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, page_arg, signed_in, today, unions_of
from workflows.suggestions import services as suggestions

bp = Blueprint("suggestions", __name__)


def _unions() -> list[int]:
    """The unions whose staff the signed-in user is (a role there, above it or in a department); 403 if none."""
    union_ids = unions_of(signed_in())
    if not union_ids:
        abort(403)
    return union_ids


def _year() -> int:
    year = int_arg("year", today().year)
    if year is None or not services.YEARS[0] <= year <= services.YEARS[1]:
        abort(400)
    return year


def _chosen(union_id: int, year: int) -> list[int]:
    """A download's union and year from its address: 400 for a year past the calendar, 403 for another union."""
    if not services.YEARS[0] <= year <= services.YEARS[1]:
        abort(400)
    union_ids = _unions()
    if union_id not in union_ids:
        abort(403)
    return union_ids


def _union_names(union_ids: list[int]) -> dict[int, str]:
    return {o.id: o.name for o in services.list_organisations(env(), kind="union") if o.id in union_ids}


@bp.route("/suggestions")
@login_required
def index() -> str:
    """The member's own suggestions, with the way to send one, the register and the award list."""
    found = suggestions.mine(env(), actor(), page=page_arg())
    return render_template("suggestions/index.html", found=found, may_send=bool(unions_of(signed_in())),
                           year=today().year)


@bp.route("/suggestions/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    union_ids = _unions()
    info = services.describe(env(), suggestions.NAME)
    names = _union_names(union_ids)
    state, status, files_sent = FormState(values={"union": str(union_ids[0])}), 200, False
    if request.method == "POST":
        values = collect(info.start_fields, request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title, "union": request.form.get("union", "")}
        union_id = chosen_union(union_ids)
        files = uploads()
        files_sent = bool(files)
        try:
            outcome = services.start_case(env(), actor(), suggestions.NAME, organisation_id=union_id, title=title,
                                          form=values, uploads=files)
        except services.ValidationFailed as err:
            state.errors = errors_in(err, lang())
        except (services.PermissionDenied, services.NotFound):
            abort(403)
        else:
            flash(_("Your suggestion is sent to the union office, which routes it to the department concerned."),
                  "success")
            return redirect(url_for("cases.show", case_id=outcome.case_id))
        status = 422
    options = {f.name: choices(f, union_ids[0]) for f in info.start_fields}
    return render_template("suggestions/new.html", info=info, title_field=suggestions.TITLE,
                           fields=info.start_fields, options=options, state=state, unions=names,
                           files_sent=files_sent), status


@bp.route("/suggestions/register")
@login_required
def register() -> str:
    """The suggestions of a year that the reader may read: the office sees them all, other staff their own and
    the adopted ones."""
    union_ids = _unions()
    union_id, year = chosen_union(union_ids), _year()
    view = suggestions.register(env(), actor(), union_id, year, lang())
    return render_template("suggestions/register.html", view=view, unions=_union_names(union_ids),
                           years=suggestions.years(today()))


@bp.route("/suggestions/<int:union_id>/<int:year>/register.xlsx")
@login_required
def export(union_id: int, year: int) -> Response:
    """The year's register and award list as Excel, for the suggestions office."""
    from web.reports import built, download

    _chosen(union_id, year)
    report = built("suggestion_register", union_id=union_id, year=year)
    return download(report, "xlsx", f"suggestions-{year}")


@bp.route("/suggestions/awards")
@login_required
def awards() -> str:
    """The year's award list, as every member of the union's staff may read it (awarded suggestions are open)."""
    union_ids = _unions()
    union_id, year = chosen_union(union_ids), _year()
    view = suggestions.awards(env(), actor(), union_id, year, lang())
    names = _union_names(union_ids)
    return render_template("suggestions/awards.html", view=view, unions=names, years=suggestions.years(today()),
                           title=suggestions.award_title(names.get(union_id, ""), year))


@bp.route("/suggestions/<int:union_id>/<int:year>/awards.docx")
@login_required
def awards_docx(union_id: int, year: int) -> Response:
    from web.reports import TYPES, disposition

    union_ids = _chosen(union_id, year)
    view = suggestions.awards(env(), actor(), union_id, year, lang())
    union = _union_names(union_ids).get(union_id, "")
    out = BytesIO()
    suggestions.write_awards_docx(view, union, lang(), out)
    response = Response(out.getvalue(), mimetype=TYPES["docx"])
    title = suggestions.award_title(union, year)(lang())
    response.headers["Content-Disposition"] = disposition(title, "docx", f"suggestion-awards-{year}")
    return response
