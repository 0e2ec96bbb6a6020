"""The proposal committee's pages: its register, bulk assignment, and its reusable text templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web import confirm
from web.actions import FormState, choices, collect, errors_in
from web.context import actor, env, lang
from web.unions import chosen_union, int_arg, org_tree, page_arg, signed_in, today, unions_of
from workflows.congress import services as congress
from workflows.proposals import services as proposals

COMMITTEE = "proposal_committee"
TEMPLATE_KIND = "committee"


@dataclass(frozen=True)
class Result:
    """What bulk assignment did to one case."""

    case_id: int
    title: str
    ok: bool
    message: str


def _committee_union() -> int:
    return chosen_union(unions_of(signed_in(), (COMMITTEE,), below=False))


@login_required
def register_page() -> str:
    union_id = _committee_union()
    include_closed = request.args.get("closed") == "1"
    filters = proposals.CommitteeFilters(
        text=request.args.get("q", "").strip(), category=request.args.get("category", ""),
        state=request.args.get("state", ""), department=int_arg("department"),
        overdue=request.args.get("overdue") == "1", include_closed=include_closed)
    found = proposals.committee_cases(env(), actor(), union_id, page=page_arg(), per_page=100, filters=filters)
    rows = proposals.committee_rows(env(), union_id, found.items, today())
    sessions = {s.id: s for s in congress.list_congress_sessions(env(), union_id)}
    waiting = [r for r in rows if r.assignable]
    assign = proposals.assignment(env(), waiting[0].case if waiting else None)
    return render_template(
        "proposals/committee.html", rows=rows, found=found, include_closed=include_closed, union_id=union_id,
        filters=filters, states=proposals.committee_states(env(), include_closed=include_closed),
        categories=proposals.categories(env()),
        departments=services.list_organisations(env(), kind="department", under=union_id),
        unions=unions_of(signed_in(), (COMMITTEE,), below=False), orgs={o.id: o.name for o in org_tree().values()},
        newest=max(sessions, default=None, key=lambda i: (sessions[i].collection_opens, i)),
        assign=assign, options={f.name: choices(f, union_id) for f in assign.fields}, waiting=waiting,
        export_sessions=sorted(sessions.values(), key=lambda s: (s.collection_opens, s.term, s.number, s.id),
                               reverse=True))


def _assign_one(case_id: int, values: dict[str, Any]) -> Result:
    try:
        view = services.case_view(env(), actor(), case_id)
    except services.EngineError as err:
        return Result(case_id, "", False, err.label(lang()))
    assign = proposals.assignment(env(), view)
    form = {**assign.defaults, **values}
    try:
        services.fire(env(), actor(), case_id, assign.trigger, form, expected_version=view.version)
    except services.ValidationFailed as err:
        info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
        parts = [(info.fields[name].label(lang()) + ": " if name in info.fields else "") + " ".join(messages)
                 for name, messages in errors_in(err, lang()).items()]
        return Result(case_id, view.summary.title, False, "; ".join(parts))
    except services.TransitionNotAllowed:
        return Result(case_id, view.summary.title, False,
                      _("It is at the step “%(step)s” and cannot be assigned now.",
                        step=view.summary.state_label(lang())))
    except services.EngineError as err:
        return Result(case_id, view.summary.title, False, err.label(lang()))
    return Result(case_id, view.summary.title, True, _("Assigned."))


@login_required
def bulk_assign() -> Response | str:
    union_id = _committee_union()
    picked = list(dict.fromkeys(int(v) for v in request.form.getlist("case_id") if v.strip().isdigit()))
    if not picked:
        flash(_("Tick the proposals to assign first."), "warning")
        return redirect(url_for("proposals.committee", union=union_id))
    if not confirm.confirmed():
        return confirm.step(
            _("Assign %(n)s proposals?", n=len(picked)),
            [_("%(n)s proposals are assigned with the departments and deadline chosen; each department is told "
               "at once. Afterwards an assignment changes only by reassigning each proposal.", n=len(picked))],
            button=_("Assign"), cancel=url_for("proposals.committee", union=union_id))
    values = collect(proposals.assignment(env(), None).fields, request.form)
    results = [_assign_one(case_id, values) for case_id in picked]
    return render_template("proposals/assigned.html", results=results, union_id=union_id)


# -- text templates ------------------------------------------------------------------------------------------
@login_required
def templates_page() -> Response | tuple[str, int]:
    union_id = _committee_union()
    state, status = FormState(), 200
    if request.method == "POST":
        if request.form.get("delete"):
            mine = {str(t.id) for t in services.list_templates(env(), union_id, TEMPLATE_KIND)}
            if request.form["delete"] not in mine:
                abort(404)
            services.delete_template(env(), int(request.form["delete"]))
            flash(_("The template was deleted."), "success")
            return redirect(url_for("proposals.templates", union=union_id))
        state.values = {"title": request.form.get("title", ""), "body": request.form.get("body", "")}
        try:
            services.save_template(env(), union_id, TEMPLATE_KIND, state.values["title"], state.values["body"],
                                   signed_in().id)
        except services.ValidationFailed as err:
            state.errors, status = errors_in(err, lang()), 422
        else:
            flash(_("The template was saved."), "success")
            return redirect(url_for("proposals.templates", union=union_id))
    return render_template("proposals/templates.html", union_id=union_id, state=state,
                           templates=services.list_templates(env(), union_id, TEMPLATE_KIND)), status


def reason_templates(view: services.CaseView) -> list[services.TemplateView]:
    """The committee's templates for a case page where the viewer may return, reject or convert the case."""
    if not any(a.trigger in proposals.REASON_TRIGGERS for a in view.actions):
        return []
    user = signed_in()
    if view.summary.organisation_id not in unions_of(user, (COMMITTEE,), below=False):
        return []
    return services.list_templates(env(), view.summary.organisation_id, TEMPLATE_KIND)
