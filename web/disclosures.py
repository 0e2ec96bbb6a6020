"""The disclosure register's pages (厂务公开): the register with its items (the union office and the employer keep
its entries), an entry's form, an event's item, the question form, the office's overdue list, the yearly report
(page and Word), and the item's panel on its case page."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, errors_in
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, org_tree, page_arg, signed_in, today, unions_of
from workflows.disclosures import services as disclosures

bp = Blueprint("disclosures", __name__, url_prefix="/disclosures")
ENTRY_FIELDS = ("title", "category", "frequency", "channel", "scope", "department", "note", "starts_on")


def _union() -> int:
    return chosen_union(unions_of(signed_in()))


def _keeper(union_id: int) -> bool:
    return any(signed_in().holds(r, union_id) for r in disclosures.KEEPERS)


def _options(union_id: int) -> dict[str, Any]:
    """What the entry form offers: its choices in the page's language, the union and its departments."""
    tree = org_tree()
    departments = [(o.id, o.name) for o in tree.values() if o.parent_id == union_id and o.kind == "department"]
    return {"category": [(k, v(lang())) for k, v in disclosures.CATEGORIES.items()],
            "frequency": [(k, v(lang())) for k, v in disclosures.FREQUENCIES.items()],
            "channel": [(k, v(lang())) for k, v in disclosures.CHANNELS.items()],
            "scope": [(union_id, _("All staff")), *departments], "department": departments}


def index_page(union_id: int, state: FormState | None = None, status: int = 200) -> tuple[str, int]:
    entries = disclosures.list_entries(env(), actor(), union_id)
    found = disclosures.items(env(), actor(), union_id, page=page_arg())
    keeper = _keeper(union_id)
    values = {"starts_on": today().replace(month=1, day=1).isoformat(), "scope": union_id}
    return render_template(
        "disclosures/index.html", union_id=union_id, entries=entries, items=found, keeper=keeper,
        office=any(signed_in().holds(r, union_id) for r in ("union_office", "union_chair")),
        reporter=any(signed_in().holds(r, union_id) for r in disclosures.REPORT_READERS),
        orgs={o.id: o.name for o in org_tree().values()}, options=_options(union_id),
        state=state or FormState(values=values), terms=disclosures, year=today().year), status


@bp.route("")
@login_required
def index() -> tuple[str, int]:
    return index_page(_union())


def _entry_values() -> dict[str, Any]:
    return {name: request.form.get(name, "") for name in ENTRY_FIELDS}


@bp.route("/entries", methods=["POST"])
@login_required
def add_entry() -> Response | tuple[str, int]:
    union_id = _union()
    state = FormState(values=_entry_values())
    try:
        disclosures.add_entry(env(), actor(), union_id, state.values)
    except services.PermissionDenied:
        abort(403)
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return index_page(union_id, state, 422)
    flash(_("The entry is added to the register."), "success")
    return redirect(url_for("disclosures.index", union=union_id))


def _entry(entry_id: int) -> disclosures.Entry:
    try:
        return disclosures.get_entry(env(), actor(), entry_id)
    except services.NotFound:
        abort(404)


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
@login_required
def entry(entry_id: int) -> Response | tuple[str, int]:
    """An entry's page: what it asks, and for the keepers its form, stopping it, and an event's item."""
    e = _entry(entry_id)
    keeper = _keeper(e.organisation_id)
    state, status = FormState(values={n: getattr(e, n, "") for n in ENTRY_FIELDS}), 200
    if request.method == "POST":
        if not keeper:
            abort(403)
        active = {"stop": False, "resume": True}.get(request.form.get("do", ""))
        state.values = _entry_values() if active is None else {}
        try:
            disclosures.update_entry(env(), actor(), entry_id, state.values, active)
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
        else:
            flash(_("The entry is saved."), "success")
            return redirect(url_for("disclosures.entry", entry_id=entry_id))
    found = services.search_cases(env(), actor(), workflow=disclosures.NAME, data={"entry": entry_id}, per_page=50)
    return render_template("disclosures/entry.html", e=e, keeper=keeper, state=state,
                           options=_options(e.organisation_id), terms=disclosures, items=found.items,
                           orgs={o.id: o.name for o in org_tree().values()}), status


@bp.route("/entries/<int:entry_id>/event", methods=["POST"])
@login_required
def event(entry_id: int) -> Response | tuple[str, int]:
    """The item of an event (an entry disclosed at an event): made by a keeper, due in the union's period."""
    e = _entry(entry_id)
    if not _keeper(e.organisation_id):
        abort(403)
    text = request.form.get("event", "")
    try:
        case_id = disclosures.make_item(env(), actor(), entry_id, event=text)
    except services.PermissionDenied:
        abort(403)
    except services.ValidationFailed as err:
        state = FormState(values={n: getattr(e, n, "") for n in ENTRY_FIELDS}, errors=errors_in(err, lang()))
        state.values["event"] = text
        return render_template("disclosures/entry.html", e=e, keeper=True, state=state,
                               options=_options(e.organisation_id), terms=disclosures, items=[],
                               orgs={o.id: o.name for o in org_tree().values()}), 422
    flash(_("The item is made: the department is asked to publish it."), "success")
    return redirect(url_for("cases.show", case_id=case_id))


def _item(case_id: int) -> services.CaseView:
    try:
        view = services.case_view(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    if view.summary.workflow != disclosures.NAME:
        abort(404)
    return view


@bp.route("/items/<int:case_id>/ask", methods=["GET", "POST"])
@login_required
def ask(case_id: int) -> Response | tuple[str, int]:
    """A question on a published item, from a phone: the department answers within the union's period."""
    view = _item(case_id)
    state, status = FormState(values={"text": "", "show_name": False}), 200
    if request.method == "POST":
        state.values = {"text": request.form.get("text", ""), "show_name": "show_name" in request.form}
        try:
            disclosures.ask(env(), actor(), case_id, state.values["text"], show_name=state.values["show_name"])
        except services.NotFound:
            abort(404)
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
            state.message = "; ".join(state.errors.pop("__all__", [])) or None
        else:
            flash(_("Your question is sent. The department answers it under the item."), "success")
            return redirect(url_for("cases.show", case_id=case_id, _anchor="questions"))
    return render_template("disclosures/ask.html", view=view, state=state, limit=disclosures.QUESTION_MAX), status


@bp.route("/overdue")
@login_required
def overdue() -> tuple[str, int]:
    union_id = _union()
    try:
        found = disclosures.overdue(env(), actor(), union_id)
    except services.NotFound:
        abort(404)
    return render_template("disclosures/overdue.html", found=found, union_id=union_id, terms=disclosures,
                           orgs={o.id: o.name for o in org_tree().values()}), 200


def _report() -> disclosures.YearReport:
    union_id = _union()
    year = int_arg("year", today().year) or today().year
    if not 2000 <= year <= 2100:
        abort(404)
    try:
        return disclosures.year_report(env(), actor(), union_id, year, lang())
    except (services.PermissionDenied, services.NotFound):
        abort(404)


@bp.route("/report")
@login_required
def report() -> tuple[str, int]:
    return render_template("disclosures/report.html", report=_report()), 200


@bp.route("/report/download")  # a Word file (.docx)
@login_required
def report_docx() -> Response:
    found = _report()
    out = BytesIO()
    disclosures.write_docx(found, out, today())
    out.seek(0)
    return send_file(out, as_attachment=True, download_name=f"disclosure-{found.year}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.app_template_global("disclosure_panel")
def panel(view: services.CaseView) -> disclosures.ItemPanel:
    """The disclosure part of an item's case page, as the domain gives it."""
    return disclosures.panel(env(), actor(), view)


