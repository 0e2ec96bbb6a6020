"""A committee election through the JSON API on both backends: the office starts the plan (a plan against the law
is a 422 problem naming each field, the article cited), sends it up; the federation's staff approve it; another
district's staff get 404."""

from __future__ import annotations

import pytest

from engine import services
from support.api import api_app, api_env, bearer, problem
from support.elections import PLAN, Elections


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def e(env):
    return Elections(env)


def test_a_plan_is_refused_started_sent_and_approved_through_the_api(env, e, tmp_path):
    client = api_app(env, tmp_path).test_client()
    office, staff = (services.create_token(env, u, "测试").secret for u in (e.office, e.staff))
    elsewhere = services.create_token(env, e.elsewhere, "测试").secret
    body = {"workflow": "committee_election", "organisation_id": e.union, "title": "第四届工会委员会换届选举"}
    refused = problem(client.post("/api/v1/cases", headers=bearer(office),
                                  json={**body, "form": {**PLAN, "term_years": 4, "no_relatives": False}}), 422)
    assert {"form.term_years", "form.no_relatives"} <= set(refused["errors"])
    assert "第十六条" in str(refused["errors"]["form.term_years"])
    started = client.post("/api/v1/cases", headers=bearer(office), json={**body, "form": PLAN})
    assert started.status_code == 201, started.get_data(as_text=True)
    case = started.get_json()
    sent = client.post(f"/api/v1/cases/{case['id']}/actions/submit_plan", json={"form": {}},
                       headers={**bearer(office), "If-Match": case["etag"]})
    assert sent.status_code == 200, sent.get_data(as_text=True)
    problem(client.get(f"/api/v1/cases/{case['id']}", headers=bearer(elsewhere)), 404)
    seen = client.get(f"/api/v1/cases/{case['id']}", headers=bearer(staff))
    assert seen.status_code == 200
    approved = client.post(f"/api/v1/cases/{case['id']}/actions/approve_plan", json={"form": {"reply_ref": "31号"}},
                           headers={**bearer(staff), "If-Match": seen.get_json()["etag"]})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    assert approved.get_json()["state"] == "preparing"
