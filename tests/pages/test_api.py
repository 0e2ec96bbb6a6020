"""The JSON API through the Flask test client on both backends: tokens, problems, If-Match, a vote."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from engine import services
from engine.store.models import ApiToken, LoginFailure
from support.api import World, api_app, api_env, bearer, problem
from support.db import snapshot
from support.web import csrf, sign_in


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    return World(env)


@pytest.fixture
def app(env, tmp_path, world):
    return api_app(env, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def case_url(case_id: int) -> str:
    return f"/api/v1/cases/{case_id}"


# -- tokens ------------------------------------------------------------------------------------------------------
def test_a_token_is_shown_once_stored_hashed_and_stops_working_when_revoked(client, env, world):
    sign_in(client, "rep1")
    page = client.post("/profile/tokens", data={"name": "人事系统", "csrf_token": csrf(client, "/profile")})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    secret = html.split('id="new-token-secret"')[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert secret.startswith("uf_") and len(secret) > 40
    assert secret not in client.get("/profile").get_data(as_text=True)  # shown once
    with env.db.engine.connect() as conn:
        row = conn.execute(sa.select(ApiToken.__table__)).one()
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest() and row.name == "人事系统"
    assert not any(secret in repr(rows) for rows in snapshot(env).values())  # nowhere in the clear

    api = client.application.test_client()  # no cookie: the token alone
    me = api.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200 and me.get_json()["username"] == "rep1"
    assert me.get_json()["authenticated_by"] == "token"
    assert services.list_tokens(env, world.rep1)[0].last_used_at is not None

    revoked = client.post(f"/profile/tokens/{row.id}/revoke", data={"csrf_token": csrf(client, "/profile")})
    assert revoked.status_code == 302
    body = problem(api.get("/api/v1/me", headers=bearer(secret)), 401)
    assert body["type"].endswith("#problem-unauthorized")


def test_a_bad_token_answers_401_problem_json_in_the_callers_language(client, world):
    response = client.get("/api/v1/cases", headers=bearer("uf_not-a-token"))
    body = problem(response, 401)
    assert "invalid_token" in response.headers["WWW-Authenticate"]
    assert body["title"] == "需要身份验证" and body["detail"] == "访问令牌无效或已撤销。"
    english = problem(client.get("/api/v1/cases", headers=bearer("uf_x", **{"Accept-Language": "en-GB"})), 401)
    assert english["title"] == "Authentication required"
    anonymous = client.get("/api/v1/cases")
    problem(anonymous, 401)
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    problem(client.get("/api/v1/cases", headers={"Authorization": "Basic cmVwMTp4"}), 401)


def test_bad_tokens_from_one_address_are_throttled_with_retry_after_but_a_valid_token_never(client, env, world,
                                                                                            clock):
    good = world.token(world.rep1)
    for _ in range(19):
        problem(client.get("/api/v1/me", headers=bearer("uf_guess")), 401)
    bad_login = client.post("/login", data={"username": "rep2", "password": "wrong-password",
                                            "csrf_token": csrf(client, "/login")})
    assert bad_login.status_code == 401  # the twentieth failure from this address, on the sign-in form
    throttled = client.get("/api/v1/me", headers=bearer("uf_guess"))
    body = problem(throttled, 429)
    assert body["type"].endswith("#problem-throttled")
    assert int(throttled.headers["Retry-After"]) == 1  # 2^(n - 20) seconds after the n-th, at most 15 minutes
    assert client.get("/api/v1/me", headers=bearer(good)).status_code == 200  # whatever anyone failed
    with env.db.engine.connect() as conn:  # the same table as the sign-in form's failures
        assert conn.execute(sa.select(sa.func.count()).select_from(LoginFailure.__table__)
                            .where(LoginFailure.__table__.c.key == "addr:127.0.0.1")).scalar_one() == 20
    clock.advance(seconds=1)
    problem(client.get("/api/v1/me", headers=bearer("uf_guess")), 401)  # counted: the next waits 2 s
    assert int(problem(client.get("/api/v1/me", headers=bearer("uf_guess")), 429)["status"]) == 429
    assert client.get("/api/v1/me", headers=bearer("uf_guess")).headers["Retry-After"] == "2"


# -- cases ---------------------------------------------------------------------------------------------------------
PROPOSAL = {"category": "welfare", "reasons": "倒班职工下班后无处就餐。", "measures": "增设夜间供餐窗口。"}


def test_a_proposal_is_started_and_acted_on_with_if_match(client, env, world):
    rep1 = bearer(world.token(world.rep1))
    started = client.post("/api/v1/cases", headers=rep1, json={
        "workflow": "proposal", "organisation_id": world.union, "title": "关于增设夜班食堂窗口的提案",
        "form": {"session_id": world.session, **PROPOSAL}})
    assert started.status_code == 201, started.get_data(as_text=True)
    case = started.get_json()
    assert started.headers["ETag"] == case["etag"] == f'"{case["id"]}-{case["version"]}"'
    assert started.headers["Location"].endswith(case_url(case["id"]))
    assert {a["trigger"] for a in case["actions"]} >= {"edit", "invite", "withdraw"}
    edit = {"form": {"title": "关于增设夜班食堂窗口的提案（修改稿）", **PROPOSAL}}

    missing = problem(client.post(f"{case_url(case['id'])}/actions/edit", headers=rep1, json=edit), 428)
    assert missing["type"].endswith("#problem-if-match-required")
    edited = client.post(f"{case_url(case['id'])}/actions/edit", json=edit,
                         headers={**rep1, "If-Match": started.headers["ETag"]})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert edited.headers["ETag"] != started.headers["ETag"]
    assert edited.get_json()["title"].endswith("（修改稿）")

    before = snapshot(env)
    invite = {"form": {"co_signers_invited": [world.rep2, world.rep3]}}
    stale = problem(client.post(f"{case_url(case['id'])}/actions/invite", json=invite,
                                headers={**rep1, "If-Match": started.headers["ETag"]}), 412)
    assert stale["type"].endswith("#problem-stale") and stale["current_etag"] == edited.headers["ETag"]
    assert snapshot(env) == before  # a refused write changes nothing
    invited = client.post(f"{case_url(case['id'])}/actions/invite", json=invite,
                          headers={**rep1, "If-Match": edited.headers["ETag"]})
    assert invited.status_code == 200 and invited.get_json()["state"] == "co_signing"

    read = client.get(case_url(case["id"]), headers=rep1)
    assert read.headers["ETag"] == invited.headers["ETag"]
    assert [e["trigger"] for e in read.get_json()["history"]] == ["start", "edit", "invite"]
    listed = client.get("/api/v1/cases", headers=rep1, query_string={"workflow": "proposal", "text": "修改稿"})
    assert [c["id"] for c in listed.get_json()["items"]] == [case["id"]]


def test_the_engines_conflict_also_answers_412(client, world):
    """If-Match matched when read, but the case moved before the write: the engine's Conflict is a 412 too."""
    rep1 = bearer(world.token(world.rep1))
    etag = client.get(case_url(world.proposal), headers=rep1).headers["ETag"]
    world.fire(world.rep1, world.proposal, "withdraw")
    body = problem(client.post(f"{case_url(world.proposal)}/actions/invite", headers={**rep1, "If-Match": etag},
                               json={"form": {"co_signers_invited": [world.rep2]}}), 412)
    assert body["type"].endswith("#problem-stale")


def test_unknown_fields_are_refused_with_422_and_field_errors(client, world):
    rep1 = bearer(world.token(world.rep1))
    body = problem(client.post("/api/v1/cases", headers=rep1, json={
        "workflow": "proposal", "organisation_id": world.union, "title": "提案", "form": {}, "colour": "red"}), 422)
    assert body["type"].endswith("#problem-validation") and body["errors"] == {"colour": ["不接受该字段。"]}
    etag = client.get(case_url(world.proposal), headers=rep1).headers["ETag"]
    body = problem(client.post(f"{case_url(world.proposal)}/actions/invite",
                               headers={**rep1, "If-Match": etag, "Accept-Language": "en"},
                               json={"form": {"co_signers_invited": [world.rep2], "colour": "red"}}), 422)
    assert body["errors"] == {"form.colour": ["This action does not take this field."]}
    body = problem(client.post("/api/v1/cases", headers=rep1, json={
        "workflow": "proposal", "organisation_id": world.union, "title": "", "form": {"session_id": world.session}}),
        422)
    assert set(body["errors"]) >= {"title", "form.category", "form.reasons"}


def test_permissions_are_those_of_the_pages(client, world):
    rep1, rep2 = bearer(world.token(world.rep1)), bearer(world.token(world.rep2))
    etag = client.get(case_url(world.proposal), headers=rep1).headers["ETag"]
    problem(client.get(case_url(world.proposal), headers=rep2), 404)  # rep1's draft: rep2 cannot tell it exists
    problem(client.post(f"{case_url(world.proposal)}/actions/withdraw", headers={**rep2, "If-Match": etag},
                        json={}), 404)
    body = problem(client.post(f"{case_url(world.proposal)}/actions/fly", headers={**rep1, "If-Match": etag},
                               json={}), 409)
    assert body["type"].endswith("#problem-transition-not-allowed") and body["allowed"] == ["edit", "invite",
                                                                                               "withdraw"]
    problem(client.post(f"/api/v1/congress/sessions/{world.session}/items", headers=rep2,
                        json={"kind": "motion", "title": "代表不能添加表决事项"}), 403)
    problem(client.get(f"/api/v1/congress/terms/{world.term}/roster", headers=rep2), 403)
    problem(client.get(f"/api/v1/cases/{world.bargain}/opinions", headers=bearer(world.token(world.rep4))),
            403)  # rep2 negotiates this case, rep4 does not
    outsider = services.create_user(world.env, "outsider", "孙路人")
    problem(client.get(f"/api/v1/congress/sessions/{world.session}", headers=bearer(world.token(outsider))), 403)
    problem(client.get(case_url(world.proposal), headers=bearer(world.token(outsider))), 404)
    problem(client.get(case_url(99999), headers=rep2), 404)


# -- a secret ballot ------------------------------------------------------------------------------------------------
def test_a_vote_through_the_api_with_its_receipt(client, world):
    office, rep1 = bearer(world.token(world.office)), bearer(world.token(world.rep1))
    session = f"/api/v1/congress/sessions/{world.session}"
    problem(client.post(f"/api/v1/congress/items/{world.motion}/open", headers=office), 409)  # nobody checked in
    checked = client.post(f"{session}/check-in", headers=office, json={"user_ids": world.roster})
    assert checked.status_code == 200 and checked.get_json()["quorum"]["met"] is True
    problem(client.post(f"/api/v1/congress/items/{world.motion}/open", headers=rep1), 403)
    opened = client.post(f"/api/v1/congress/items/{world.motion}/open", headers=office)
    assert opened.status_code == 200 and opened.get_json()["status"] == "open"

    problem(client.post(f"/api/v1/congress/items/{world.motion}/vote", headers=office, json={"choice": "agree"}),
            403)  # the office is not on the roster
    teller = bearer(world.token(world.teller1))
    counted = client.post(f"/api/v1/congress/items/{world.motion}/tally", headers=teller, json={
        "box": "一号票箱", "counts": {"ballots": 0, "invalid": 0, "agree": 0, "disagree": 0, "abstain": 0}})
    assert counted.status_code == 204, counted.get_data(as_text=True)
    problem(client.post(f"/api/v1/congress/items/{world.motion}/tally", headers=teller,
                        json={"box": "一号票箱", "counts": {"ballots": 0, "maybe": 1}}), 422)
    boxes = client.get(f"/api/v1/congress/items/{world.motion}/paper-boxes", headers=teller).get_json()["items"]
    assert boxes == [{"box": "一号票箱", "status": "waiting", "tellers": 1, "mine": {
        "ballots": 0, "invalid": 0, "agree": 0, "disagree": 0, "abstain": 0}}]
    problem(client.get(f"/api/v1/congress/items/{world.motion}/paper-boxes", headers=rep1), 403)
    client.post(f"/api/v1/congress/items/{world.motion}/tally", headers=bearer(world.token(world.teller2)), json={
        "box": "一号票箱", "counts": {"ballots": 0, "invalid": 0, "agree": 0, "disagree": 0, "abstain": 0}})
    bad = problem(client.post(f"/api/v1/congress/items/{world.motion}/vote", headers=rep1,
                              json={"choice": "maybe"}), 422)
    assert "choice" in bad["errors"]
    cast = client.post(f"/api/v1/congress/items/{world.motion}/vote", headers=rep1, json={"choice": "agree"})
    assert cast.status_code == 201, cast.get_data(as_text=True)
    receipt = cast.get_json()["receipt"]
    again = problem(client.post(f"/api/v1/congress/items/{world.motion}/vote", headers=rep1,
                                json={"choice": "disagree"}), 409)
    assert again["code"] == "already_voted"

    in_box = client.post(f"{session}/receipts", headers=rep1, json={"code": receipt.lower().replace("-", " ")})
    assert in_box.status_code == 200 and in_box.get_json()["counted"] is False
    assert client.get(f"{session}/results", headers=rep1).get_json()["items"] == []
    closed = client.post(f"/api/v1/congress/items/{world.motion}/close", headers=office)
    assert closed.status_code == 200 and closed.get_json()["result"]["counts"]["agree"] == 1
    counted = client.post(f"{session}/receipts", headers=rep1, json={"code": receipt}).get_json()
    assert counted == {"item_id": world.motion, "item_title": "关于食堂改造方案的决议", "counted": True,
                       "choice": "agree"}
    problem(client.post(f"{session}/receipts", headers=rep1, json={"code": "AAAA-BBBB-CCCC-DDDD-EEEE"}), 404)
    results = client.get(f"{session}/results", headers=rep1).get_json()["items"]
    assert [i["id"] for i in results] == [world.motion]


def test_a_representatives_own_steps_and_the_session_status(client, world):
    rep1 = bearer(world.token(world.rep1))
    session = f"/api/v1/congress/sessions/{world.session}"
    status = client.get(session, headers=rep1).get_json()
    assert status["phase"] == "open" and status["me"]["representative"] and not status["me"]["checked_in"]
    duties = client.get("/api/v1/inbox", headers=rep1).get_json()["duties"]
    assert {d["step"] for d in duties} == {"documents", "check_in"}
    assert client.post(f"{session}/documents", headers=rep1).get_json()["me"]["confirmed"] is True
    checked = client.post(f"{session}/check-in", headers=rep1, json={})
    assert checked.get_json()["checked_in"] == 1 and checked.get_json()["quorum"]["present"] == 1
    problem(client.post(f"{session}/check-in", headers=rep1, json={"user_ids": [world.rep2]}), 403)
    assert [s["id"] for s in client.get("/api/v1/congress/sessions", headers=rep1).get_json()["items"]] == [
        world.session]


# -- rosters and bargaining ------------------------------------------------------------------------------------------
def test_the_office_imports_a_roster_and_reads_the_rule_checks(client, world):
    office = bearer(world.token(world.office))
    terms = client.get("/api/v1/congress/terms", headers=office).get_json()["items"]
    assert [t["id"] for t in terms] == [world.term] and terms[0]["size"] == 12
    good = "username,name,email,delegation,category,sex,department\nrep1,代表1,,第1代表团,worker,f,生产部\n"
    done = client.post(f"/api/v1/congress/terms/{world.term}/roster", headers=office,
                       data={"file": (__import__("io").BytesIO(good.encode("utf-8-sig")), "roster.csv")})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["removed"] == 11
    bad = good + "x,某人,,第1代表团,astronaut,f,生产部\n"
    rejected = problem(client.post(f"/api/v1/congress/terms/{world.term}/roster", headers=office,
                                   data={"file": (__import__("io").BytesIO(bad.encode()), "roster.csv")}), 422)
    assert rejected["rows"][0]["row"] == 3 and rejected["errors"]["file"]
    checks = client.get(f"/api/v1/congress/terms/{world.term}/checks", headers=office).get_json()["items"]
    assert checks and all({"name", "label", "met", "figures"} <= set(c) for c in checks)


def test_opinions_and_the_draft_comparison(client, world):
    rep4, office = bearer(world.token(world.rep4)), bearer(world.token(world.office))
    sent = client.post(f"/api/v1/cases/{world.bargain}/opinions", headers=rep4,
                       json={"topic": "夜班津贴", "body": "希望提高夜班津贴。", "anonymous": True})
    assert sent.status_code == 201
    found = client.get(f"/api/v1/cases/{world.bargain}/opinions", headers=office).get_json()
    assert found["total"] == 1 and found["items"][0]["author"] is None
    compared = client.get(f"/api/v1/cases/{world.bargain}/drafts/compare", headers=office).get_json()
    assert (compared["old"]["version"], compared["new"]["version"]) == (1, 2)
    assert [c["change"] for c in compared["clauses"]] == ["same", "changed", "same", "added"]
    body = problem(client.get(f"/api/v1/cases/{world.bargain}/drafts/compare", headers=office,
                              query_string={"old": 7}), 422)
    assert list(body["errors"]) == ["old"]


# -- the app around it --------------------------------------------------------------------------------------------
def test_the_browser_session_works_and_its_writes_need_the_csrf_token(client, world):
    sign_in(client, "rep1")
    assert client.get("/api/v1/me").get_json()["authenticated_by"] == "session"
    session = f"/api/v1/congress/sessions/{world.session}"
    problem(client.post(f"{session}/documents"), 400)
    token = csrf(client, "/profile")
    assert client.post(f"{session}/documents", headers={"X-CSRFToken": token}).status_code == 200


def test_pages_keep_html_errors_and_the_api_its_own(client, world):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    rep1 = bearer(world.token(world.rep1))
    problem(client.get("/api/v1/no-such-thing", headers=rep1), 404)
    not_allowed = client.delete(case_url(world.proposal), headers=rep1)
    problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]
    problem(client.post("/api/v1/cases", headers={**rep1, "Content-Type": "application/json"}, data="{oops"), 400)
    chinese = client.get(case_url(world.proposal), headers=rep1)
    assert "关于食堂夜班供餐的提案".encode() in chinese.data  # not \\uXXXX escapes


def test_the_document_is_openapi_3_1_and_the_docs_page_is_local(client, world):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
    act = spec["paths"]["/api/v1/cases/{case_id}/actions/{trigger}"]["post"]
    assert {"412", "428", "422"} <= set(act["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in act["parameters"])
    docs = client.get("/api/v1/docs")
    html = docs.get_data(as_text=True)
    assert docs.status_code == 200 and 'id="op-act"' in html and 'id="problem-stale"' in html
    assert "cdn" not in html.lower() and 'src="http' not in html and 'href="http' not in html


def test_last_use_is_written_at_most_every_few_minutes(client, env, world, clock):
    secret = world.token(world.rep1)
    client.get("/api/v1/me", headers=bearer(secret))
    first = services.list_tokens(env, world.rep1)[0].last_used_at
    clock.advance(minutes=1)
    client.get("/api/v1/me", headers=bearer(secret))
    assert services.list_tokens(env, world.rep1)[0].last_used_at == first
    clock.advance(minutes=5)
    client.get("/api/v1/me", headers=bearer(secret))
    assert services.list_tokens(env, world.rep1)[0].last_used_at - first == timedelta(minutes=6)


def test_notification_preferences_and_language(client, world):
    rep1 = bearer(world.token(world.rep1))
    assert client.get("/api/v1/me/preferences", headers=rep1).get_json() == {"email": True, "digest": True,
                                                                             "language": "zh"}
    saved = client.put("/api/v1/me/preferences", headers=rep1, json={"email": False, "digest": True,
                                                                     "language": "en"})
    assert saved.get_json() == {"email": False, "digest": True, "language": "en"}
    assert problem(client.get(case_url(99999), headers=rep1), 404)["title"] == "Not found"  # now in English


def test_an_agenda_topic_is_proposed_and_put_on_the_agenda_through_the_api(client, env, world):
    rep2, office = bearer(world.token(world.rep2)), bearer(world.token(world.office))
    started = client.post("/api/v1/cases", headers=rep2, json={
        "workflow": "agenda_topic", "organisation_id": world.union, "title": "职工通勤班车增加线路",
        "form": {"session_id": world.session, "reason": "新城区职工增多。"}})
    assert started.status_code == 201, started.get_data(as_text=True)
    case = started.get_json()
    problem(client.get(case_url(case["id"]), headers=bearer(world.token(world.rep3))), 404)  # not theirs to read
    refused = problem(client.post(f"{case_url(case['id'])}/actions/decline", json={"form": {}},
                                  headers={**office, "If-Match": started.headers["ETag"]}), 422)
    assert "form.reason" in str(refused)
    done = client.post(f"{case_url(case['id'])}/actions/put_on_agenda",
                       json={"form": {"agenda_line": "通报班车线路调整方案"}},
                       headers={**office, "If-Match": started.headers["ETag"]})
    assert done.status_code == 200 and done.get_json()["state"] == "on_agenda"
    listed = client.get("/api/v1/cases?workflow=agenda_topic", headers=bearer(world.token(world.rep3))).get_json()
    assert [c["id"] for c in listed["items"]] == [case["id"]]  # on the agenda: the union reads it
