"""The JSON API's administration, committee templates and reports: what the union office, the proposal committee
and the report readers may do on their pages, with the same refusals (403), validation (422) and not-found (404)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from engine import services
from engine.notify.outbox import deliver
from support.api import World, api_app, api_env, bearer, problem
from support.notify import free_port, use

PASSWORD = "Secret-passw0rd"


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    return World(env)


@pytest.fixture
def client(env, tmp_path, world):
    return api_app(env, tmp_path).test_client()


@pytest.fixture
def office(world):
    return bearer(world.token(world.office))


@pytest.fixture
def rep(world):
    return bearer(world.token(world.rep1))


# -- users and roles -------------------------------------------------------------------------------------------
def test_the_office_creates_a_user_changes_them_and_hands_out_roles(client, env, world, office, rep):
    created = client.post("/api/v1/admin/users", headers=office, json={
        "username": "new.hire", "display_name": "钱新", "email": "qian@example.com", "password": PASSWORD})
    assert created.status_code == 201, created.get_data(as_text=True)
    user = created.get_json()
    assert user["username"] == "new.hire" and user["roles"] == [] and user["active"] and user["language"] == "zh"
    assert services.sign_in(env, "new.hire", PASSWORD).user_id == user["id"]

    taken = problem(client.post("/api/v1/admin/users", headers=office, json={
        "username": "new.hire", "display_name": "钱新", "password": PASSWORD}), 422)
    assert taken["errors"] == {"username": ["该用户名已被使用。"]}
    bad = problem(client.post("/api/v1/admin/users", headers=office, json={
        "username": "钱 新", "display_name": "", "email": "nope", "password": "x"}), 422)
    assert set(bad["errors"]) == {"display_name"}  # the schema's checks first
    short = problem(client.post("/api/v1/admin/users", headers=office, json={
        "username": "qian", "display_name": "钱新", "password": "x"}), 422)
    assert short["errors"]["password"][0].startswith("密码至少")
    problem(client.post("/api/v1/admin/users", headers=rep, json={
        "username": "qian", "display_name": "钱新", "password": PASSWORD}), 403)

    url = f"/api/v1/admin/users/{user['id']}"
    changed = client.patch(url, headers=office, json={"display_name": "钱新民", "language": "en"})
    assert changed.status_code == 200 and changed.get_json()["display_name"] == "钱新民"
    assert changed.get_json()["email"] == "qian@example.com" and changed.get_json()["language"] == "en"
    problem(client.patch(url, headers=office, json={"email": "not-an-address"}), 422)
    problem(client.patch(url, headers=rep, json={"display_name": "x"}), 403)

    granted = client.post(f"{url}/roles", headers=office, json={"role": "handler", "organisation_id": world.works})
    assert granted.status_code == 200
    assert granted.get_json()["roles"] == [{"role": "handler", "organisation_id": world.works,
                                            "organisation_name": "生产部"}]
    elsewhere = services.create_organisation(env, "另一工会", "union")
    problem(client.post(f"{url}/roles", headers=office, json={"role": "handler", "organisation_id": elsewhere}), 422)
    problem(client.post(f"{url}/roles", headers=office, json={"role": "king", "organisation_id": world.works}), 422)
    problem(client.post(f"{url}/roles", headers=rep, json={"role": "handler", "organisation_id": world.works}), 403)

    listed = client.get("/api/v1/admin/users?role=handler&q=钱", headers=office).get_json()
    assert [u["username"] for u in listed["items"]] == ["new.hire"] and listed["total"] == 1
    assert client.get("/api/v1/admin/users?per_page=5", headers=office).get_json()["pages"] > 1
    problem(client.get("/api/v1/admin/users?role=king", headers=office), 422)
    problem(client.get("/api/v1/admin/users", headers=rep), 403)

    revoked = client.post(f"{url}/roles/revoke", headers=office, json={"role": "handler",
                                                                      "organisation_id": world.works})
    assert revoked.status_code == 200 and revoked.get_json()["roles"] == []
    own = problem(client.post(f"/api/v1/admin/users/{world.office}/roles/revoke", headers=office,
                              json={"role": "union_office", "organisation_id": world.union}), 409)
    assert own["code"] == "own_account"

    # someone of another union is nobody here
    stranger = services.create_user(env, "stranger", "外人")
    services.grant_role(env, stranger, elsewhere, "representative")
    problem(client.get(f"/api/v1/admin/users/{stranger}", headers=office), 404)
    problem(client.get("/api/v1/admin/users/999999", headers=office), 404)


def test_bad_usernames_and_addresses_get_the_same_field_errors_as_on_the_pages(client, env, world, office):
    bad = problem(client.post("/api/v1/admin/users", headers=office, json={
        "username": "钱 新", "display_name": "钱新", "email": "qian@@example.com", "password": PASSWORD}), 422)
    assert bad["errors"] == {"username": ["用户名只能包含英文字母、数字和 . _ @ -。"],
                             "email": ["电子邮箱格式不正确。"]}
    english = problem(client.post("/api/v1/admin/users", headers={**office, "Accept-Language": "en"}, json={
        "username": "钱 新", "display_name": "钱新", "password": "short"}), 422)
    assert english["errors"] == {"username": ["A username has only letters, digits and . _ @ -."],
                                 "password": ["A password has at least 8 characters."]}
    assert services.find_user(env, "钱 新") is None
    changed = problem(client.patch(f"/api/v1/admin/users/{world.rep2}", headers=office,
                                   json={"email": "liu at example"}), 422)
    assert changed["errors"] == {"email": ["电子邮箱格式不正确。"]}
    made = client.post("/api/v1/admin/users", headers=office, json={
        "username": "qian.xin@hdjm", "display_name": "钱新", "email": None, "password": PASSWORD})
    assert made.status_code == 201 and made.get_json()["email"] is None


def test_the_office_disables_an_account_and_sets_a_password(client, env, world, office, rep):
    url = f"/api/v1/admin/users/{world.rep2}"
    disabled = client.put(f"{url}/active", headers=office, json={"active": False})
    assert disabled.status_code == 200 and disabled.get_json()["active"] is False
    assert not services.get_user(env, world.rep2).is_active
    assert client.put(f"{url}/active", headers=office, json={"active": True}).get_json()["active"] is True
    mine = problem(client.put(f"/api/v1/admin/users/{world.office}/active", headers=office,
                              json={"active": False}), 409)
    assert mine["code"] == "own_account"
    problem(client.put(f"{url}/active", headers=office, json={"active": "maybe"}), 422)
    problem(client.put(f"{url}/active", headers=rep, json={"active": False}), 403)

    done = client.put(f"{url}/password", headers=office, json={"password": PASSWORD})
    assert done.status_code == 204 and done.data == b""
    assert services.sign_in(env, "rep2", PASSWORD).user_id == world.rep2
    problem(client.put(f"{url}/password", headers=office, json={"password": "short"}), 422)
    problem(client.put(f"{url}/password", headers=rep, json={"password": PASSWORD}), 403)


# -- departments and sessions ------------------------------------------------------------------------------------
def test_the_office_adds_and_renames_departments(client, world, office, rep):
    listed = client.get("/api/v1/admin/departments", headers=office).get_json()["items"]
    assert [d["name"] for d in listed] == ["生产部", "人力资源部", "后勤保障部"]
    assert listed[0] == {"id": world.works, "name": "生产部", "organisation_id": world.union, "handlers": 1}
    added = client.post("/api/v1/admin/departments", headers=office, json={"organisation_id": world.union,
                                                                           "name": "财务部"})
    assert added.status_code == 201 and added.get_json()["name"] == "财务部"
    renamed = client.patch(f"/api/v1/admin/departments/{added.get_json()['id']}", headers=office,
                           json={"name": "财务与审计部"})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "财务与审计部"
    problem(client.post("/api/v1/admin/departments", headers=office, json={"organisation_id": world.union,
                                                                           "name": ""}), 422)
    problem(client.post("/api/v1/admin/departments", headers=office, json={"organisation_id": world.works,
                                                                           "name": "车间"}), 422)
    problem(client.patch(f"/api/v1/admin/departments/{world.union}", headers=office, json={"name": "x"}), 404)
    problem(client.get("/api/v1/admin/departments", headers=rep), 403)
    problem(client.post("/api/v1/admin/departments", headers=rep, json={"organisation_id": world.union,
                                                                        "name": "财务部"}), 403)


def test_the_office_adds_a_session_and_changes_its_collection_period(client, world, office, rep):
    [existing] = client.get("/api/v1/admin/sessions", headers=office).get_json()["items"]
    assert existing["id"] == world.session and existing["collecting"] is True
    body = {"organisation_id": world.union, "term": 5, "number": 4, "name": "第五届职代会第四次会议",
            "collection_opens": "2027-03-01", "collection_closes": "2027-03-31"}
    added = client.post("/api/v1/admin/sessions", headers=office, json=body)
    assert added.status_code == 201, added.get_data(as_text=True)
    assert added.get_json()["collecting"] is False and added.get_json()["opens_on"] is None
    window = client.put(f"/api/v1/admin/sessions/{added.get_json()['id']}/window", headers=office,
                        json={"collection_opens": "2026-11-20", "collection_closes": "2026-12-31"})
    assert window.status_code == 200 and window.get_json()["collecting"] is True
    backwards = problem(client.put(f"/api/v1/admin/sessions/{world.session}/window", headers=office,
                                   json={"collection_opens": "2026-12-31", "collection_closes": "2026-11-20"}), 422)
    assert backwards["errors"]
    problem(client.post("/api/v1/admin/sessions", headers=office, json={**body, "collection_opens": "soon"}), 422)
    problem(client.put("/api/v1/admin/sessions/99999/window", headers=office,
                       json={"collection_opens": "2026-11-20", "collection_closes": "2026-12-31"}), 404)
    problem(client.post("/api/v1/admin/sessions", headers=rep, json=body), 403)
    problem(client.get("/api/v1/admin/sessions", headers=rep), 403)


# -- the calendar and failed deliveries -----------------------------------------------------------------------
def test_the_office_loads_a_holiday_notice(client, env, office, rep):
    loaded = client.post("/api/v1/admin/calendar", headers=office, json={
        "year": 2027, "holidays": ["2027-01-01", "2027-10-01"], "workdays": ["2027-09-26"], "note": "国办发明电"})
    assert loaded.status_code == 200, loaded.get_data(as_text=True)
    assert loaded.get_json() | {"moved": 0, "settled": 0} == {"year": 2027, "holidays": 2, "workdays": 1,
                                                              "moved": 0, "settled": 0}
    notices = client.get("/api/v1/admin/calendar", headers=office).get_json()["items"]
    mine = next(n for n in notices if n["year"] == 2027)
    assert mine["holidays"] == ["2027-01-01", "2027-10-01"] and mine["source"] == "database"
    wrong = problem(client.post("/api/v1/admin/calendar", headers=office, json={
        "year": 2027, "holidays": ["2028-01-01"]}), 422)
    assert "holidays" in wrong["errors"]
    problem(client.post("/api/v1/admin/calendar", headers=office, json={"year": 2027, "holidays": ["x"]}), 422)
    problem(client.get("/api/v1/admin/calendar", headers=rep), 403)
    problem(client.post("/api/v1/admin/calendar", headers=rep, json={"year": 2027, "holidays": []}), 403)


def test_the_office_sees_failed_deliveries_and_sends_one_again(client, env, world, office, rep):
    use(env, smtp_port=free_port(), max_attempts=1)  # nothing listens there: the e-mail fails for good
    services.update_user(env, world.rep2, display_name="李秀英", email="rep2@example.com")
    services.fire(env, services.Actor(world.rep1), world.proposal, "invite",
                  {"co_signers_invited": [world.rep2, world.rep3]})
    deliver(env)
    found = client.get("/api/v1/admin/deliveries", headers=office)
    assert found.status_code == 200
    before = found.get_json()["total"]
    failed = next(d for d in found.get_json()["items"] if d["address"] == "rep2@example.com")
    assert failed["channel"] == "email" and failed["address"] == "rep2@example.com" and failed["status"] == "failed"
    problem(client.post(f"/api/v1/admin/deliveries/{failed['id']}/resend", headers=rep), 403)
    again = client.post(f"/api/v1/admin/deliveries/{failed['id']}/resend", headers=office)
    assert again.status_code == 200 and again.get_json() == {"queued": True}
    assert client.get("/api/v1/admin/deliveries", headers=office).get_json()["total"] == before - 1
    assert problem(client.post(f"/api/v1/admin/deliveries/{failed['id']}/resend", headers=office),
                   409)["code"] == "not_failed"
    problem(client.post("/api/v1/admin/deliveries/99999/resend", headers=office), 404)
    problem(client.get("/api/v1/admin/deliveries", headers=rep), 403)
    problem(client.get("/api/v1/admin/deliveries?page=0", headers=office), 422)


# -- the committee's templates ---------------------------------------------------------------------------------
def test_the_committee_keeps_its_text_templates(client, world, rep):
    committee = bearer(world.token(world.committee))
    saved = client.post("/api/v1/committee/templates", headers=committee, json={
        "organisation_id": world.union, "title": "一事一案", "body": "请按“一事一案”拆分后重新提交。"})
    assert saved.status_code == 201
    template = saved.get_json()
    assert template["title"] == "一事一案" and template["organisation_id"] == world.union
    assert client.get("/api/v1/committee/templates", headers=committee).get_json()["items"] == [template]
    empty = problem(client.post("/api/v1/committee/templates", headers=committee, json={
        "organisation_id": world.union, "title": " ", "body": "x"}), 422)
    assert empty["errors"] == {"title": ["此项为必填项。"]}
    problem(client.post("/api/v1/committee/templates", headers=committee, json={
        "organisation_id": world.works, "title": "a", "body": "b"}), 422)
    problem(client.post("/api/v1/committee/templates", headers=rep, json={
        "organisation_id": world.union, "title": "a", "body": "b"}), 403)
    problem(client.get("/api/v1/committee/templates", headers=rep), 403)
    problem(client.delete(f"/api/v1/committee/templates/{template['id']}", headers=rep), 403)
    assert client.delete(f"/api/v1/committee/templates/{template['id']}", headers=committee).status_code == 204
    problem(client.delete(f"/api/v1/committee/templates/{template['id']}", headers=committee), 404)


# -- reports -----------------------------------------------------------------------------------------------------
def test_the_register_comes_as_excel_or_csv_for_the_office_and_the_committee(client, world, office, rep):
    url = f"/api/v1/reports/proposals?session_id={world.session}"
    xlsx = client.get(url, headers=office)
    assert xlsx.status_code == 200, xlsx.get_data(as_text=True)
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in xlsx.headers["Content-Disposition"]
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(xlsx.data)).namelist()
    committee = bearer(world.token(world.committee))
    register = client.get(f"{url}&format=csv", headers=committee)
    assert register.status_code == 200 and register.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(register.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["提案号", "案由"]  # rep1's proposal is a draft: not in the register yet
    stats = client.get(f"{url}&format=csv&table=statistics", headers=committee)
    assert stats.status_code == 200 and stats.data != register.data
    problem(client.get(url, headers=rep), 403)
    problem(client.get(f"{url}&format=pdf", headers=office), 422)
    problem(client.get("/api/v1/reports/proposals", headers=office), 422)
    problem(client.get("/api/v1/reports/proposals?session_id=99999", headers=office), 404)


def test_the_proposal_form_comes_as_word(client, world, office):
    rep = bearer(world.token(world.rep1))
    response = client.get(f"/api/v1/proposals/{world.proposal}/form.docx", headers=rep)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    problem(client.get(f"/api/v1/proposals/{world.proposal}/form.docx", headers=office), 404)  # another's draft
    problem(client.get("/api/v1/proposals/99999/form.docx", headers=rep), 404)


def test_the_dashboard_gives_its_figures_and_the_tables_behind_its_charts(client, world, office, rep):
    response = client.get("/api/v1/dashboard", headers=office)
    assert response.status_code == 200, response.get_data(as_text=True)
    board = response.get_json()
    assert board["organisation_id"] == world.union and board["session_id"] == world.session
    assert board["charts"] and board["summary"]
    for chart in board["charts"]:
        keys = {c["key"] for c in chart["columns"]} | {chart["label"]}
        assert chart["value"] in keys
        assert all(set(row) == keys for row in chart["rows"])
    every = client.get("/api/v1/dashboard?all_sessions=true", headers=office).get_json()
    assert every["session_id"] is None
    problem(client.get("/api/v1/dashboard?session_id=99999", headers=office), 404)
    problem(client.get("/api/v1/dashboard?session_id=x", headers=office), 422)
    problem(client.get("/api/v1/dashboard", headers=rep), 403)
