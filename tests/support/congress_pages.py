"""Helpers for the congress pages' tests: a motion put on the ballot (and opened), a form posted with its CSRF
token, a block of a page, and the receipt code the booth shows."""

from __future__ import annotations

import re

from engine.services import Actor
from support.congress import Congress
from support.web import csrf
from workflows.congress import services as congress

RECEIPT = re.compile(r'id="receipt-code">([A-Z0-9-]{24})<')


def motion(env, c: Congress, title: str = "工资集体协商方案", **options) -> int:
    return congress.add_item(env, Actor(c.office), c.session, kind="motion", title=title, **options)


def opened(env, c: Congress, title: str = "工资集体协商方案") -> int:
    c.check_in_all()
    item = motion(env, c, title)
    congress.open_item(env, Actor(c.chair), item)
    return item


def post(client, path: str, data: dict | None = None, *, form_on: str | None = None):
    return client.post(path, data={"csrf_token": csrf(client, form_on or path), **(data or {})})


def block(page: str, element_id: str) -> str:
    """The markup from an element with this id to the next section or item."""
    start = page.index(f'id="{element_id}"')
    ends = [page.find(marker, start + 1) for marker in ("<section", 'class="list-group-item"')]
    return page[start:min([e for e in ends if e > 0] or [len(page)])]
