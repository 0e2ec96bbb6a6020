"""Tellers' page: the count of each paper ballot box, which counts once two tellers entered the same numbers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState
from web.congress.common import ITEM_STATUSES, bp, counter_label, field_errors, item_of, me, refusal, session_of
from web.context import actor, env
from workflows.congress import services as congress

FIXED = ("ballots", "invalid")


def tally_page(item_id: int, form: FormState | None = None, status: int = 200) -> tuple[str, int]:
    item = item_of(item_id)
    session = session_of(item.session_id)
    if not me(session).teller:
        abort(403)
    keys = congress.counter_keys(item.kind, item.options)
    boxes = congress.paper_boxes(env(), actor(), item_id)
    if form is None:
        form = FormState()
        mine = next((b for b in boxes if b.box == request.args.get("box") and b.mine), None)
        if mine is not None:  # correcting one's own entry starts from it
            form.values = {"box": mine.box, **{k: str(v) for k, v in (mine.mine or {}).items()}}
    return render_template("congress/tally.html", item=item, session=session, keys=keys, boxes=boxes, form=form,
                           labels={k: counter_label(item, k) for k in keys}, statuses=ITEM_STATUSES), status


@bp.route("/items/<int:item_id>/tally", methods=["GET", "POST"])
@login_required
def tally(item_id: int) -> Response | tuple[str, int]:
    if request.method == "GET":
        return tally_page(item_id)
    item = item_of(item_id)
    if not me(session_of(item.session_id)).teller:
        abort(403)
    names = (*FIXED, *congress.counter_keys(item.kind, item.options))
    values = {"box": request.form.get("box", "")} | {k: request.form.get(k, "").strip() for k in names}
    form = FormState(values=values)
    try:
        congress.enter_tally(env(), actor(), item_id, values["box"], {k: values[k] for k in names})
    except services.ValidationFailed as err:
        form.errors = field_errors(err)
        return tally_page(item_id, form, 422)
    except services.EngineError as err:
        form.message = refusal(err)
        return tally_page(item_id, form, 409)
    flash(_("Your count of box %(box)s is saved.", box=values["box"].strip()), "success")
    return redirect(url_for("congress.tally", item_id=item_id))
