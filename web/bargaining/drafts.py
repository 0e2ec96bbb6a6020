"""Two versions of the draft agreement side by side, clause by clause, with what changed marked."""

from __future__ import annotations

import difflib
from typing import Any

from flask import abort, render_template
from flask_login import login_required

from web.bargaining.common import bp, case_of
from web.context import env
from web.unions import int_arg
from workflows.bargaining import services as bargaining


def marks(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A changed clause's old and new text in pieces: kept, deleted (old side) or inserted (new side)."""
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(("same", old[i1:i2]))
            after.append(("same", new[j1:j2]))
            continue
        if i2 > i1:
            before.append(("del", old[i1:i2]))
        if j2 > j1:
            after.append(("ins", new[j1:j2]))
    return before, after


@bp.route("/<int:case_id>/drafts")
@login_required
def drafts(case_id: int) -> str:
    view = case_of(case_id)
    found = {d.version: d for d in bargaining.drafts(env(), view)}
    versions = list(found)
    if not versions:
        abort(404)
    old = found.get(int_arg("old", versions[-2] if len(versions) > 1 else versions[-1]))
    new = found.get(int_arg("new", versions[-1]))
    if old is None or new is None:
        abort(404)
    rows: list[dict[str, Any]] = []
    for row in bargaining.compare_clauses(old.text, new.text):
        pieces = marks(row.old, row.new) if row.change == "changed" else None
        rows.append({"row": row, "old": pieces[0] if pieces else None, "new": pieces[1] if pieces else None})
    counts = {kind: sum(1 for r in rows if r["row"].change == kind) for kind in ("changed", "added", "removed")}
    return render_template("bargaining/drafts.html", view=view, versions=versions, old=old, new=new, rows=rows,
                           counts=counts)

