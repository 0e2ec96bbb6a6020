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


def assigned_proposal(env: Env, u: Union, due_date: str) -> int:
    """A proposal co-signed, accepted, endorsed and assigned to logistics, due on ``due_date``."""
    case_id = start_proposal(env, u)
    rep1, committee = services.Actor(u.rep1), services.Actor(u.committee)
    services.fire(env, rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    for rep in (u.rep2, u.rep3):
        services.fire(env, services.Actor(rep), case_id, "co_sign")
    services.fire(env, committee, case_id, "accept")
    services.fire(env, services.Actor(u.leader), case_id, "endorse", {"instruction": "同意"})
    services.fire(env, committee, case_id, "assign", {"lead_department": u.logistics, "due_date": due_date})
    return case_id


def start_proposal(env: Env, u: Union, **form: str) -> int:
    data = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口",
            **form}
    actor = services.Actor(u.rep1)
    return services.start_case(env, actor, "proposal", u.union, "关于食堂夜班供餐的提案", data).case_id
