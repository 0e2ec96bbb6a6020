"""The booth, the console's paper forms and the API refuse whoever is not on the roster of the session's term,
citing the rule; a representative taken off the roster after checking in can no longer vote."""

from __future__ import annotations

import pytest

from engine import services
from engine.services import Actor
from support.api import World, api_app, api_env, bearer, problem
from support.congress import Congress
from support.congress_pages import block, opened, post
from support.web import PASSWORD, csrf, sign_in
from workflows.congress import services as congress

RULE = "《企业民主管理规定》第二十五条"


# -- pages (SQLite) ---------------------------------------------------------------------------------------------
@pytest.fixture
def union(web_env) -> Congress:
    """Six representatives (rep1..rep5 and one more), the session opened."""
    return Congress(web_env, size=6, password=PASSWORD)


def test_the_booth_tells_someone_off_the_roster_why_they_cannot_check_in_or_vote(app, client, web_env, union):
    c = union
    services.grant_role(web_env, c.leader, c.union, "representative")  # the role, but not on the term's roster
    item = opened(web_env, c)
    sign_in(client, "leader")
    response = client.get(f"/congress/sessions/{c.session}/booth")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "您不在第5届职工代表名册中" in block(page, "error-detail") and RULE in page
    rep5 = sign_in(app.test_client(), "rep5")  # checked in, then left the enterprise: the roster goes without her
    booth = f"/congress/sessions/{c.session}/booth"
    assert 'id="choice-agree"' in rep5.get(booth).get_data(as_text=True)
    token = csrf(rep5, booth)  # the ballot as she loaded it, while still on the roster
    assert c.reimport_without("rep5") == 1
    response = rep5.post(f"/congress/items/{item}/vote", data={"csrf_token": token, "choice": "agree"})
    assert response.status_code == 403 and RULE in response.get_data(as_text=True)
    assert congress.has_voted(web_env, c.rep5, [item]) == set()


def test_the_console_refuses_an_off_roster_paper_voter_beside_the_paper_form(client, web_env, union):
    c = union
    item = opened(web_env, c)
    c.reimport_without("rep4")
    sign_in(client, "office")
    console = f"/congress/sessions/{c.session}/console"
    response = post(client, f"/congress/items/{item}/paper-voters", {"user_id": [str(c.rep2), str(c.rep4)]},
                    form_on=console)
    assert response.status_code == 409
    paper = block(response.get_data(as_text=True), "paper")
    assert "刘洋不在第5届职工代表名册中" in paper and RULE in paper
    assert congress.get_item(web_env, item).participants == 0


# -- the API (both backends) ------------------------------------------------------------------------------------
@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    return World(env)


@pytest.fixture
def api(env, tmp_path, world):
    return api_app(env, tmp_path).test_client()


def test_the_api_refuses_check_in_and_votes_off_the_roster_citing_the_rule(api, env, world):
    services.grant_role(env, world.leader, world.union, "representative")
    leader, rep4 = bearer(world.token(world.leader)), bearer(world.token(world.rep4))
    session = f"/api/v1/congress/sessions/{world.session}"
    refused = problem(api.post(f"{session}/check-in", headers=leader, json={}), 403)
    assert "不在第5届职工代表名册中" in refused["detail"] and RULE in refused["detail"]
    refused = problem(api.post(f"{session}/check-in", headers=leader, json={}, environ_base={
        "HTTP_ACCEPT_LANGUAGE": "en"}), 403)
    assert "not on the roster of term 5" in refused["detail"] and "art. 25" in refused["detail"]
    world.check_in_all()
    congress.open_item(env, Actor(world.office), world.motion)
    world.reimport_without("rep4", "rep5")
    refused = problem(api.post(f"/api/v1/congress/items/{world.motion}/vote", headers=rep4,
                               json={"choice": "agree"}), 403)
    assert RULE in refused["detail"]
    paper = problem(api.post(f"/api/v1/congress/items/{world.motion}/paper-voters",
                             headers=bearer(world.token(world.office)), json={"user_ids": [world.rep5]}), 409)
    assert paper["code"] == "not_on_roster" and RULE in paper["detail"]
    problem(api.get(session, headers=rep4), 403)  # the representative role went with the roster: no longer a member
    assert api.post(f"/api/v1/congress/items/{world.motion}/vote", headers=bearer(world.token(world.rep1)),
                    json={"choice": "agree"}).status_code == 201
