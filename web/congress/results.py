"""The results of a session's closed items, and the receipt check: a code proves its vote was counted."""

from __future__ import annotations

import re
from typing import Any

from flask import render_template, request
from flask_login import login_required

from web.congress.common import ITEM_STATUSES, bp, choice_words, counter_label, member_only, session_of
from web.context import env, text
from workflows.congress import services as congress


def rule_label(item: congress.ItemView) -> str:
    rule = congress.rules_of(env()).pass_rules.get(item.pass_rule)
    return text(rule.label) if rule is not None else item.pass_rule


def rows(item: congress.ItemView) -> list[dict[str, Any]]:
    """One line per counter of a closed motion or election: its name, its count, and whether it was elected."""
    result = item.result or {}
    counts = result.get("counts", {})
    found = []
    for key in congress.counter_keys(item.kind, item.options):
        row: dict[str, Any] = {"key": key, "label": counter_label(item, key), "count": counts.get(key, 0)}
        if item.kind == "election":
            row["elected"] = int(key[1:]) in result.get("elected", [])
        found.append(row)
    return found


def typed_code(raw: str) -> str:
    """A receipt code as printed (groups of four joined by dashes), however it was typed: spaces, no dashes,
    small letters."""
    plain = re.sub(r"[^0-9A-Za-z]", "", raw).upper()
    return "-".join(plain[i:i + 4] for i in range(0, len(plain), 4))


def percent(share: float) -> str:
    return f"{100 * share:.1f}%"


@bp.route("/sessions/<int:session_id>/results", methods=["GET", "POST"])
@login_required
def results(session_id: int) -> tuple[str, int]:
    """Every closed item with its counts, turnout and outcome; open items say only that voting goes on."""
    session = session_of(session_id)
    member_only(session)
    items = congress.list_items(env(), session_id)
    code, check, words, status = "", None, [], 200
    if request.method == "POST":
        code = typed_code(request.form.get("code", ""))
        check = congress.check_receipt(env(), session_id, code) if code else None
        if check is not None:
            words = choice_words(congress.get_item(env(), check.item_id), check.choice)
        else:
            status = 404 if code else 422
    return render_template(
        "congress/results.html", session=session, items=items,
        rows={i.id: rows(i) for i in items if i.result and i.kind != "evaluation"},
        rule_label=rule_label, percent=percent, statuses=ITEM_STATUSES, code=code, check=check, words=words,
        searched=request.method == "POST"), status
