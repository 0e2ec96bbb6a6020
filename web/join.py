"""The public pages, for people without an account: the application to join a union (入会申请, a short form for a
phone; the union office prints or shares its address) and the progress page (进度查询) where an applicant or a
member transferring follows their case by its progress code and their mobile number. Both are limited per client
address; a progress look-up answers the same whether the code or the phone is wrong."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine import services
from web.actions import FormState, choices, collect, errors_in
from web.context import env, lang
from workflows.members import services as members

bp = Blueprint("join", __name__, url_prefix="/join")


def _throttled(err: members.Throttled) -> tuple[str, int]:
    return render_template("members/busy.html", seconds=err.seconds), 429


@bp.route("/<int:union_id>", methods=["GET", "POST"])
def apply(union_id: int) -> Response | tuple[str, int]:
    name = members.is_union(env(), union_id)
    if name is None:
        abort(404)
    fields = tuple(f for f in members.APPLICANT if f.name != "id_last4")  # the page asks the full number
    state, status = FormState(values={"gender": ""}), 200
    if request.method == "POST":
        values = collect(fields, request.form)
        values["id_number"] = request.form.get("id_number", "")[:40]
        state.values = {**values}
        try:
            applied = members.apply_public(env(), union_id, values, request.remote_addr or "")
        except members.Throttled as err:
            return _throttled(err)
        except services.ValidationFailed as err:
            state.errors = errors_in(err, lang())
            if "id_last4" in state.errors:
                state.errors["id_number"] = state.errors.pop("id_last4")
            status = 422
        else:
            return render_template("members/applied.html", union_name=name, reference=applied.reference), 201
    options = {f.name: choices(f, union_id) for f in fields}
    return render_template("members/apply.html", union_id=union_id, union_name=name, fields=fields,
                           options=options, state=state), status


@bp.route("/progress", methods=["GET", "POST"])
def progress() -> tuple[str, int]:
    found, missed = None, False
    values = {"reference": request.form.get("reference", "")[:40], "phone": request.form.get("phone", "")[:20]}
    if request.method == "POST":
        try:
            found = members.progress_public(env(), values["reference"], values["phone"], request.remote_addr or "")
        except members.Throttled as err:
            return _throttled(err)
        missed = found is None
    return render_template("members/progress.html", found=found, missed=missed, values=values,
                           message=_("No application or transfer matches this code and mobile number.")), 200


@bp.route("/transfer", methods=["GET", "POST"])
def transfer() -> tuple[str, int]:
    """A member asks to transfer their membership to another union in the system: their own union's office checks
    who asked and sends it on; the member follows it with the progress code."""
    unions = sorted(((o.id, o.name) for o in services.list_organisations(env()) if o.kind == "union"),
                    key=lambda pair: pair[1])
    names = dict(unions)
    keys = ("union", "number", "phone", "to_union", "note")
    state, status = FormState(values={k: request.form.get(k, "")[:2000] for k in keys}), 200
    if request.method == "POST":
        v = state.values
        union_id = int(v["union"]) if v["union"].isdigit() and len(v["union"]) < 10 else 0
        to_union = int(v["to_union"]) if v["to_union"].isdigit() and len(v["to_union"]) < 10 else 0
        if union_id not in names:
            state.errors["union"] = [_("Choose your union.")]
        else:
            try:
                asked = members.request_transfer(env(), union_id, v["number"][:30], v["phone"][:20], to_union,
                                                 v["note"], request.remote_addr or "")
            except members.Throttled as err:
                return _throttled(err)
            except services.ValidationFailed as err:
                state.errors = errors_in(err, lang())
            else:
                return render_template("members/applied.html", union_name=names[union_id],
                                       reference=asked.reference, transfer=True), 201
        status = 422
    return render_template("members/transfer.html", unions=unions, state=state), status
