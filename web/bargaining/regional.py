"""Regional and industry bargaining at a federation: its cases (agreements, talks under way, past ones) and the
form that starts a new written request covering several enterprises."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web.actions import FormState, choices, people
from web.bargaining.common import bp, start_from_form
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, signed_in
from workflows.bargaining import services as bargaining

WORKFLOW = bargaining.REGIONAL


def _options(f: Any, organisation_id: int) -> list[tuple[str, str]]:
    if f.kind in ("user", "users"):  # the employer side's accounts: anyone in the federation or below it
        return [(str(u.id), u.display_name) for u in people(organisation_id, "staff")]
    return choices(f, organisation_id)


def page(organisation_id: int, state: FormState | None = None, status: int = 200) -> tuple[str, int]:
    signed_in()
    led = bargaining.federations_led(env(), actor())
    board = bargaining.regional_board(env(), actor(), organisation_id)
    info = services.describe(env(), WORKFLOW)
    if state is None:
        values = {"initiator": "union" if bargaining.is_union_side(env(), actor(), organisation_id) else "employer"}
        renews = bargaining.regional_renewable(board, int_arg(bargaining.RENEWS_FIELD))
        if renews is not None:
            values |= {k: v(lang()) if isinstance(v, Label) else v
                       for k, v in bargaining.regional_renewal_values(env(), renews).items()}
        state = FormState(values=values)
    fields = [f for f in info.start_fields if f.name != bargaining.RENEWS_FIELD]  # sent hidden when renewing
    return render_template(
        "bargaining/regional.html", organisation_id=organisation_id,
        federations={o: services.get_organisation(env(), o).name for o in led}, board=board, info=info,
        state=state, start_fields=fields, options={f.name: _options(f, organisation_id) for f in fields},
        renews_field=bargaining.RENEWS_FIELD, renewing=state.values.get(bargaining.RENEWS_FIELD),
        renewable={c.id for c in board.agreements if bargaining.regional_renewable(board, c.id)}), status


@bp.route("/regional")
@login_required
def regional() -> tuple[str, int]:
    return page(chosen_union(bargaining.federations_led(env(), actor())))


@bp.route("/regional/new", methods=["POST"])
@login_required
def start_regional() -> Response | tuple[str, int]:
    """Start regional or industry talks: the written request is drafted and sent from the case page."""
    return start_from_form(WORKFLOW, chosen_union(bargaining.federations_led(env(), actor())), page)
