"""The case page: data, files, history, and a form for each action the viewer may take now."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web import confirm
from web.actions import FormState, choices, collect, errors_in
from web.context import actor, env, lang, when
from workflows.bargaining import services as bargaining
from workflows.proposals import services as proposals

bp = Blueprint("cases", __name__)


def uploads() -> list[services.Upload]:
    return [services.Upload(f.filename or "file", f.read()) for f in request.files.getlist("attachments")
            if f and f.filename]


def viewed(case_id: int) -> services.CaseView:
    """The case as the signed-in user sees it; 404 when there is none, 403 when it is not theirs to see."""
    try:
        return services.case_view(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)


def case_page(case_id: int, *, forms: dict[str, FormState] | None = None, status: int = 200,
              conflict: str | None = None, comment: FormState | None = None) -> tuple[str, int]:
    """The page; after a refused action or a form with errors, an alert at its top says so (see base.html)."""
    view = viewed(case_id)
    thread = services.list_comments(env(), actor(), case_id)
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    ids = [e.actor_id for e in view.history if e.actor_id] + [view.summary.created_by or 0]
    ids += [t.user_id for t in view.open_tasks if t.user_id]
    for f in info.fields.values():
        if f.kind in ("user", "users") and f.name in view.data:
            value = view.data[f.name]
            ids += value if isinstance(value, list) else [value]
    orgs = {o.id: o.name for o in services.list_organisations(env())}
    action_choices = {
        a.trigger: {f.name: choices(f, view.summary.organisation_id, exclude_case=case_id,
                                    workflow=view.summary.workflow, trigger=a.trigger) for f in a.fields}
        for a in view.actions}
    return render_template(
        "cases/case.html", view=view, info=info, names=services.user_names(env(), ids), orgs=orgs,
        followers=services.followers(env(), case_id), forms=forms or {}, action_choices=action_choices,
        conflict=conflict, main_case=_main_case(view), page_alert=_page_alert(view, forms or {}),
        progress=services.case_progress(env(), view),
        comments=thread, comment=comment or FormState(), comment_max=services.COMMENT_MAX,
        similar=proposals.review_similar(env(), actor(), view), autosave=_autosave(view),
        action_defaults=bargaining.action_defaults(view)
        if view.summary.workflow in (bargaining.NAME, bargaining.REGIONAL) else {}), status


def _page_alert(view: services.CaseView, forms: dict[str, FormState]) -> dict[str, str] | None:
    """What the top of the page says when an action was refused or its form has errors, with a link to it."""
    for trigger, state in forms.items():
        label = next((a.label(lang()) for a in view.actions if a.trigger == trigger), trigger)
        if state.message:
            text = _("%(action)s was not done: %(reason)s", action=label, reason=state.message)
        elif state.errors:
            text = _("%(action)s was not done: the form has errors, marked beside each field.", action=label)
        else:
            continue
        return {"text": text, "link": f"#action-{trigger}", "link_text": _("Go to the form")}
    return None


def draft_key(case_id: int, trigger: str) -> str:
    return f"case:{case_id}:{trigger}"


def _autosave(view: services.CaseView) -> dict[str, Any] | None:
    """The action form the page saves as it is typed (a draft proposal's), with what was saved of it."""
    trigger = proposals.autosaved_action(view)
    if trigger is None:
        return None
    saved = services.load_draft(env(), actor().user_id or 0, draft_key(view.summary.id, trigger))
    return {"trigger": trigger, "saved": saved}


def _main_case(view: services.CaseView) -> proposals.MainCase | None:
    """The proposal a merged one follows, shown to whoever sees the merged one."""
    if view.summary.follows_id is None:
        return None
    try:
        return proposals.main_case(env(), actor(), view.summary.id)
    except (services.NotFound, services.PermissionDenied):
        return None


@bp.route("/cases/<int:case_id>")
@login_required
def show(case_id: int) -> tuple[str, int]:
    return case_page(case_id)


@bp.route("/cases/<int:case_id>/act/<trigger>", methods=["POST"])
@login_required
def act(case_id: int, trigger: str) -> Response | tuple[str, int]:
    view = viewed(case_id)
    action = next((a for a in view.actions if a.trigger == trigger), None)
    fields: tuple[Any, ...] = action.fields if action else ()
    if action is not None and action.confirm is not None and not confirm.confirmed() and action.accepts_files:
        # A second page could not carry the files: the form asks for the confirmation beside its button.
        refused = FormState(values=collect(fields, request.form),
                            errors={"confirmed": [_("Tick the box to confirm: %(what)s", what=action.confirm(lang())),
                                                  *([_("The files you chose were not kept: choose them again.")]
                                                    if uploads() else [])]})
        return case_page(case_id, forms={trigger: refused}, status=422)
    if action is not None and action.confirm is not None and not confirm.confirmed():
        return confirm.step(_("%(action)s: please confirm", action=action.label(lang())),
                            [_("“%(title)s”", title=view.summary.title), action.confirm(lang())],
                            button=action.label(lang()), cancel=url_for("cases.show", case_id=case_id))
    values = collect(fields, request.form)
    state = FormState(values=values)
    try:
        expected = int(request.form.get("expected_version", ""))
    except ValueError:
        expected = -1
    try:
        services.fire(env(), actor(), case_id, trigger, values, expected_version=expected, uploads=uploads())
    except services.Conflict as err:
        state.message = err.label(lang())
        return case_page(case_id, forms={trigger: state}, status=409, conflict=err.label(lang()))
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return case_page(case_id, forms={trigger: state}, status=422)
    except services.TransitionNotAllowed as err:
        state.message = err.label(lang())
        return case_page(case_id, forms={trigger: state}, status=409)
    except services.PermissionDenied:
        abort(403)
    services.discard_draft(env(), actor().user_id or 0, draft_key(case_id, trigger))
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    flash(_("Done: %(action)s.", action=info.triggers.get(
        trigger, trigger)(lang())), "success")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.route("/cases/<int:case_id>/comments", methods=["POST"])
@login_required
def comment(case_id: int) -> Response | tuple[str, int]:
    """Post a comment to the case's discussion: 404 to one who may not read it, the field's error beside the
    text kept otherwise."""
    viewed(case_id)
    typed = request.form.get("text", "")
    try:
        services.post_comment(env(), actor(), case_id, typed)
    except services.ValidationFailed as err:
        return case_page(case_id, status=422, comment=FormState(values={"text": typed}, errors=errors_in(err, lang())))
    flash(_("Your comment is posted."), "success")
    return redirect(url_for("cases.show", case_id=case_id, _anchor="comments"))


@bp.route("/cases/<int:case_id>/draft/<trigger>", methods=["POST"])
@login_required
def save_draft(case_id: int, trigger: str) -> Response | tuple[Response, int]:
    """Keep what the action's form holds (sent every few seconds while it changes); only the form the page saves
    (a draft proposal's, by its proposer), 404 otherwise."""
    view = viewed(case_id)
    if proposals.autosaved_action(view) != trigger:
        abort(404)
    fields = next(a.fields for a in view.actions if a.trigger == trigger)
    names = {f.name for f in fields}
    values = {k: (request.form.getlist(k) if len(request.form.getlist(k)) > 1 else request.form.get(k, ""))
              for k in request.form if k in names}
    return saved_answer(draft_key(case_id, trigger), values)


def saved_answer(key: str, values: dict[str, Any]) -> Response | tuple[Response, int]:
    """Save a form's draft and say so: when, and whether another window saved in between (the last save wins)."""
    revision = request.form.get("revision", "")
    try:
        saved = services.save_draft(env(), actor().user_id or 0, key, values,
                                    int(revision) if revision.isdigit() else None)
    except services.ValidationFailed as err:
        return jsonify({"errors": errors_in(err, lang())}), 422
    at = when(saved.saved_at, "HH:mm")
    return jsonify({"revision": saved.revision, "saved_at": at,
                    "message": _("Saved automatically at %(time)s", time=at), "other_tab": saved.other_tab,
                    "notice": _("This draft was also saved from another window; what this window saved last now "
                                "stands.") if saved.other_tab else ""})


@bp.route("/files/<int:file_id>")
@login_required
def file(file_id: int) -> Response:
    try:
        info, content = services.get_file(env(), actor(), file_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    from io import BytesIO

    inline = info.content_type in ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")
    return send_file(BytesIO(content), mimetype=info.content_type, download_name=info.filename,
                     as_attachment=not inline)
