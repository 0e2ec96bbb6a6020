"""The disclosure register over /api/v1: the register read by the staff and kept by the office, a question on a
published item asked by a member of staff, the answers under the item without the asker's name; an item not
published gets a 404 problem."""

from __future__ import annotations

import pytest

from support.disclosures import Disclosures
from support.web import PASSWORD, csrf, sign_in


@pytest.fixture
def union(web_env) -> Disclosures:
    return Disclosures(web_env, password=PASSWORD)


def test_the_register_and_a_question_answered_through_the_api(client, union):
    item = union.item()
    sign_in(client, "rep1")
    listed = client.get(f"/api/v1/disclosures/entries?union={union.union}")
    assert listed.status_code == 200 and len(listed.json["items"]) == 3
    headers = {"X-CSRFToken": csrf(client, "/disclosures")}
    refused = client.post(f"/api/v1/cases/{item}/questions", json={"text": "?"}, headers=headers)
    assert refused.status_code == 404 and refused.content_type == "application/problem+json"
    union.publish(item)
    asked = client.post(f"/api/v1/cases/{item}/questions", json={"text": "夜班津贴是否计入？"}, headers=headers)
    assert asked.status_code == 201
    assert client.post(f"/api/v1/cases/{item}/questions", json={"text": ""}, headers=headers).status_code == 422
    union.fire(union.hr_handler, asked.json["id"], "answer", {"answer": "计入。"})
    answers = client.get(f"/api/v1/cases/{item}/answers").json["items"]
    assert [(a["question"], a["asker"], a["answer"]) for a in answers] == [("夜班津贴是否计入？", None, "计入。")]
    entry = {"title": "食堂承包合同", "category": "other", "frequency": "yearly", "channel": "board",
             "scope": union.union, "department": union.logistics, "starts_on": "2026-01-01"}
    assert client.post(f"/api/v1/disclosures/entries?union={union.union}", json=entry,
                       headers=headers).status_code == 403
    office = client.application.test_client()
    sign_in(office, "office")
    made = office.post(f"/api/v1/disclosures/entries?union={union.union}", json=entry,
                       headers={"X-CSRFToken": csrf(office, "/disclosures")})
    assert made.status_code == 201
