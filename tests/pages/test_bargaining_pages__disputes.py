"""A dispute on the pages and in the API: the employer asks for coordination after the union's refusal, the union
office records the acceptance (a refusal shown beside the field, citing art. 53), the case page shows the
coordination and its deadline; the API refuses a second extension with problem+json citing art. 53."""

from __future__ import annotations

import re

import pytest

from engine import services
from engine.services import Actor
from support.api import World, api_app, api_env, bearer, problem
from support.bargaining import Bargaining
from support.web import PASSWORD, csrf, sign_in


@pytest.fixture
def union(web_env) -> Bargaining:
    return Bargaining(web_env, size=6, password=PASSWORD)


def act(client, env, case_id: int, trigger: str, form: dict[str, str], who: int):
    return client.post(f"/cases/{case_id}/act/{trigger}", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"),
        "expected_version": str(services.case_view(env, Actor(who), case_id).version), **form})


def test_the_employer_asks_for_coordination_and_the_union_records_its_acceptance(client, web_env, union):
    case_id = union.start(union.boss, initiator="employer")
    union.fire(union.boss, case_id, "send_request_to_union", {"received_on": "2026-11-23"})
    union.fire(union.office, case_id, "refuse", {"reason": "本年度已签订工资协议。"})
    sign_in(client, "boss")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="action-request_coordination"' in page and 'id="action-end_without_agreement"' in page
    response = act(client, web_env, case_id, "request_coordination", {
        "requested_on": "2026-11-23", "bodies": "市人力资源和社会保障局", "note": "工会拒绝协商。"}, union.boss)
    assert response.status_code == 302

    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "office")
    assert str(case_id) in client.get("/inbox").get_data(as_text=True)  # the union side holds a task
    response = act(client, web_env, case_id, "accept_coordination", {"accepted_on": "2026-11-20",
                                                                     "handler": "劳动关系科"}, union.office)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第五十三条" in page and 'value="劳动关系科"' in page
    assert act(client, web_env, case_id, "accept_coordination", {"accepted_on": "2026-11-23"},
               union.office).status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    coordination = page[page.index('id="coordination-1"'):]
    assert "市人力资源和社会保障局" in coordination and "工会拒绝协商。" in coordination
    assert re.search(r'id="date-coordination_due">[^<]*2026', page)
    assert 'id="action-extend_coordination"' in page and 'id="action-resume_talks"' in page
    assert 'id="action-proceed_with_draft"' not in page  # no draft to send on


@pytest.fixture
def api(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


def test_the_api_refuses_a_second_extension_citing_article_53(api, tmp_path):
    world = World(api)
    client = api_app(api, tmp_path).test_client()
    world.fire(world.rep1, world.bargain, "record_round", {"held_on": "2026-11-23", "attendance": "双方各3人",
                                                            "minutes": "分歧较大。"})
    boss = bearer(world.token(world.boss))
    url = f"/api/v1/cases/{world.bargain}"
    etag = client.get(url, headers=boss).headers["ETag"]
    asked = client.post(f"{url}/actions/request_coordination", headers={**boss, "If-Match": etag}, json={"form": {
        "requested_on": "2026-11-23", "bodies": "市人社局", "note": "工资增幅分歧。"}})
    assert asked.status_code == 200 and asked.get_json()["state"] == "coordination_requested"
    accepted = client.post(f"{url}/actions/accept_coordination", headers={**boss, "If-Match": asked.headers["ETag"]},
                           json={"form": {"accepted_on": "2026-11-23"}})
    assert accepted.get_json()["data"]["coordination_due"] == "2026-12-23"
    extended = client.post(f"{url}/actions/extend_coordination", headers={**boss, "If-Match": accepted.headers["ETag"]},
                           json={"form": {"reason": "需补充调查。"}})
    assert extended.get_json()["data"]["coordination_due"] == "2027-01-07"
    body = problem(client.post(f"{url}/actions/extend_coordination",
                               headers={**boss, "If-Match": extended.headers["ETag"]},
                               json={"form": {"reason": "再延长。"}}), 422)
    assert any("第五十三条" in m for messages in body["errors"].values() for m in messages)
