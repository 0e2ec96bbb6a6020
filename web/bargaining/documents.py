"""The documents of a bargaining case: the written request (要约书) to print or download as Word, the case file
to print, and the agreement as every staff member reads it once published."""

from __future__ import annotations

from io import BytesIO

from flask import abort, render_template, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.bargaining import word
from web.bargaining.common import bp, case_of
from web.context import actor, env
from web.unions import today
from workflows.bargaining import services as bargaining


def request_letter(view: services.CaseView) -> bargaining.Letter:
    return bargaining.request_letter(env(), view, today())


@bp.route("/<int:case_id>/request")
@login_required
def request_page(case_id: int) -> str:
    view = case_of(case_id)
    return render_template("bargaining/request.html", view=view, letter=request_letter(view))


@bp.route("/<int:case_id>/request.docx")
@login_required
def request_docx(case_id: int) -> Response:
    view = case_of(case_id)
    content = word.letter_document(request_letter(view))
    return send_file(BytesIO(content), as_attachment=True, download_name=f"要约书-{case_id}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.route("/<int:case_id>/file")
@login_required
def case_file(case_id: int) -> str:
    view = case_of(case_id)
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    return render_template("bargaining/file.html", view=view, info=info, letter=request_letter(view),
                           printed_on=bargaining.chinese_date(today()))


@bp.route("/<int:case_id>/agreement")
@login_required
def agreement(case_id: int) -> str:
    """The agreement for every staff member of the organisation, once published."""
    try:
        found = bargaining.agreement(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    return render_template("bargaining/agreement.html", view=found.view, facts=found.facts, names=found.parties,
                           text=found.text, expired=found.expired)
