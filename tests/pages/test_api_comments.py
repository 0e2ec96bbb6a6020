"""A case's discussion on the JSON API: GET and POST /api/v1/cases/{id}/comments, problems for outsiders and bad
text, and an action sent with the ETag from before a comment."""

from __future__ import annotations

import pytest

from engine import services
from support.api import World, api_app, api_env, bearer, problem


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    return World(env)


@pytest.fixture
def client(env, tmp_path, world):
    return api_app(env, tmp_path).test_client()


def test_a_reader_posts_and_lists_comments(client, world):
    rep1 = bearer(world.token(world.rep1))
    url = f"/api/v1/cases/{world.proposal}/comments"
    assert client.get(url, headers=rep1).get_json() == {"items": []}
    posted = client.post(url, headers=rep1, json={"text": "  <i>先</i>征求车间意见。 "})
    assert posted.status_code == 201, posted.get_data(as_text=True)
    assert posted.get_json()["text"] == "<i>先</i>征求车间意见。" and posted.get_json()["author_id"] == world.rep1
    items = client.get(url, headers=rep1).get_json()["items"]
    assert [(c["text"], c["author_id"]) for c in items] == [("<i>先</i>征求车间意见。", world.rep1)]
    history = client.get(f"/api/v1/cases/{world.proposal}", headers=rep1).get_json()["history"]
    assert [e["trigger"] for e in history] == ["start"]  # comments are listed apart


def test_outsiders_get_404_and_bad_text_422_as_problems(client, world):
    url = f"/api/v1/cases/{world.proposal}/comments"
    outsider = bearer(world.token(world.rep2))  # rep1's draft: rep2 is not invited yet
    assert problem(client.get(url, headers=outsider), 404)["type"].endswith("#problem-not-found")
    assert problem(client.post(url, headers=outsider, json={"text": "看看"}), 404)
    rep1 = bearer(world.token(world.rep1))
    empty = problem(client.post(url, headers=rep1, json={"text": " "}), 422)
    assert list(empty["errors"]) == ["text"]
    long = problem(client.post(url, headers=rep1, json={"text": "长" * (services.COMMENT_MAX + 1)}), 422)
    assert "2000" in long["errors"]["text"][0]
    assert problem(client.post(url, headers=rep1, json={}), 422)["errors"]
    # NUL is refused before the handler by the input guard, naming the field (400, see web/guard.py)
    assert list(problem(client.post(url, headers=rep1, json={"text": "a\u0000b"}), 400)["errors"]) == ["text"]
    assert client.get(url, headers=rep1).get_json() == {"items": []}


def test_an_action_with_the_etag_from_before_a_comment_is_taken_a_real_change_is_412(client, world):
    rep1 = bearer(world.token(world.rep1))
    case_url = f"/api/v1/cases/{world.proposal}"
    before = client.get(case_url, headers=rep1).headers["ETag"]
    client.post(f"{case_url}/comments", headers=rep1, json={"text": "再想想。"})
    assert client.get(case_url, headers=rep1).headers["ETag"] != before
    edit = {"form": {"title": "关于食堂夜班供餐的提案（修改稿）", "category": "welfare", "reasons": "r",
                     "measures": "m"}}
    edited = client.post(f"{case_url}/actions/edit", headers={**rep1, "If-Match": before}, json=edit)
    assert edited.status_code == 200, edited.get_data(as_text=True)
    stale = problem(client.post(f"{case_url}/actions/edit", headers={**rep1, "If-Match": before}, json=edit), 412)
    assert stale["current_etag"] == edited.headers["ETag"]
