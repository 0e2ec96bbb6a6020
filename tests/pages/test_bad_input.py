"""Bad input never answers 500: JSON nested too deep or too big, NUL and lone surrogates in text, numbers and
dates out of range in query strings and forms, and file names with line breaks. Forms say what is wrong beside
the field; the API answers problem+json; the case stays as it was."""

from __future__ import annotations

import json

import pytest

from engine import services
from support.api import World, api_app, api_env, bearer
from support.web import sign_in

HUGE = "99999999999999999999"


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    world = World(env)
    services.grant_role(env, world.rep1, world.union, "union_office")
    return world


@pytest.fixture
def app(env, world, tmp_path):
    return api_app(env, tmp_path)


def start_body(world, **over):
    return {"workflow": "proposal", "organisation_id": world.union, "title": "关于夜班供餐的提案",
            "form": {"session_id": world.session, "category": "welfare", "reasons": "夜班职工就餐难",
                     "measures": "增开夜间窗口"}, **over}


def cases_count(env, world):
    return services.search_cases(env, services.Actor(world.rep1), per_page=1).total


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # refused before the database is asked
@pytest.mark.parametrize("depth", [64 + 1, 5_000, 100_000])
def test_json_nested_too_deep_is_a_400(app, world, env, depth):
    before = cases_count(env, world)
    body = '{"title": ' + "[" * depth + "]" * depth + "}"
    response = app.test_client().post("/api/v1/cases", data=body, content_type="application/json",
                                      headers=bearer(world.token(world.rep1)))
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert cases_count(env, world) == before


@pytest.mark.parametrize("title", ["关于\x00夜班的提案", "关于\ud800夜班的提案", "关于\udfff夜班", "\x07铃声"])
def test_nul_surrogates_and_control_characters_in_api_text_are_refused(app, world, env, title):
    before = cases_count(env, world)
    body = json.dumps(start_body(world, title=title))  # ensure_ascii: the surrogate travels as \\ud800
    response = app.test_client().post("/api/v1/cases", data=body, content_type="application/json",
                                      headers=bearer(world.token(world.rep1)))
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert cases_count(env, world) == before


@pytest.mark.parametrize("path", [
    "/proposals/register?q=%00", "/committee/register?q=%00", "/admin/users?q=%00",
    f"/proposals/register?session={HUGE}", f"/reports/proposals?session={HUGE}&format=csv",
    f"/dashboard?session={HUGE}", f"/proposals/register?page={HUGE}", f"/inbox?page={HUGE}",
    f"/notifications?page={HUGE}", f"/admin/users?page={HUGE}", f"/inbox?department={HUGE}",
    f"/committee/register?department={HUGE}", f"/committee/register?union={HUGE}",
    f"/api/v1/cases?page={HUGE}", f"/api/v1/cases?organisation_id={HUGE}", "/api/v1/cases?text=%00",
])
def test_bad_query_strings_are_refused_not_a_500(app, world, path):
    client = sign_in(app.test_client(), "office") if not path.startswith("/api/") else app.test_client()
    headers = bearer(world.token(world.rep1)) if path.startswith("/api/") else {}
    response = client.get(path, headers=headers)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("closes", ["9999-12-31", "0001-01-01", "2201-01-01T00:00:00+08:00"])
def test_a_date_outside_1900_to_2200_in_an_api_body_is_refused(app, world, closes):
    response = app.test_client().post("/api/v1/admin/sessions", json={
        "organisation_id": world.union, "term": 5, "number": 9, "name": "第五届职代会第九次会议",
        "collection_opens": "2026-12-01", "collection_closes": closes}, headers=bearer(world.token(world.office)))
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "1900" in response.json["errors"]["collection_closes"][0]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_due_date_in_the_year_9999_is_refused_through_the_api(app, world, env):
    case_id, u = world.proposal, world
    for who, trigger, form in ((u.rep1, "invite", {"co_signers_invited": [u.rep2, u.rep3]}), (u.rep2, "co_sign", None),
                               (u.rep3, "co_sign", None), (u.committee, "accept", {"comment": "符合立案条件"}),
                               (u.leader, "endorse", {"instruction": "请抓紧办理"})):
        version = services.case_view(env, services.Actor(who), case_id).version
        services.fire(env, services.Actor(who), case_id, trigger, form, expected_version=version)
    before = services.case_view(env, services.Actor(u.committee), case_id)
    response = app.test_client().post(
        f"/api/v1/cases/{case_id}/actions/assign", json={"form": {"lead_department": u.logistics,
                                                                  "due_date": "9999-12-31"}},
        headers=bearer(world.token(u.committee), **{"If-Match": f'"{case_id}-{before.version}"'}))
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert services.case_view(env, services.Actor(u.committee), case_id).version == before.version
