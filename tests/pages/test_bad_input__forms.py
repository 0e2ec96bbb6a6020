"""Bad input in the pages' forms is refused beside the field, in the user's language, with what was typed kept
and the case unchanged: NUL and control characters in text, a due date in the year 9999, a file name with a line
break. A file stored with such a name before it was refused is renamed by the migration and downloads again.
A body over the size limit is a 413 problem+json on the API."""

from __future__ import annotations

import base64
import re
from io import BytesIO

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.services import SYSTEM_ACTOR, Actor
from engine.store import schema
from support.acting import act
from support.web import csrf, sign_in
from web import create_app

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BAD_CHARACTERS = "含有不能保存的字符"


def field_block(page: str, name: str) -> str:
    return page.split(f'data-field="{name}"', 1)[1].split("data-field=", 1)[0]


def new_proposal(client, union, **fields):
    data = {"csrf_token": csrf(client, "/proposals/new"), "session_id": str(union.session), "title": "关于班车的提案",
            "category": "welfare", "reasons": "班车太少", "measures": "增开班车", "suggested_department": "", **fields}
    return client.post("/proposals/new", data=data, content_type="multipart/form-data")


def mine(env, u):
    return services.search_cases(env, SYSTEM_ACTOR, workflow="proposal", started_by=u.rep1).items


def awaiting_assignment(env, u):
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, "关于夜班供餐的提案",
                                  {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难",
                                   "measures": "增开夜间窗口"}).case_id
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    act(env, u.leader, case_id, "endorse", {"instruction": "请抓紧办理"})
    return case_id


def test_nul_and_control_characters_in_a_form_are_refused_beside_the_field(client, web_env, union):
    sign_in(client, "rep1")
    for title in ("关于\x00班车的提案", "关于\x1b班车的提案"):
        response = new_proposal(client, union, title=title, reasons="班车太少，夜班职工无法回家")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert BAD_CHARACTERS in field_block(page, "title")
        assert "班车太少，夜班职工无法回家" in page
    response = new_proposal(client, union, measures="增开\x00班车")
    assert response.status_code == 422 and BAD_CHARACTERS in field_block(response.get_data(as_text=True), "measures")
    assert mine(web_env, union) == []


def test_a_due_date_in_the_year_9999_is_refused_beside_the_field(client, web_env, union):
    case_id = awaiting_assignment(web_env, union)
    before = services.case_view(web_env, Actor(union.committee), case_id)
    sign_in(client, "committee")
    for due in ("9999-12-31", "1899-12-31", "0001-01-01"):
        response = client.post(f"/cases/{case_id}/act/assign", data={
            "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": str(before.version),
            "lead_department": str(union.logistics), "due_date": due})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, page[:300]
        assert "日期应在 1900 年到 2200 年之间。" in field_block(page, "due_date")
        assert due in field_block(page, "due_date")
    after = services.case_view(web_env, Actor(union.committee), case_id)
    assert (after.summary.state, after.version) == (before.summary.state, before.version)


def test_a_file_name_with_a_line_break_is_refused(app, web_env, union):
    token = services.create_token(web_env, union.rep1, "files").secret
    body = {"workflow": "proposal", "organisation_id": union.union, "title": "关于班车的提案",
            "form": {"session_id": union.session, "category": "welfare", "reasons": "班车太少", "measures": "增开"},
            "attachments": [{"filename": "报告\r\nSet-Cookie: x=1.pdf", "content": base64.b64encode(PDF).decode()}]}
    response = app.test_client().post("/api/v1/cases", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "含有换行符或其他控制字符" in response.json["errors"]["attachments"][0]
    with pytest.raises(services.ValidationFailed) as refused:  # the engine refuses it too, whoever calls
        services.start_case(web_env, Actor(union.rep1), "proposal", union.union, "关于班车的提案", body["form"],
                            uploads=[services.Upload("报告\r\n.pdf", PDF), services.Upload("报\t告.pdf", PDF)])
    assert len(refused.value.errors["attachments"]) == 2
    assert "含有换行符或其他控制字符" in refused.value.errors["attachments"][0]("zh")
    assert mine(web_env, union) == []


def test_a_stored_name_with_a_line_break_is_repaired_by_the_migration(client, web_env, union):
    sign_in(client, "rep1")
    assert new_proposal(client, union, attachments=[(BytesIO(PDF), "报告.pdf")]).status_code == 302
    (case,) = mine(web_env, union)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    link = re.search(r'<a href="(/files/\d+)">报告.pdf</a>', page).group(1)
    url = str(web_env.db.engine.url)
    schema.downgrade(url, "0010")
    with web_env.db.engine.begin() as conn:  # as an upload stored it before such names were refused
        conn.execute(sa.text("UPDATE attachments SET filename = :name"), {"name": "报告\r\nX-Evil: 1.pdf"})
    schema.upgrade(url)
    download = client.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert "\r" not in download.headers["Content-Disposition"] and "X-Evil" not in str(download.headers.keys())
    with web_env.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT filename FROM attachments")).scalar() == "报告__X-Evil: 1.pdf"


def test_a_body_over_the_size_limit_is_a_413_problem(web_env, tmp_path, union):
    app = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 4096}, env=web_env,
                     settings=Settings(instance_path=tmp_path / "instance"))
    token = services.create_token(web_env, union.rep1, "big").secret
    response = app.test_client().post("/api/v1/cases", data=b'{"title": "' + b"x" * 8192 + b'"}',
                                      content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_an_administration_form_says_so_beside_the_field(client, web_env, union):
    sign_in(client, "office")
    before = len(services.list_users(web_env, limit=1000))
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf(client, "/admin/users/new"), "username": "zhangsan", "display_name": "张\x00三",
        "email": "", "language": "zh", "password": "correct-horse-43", "password2": "correct-horse-43"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert BAD_CHARACTERS in field_block(page, "display_name")
    assert 'value="zhangsan"' in page
    assert len(services.list_users(web_env, limit=1000)) == before


def test_any_other_form_with_a_nul_is_a_400_not_a_500(client, union):
    sign_in(client, "rep1")
    response = client.post("/preferences", data={"csrf_token": csrf(client, "/preferences"), "email": "a\x00b"})
    assert response.status_code == 400 and "含有不能保存的字符" in response.get_data(as_text=True)
