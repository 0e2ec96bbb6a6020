"""Staff opinions on a bargaining case: the form every staff member may fill in (anonymous if they choose), and
the summary by topic for the union office and the negotiators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, errors_in
from web.bargaining.common import bp, staff_case
from web.context import actor, env, lang
from workflows.bargaining import services as bargaining


@bp.route("/<int:case_id>/opinions/new", methods=["GET", "POST"])
@login_required
def new_opinion(case_id: int) -> Response | tuple[str, int]:
    view = staff_case(case_id)
    collecting = bargaining.collecting(view)
    state, status = FormState(), 200
    if request.method == "POST":
        state.values = {"topic": request.form.get("topic", ""), "body": request.form.get("body", ""),
                        "anonymous": "anonymous" in request.form}
        if not collecting:
            state.message = _("Opinions are no longer collected: the draft has gone to the congress.")
            return render_template("bargaining/opinion_form.html", view=view, state=state, collecting=False,
                                   topics=bargaining.topics(view), suggestions=[]), 409
        try:
            bargaining.submit_opinion(env(), actor(), case_id, topic=state.values["topic"], body=state.values["body"],
                                    anonymous=state.values["anonymous"])
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
        except services.PermissionDenied:
            abort(403)
        else:
            flash(_("Thank you. Your opinion was sent without your name: nobody can tell it was you.")
                  if state.values["anonymous"] else
                  _("Thank you. Your opinion was sent with your name."), "success")
            return redirect(url_for("bargaining.new_opinion", case_id=case_id))
    return render_template("bargaining/opinion_form.html", view=view, state=state, collecting=collecting,
                           topics=bargaining.topics(view), suggestions=bargaining.topic_suggestions(view)), status


@bp.route("/<int:case_id>/opinions")
@login_required
def opinions(case_id: int) -> str:
    try:
        summary = bargaining.list_opinions(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    view = staff_case(case_id)
    return render_template("bargaining/opinions.html", view=view, summary=summary)
