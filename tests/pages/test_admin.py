"""Administration by the union office: users, roles, departments and congress sessions."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine import services
from support.web import PASSWORD, csrf, sign_in
from workflows.congress import services as congress


def field(page: str, name: str, prefix: str = "") -> str:
    """The markup of one form field's block (the input whose id is ``prefix + name``): value and errors."""
    blocks = re.findall(rf'<div class="mb-3" data-field="{name}">(.*?)\n  </div>', page, re.S)
    found = [b for b in blocks if f'for="{prefix}{name}"' in b]
    assert len(found) == 1, f"no single field {prefix}{name} on the page"
    return found[0]


def new_user(client, **form: str):
    data = {"username": "xiaoli", "display_name": "李晓丽", "email": "xiaoli@example.com", "language": "zh",
            "password": "a-new-password", "password2": "a-new-password", **form}
    return client.post("/admin/users/new", data={"csrf_token": csrf(client, "/admin/users/new"), **data})


def test_only_the_union_office_comes_in(app, client, union):
    assert client.get("/admin").headers["Location"].startswith("/login")
    sign_in(client, "rep1")
    assert client.get("/admin").status_code == 403
    assert client.get("/admin/users").status_code == 403
    token = csrf(client, "/inbox")
    assert client.post("/admin/departments", data={"csrf_token": token, "name": "x"}).status_code == 403
    office = sign_in(app.test_client(), "office")
    page = office.get("/admin").get_data(as_text=True)
    assert "华东机械厂工会" in page
    assert re.search(r'id="count-departments">3<', page) and re.search(r'id="count-representatives">6<', page)


def test_the_office_creates_a_user_who_can_then_sign_in(app, client, web_env, union):
    sign_in(client, "office")
    response = new_user(client)
    assert response.status_code == 302
    created = services.find_user(web_env, "xiaoli")
    assert created is not None and created.display_name == "李晓丽" and created.email == "xiaoli@example.com"
    assert response.headers["Location"] == f"/admin/users/{created.id}"
    other = app.test_client()
    token = csrf(other, "/login")
    assert other.post("/login", data={"username": "xiaoli", "password": "a-new-password",
                                      "csrf_token": token}).status_code == 302
    assert other.get("/inbox").status_code == 200


def test_a_taken_username_is_refused_beside_the_field_keeping_what_was_typed(client, web_env, union):
    sign_in(client, "office")
    before = len(services.list_users(web_env))
    response = new_user(client, username="rep1", display_name="另一个王建国", email="other@example.com")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "该用户名已被使用。" in field(page, "username") and 'value="rep1"' in field(page, "username")
    assert 'value="另一个王建国"' in field(page, "display_name")
    assert 'value="other@example.com"' in field(page, "email")
    assert len(services.list_users(web_env)) == before


def test_a_short_password_or_a_bad_email_creates_nobody(client, web_env, union):
    sign_in(client, "office")
    response = new_user(client, password="short", password2="short", email="not-an-address")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "密码至少 8 个字符。" in field(page, "password") and "电子邮箱格式不正确。" in field(page, "email")
    assert services.find_user(web_env, "xiaoli") is None


def test_a_bad_username_or_email_is_shown_beside_its_field_keeping_what_was_typed(client, web_env, union):
    sign_in(client, "office")
    response = new_user(client, username="钱 新", email="qian@@example.com", password2="a-new-passwort")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "两次输入的密码不一致。" in field(page, "password2")  # the form's own check first
    response = new_user(client, username="钱 新", email="qian@@example.com")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "用户名只能包含英文字母、数字和 . _ @ -。" in field(page, "username")
    assert 'value="钱 新"' in field(page, "username")
    assert "电子邮箱格式不正确。" in field(page, "email") and 'value="qian@@example.com"' in field(page, "email")
    assert 'value="李晓丽"' in field(page, "display_name") and "invalid-feedback" not in field(page, "display_name")
    assert 'value=""' in field(page, "password")  # a password is never sent back
    assert services.find_user(web_env, "钱 新") is None
    response = client.post(f"/admin/users/{union.rep4}", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep4}"), "display_name": "刘洋", "email": "liu at example",
        "language": "zh"})
    assert response.status_code == 422
    assert "电子邮箱格式不正确。" in field(response.get_data(as_text=True), "email", "profile-")
    assert 'value="liu at example"' in field(response.get_data(as_text=True), "email", "profile-")
    assert services.get_user(web_env, union.rep4).email is None
    response = client.post(f"/admin/users/{union.rep4}", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep4}"), "display_name": "刘洋洋", "email": "",
        "language": "fr"})
    assert response.status_code == 422 and "请从给定选项中选择。" in field(response.get_data(as_text=True), "language",
                                                                       "profile-")
    assert services.get_user(web_env, union.rep4).display_name == "刘洋"  # nothing saved


def test_the_account_rules_speak_english_to_an_english_office(client, web_env, union):
    services.set_language(web_env, union.office, "en")
    sign_in(client, "office")
    page = new_user(client, username="wang jianguo", email="nope", password="short", password2="short"
                    ).get_data(as_text=True)
    assert "A username has only letters, digits and . _ @ -." in field(page, "username")
    assert "Not an e-mail address." in field(page, "email")
    assert "A password has at least 8 characters." in field(page, "password")
    assert new_user(client, username="wang.jianguo@hdjm").status_code == 302  # the roster's usernames too


def test_a_representative_on_the_terms_roster_may_propose(client, web_env, union):
    sign_in(client, "office")
    new_user(client)
    person = services.find_user(web_env, "xiaoli")
    form = {"category": "welfare", "session_id": union.session, "reasons": "职工停车难", "measures": "扩建停车场"}
    with pytest.raises(services.PermissionDenied):
        services.start_case(web_env, services.Actor(person.id), "proposal", union.union, "关于扩建停车场的提案", form)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert ">职工代表</option>" in page and ">工会办公室</option>" in page  # role names in the page's language only
    assert "Representative" not in page and "Union office" not in page
    response = client.post(f"/admin/users/{person.id}/roles", data={
        "csrf_token": csrf(client, f"/admin/users/{person.id}"), "role": "representative",
        "organisation_id": str(union.union)})
    assert response.status_code == 302
    assert services.holds_role(web_env, person.id, "representative", union.union)
    with pytest.raises(services.ValidationFailed) as caught:  # the role alone is not enough: the term's roster
        services.start_case(web_env, services.Actor(person.id), "proposal", union.union, "关于扩建停车场的提案", form)
    assert "代表名册" in caught.value.errors["session_id"][0].zh
    from workflows.congress import services as congress
    congress.import_roster(web_env, union.term, "\n".join([
        "username,name,email,delegation,category,sex,department",
        *(f"{u},{u},,第1代表团,worker,m,生产部" for u in ("rep1", "rep2", "rep3", "rep4", "rep5", "committee",
                                                         "xiaoli"))]).encode())
    outcome = services.start_case(web_env, services.Actor(person.id), "proposal", union.union, "关于扩建停车场的提案",
                                  form)
    assert outcome.state == "draft"
    client.post(f"/admin/users/{person.id}/roles/revoke", data={
        "csrf_token": csrf(client, f"/admin/users/{person.id}"), "role": "representative",
        "organisation_id": str(union.union)})
    assert not services.get_user(web_env, person.id).holds("representative")


def test_roles_are_given_only_here_and_only_from_the_list(client, web_env, union):
    elsewhere = services.create_organisation(web_env, "另一家公司工会", "union")
    sign_in(client, "office")
    token = csrf(client, f"/admin/users/{union.rep2}")
    response = client.post(f"/admin/users/{union.rep2}/roles", data={
        "csrf_token": token, "role": "representative", "organisation_id": str(elsewhere)})
    assert response.status_code == 422 and "请选择本工会或其下属部门。" in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{union.rep2}/roles", data={
        "csrf_token": token, "role": "chairman", "organisation_id": str(union.hr)})
    assert response.status_code == 422 and "请从给定角色中选择。" in response.get_data(as_text=True)
    assert [r.role for r in services.get_user(web_env, union.rep2).roles] == ["representative"]
    stranger = services.create_user(web_env, "stranger", "外单位")
    services.grant_role(web_env, stranger, elsewhere, "representative")
    assert client.get(f"/admin/users/{stranger}").status_code == 404
    assert "stranger" not in client.get("/admin/users").get_data(as_text=True)


def test_disabling_a_user_ends_their_session(app, client, web_env, union):
    rep = sign_in(app.test_client(), "rep2")
    assert rep.get("/inbox").status_code == 200
    sign_in(client, "office")
    response = client.post(f"/admin/users/{union.rep2}/active", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep2}"), "active": "0"})
    assert response.status_code == 302
    assert not services.get_user(web_env, union.rep2).is_active
    assert rep.get("/inbox").headers["Location"].startswith("/login")
    client.post(f"/admin/users/{union.rep2}/active", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep2}"), "active": "1"})
    assert sign_in(app.test_client(), "rep2").get("/inbox").status_code == 200


def test_the_office_cannot_disable_itself(client, web_env, union):
    sign_in(client, "office")
    response = client.post(f"/admin/users/{union.office}/active", data={
        "csrf_token": csrf(client, f"/admin/users/{union.office}"), "active": "0"})
    assert response.status_code == 422 and "不能停用自己的账号" in response.get_data(as_text=True)
    assert services.get_user(web_env, union.office).is_active


def test_a_password_reset_ends_the_old_sessions(app, client, union):
    rep = sign_in(app.test_client(), "rep3")
    sign_in(client, "office")
    token = csrf(client, f"/admin/users/{union.rep3}")
    response = client.post(f"/admin/users/{union.rep3}/password", data={
        "csrf_token": token, "password": "a-fresh-password", "password2": "a-fresh-passwort"})
    assert response.status_code == 422 and "两次输入的密码不一致。" in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{union.rep3}/password", data={
        "csrf_token": token, "password": "a-fresh-password", "password2": "a-fresh-password"})
    assert response.status_code == 302
    assert rep.get("/inbox").headers["Location"].startswith("/login")
    fresh = app.test_client()
    login = {"username": "rep3", "csrf_token": csrf(fresh, "/login")}
    assert fresh.post("/login", data={**login, "password": PASSWORD}).status_code == 401
    assert fresh.post("/login", data={**login, "password": "a-fresh-password"}).status_code == 302


def test_editing_a_name_and_searching_for_it(client, web_env, union):
    sign_in(client, "office")
    response = client.post(f"/admin/users/{union.rep4}", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep4}"), "display_name": "", "email": "liu@example.com",
        "language": "en"})
    assert response.status_code == 422
    assert "此项为必填项。" in field(response.get_data(as_text=True), "display_name", "profile-")
    client.post(f"/admin/users/{union.rep4}", data={
        "csrf_token": csrf(client, f"/admin/users/{union.rep4}"), "display_name": "刘洋洋", "email": "liu@example.com",
        "language": "en"})
    person = services.get_user(web_env, union.rep4)
    assert (person.display_name, person.email, person.language) == ("刘洋洋", "liu@example.com", "en")
    page = client.get("/admin/users?q=洋洋").get_data(as_text=True)
    assert "刘洋洋" in page and "王建国" not in page
    page = client.get("/admin/users?role=handler").get_data(as_text=True)
    assert all(name in page for name in ("周生产", "吴人事", "郑后勤")) and "王建国" not in page


def test_adding_and_renaming_a_department(client, web_env, union):
    sign_in(client, "office")
    response = client.post("/admin/departments", data={"csrf_token": csrf(client, "/admin/departments"), "name": " "})
    assert response.status_code == 422 and "此项为必填项。" in response.get_data(as_text=True)
    response = client.post("/admin/departments", data={"csrf_token": csrf(client, "/admin/departments"),
                                                       "name": "质量管理部"})
    assert response.status_code == 302
    added = [d for d in services.list_organisations(web_env, kind="department", under=union.union)
             if d.name == "质量管理部"]
    assert len(added) == 1 and added[0].parent_id == union.union
    response = client.post(f"/admin/departments/{added[0].id}", data={
        "csrf_token": csrf(client, "/admin/departments"), "name": "质量安全部"})
    assert response.status_code == 302
    assert services.get_organisation(web_env, added[0].id).name == "质量安全部"
    assert "质量安全部" in client.get("/admin/departments").get_data(as_text=True)


def test_adding_a_congress_session_and_moving_its_collection_period(client, web_env, union):
    sign_in(client, "office")
    response = client.post("/admin/sessions", data={
        "csrf_token": csrf(client, "/admin/sessions"), "term": "5", "number": "4", "name": "第五届职代会第四次会议",
        "collection_opens": "2027-03-01", "collection_closes": "2027-03-31", "opens_on": "2027-04-15"})
    assert response.status_code == 302
    added = [s for s in congress.list_congress_sessions(web_env, union.union) if s.number == 4]
    assert len(added) == 1
    assert (added[0].collection_opens, added[0].opens_on) == (date(2027, 3, 1), date(2027, 4, 15))
    response = client.post(f"/admin/sessions/{added[0].id}/window", data={
        "csrf_token": csrf(client, "/admin/sessions"), "collection_opens": "2027-03-01",
        "collection_closes": "2027-04-10"})
    assert response.status_code == 302
    assert congress.get_congress_session(web_env, added[0].id).collection_closes == date(2027, 4, 10)


def test_a_collection_period_ending_before_it_starts_is_refused(client, web_env, union):
    sign_in(client, "office")
    response = client.post("/admin/sessions", data={
        "csrf_token": csrf(client, "/admin/sessions"), "term": "6", "number": "1", "name": "第六届职代会第一次会议",
        "collection_opens": "2027-03-31", "collection_closes": "2027-03-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "征集截止日期不能早于开始日期。" in field(page, "collection_closes", "add-")
    assert 'value="第六届职代会第一次会议"' in field(page, "name", "add-")
    assert [s.term for s in congress.list_congress_sessions(web_env, union.union)] == [5]
    response = client.post(f"/admin/sessions/{union.session}/window", data={
        "csrf_token": csrf(client, "/admin/sessions"), "collection_opens": "2026-12-15",
        "collection_closes": "2026-11-01"})
    assert response.status_code == 422
    assert "征集截止日期不能早于开始日期。" in field(response.get_data(as_text=True), "collection_closes",
                                                 f"window-{union.session}-")
    assert congress.get_congress_session(web_env, union.session).collection_closes == date(2026, 12, 15)


def test_messages_follow_the_users_language(client, web_env, union):
    services.set_language(web_env, union.office, "en")
    sign_in(client, "office")
    response = client.post("/admin/sessions", data={
        "csrf_token": csrf(client, "/admin/sessions"), "term": "x", "number": "1", "name": "Session",
        "collection_opens": "2027-03-31", "collection_closes": "not a date"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number from 1." in field(page, "term", "add-")
    assert "Enter a date as YYYY-MM-DD." in field(page, "collection_closes", "add-")
    page = client.get(f"/admin/users/{union.rep1}").get_data(as_text=True)
    assert "<span>Representative<br>" in page and "职工代表" not in page
