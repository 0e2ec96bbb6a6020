"""Signing in and posting forms with the Flask test client."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from engine import services
from engine.core.env import Env
from support.union import Union

PASSWORD = "correct-horse-42"


def csrf(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on ``path``, as a browser would have it."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, username: str) -> FlaskClient:
    token = csrf(client, "/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def start_proposal(env: Env, u: Union, **form: str) -> int:
    data = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口",
            **form}
    actor = services.Actor(u.rep1)
    return services.start_case(env, actor, "proposal", u.union, "关于食堂夜班供餐的提案", data).case_id
