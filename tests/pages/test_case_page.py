"""The case page: what a person sees and the actions they can take, with errors kept beside the fields."""

from __future__ import annotations

from engine import services
from support.web import assigned_proposal, csrf, sign_in, start_proposal


def test_the_proposer_sees_the_case_and_invites_co_signers(client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "关于食堂夜班供餐的提案" in page and "草稿" in page and "邀请附议" in page
    token = csrf(client, f"/cases/{case_id}")
    response = client.post(f"/cases/{case_id}/act/invite", data={
        "csrf_token": token, "expected_version": "1", "co_signers_invited": [str(union.rep2)]})
    assert response.status_code == 422
    assert "至少邀请 2 位代表附议。" in response.get_data(as_text=True)
    response = client.post(f"/cases/{case_id}/act/invite", data={
        "csrf_token": token, "expected_version": "1", "co_signers_invited": [str(union.rep2), str(union.rep3)]})
    assert response.status_code == 302
    assert services.case_view(web_env, services.SYSTEM_ACTOR, case_id).state == "co_signing"


def test_a_stale_page_is_told_the_case_changed_and_keeps_what_was_typed(client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "rep1")
    token = csrf(client, f"/cases/{case_id}")
    services.fire(web_env, services.Actor(union.rep1), case_id, "edit", {
        "title": "改过的案由", "category": "welfare", "reasons": "r", "measures": "m"})
    response = client.post(f"/cases/{case_id}/act/edit", data={
        "csrf_token": token, "expected_version": "1", "title": "我在另一个标签页写的案由", "category": "welfare",
        "reasons": "我写了很久的理由", "measures": "m"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "已被他人修改" in page and "我写了很久的理由" in page


def test_a_representative_cannot_open_someone_elses_draft_or_post_without_csrf(client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "works_handler")
    assert client.get(f"/cases/{case_id}").status_code == 404  # another's draft: not even its existence shows
    response = client.post(f"/cases/{case_id}/act/edit", data={"expected_version": "1"})
    assert response.status_code == 400


def test_html_in_a_field_is_shown_as_text(client, web_env, union):
    case_id = start_proposal(web_env, union, reasons="<script>alert(1)</script>")
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_home_page_sends_people_to_their_inbox_or_to_sign_in(client, union):
    assert client.get("/").headers["Location"] == "/login"
    sign_in(client, "rep1")
    assert client.get("/").headers["Location"] == "/inbox"
    assert client.get("/login").headers["Location"] == "/"


def test_the_case_page_names_who_it_waits_for_by_role_label(client, web_env, union):
    case_id = assigned_proposal(web_env, union, "2026-12-23")
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "后勤保障部 承办人 (截止 2026-12-23)" in page


def test_a_copied_cookie_stops_working_after_sign_out(app, union):
    browser, thief = app.test_client(), app.test_client()
    sign_in(browser, "rep1")
    cookie = browser.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/inbox").status_code == 200
    token = csrf(browser, "/inbox")
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 302
    assert thief.get("/inbox").headers["Location"].startswith("/login")
