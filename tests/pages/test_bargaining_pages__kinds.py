"""The kinds of agreement on the pages and in the API: the request form offers four, and the case page, the
written request (page and Word) and the dashboard name the kind in Chinese and in English."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document

from support.api import World, api_app, api_env, bearer, problem
from support.bargaining import TOPICS, Bargaining
from support.congress_pages import post
from support.web import PASSWORD, csrf, sign_in

WOMEN = ("女职工权益保护专项集体合同", "Special contract on women staff&#39;s rights")


@pytest.fixture
def union(web_env) -> Bargaining:
    return Bargaining(web_env, size=6, password=PASSWORD)


def test_the_office_starts_a_special_contract_and_every_page_names_its_kind(client, web_env, union):
    sign_in(client, "office")
    page = client.get("/bargaining").get_data(as_text=True)
    for value, name in (("collective_contract", "集体合同"), ("wage_agreement", "工资专项集体合同"),
                        ("women_protection", WOMEN[0]), ("labour_safety", "劳动安全卫生专项集体合同")):
        assert re.search(rf'<option value="{value}"[^>]*>\s*{name}\s*</option>', page), value
    response = client.post("/bargaining/new", data={
        "csrf_token": csrf(client, "/bargaining"), "union": union.union, "title": "女职工权益保护专项集体协商",
        "kind": "women_protection", "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS})
    assert response.status_code == 302
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert re.search(rf'id="bargaining-kind">\s*{WOMEN[0]}', page)
    letter = client.get(f"/bargaining/{case_id}/request").get_data(as_text=True)
    assert "女职工权益保护专项集体协商要约书" in letter and f"签订{WOMEN[0]}" in letter
    doc = Document(BytesIO(client.get(f"/bargaining/{case_id}/request.docx").data))
    assert "女职工权益保护专项集体协商要约书" in "\n".join(p.text for p in doc.paragraphs)
    assert WOMEN[0] in client.get("/bargaining").get_data(as_text=True)

    post(client, "/language", {"lang": "en", "next": "/inbox"}, form_on="/inbox")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert re.search(rf'id="bargaining-kind">\s*{WOMEN[1]}', page)
    assert WOMEN[1] in client.get("/bargaining").get_data(as_text=True)
    # The written request is served in Chinese whatever the page's language.
    assert "女职工权益保护专项集体协商要约书" in client.get(f"/bargaining/{case_id}/request").get_data(as_text=True)


@pytest.fixture
def api(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


def test_the_api_lists_the_kinds_and_starts_a_labour_safety_contract(api, tmp_path):
    world = World(api)
    client = api_app(api, tmp_path).test_client()
    office = bearer(world.token(world.office))
    described = client.get("/api/v1/workflows/bargaining", headers={**office, "Accept-Language": "en"}).get_json()
    (kind,) = [f for f in described["start_fields"] if f["name"] == "kind"]
    assert {c["value"]: c["label"] for c in kind["choices"]}["labour_safety"] == \
        "Special contract on labour safety and health"
    started = client.post("/api/v1/cases", headers=office, json={
        "workflow": "bargaining", "organisation_id": world.union, "title": "劳动安全卫生专项集体协商",
        "form": {"kind": "labour_safety", "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS}})
    assert started.status_code == 201, started.get_data(as_text=True)
    assert started.get_json()["data"]["kind"] == "labour_safety" and started.get_json()["spec_version"] == 3
    body = problem(client.post("/api/v1/cases", headers=office, json={
        "workflow": "bargaining", "organisation_id": world.union, "title": "加班协议",
        "form": {"kind": "overtime", "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS}}), 422)
    assert "form.kind" in body["errors"]
