"""The inbox: congress duties first, then open tasks with due dates, overdue first, filtered by step and
department."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from engine import services
from web.context import env, load_user
from workflows.congress import services as congress

bp = Blueprint("inbox", __name__)


@bp.route("/inbox")
@login_required
def index() -> str:
    user = load_user(None)
    state = request.args.get("state") or None
    try:
        organisation_id = int(request.args["department"]) if request.args.get("department") else None
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        organisation_id, page = None, 1
    tasks = services.inbox(env(), user.id, page=page, per_page=25, state=state, organisation_id=organisation_id)
    steps, departments = services.inbox_filters(env(), user.id)
    orgs = {o.id: o.name for o in services.list_organisations(env())}
    return render_template("inbox/index.html", tasks=tasks, steps=steps, orgs=orgs, departments=departments,
                           state=state, department=organisation_id, duties=congress.duties(env(), user.id))
