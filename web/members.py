"""The member register's pages for a union's office: the register (searched, paged), a member's page with their
history across unions, leaving, a transfer to another union (in the system, or outside it with its letter in
Word or on a print page), the import; and each union's figures, which a federation's staff read (figures only)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from web import confirm
from web.actions import FormState, errors_in
from web.context import actor, env, lang
from web.unions import chosen_union, org_tree, page_arg, signed_in, today, unions_of
from workflows.members import services as members

bp = Blueprint("members", __name__, url_prefix="/members")
UNCONFIRMED = Label("请勾选确认后再导入。", "Tick the confirmation to import.")
STATUS_FILTERS = ("member", "left", "transferred_out", "all")
PER_PAGE = 50  # unions to a page of the figures


@bp.app_template_global("member_case_details")
def member_case_details(view: services.CaseView) -> list[tuple[str, str]]:
    """An admission's or a transfer's particulars on its case page, in the page's language."""
    return [(label(lang()), str(value)) for label, value in members.case_details(view.summary.workflow, view.data)]


def _union() -> int:
    return chosen_union(unions_of(signed_in(), members.KEEPERS, below=False))


def _labels() -> dict[str, dict[str, str]]:
    return {"status": {k: v(lang()) for k, v in members.STATUSES.items()},
            "gender": {k: v(lang()) for k, v in members.GENDERS.items()},
            "how": {k: v(lang()) for k, v in members.JOINED_HOW.items()}}


@bp.route("")
@login_required
def register() -> str:
    union_ids = unions_of(signed_in(), members.KEEPERS, below=False)
    if not union_ids:
        abort(404)
    union_id = chosen_union(union_ids)
    status = request.args.get("status", "member")
    status = status if status in STATUS_FILTERS else "member"
    text = request.args.get("q", "")[:50]
    found = members.register_page(env(), actor(), union_id, text=text, page=page_arg(),
                                  status=None if status == "all" else status)
    counts = members.member_counts(env(), [union_id], today())[union_id]
    # Open applications of this union, and transfers it reads: its own going out, and those sent to it.
    pending = [*services.search_cases(env(), actor(), workflow=members.ADMISSION, organisation_id=union_id,
                                      open_only=True, per_page=50).items,
               *services.search_cases(env(), actor(), workflow=members.TRANSFER, open_only=True, per_page=50).items]
    tree = org_tree()
    return render_template("members/register.html", found=found, union_id=union_id, union_name=tree[union_id].name,
                           union_ids=union_ids, names={u: tree[u].name for u in union_ids}, status=status, q=text,
                           counts=counts, labels=_labels(), filters=STATUS_FILTERS, pending=pending,
                           apply_url=url_for("join.apply", union_id=union_id, _external=True))


def _page(member_id: int) -> members.MemberPage:
    try:
        return members.member_page(env(), actor(), member_id)
    except services.NotFound:
        abort(404)


def _other_unions(union_id: int) -> list[tuple[int, str]]:
    return sorted(((o.id, o.name) for o in org_tree().values() if o.kind == "union" and o.id != union_id),
                  key=lambda pair: pair[1])


def member_view(member_id: int, state: FormState | None = None, form: str = "", status: int = 200
                ) -> tuple[str, int]:
    page = _page(member_id)
    return render_template("members/member.html", page=page, m=page.member, labels=_labels(),
                           state=state or FormState(), form=form, unions=_other_unions(page.member.union_id),
                           today=today().isoformat()), status


@bp.route("/<int:member_id>")
@login_required
def member(member_id: int) -> tuple[str, int]:
    return member_view(member_id)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return date.max  # refused by the service beside the field


@bp.route("/<int:member_id>/leave", methods=["POST"])
@login_required
def leave(member_id: int) -> Response | tuple[str, int]:
    page = _page(member_id)
    reason, on = request.form.get("reason", ""), request.form.get("left_on", "")
    state = FormState(values={"reason": reason, "left_on": on})
    if not confirm.confirmed() and reason.strip():
        return confirm.step(_("Record that %(name)s left the union?", name=page.member.name), [
            _("%(name)s (no. %(number)s) is taken off the register from %(day)s. The record stays in the register's "
              "history and cannot be undone; joining again is a new application.", name=page.member.name,
              number=page.member.number, day=on or today().isoformat()),
            _("Reason: %(reason)s", reason=reason)], button=_("Record leaving"),
            cancel=url_for("members.member", member_id=member_id))
    try:
        members.record_leaving(env(), actor(), member_id, reason, _day(on))
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return member_view(member_id, state, "leave", 422)
    flash(_("Leaving recorded: %(name)s is no longer on the register.", name=page.member.name), "success")
    return redirect(url_for("members.member", member_id=member_id))


@bp.route("/<int:member_id>/transfer", methods=["POST"])
@login_required
def transfer(member_id: int) -> Response | tuple[str, int]:
    """A transfer to another union in the system: sent to its office at once."""
    page = _page(member_id)
    raw, note = request.form.get("to_union", ""), request.form.get("note", "")
    to_union = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    state = FormState(values={"to_union": raw, "note": note})
    names = dict(_other_unions(page.member.union_id))
    if not confirm.confirmed() and to_union in names:
        return confirm.step(_("Transfer %(name)s to %(union)s?", name=page.member.name, union=names[to_union]), [
            _("The transfer goes to the office of %(union)s, which accepts or declines it by its deadline. Until it "
              "accepts, %(name)s stays on this union's register; once it accepts, they move to its register with a "
              "new membership number.", union=names[to_union], name=page.member.name)],
            button=_("Send the transfer"), cancel=url_for("members.member", member_id=member_id))
    try:
        case_id = members.start_transfer(env(), actor(), member_id, to_union, note)
    except services.PermissionDenied:
        abort(404)
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return member_view(member_id, state, "transfer", 422)
    flash(_("The transfer was sent to the receiving union's office."), "success")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.route("/<int:member_id>/outside", methods=["POST"])
@login_required
def outside(member_id: int) -> Response | tuple[str, int]:
    """A transfer to a union outside the system: marked transferred out, then the letter to print."""
    page = _page(member_id)
    values = {k: request.form.get(k, "") for k in ("destination", "reason", "left_on")}
    state = FormState(values=values)
    if not confirm.confirmed() and values["destination"].strip() and values["reason"].strip():
        return confirm.step(_("Transfer %(name)s to %(union)s?", name=page.member.name, union=values["destination"]), [
            _("%(name)s is marked transferred out and leaves this union's register; this cannot be undone. Print the "
              "transfer letter next and give it to the member.", name=page.member.name)],
            button=_("Transfer out"), cancel=url_for("members.member", member_id=member_id))
    try:
        members.transfer_outside(env(), actor(), member_id, values["destination"], values["reason"],
                                 _day(values["left_on"]))
    except services.ValidationFailed as err:
        state.errors = errors_in(err, lang())
        return member_view(member_id, state, "outside", 422)
    flash(_("Transferred out. Print the transfer letter below."), "success")
    return redirect(url_for("members.letter", member_id=member_id))


@bp.route("/<int:member_id>/letter")
@login_required
def letter(member_id: int) -> Response | str:
    page = _page(member_id)
    m = page.member
    if m.status != "transferred_out" or not m.destination or page.history[-1].id != m.id:
        abort(404)  # a transfer within the system needs no letter: the receiving union has the member already
    if request.args.get("format") == "docx":
        out = BytesIO()
        name = members.write_letter(env(), actor(), member_id, out)
        out.seek(0)
        return send_file(out, as_attachment=True, download_name=f"{name}.docx",
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return render_template("members/letter.html", m=m, paragraphs=members.letter_text(m))


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_file() -> Response | tuple[str, int]:
    union_id = _union()
    errors: list[str] = []
    unconfirmed = False
    if request.method == "POST":
        upload = request.files.get("file")
        content = upload.read() if upload else b""
        try:
            if not confirm.confirmed():  # a file cannot travel through a confirmation page: confirmed beside it
                unconfirmed = True
            else:
                done = members.import_members(env(), actor(), union_id, content)
        except members.ImportRejected as err:
            errors = [row.text(lang()) for row in err.rows]
        except services.ValidationFailed as err:
            errors = [m for ms in errors_in(err, lang()).values() for m in ms]
        else:
            if not unconfirmed:
                flash(_("%(n)s members imported.", n=done.added), "success")
                return redirect(url_for("members.register", union=union_id))
    columns = [(names[1], names[0]) for names in members.COLUMNS.values()]
    return render_template("members/import.html", union_id=union_id, errors=errors, columns=columns,
                           unconfirmed=UNCONFIRMED(lang()) if unconfirmed else None), \
        422 if errors or unconfirmed else 200


@bp.route("/counts")
@login_required
def counts() -> str:
    """Each union's figures for those who may read them: its office, and a federation's staff for the unions
    below the federation (the figures only: no member's name or number), by name, fifty unions to a page."""
    union_ids = unions_of(signed_in(), members.FIGURE_READERS, below=False)
    tree = org_tree()
    if not union_ids:
        abort(404)
    page = page_arg()
    ordered = sorted(union_ids, key=lambda u: (tree[u].name, u))
    shown = ordered[(page - 1) * PER_PAGE: page * PER_PAGE]
    figures = members.member_counts(env(), shown, today())  # the page's unions only
    found = services.Page([(tree[u].name, figures[u]) for u in shown], page, PER_PAGE, len(ordered))
    return render_template("members/counts.html", rows=found.items, found=found, day=today())
