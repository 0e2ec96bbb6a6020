"""The confirmation step before an irreversible action, without JavaScript: the first post of a form shows what
will happen (in words and figures) with the same values in hidden fields and ``confirmed=1``; the second acts."""

from __future__ import annotations

from collections.abc import Iterable

from flask import render_template, request


def confirmed() -> bool:
    """Whether this post is the second one, sent from the confirmation step."""
    return request.form.get("confirmed") == "1"


def step(title: str, lines: Iterable[str], *, button: str, cancel: str, action: str | None = None) -> tuple[str, int]:
    """The confirmation page for the posted form, which it posts again to ``action`` (this address by default)."""
    hidden = [(name, value) for name, values in request.form.lists() if name not in ("csrf_token", "confirmed")
              for value in values]
    return render_template("confirm.html", title=title, lines=[line for line in lines if line], button=button,
                           cancel=cancel, action=action or request.full_path.rstrip("?"), hidden=hidden), 200
