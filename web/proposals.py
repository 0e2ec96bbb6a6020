"""Proposal pages: new proposal, my proposals, co-sign invitations, the public and committee registers."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web import committee
from web.actions import FormState, choices, collect, errors_in
from web.cases import saved_answer, uploads
from web.context import actor, env, lang, load_user
from web.unions import int_arg, page_arg, sessions_of, signed_in, today, unions_of
from workflows.proposals import services as proposals

bp = Blueprint("proposals", __name__)
WORKFLOW = proposals.NAME
DRAFT_KEY = "proposal:new"  # the new-proposal form's draft, one per representative

bp.add_url_rule("/committee/register", "committee", committee.register_page)
bp.add_url_rule("/committee/assign", "bulk_assign", committee.bulk_assign, methods=["POST"])
bp.add_url_rule("/committee/templates", "templates", committee.templates_page, methods=["GET", "POST"])
bp.app_template_global("committee_templates")(committee.reason_templates)
bp.app_template_global("shanghai_today")(today)


@bp.app_template_global("proposal_details")
def proposal_details(view: services.CaseView) -> proposals.Details:
    """A proposal on its case page as the domain shows it: labelled values, names, its deadline's state."""
    return proposals.details(env(), view, today())


# -- a new proposal -------------------------------------------------------------------------------------------
@bp.route("/proposals/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    union_ids = unions_of(signed_in(), ("representative",), below=False)
    if not union_ids:
        abort(403)
    now = today()
    every = sessions_of(union_ids)
    sessions = [s for s in every if s.collecting(now)]  # only those collecting: a closed one is not offered
    by_id = {str(s.id): s for s in every}  # a closed one posted all the same is refused beside the field
    info = services.describe(env(), WORKFLOW)
    title_field = info.fields["title"]
    session_field = proposals.SESSION_FIELD
    fields = [f for f in info.start_fields if f.name != session_field]
    state = FormState(values={session_field: str(sessions[0].id)} if sessions else {})
    status, files_sent = 200, False
    draft = services.load_draft(env(), signed_in().id, DRAFT_KEY)
    if draft is not None and request.method == "GET":
        state.values = {k: v for k, v in draft.values.items() if k in info.fields or k == "title"}
    if request.method == "POST":
        values = collect(info.start_fields, request.form)
        title = request.form.get("title", "")
        state.values = {**values, "title": title}
        chosen = by_id.get(values.get(session_field, ""))
        organisation_id = chosen.organisation_id if chosen else union_ids[0]
        files = uploads()
        files_sent = bool(files)
        try:
            outcome = services.start_case(env(), actor(), WORKFLOW, organisation_id=organisation_id,
                                          title=title, form=values, uploads=files)
        except services.ValidationFailed as err:
            state.errors = errors_in(err, lang())
        except services.NotFound as err:
            state.errors = {session_field: [err.label(lang())]}
        except services.PermissionDenied:
            abort(403)
        else:
            services.discard_draft(env(), signed_in().id, DRAFT_KEY)
            flash(_("Your proposal is saved as a draft. Invite co-signers from its page to send it on."),
                  "success")
            return redirect(url_for("cases.show", case_id=outcome.case_id))
        status = 422
    chosen = by_id.get(str(state.values.get(session_field, "")))
    organisation_id = chosen.organisation_id if chosen else union_ids[0]
    options = {f.name: choices(f, organisation_id) for f in fields}
    return render_template("proposals/new.html", info=info, title_field=title_field, fields=fields,
                           options=options, sessions=sessions, today=now, state=state, session_field=session_field,
                           files_sent=files_sent, any_session=bool(every),
                           draft=draft if request.method == "GET" else None,
                           draft_revision=draft.revision if draft else ""), status


@bp.route("/proposals/new/draft", methods=["POST"])
@login_required
def save_new_draft() -> Response | tuple[Response, int]:
    """Keep what the new-proposal form holds (sent every few seconds while it changes): the last save wins, and
    the answer says so when another tab saved in between."""
    if not unions_of(signed_in(), ("representative",), below=False):
        abort(403)
    info = services.describe(env(), WORKFLOW)
    names = {"title", *(f.name for f in info.start_fields)}
    values = {k: (request.form.getlist(k) if len(request.form.getlist(k)) > 1 else request.form.get(k, ""))
              for k in request.form if k in names}
    return saved_answer(DRAFT_KEY, values)


@bp.route("/proposals/similar")
@login_required
def similar() -> str:
    """The proposals like the one being written (a fragment the new-proposal page asks for as it is typed)."""
    session_id = int_arg(proposals.SESSION_FIELD)
    text = " ".join(request.args.get(k, "") for k in ("reasons", "measures"))
    found = proposals.similar(env(), actor(), session_id, request.args.get("title", ""), text)
    return render_template("proposals/_similar_list.html", found=found)


# -- my proposals and invitations ----------------------------------------------------------------------------
@bp.route("/proposals/mine")
@login_required
def mine() -> str:
    mine = proposals.my_proposals(env(), actor(), page=page_arg(), per_page=20)
    return render_template("proposals/mine.html", found=mine.found, numbers=mine.numbers)


@bp.route("/proposals/invitations")
@login_required
def invitations() -> str:
    user = signed_in()
    tasks = proposals.invitations(env(), user.id, page=page_arg(), per_page=20)
    views = []
    for task in tasks.items:
        try:
            views.append(services.case_view(env(), actor(), task.case_id))
        except (services.NotFound, services.PermissionDenied):
            continue
    names = services.user_names(env(), [v.summary.created_by for v in views if v.summary.created_by])
    shown = {v.summary.id: proposals.details(env(), v, today()) for v in views}
    return render_template("proposals/invitations.html", tasks=tasks, views=views, names=names, shown=shown,
                           answers=proposals.INVITATION_ANSWERS)


# -- the public register -------------------------------------------------------------------------------------
@bp.route("/proposals/register")
def register() -> str | Response:
    """The public register: for signed-in staff, or for anyone when ``[web] public_register = "anyone"``."""
    user = load_user(None)
    anyone = current_app.extensions["unionflow.settings"].web.public_register == "anyone"
    if user is None and not anyone:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    union_ids = unions_of(user) if user is not None else [o.id for o in services.list_organisations(env(),
                                                                                                     kind="union")]
    if not union_ids:
        abort(403)
    wanted = int_arg("session")
    sessions = sessions_of(union_ids)
    session_id = wanted if wanted is not None else (sessions[0].id if sessions else None)
    filters = {"q": request.args.get("q", "").strip(), "category": request.args.get("category", ""),
               "state": request.args.get("state", ""), "department": int_arg("department")}
    chosen, departments = None, []
    if session_id is not None:
        try:
            chosen = proposals.public_register(
                env(), actor(), session_id, text=filters["q"], category=filters["category"], state=filters["state"],
                department=filters["department"], page=page_arg(), per_page=50, anyone=anyone)
        except services.NotFound:
            abort(404)
        except services.PermissionDenied:
            abort(403)
        departments = services.list_organisations(env(), kind="department", under=chosen.session.organisation_id)
    readers = services.report_readers(env(), "proposal_register")
    may_export = (user is not None and chosen is not None
                  and chosen.session.organisation_id in unions_of(user, readers, below=False))
    return render_template("proposals/register.html", sessions=sessions, register=chosen,
                           session=chosen.session if chosen else None, found=chosen.found if chosen else None,
                           departments=departments, filters=filters, may_export=may_export,
                           checkpoint=services.latest_checkpoint(env()))


@bp.route("/proposals/sessions/<int:session_id>/handling-report")
@login_required
def handling_report(session_id: int) -> str:
    """The report on the handling of a session's proposals, as the next session hears it (上次会议提案办理情况)."""
    return render_template("proposals/handling_report.html", report=_handling_report(session_id))


@bp.route("/proposals/sessions/<int:session_id>/handling-report.docx")
@login_required
def handling_report_docx(session_id: int) -> Response:
    from web.reports import TYPES, disposition

    report = _handling_report(session_id)
    out = BytesIO()  # a few pages: built in memory
    proposals.write_handling_report(report, out, today())
    response = Response(out.getvalue(), mimetype=TYPES["docx"])
    response.headers["Content-Disposition"] = disposition(report.title, "docx", f"handling-report-{session_id}")
    return response


def _handling_report(session_id: int) -> proposals.HandlingReport:
    try:
        return proposals.handling_report(env(), actor(), session_id, lang())
    except (services.NotFound, services.PermissionDenied):
        abort(404)
