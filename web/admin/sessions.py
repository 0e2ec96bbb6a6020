"""Congress sessions and the periods in which proposals are collected for them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState
from web.admin.forms import SessionForm, WindowForm
from web.admin.office import today, union
from web.context import env
from workflows.congress import services as congress


def sessions_page(forms: dict[str, FormState] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("admin/sessions.html", union=union(), forms=forms or {},
                           sessions=congress.list_congress_sessions(env(), union().id), today=today()), status


def session_list() -> Response | tuple[str, int]:
    if request.method == "GET":
        return sessions_page()
    form = SessionForm()

    def create() -> None:
        congress.create_congress_session(env(), union().id, term=form.term.data, number=form.number.data,
                                         name=form.name.data, collection_opens=form.collection_opens.data,
                                         collection_closes=form.collection_closes.data, opens_on=form.opens_on.data)

    if form.attempt(create):
        flash(_("Session %(name)s added.", name=form.name.data), "success")
        return redirect(url_for("admin.session_list"))
    return sessions_page({"add": form.state()}, 422)


def collection_window(session_id: int) -> Response | tuple[str, int]:
    try:
        found = congress.get_congress_session(env(), session_id)
    except services.NotFound:
        abort(404)
    if found.organisation_id != union().id:
        abort(404)
    form = WindowForm()
    if form.attempt(lambda: congress.update_collection_window(env(), session_id, form.collection_opens.data,
                                                             form.collection_closes.data)):
        flash(_("The collection period of %(name)s is changed.", name=found.name), "success")
        return redirect(url_for("admin.session_list"))
    return sessions_page({f"window-{session_id}": form.state()}, 422)
