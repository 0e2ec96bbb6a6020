"""Terms and their rosters for the union office: the roster by delegation, the rule checks with their figures,
the CSV upload (all rows checked, nothing imported when one is wrong) and the staff figures."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web.actions import FormState
from web.congress.common import OFFICE, bp, field_errors
from web.context import env, lang
from web.unions import org_tree, signed_in, unions_of
from workflows.congress import services as congress

COLUMNS = {"username": _l("Username"), "name": _l("Full name"), "email": _l("E-mail"), "delegation": _l("Delegation"),
           "category": _l("Category"), "sex": _l("Sex"), "department": _l("Department")}
NOT_WHOLE = Label("请输入不小于 0 的整数。", "Enter a whole number from 0.")


def offices() -> list[int]:
    return unions_of(signed_in(), OFFICE, below=False)


def term_of(term_id: int) -> congress.TermView:
    try:
        term = congress.get_term(env(), term_id)
    except services.NotFound:
        abort(404)
    if term.organisation_id not in offices():
        abort(403)
    return term


def whole(raw: str, name: str, errors: dict[str, list[Label]]) -> int | None:
    if not raw.strip():
        return None
    try:
        number = int(raw)
    except ValueError:
        number = -1
    if number < 0:
        errors[name] = [NOT_WHOLE]
        return None
    return number


def save_term(organisation_id: int, values: dict[str, str], *, number: int | None = None) -> int:
    """Create the term or change its staff figures; ``ValidationFailed`` names the field that is wrong."""
    errors: dict[str, list[Label]] = {}
    if number is None:
        number = whole(values.get("number", ""), "number", errors)
        if number is None and "number" not in errors:
            errors["number"] = [Label("此项为必填项。", "This field is required.")]
    staff = whole(values.get("staff_count", ""), "staff_count", errors)
    women = whole(values.get("women_staff_count", ""), "women_staff_count", errors)
    if errors:
        raise services.ValidationFailed(errors)
    assert number is not None
    try:
        return congress.ensure_term(env(), organisation_id, number, staff_count=staff, women_staff_count=women)
    except services.ValidationFailed as err:
        raise services.ValidationFailed({("number" if k == "term" else k): v for k, v in err.errors.items()}) from None


# -- the terms -----------------------------------------------------------------------------------------------
@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms() -> Response | tuple[str, int]:
    unions = offices()
    if not unions:
        abort(403)
    form, status = FormState(), 200
    if request.method == "POST":
        form.values = {n: request.form.get(n, "").strip() for n in ("union", "number", "staff_count",
                                                                    "women_staff_count")}
        union_id = int(form.values["union"]) if form.values["union"].isdigit() else unions[0]
        if union_id not in unions:
            abort(403)
        try:
            term_id = save_term(union_id, form.values)
        except services.ValidationFailed as err:
            form.errors, status = field_errors(err), 422
        else:
            flash(_("The term is saved."), "success")
            return redirect(url_for("congress.roster", term_id=term_id))
    tree = org_tree()
    found = [t for u in unions for t in congress.list_terms(env(), u)]
    sizes = {t.id: len(congress.list_roster(env(), t.id)) for t in found}
    return render_template("congress/terms.html", terms=found, sizes=sizes, form=form,
                           unions=[(u, tree[u].name) for u in unions if u in tree]), status


# -- one term's roster ---------------------------------------------------------------------------------------
def roster_page(term_id: int, forms: dict[str, FormState] | None = None, rejected: list[str] | None = None,
                status: int = 200) -> tuple[str, int]:
    term = term_of(term_id)
    roster = congress.list_roster(env(), term_id)
    delegations = [(name, list(people)) for name, people in groupby(roster, key=lambda r: r.delegation)]
    active = [r for r in roster if r.active]
    return render_template(
        "congress/roster.html", term=term, delegations=delegations, total=len(active),
        checks=congress.check_rules(env(), term_id), categories=congress.CATEGORIES, sexes=congress.SEX_LABELS,
        by_category=Counter(r.category for r in active), by_sex=Counter(r.sex for r in active),
        forms=forms or {}, rejected=rejected or []), status


@bp.route("/terms/<int:term_id>/roster", methods=["GET", "POST"])
@login_required
def roster(term_id: int) -> Response | tuple[str, int]:
    if request.method == "GET":
        return roster_page(term_id)
    term_of(term_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return roster_page(term_id, {"upload": FormState(message=_("Choose a CSV file."))}, status=422)
    try:
        done = congress.import_roster(env(), term_id, upload.read())
    except congress.RosterRejected as err:
        rejected = [_("Row %(row)s, %(column)s: %(message)s", row=e.row,
                      column=str(COLUMNS.get(e.column, e.column)), message=e.message(lang())) for e in err.rows]
        return roster_page(term_id, rejected=rejected, status=422)
    except services.EngineError as err:
        return roster_page(term_id, {"upload": FormState(message=err.label(lang()))}, status=409)
    flash(_("The roster is imported: %(added)s added, %(updated)s updated, %(removed)s removed, %(created)s new "
            "accounts.", added=done.added, updated=done.updated, removed=done.removed, created=done.users_created),
          "success")
    return redirect(url_for("congress.roster", term_id=term_id))


@bp.route("/terms/<int:term_id>/staff", methods=["POST"])
@login_required
def staff(term_id: int) -> Response | tuple[str, int]:
    term = term_of(term_id)
    form = FormState(values={n: request.form.get(n, "").strip() for n in ("staff_count", "women_staff_count")})
    try:
        save_term(term.organisation_id, form.values, number=term.number)
    except services.ValidationFailed as err:
        form.errors = field_errors(err)
        return roster_page(term_id, {"staff": form}, status=422)
    flash(_("The staff figures are saved."), "success")
    return redirect(url_for("congress.roster", term_id=term_id))
