"""The union's departments: added and renamed by the union office."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState
from web.admin.forms import OrganisationForm
from web.admin.office import departments, union
from web.context import env


def departments_page(forms: dict[str, FormState] | None = None, status: int = 200) -> tuple[str, int]:
    handlers: dict[int, int] = {}
    for person in services.list_users(env(), role="handler", limit=100_000):
        for r in person.roles:
            if r.role == "handler":
                handlers[r.organisation_id] = handlers.get(r.organisation_id, 0) + 1
    return render_template("admin/departments.html", union=union(), departments=departments(),
                           handlers=handlers, forms=forms or {}), status


def department_list() -> Response | tuple[str, int]:
    if request.method == "GET":
        return departments_page()
    form = OrganisationForm()
    if form.attempt(lambda: services.create_organisation(env(), form.name.data, "department", union().id)):
        flash(_("Department %(name)s added.", name=form.name.data), "success")
        return redirect(url_for("admin.department_list"))
    return departments_page({"add": form.state()}, 422)


def rename_department(organisation_id: int) -> Response | tuple[str, int]:
    if organisation_id not in {d.id for d in departments()}:
        abort(404)
    form = OrganisationForm()
    if form.attempt(lambda: services.rename_organisation(env(), organisation_id, form.name.data)):
        flash(_("Renamed."), "success")
        return redirect(url_for("admin.department_list"))
    return departments_page({f"rename-{organisation_id}": form.state()}, 422)
