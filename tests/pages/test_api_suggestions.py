"""Suggestions through the JSON API on both backends: a department's member sends one, the office routes it, the
department adopts it; others get 404 until then, a refused form is a 422 problem, the workflow is described."""

from __future__ import annotations

import io

import openpyxl
import pytest

from engine import services
from support.api import World, api_app, api_env, bearer, problem

FORM = {"field": "safety", "situation": "涂装线排风口雨天进水", "proposal": "加装防雨罩",
        "expected_benefit": "减少停线"}


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    return World(env)


@pytest.fixture
def client(env, tmp_path, world):
    return api_app(env, tmp_path).test_client()


def act(client, token, case, trigger, form):
    answer = client.post(f"/api/v1/cases/{case['id']}/actions/{trigger}", json={"form": form},
                         headers={**bearer(token), "If-Match": case["etag"]})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_a_suggestion_is_sent_routed_and_adopted_through_the_api(client, world):
    sender, office = world.token(world.works_handler), world.token(world.office)
    handler, other = world.token(world.logistics_handler), world.token(world.rep2)
    described = client.get("/api/v1/workflows/suggestion", headers=bearer(sender))
    assert described.status_code == 200
    refused = problem(client.post("/api/v1/cases", headers=bearer(sender), json={
        "workflow": "suggestion", "organisation_id": world.union, "title": "排风口防雨罩",
        "form": {**FORM, "proposal": ""}}), 422)
    assert "form.proposal" in refused["errors"]
    started = client.post("/api/v1/cases", headers=bearer(sender), json={
        "workflow": "suggestion", "organisation_id": world.union, "title": "排风口防雨罩", "form": FORM})
    assert started.status_code == 201, started.get_data(as_text=True)
    case = started.get_json()
    assert client.get(f"/api/v1/cases/{case['id']}", headers=bearer(other)).status_code == 404
    case = act(client, office, case, "route", {"department": world.logistics})
    assert case["state"] == "assessing"
    case = act(client, handler, case, "adopt", {"outcome": "adopted", "assessment": "隐患属实"})
    assert case["state"] == "implementing"
    read = client.get(f"/api/v1/cases/{case['id']}", headers=bearer(other))
    assert read.status_code == 200 and read.get_json()["data"]["outcome"] == "adopted"
    listed = client.get("/api/v1/cases", headers=bearer(other), query_string={"workflow": "suggestion"})
    assert [c["id"] for c in listed.get_json()["items"]] == [case["id"]]


def test_the_union_office_downloads_the_yearly_register_others_get_403(client, env, world):
    services.start_case(env, services.Actor(world.rep1), "suggestion", world.union, "排风口防雨罩", FORM)
    query = {"union_id": world.union, "year": 2026}
    got = client.get("/api/v1/reports/suggestions", query_string=query, headers=bearer(world.token(world.office)))
    assert got.status_code == 200 and got.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(got.data))
    assert [r[1] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)] == ["排风口防雨罩"]
    problem(client.get("/api/v1/reports/suggestions", query_string=query, headers=bearer(world.token(world.rep2))),
            403)
    problem(client.get("/api/v1/reports/suggestions", query_string={"union_id": world.union, "year": 1},
                       headers=bearer(world.token(world.office))), 400)
