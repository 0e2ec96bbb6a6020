"""Inspections through the generic JSON API on both backends: the office organises, a representative records a
finding, the department reports, a representative refuses with problem+json for a bad form; whoever may not read
a finding gets a 404 problem; the OpenAPI document offers both workflows."""

from __future__ import annotations

import pytest

from engine import services
from support.api import api_app, api_env, bearer, problem
from support.inspections import Inspected


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def u(env):
    return Inspected(env)


@pytest.fixture
def client(env, tmp_path, u):
    return api_app(env, tmp_path).test_client()


def token(env, user_id: int) -> dict[str, str]:
    return bearer(services.create_token(env, user_id, "测试").secret)


def act(client, who, case: dict, trigger: str, form: dict):
    return client.post(f"/api/v1/cases/{case['id']}/actions/{trigger}", json={"form": form},
                       headers={**who, "If-Match": case["etag"]})


def test_an_inspection_and_its_finding_through_the_api(client, env, u):
    office, rep1, handler = token(env, u.office), token(env, u.rep1), token(env, u.logistics_handler)
    organised = client.post("/api/v1/cases", headers=office, json={
        "workflow": "inspection", "organisation_id": u.union, "title": "宿舍安全巡视",
        "form": {"representatives": [u.rep1, u.rep2], "inspection_date": "2026-11-24", "places": "宿舍楼"}})
    assert organised.status_code == 201, organised.get_data(as_text=True)
    inspection = organised.get_json()
    recorded = client.post("/api/v1/cases", headers=rep1, json={
        "workflow": "finding", "organisation_id": u.union, "title": "楼道灯不亮",
        "form": {"inspection_id": inspection["id"], "place": "二号宿舍楼", "department": u.logistics}})
    assert recorded.status_code == 201, recorded.get_data(as_text=True)
    finding = recorded.get_json()
    assert finding["state"] == "rectifying" and finding["data"]["due_date"] == "2026-12-14"
    reported = act(client, handler, client.get(f"/api/v1/cases/{finding['id']}", headers=handler).get_json(),
                   "report_rectification", {"rectification": "已更换灯具。", "rectified_on": "2026-11-23"})
    assert reported.status_code == 200 and reported.get_json()["state"] == "checking"
    bad = problem(act(client, rep1, reported.get_json(), "refuse", {"new_due_date": "2026-11-01"}), 422)
    assert set(bad["errors"]) == {"form.refusal_reason"}
    past = problem(act(client, rep1, reported.get_json(), "refuse", {"refusal_reason": "灯具型号不符",
                                                                     "new_due_date": "2026-11-01"}), 422)
    assert set(past["errors"]) == {"form.new_due_date"}
    for outsider in (u.staff, u.works_handler, u.rep3):
        gone = problem(client.get(f"/api/v1/cases/{finding['id']}", headers=token(env, outsider)), 404)
        assert gone["status"] == 404
    listed = client.get("/api/v1/cases", headers=token(env, u.works_handler), query_string={"workflow": "finding"})
    assert listed.get_json()["items"] == []


def test_the_openapi_document_offers_the_inspection_workflows(client, env, u):
    rep1 = token(env, u.rep1)
    names = {w["name"] for w in client.get("/api/v1/workflows", headers=rep1).get_json()["items"]}
    assert {"inspection", "finding"} <= names
    spec = client.get("/api/v1/workflows/finding", headers=rep1).get_json()
    assert {"report_rectification", "accept", "refuse", "refuse_again"} <= {
        t["trigger"] for t in spec.get("transitions", spec.get("actions", []))}
