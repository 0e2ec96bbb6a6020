"""What a first-time user trusts: error pages in the site's layout and language with a way back, Flask-Login's
words translated, a confirmation step before irreversible actions (without JavaScript), a refused action
announced at the top of the page, the public register's setting, the favicon and the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import Settings
from engine import services
from engine.services import SYSTEM_ACTOR, Actor
from support.acting import act
from support.web import csrf, sign_in
from web import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def draft(env, u, title="关于食堂夜班供餐的提案"):
    data = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口"}
    return services.start_case(env, Actor(u.rep1), "proposal", u.union, title, data).case_id


def accepted(env, u, title):
    case_id = draft(env, u, title)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    return case_id


# -- error pages ---------------------------------------------------------------------------------------------
def test_a_missing_case_is_a_404_page_in_the_sites_layout_and_language_with_a_way_back(client, union):
    sign_in(client, "rep1")
    response = client.get("/cases/99999", headers={"Referer": "http://localhost/inbox"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert '<html lang="zh-CN">' in page and 'id="whoami"' in page  # the site's layout, the menu
    assert "页面不存在" in page and "Not Found" not in page
    assert 'href="http://localhost/inbox" id="error-back"' in page and 'href="/" id="error-home"' in page

    client.post("/language", data={"csrf_token": csrf(client, "/inbox"), "lang": "en", "next": "/inbox"})
    page = client.get("/cases/99999").get_data(as_text=True)
    assert "Page not found" in page and "Go to my inbox" in page and 'id="error-back"' not in page


def test_a_page_the_role_may_not_open_is_a_403_page_and_the_api_keeps_problem_json(client, union):
    sign_in(client, "rep1")
    response = client.get("/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "您无权进行此操作" in page and "工会办公室" in page
    assert "Forbidden" not in page
    api = client.get("/api/v1/cases/99999")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"


@pytest.mark.parametrize(("code", "words"), [(400, "无法识别此请求"), (409, "内容已被他人更改"),
                                              (413, "上传的内容过大"), (429, "尝试次数过多"),
                                              (500, "服务器出错了")])
def test_each_error_code_has_its_page(app, client, union, code, words):
    from flask import abort

    app.add_url_rule(f"/fail-{code}", f"fail_{code}", lambda: abort(code))
    sign_in(client, "rep1")
    response = client.get(f"/fail-{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == code and words in page and 'id="error-home"' in page
    assert f'data-status="{code}"' in page


def test_an_unexpected_failure_is_the_500_page_not_a_trace(web_env, tmp_path, union):
    app = create_app({"TESTING": False, "PROPAGATE_EXCEPTIONS": False}, env=web_env,
                     settings=Settings(instance_path=tmp_path / "instance"))

    def boom() -> str:
        raise RuntimeError("broken")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "服务器出错了" in page and "RuntimeError" not in page


def test_the_sign_in_redirect_says_so_in_chinese(client, union):
    response = client.get("/inbox", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "请先登录再查看此页面。" in page and "Please log in" not in page


# -- confirmation before an irreversible step ---------------------------------------------------------------
def test_withdrawing_a_proposal_asks_first_and_works_without_javascript(client, web_env, union):
    case_id = draft(web_env, union)
    sign_in(client, "rep1")
    token = csrf(client, f"/cases/{case_id}")
    response = client.post(f"/cases/{case_id}/act/withdraw", data={"csrf_token": token, "expected_version": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="confirm-step"' in page
    assert "撤回的提案就此结束，不能再提交或恢复。" in page and "关于食堂夜班供餐的提案" in page
    assert 'name="confirmed" value="1"' in page and 'name="expected_version" value="1"' in page
    assert services.case_view(web_env, SYSTEM_ACTOR, case_id).state == "draft"  # nothing happened yet

    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    response = client.post(f"/cases/{case_id}/act/withdraw", data=form)
    assert response.status_code == 302
    assert services.case_view(web_env, SYSTEM_ACTOR, case_id).state == "withdrawn"


def test_actions_without_consequence_to_confirm_are_taken_at_once(client, web_env, union):
    case_id = draft(web_env, union)
    sign_in(client, "rep1")
    response = client.post(f"/cases/{case_id}/act/invite", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": "1",
        "co_signers_invited": [str(union.rep2), str(union.rep3)]})
    assert response.status_code == 302


def test_bulk_assignment_asks_first_with_the_number_of_proposals(client, web_env, union):
    first = accepted(web_env, union, "第一份提案")
    act(web_env, union.leader, first, "endorse", {"instruction": "请抓紧办理"})
    sign_in(client, "committee")
    response = client.post("/committee/assign", data={
        "csrf_token": csrf(client, "/committee/register"), "case_id": [str(first)],
        "lead_department": str(union.logistics), "due_date": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "交办 1 件提案？" in page and 'id="confirm-form"' in page
    assert f'name="case_id" value="{first}"' in page and f'name="lead_department" value="{union.logistics}"' in page
    assert services.case_view(web_env, SYSTEM_ACTOR, first).state == "assignment"


# -- a refused action, announced at the top ------------------------------------------------------------------
def test_a_refused_action_is_announced_at_the_top_of_the_case_page(client, web_env, union):
    case_id = draft(web_env, union)
    sign_in(client, "rep1")
    response = client.post(f"/cases/{case_id}/act/invite", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": "1",
        "co_signers_invited": [str(union.rep1)]})
    page = response.get_data(as_text=True)
    assert response.status_code in (409, 422)
    alert = page.split('id="page-alert"', 1)
    assert len(alert) == 2 and page.index('id="page-alert"') < page.index("<h1")
    assert 'role="alert" aria-live="assertive" tabindex="-1"' in page and "data-focus-alert" in alert[1][:200]
    assert "未能完成" in alert[1].split("</div>", 1)[0] and 'href="#action-invite"' in alert[1].split("</div>", 1)[0]


# -- the public register -------------------------------------------------------------------------------------
def anonymous_app(web_env, tmp_path, public: str | None):
    settings = Settings(instance_path=tmp_path / "instance", **({"web": {"public_register": public}} if public else {}))
    return create_app({"TESTING": True}, env=web_env, settings=settings).test_client()


def test_the_public_register_asks_anonymous_readers_to_sign_in_by_default(web_env, tmp_path, union):
    accepted(web_env, union, "关于食堂夜班供餐的提案")
    client = anonymous_app(web_env, tmp_path, None)
    response = client.get(f"/proposals/register?session={union.session}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_anyone_reads_the_public_register_when_the_union_says_so(web_env, tmp_path, union):
    shown = accepted(web_env, union, "关于食堂夜班供餐的提案")
    client = anonymous_app(web_env, tmp_path, "anyone")
    response = client.get(f"/proposals/register?session={union.session}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="proposal-{shown}"' in page and "关于食堂夜班供餐的提案" in page
    assert f'href="/cases/{shown}"' not in page  # the register's lines only, not the case page
    assert "导出" not in page


def test_drafts_and_cases_off_the_register_stay_closed_to_anonymous_readers(web_env, tmp_path, union):
    hidden = draft(web_env, union, "尚未提交的草稿")
    withdrawn = draft(web_env, union, "撤回的提案")
    act(web_env, union.rep1, withdrawn, "withdraw")
    client = anonymous_app(web_env, tmp_path, "anyone")
    for state in ("", "draft", "withdrawn"):
        page = client.get(f"/proposals/register?session={union.session}&state={state}").get_data(as_text=True)
        assert "尚未提交的草稿" not in page and "撤回的提案" not in page
    for case_id in (hidden, withdrawn):
        response = client.get(f"/cases/{case_id}")
        assert response.status_code == 302 and "草稿" not in response.get_data(as_text=True)
    assert client.get("/proposals/register?session=99999").status_code == 404
    assert client.get(f"/reports/proposals?session={union.session}").status_code in (302, 404)


# -- headers and the favicon ---------------------------------------------------------------------------------
def test_every_page_carries_a_strict_content_security_policy(client, union):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_an_inline_script_event_handler_or_style():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text) \
                or re.search(r"\sstyle=\"", text) or "<style" in text:
            found.append(path.relative_to(TEMPLATES).as_posix())
    assert found == []


def test_the_favicon_is_served(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"


def test_a_wrong_method_keeps_its_allow_header_on_the_error_page(client, union):
    response = client.put("/login")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert 'data-status="405"' in response.get_data(as_text=True)
