"""The bargaining dashboard of an enterprise: its agreements, the running cases and their deadlines, past cases,
and the form that starts a new written request (or a renewal)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web.actions import FormState, choices
from web.bargaining.common import STARTERS, WORKFLOW, bp, start_from_form
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, signed_in, today, unions_of
from workflows.bargaining import services as bargaining


def start_defaults(union_id: int, renews: services.CaseSummary | None,
                   amends: services.CaseSummary | None) -> dict[str, Any]:
    """The request form as it opens, as the domain proposes it, its texts in the page's language."""
    values = bargaining.start_values(env(), actor(), union_id, renews, amends)
    return {k: v(lang()) if isinstance(v, Label) else v for k, v in values.items()}


def page(union_id: int, state: FormState | None = None, status: int = 200) -> tuple[str, int]:
    user = signed_in()
    board = bargaining.dashboard(env(), actor(), union_id, today())
    renews = bargaining.renewable(board, int_arg("renews"))
    amends = bargaining.amendable(board, int_arg(bargaining.AMENDS_FIELD))
    info = services.describe(env(), WORKFLOW)
    if state is None:
        state = FormState(values=start_defaults(union_id, renews, amends))
    unions = {u: services.get_organisation(env(), u).name for u in unions_of(user)}
    amending = state.values.get(bargaining.AMENDS_FIELD)
    hidden = {bargaining.RENEWS_FIELD, bargaining.AMENDS_FIELD,
              *(() if amending else bargaining.AMENDMENT_FIELDS)}  # a change's fields only when changing
    start_fields = [f for f in info.start_fields if f.name not in hidden]
    return render_template(
        "bargaining/index.html", union_id=union_id, unions=unions, board=board, full=board.full,
        can_start=board.can_start, agreements=board.agreements, running=board.running, past=board.past, info=info,
        state=state, start_fields=start_fields, options={f.name: choices(f, union_id) for f in start_fields},
        renews_field=bargaining.RENEWS_FIELD, renewing=state.values.get(bargaining.RENEWS_FIELD),
        amends_field=bargaining.AMENDS_FIELD, amending=amending), status


@bp.route("")
@login_required
def index() -> tuple[str, int]:
    return page(chosen_union(unions_of(signed_in())))


@bp.route("/new", methods=["POST"])
@login_required
def start() -> Response | tuple[str, int]:
    """Start a case: the written request is drafted; it is printed and sent from the case page."""
    return start_from_form(WORKFLOW, chosen_union(unions_of(signed_in(), STARTERS, below=False)), page)
