"""The higher union's pages (上级工会): the view over its member unions for a year (summary, charts, the unions
needing attention first, a page at a time), one union's drill-down, the workbook, the filings register
(集体合同备案登记), and joining by invitation (the federation invites; the union's office accepts or declines)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine import services
from web import confirm
from web.actions import FormState, errors_in
from web.context import env, lang, text
from web.reports import TYPES, cell, disposition, drawing
from web.unions import int_arg, page_arg, signed_in, today, unions_of
from workflows.federation import services as federation

bp = Blueprint("federation", __name__, url_prefix="/federation")


def _choices() -> list[services.OrgView]:
    """The federations the user looks at: where they hold the federation's role, and those below them."""
    held = federation.federations_of(env(), signed_in().id)
    found = {o.id: o for o in held}
    for f in held:
        found.update({o.id: o for o in services.list_organisations(env(), kind="federation", under=f.id)})
    return list(found.values())


def _federation() -> int:
    """The federation asked for (``?federation=``), else the user's first; 404 for anyone else."""
    choices = _choices()
    wanted = int_arg("federation", choices[0].id if choices else None)
    if wanted is None or wanted not in {o.id for o in choices}:
        abort(404)
    return wanted


def _year() -> int:
    year = int_arg("year", today().year) or today().year
    return year if services.YEARS[0] <= year <= services.YEARS[1] else today().year


def _years() -> list[int]:
    return list(range(today().year, today().year - 5, -1))


@bp.route("")
@login_required
def overview() -> str:
    federation_id, year = _federation(), _year()
    try:
        view = federation.overview(env(), signed_in().id, federation_id, year, lang=lang(), page=page_arg())
    except services.NotFound:
        abort(404)
    return render_template("federation/overview.html", view=view, drawings=[drawing(c) for c in view.charts],
                           federation_id=federation_id, year=year, years=_years(), choices=_choices(),
                           cell=cell)


@bp.route("/unions/<int:union_id>")
@login_required
def union(union_id: int) -> str:
    federation_id, year = _federation(), _year()
    try:
        detail = federation.union_detail(env(), signed_in().id, federation_id, union_id, year, lang=lang())
    except services.NotFound:
        abort(404)
    return render_template("federation/union.html", d=detail, federation_id=federation_id, year=year,
                           years=_years(), columns=federation.UNION_COLUMNS, cell=cell)


@bp.route("/export")
@login_required
def export() -> Response:
    federation_id, year = _federation(), _year()
    try:
        data = federation.overview_xlsx(env(), signed_in().id, federation_id, year, lang=lang())
    except services.NotFound:
        abort(404)
    response = Response(data, mimetype=TYPES["xlsx"])
    name = services.get_organisation(env(), federation_id).name
    response.headers["Content-Disposition"] = disposition(f"{name}-{year}", "xlsx", f"federation-{year}")
    return response


@bp.route("/filings")
@login_required
def filings() -> str:
    federation_id = _federation()
    found = federation.filings(env(), signed_in().id, federation_id, lang(), page=page_arg())
    regional = federation.regional_filings(env(), signed_in().id, federation_id, lang())
    names = {o.id: o.name for o in services.list_organisations(env(), under=federation_id)}
    names[federation_id] = services.get_organisation(env(), federation_id).name
    return render_template("federation/filings.html", found=found, regional=regional, names=names,
                           federation_id=federation_id, columns=federation.FILING_COLUMNS, choices=_choices())


# -- joining by invitation -------------------------------------------------------------------------------------
def _invitations_page(federation_id: int, state: FormState | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("federation/invitations.html", federation_id=federation_id,
                           sent=federation.sent(env(), signed_in().id, federation_id),
                           candidates=federation.candidates(env(), signed_in().id, federation_id),
                           state=state or FormState(), note_max=federation.NOTE_MAX, choices=_choices()), status


@bp.route("/invitations", methods=["GET", "POST"])
@login_required
def invitations() -> tuple[str, int] | Response:
    federation_id = _federation()
    if request.method == "GET":
        return _invitations_page(federation_id)
    state = FormState(values={"union_id": request.form.get("union_id", ""), "note": request.form.get("note", "")})
    raw = state.values["union_id"].strip()
    try:
        federation.invite(env(), signed_in().id, federation_id, int(raw) if raw.isdigit() else 0,
                          state.values["note"])
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return _invitations_page(federation_id, state, 422)
    flash(_("The invitation is sent; the union's office will answer it."), "success")
    return redirect(url_for("federation.invitations", federation=federation_id))


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@login_required
def withdraw(invitation_id: int) -> Response:
    federation_id = _federation()
    try:
        federation.withdraw(env(), signed_in().id, invitation_id)
    except services.NotFound:
        abort(404)
    except services.Refused as err:
        flash(text(err.label), "warning")
        return redirect(url_for("federation.invitations", federation=federation_id))
    flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("federation.invitations", federation=federation_id))


def _office_union() -> int:
    """The union whose office the user is (``?union=``, else the first); 404 for anyone else."""
    mine = unions_of(signed_in(), ("union_office",), below=False)
    wanted = int_arg("union", mine[0] if mine else None)
    if wanted not in mine:
        abort(404)
    return wanted


@bp.route("/joining")
@login_required
def joining() -> str:
    union_id = _office_union()
    org = services.get_organisation(env(), union_id)
    parent = services.get_organisation(env(), org.parent_id) if org.parent_id else None
    return render_template("federation/joining.html", union=org, parent=parent,
                           received=federation.received(env(), signed_in().id, union_id), note_max=federation.NOTE_MAX)


@bp.route("/joining/<int:invitation_id>", methods=["POST"])
@login_required
def answer(invitation_id: int) -> Response | tuple[str, int]:
    union_id = _office_union()
    mine = {i.id: i for i in federation.received(env(), signed_in().id, union_id)}
    if invitation_id not in mine:
        abort(404)
    invitation, accept = mine[invitation_id], request.form.get("answer") == "accept"
    back = url_for("federation.joining", union=union_id)
    if accept and not confirm.confirmed():
        return confirm.step(_("Join %(federation)s?", federation=invitation.federation), [
            _("%(union)s and all its departments will sit under %(federation)s. Its staff will see the union's "
              "figures of the year and its filed agreements; they never see a draft, a ballot or a worker's "
              "request.", union=invitation.union, federation=invitation.federation),
            _("Only an administrator can move the union elsewhere afterwards.")],
            button=_("Accept and join"), cancel=back)
    try:
        federation.answer(env(), signed_in().id, invitation_id, accept, request.form.get("answer_note", ""))
    except services.ValidationFailed as err:
        flash("; ".join(m for ms in errors_in(err, lang()).values() for m in ms), "error")
        return redirect(back)
    except services.Refused as err:
        flash(text(err.label), "warning")
        return redirect(back)
    flash(_("You joined %(federation)s.", federation=invitation.federation) if accept
          else _("The invitation is declined."), "success")
    return redirect(back)
