"""The holiday calendar: the State Council's yearly notice, loaded by the union office."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState
from web.admin.forms import NoticeForm
from web.admin.office import today
from web.context import env


def fresh_calendar() -> None:
    """A notice loaded by another process (the command line, another server) counts here within a minute."""
    services.refresh_calendar(env())


def calendar_page(form: FormState | None = None, status: int = 200) -> tuple[str, int]:
    notices = services.list_notices(env())
    if form is None:
        form = FormState(values={"year": str(today().year + 1)})
        shown = request.args.get("year", "")
        chosen = next((n for n in notices if str(n.year) == shown), None)
        if chosen is not None:  # to correct a loaded notice, start from what it says
            form = FormState(values={"year": str(chosen.year), "note": chosen.note if chosen.source != "config" else "",
                                     "holidays": services.days_text(chosen.holidays),
                                     "workdays": services.days_text(chosen.workdays)})
    sources = services.calendar_sources(env(), range(today().year, today().year + 2))
    return render_template("admin/calendar.html", notices=notices, form=form,
                           guessed=[y for y, source in sources.items() if source == "statutory"]), status


def calendar() -> Response | tuple[str, int]:
    if request.method == "GET":
        return calendar_page()
    form = NoticeForm()
    loaded: list[services.NoticeLoaded] = []
    if form.attempt(lambda: loaded.append(services.load_notice(env(), form.year.data, form.holidays.data or "",
                                                               form.workdays.data or "", form.note.data or ""))):
        done = loaded[0]
        flash(_("The holiday notice for %(year)s is loaded: %(holidays)s holidays, %(workdays)s make-up working "
                "days. Deadlines moved: %(moved)s; provisional deadlines now final: %(settled)s.",
                year=done.year, holidays=done.holidays, workdays=done.workdays, moved=done.moved,
                settled=done.settled), "success")
        return redirect(url_for("admin.calendar"))
    return calendar_page(form.state(), 422)
