"""The union office loads the State Council's holiday notice; provisional deadlines show as such until then."""

from __future__ import annotations

import re

import sqlalchemy as sa

from engine import services
from engine.store.models import Notification
from support.flows import REQUEST
from support.time import sh
from support.web import csrf, sign_in

HOLIDAYS = "2027-01-01\n2027-02-05..2027-02-11\n"


def field(page: str, name: str) -> str:
    blocks = re.findall(rf'<div class="mb-3" data-field="{name}">(.*?)\n  </div>', page, re.S)
    assert len(blocks) == 1, f"no single field {name} on the page"
    return blocks[0]


def post(client, **form: str):
    data = {"year": "2027", "holidays": HOLIDAYS, "workdays": "2027-02-13", "note": "", **form}
    return client.post("/admin/calendar", data={"csrf_token": csrf(client, "/admin/calendar"), **data})


def test_only_the_union_office_loads_notices(app, client, union):
    sign_in(client, "rep1")
    assert client.get("/admin/calendar").status_code == 403
    token = csrf(client, "/inbox")
    assert client.post("/admin/calendar", data={"csrf_token": token, "year": "2027"}).status_code == 403
    office = sign_in(app.test_client(), "office")
    page = office.get("/admin/calendar").get_data(as_text=True)
    assert "放假安排" in page or "节假日" in page
    assert 'id="no-notices"' in page
    assert 'data-guessed="2027"' in page and 'data-guessed="2026"' not in page  # chinese-calendar knows 2026
    assert 'value="2027"' in field(page, "year")


def test_mistakes_stand_beside_their_fields_in_the_user_s_language(client, web_env, union):
    sign_in(client, "office")
    response = post(client, year="2027", holidays="2027-02-05..2027-02-01\n2026-10-01", workdays="2027-02-10")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“2027-02-05..2027-02-01”的结束日期早于开始日期。" in field(page, "holidays")
    assert "2026-10-01 不在 2027 年内。" in field(page, "holidays")
    assert "2027-02-10 不是周六或周日" in field(page, "workdays")
    assert "2027-02-05..2027-02-01\n2026-10-01</textarea>" in field(page, "holidays")  # what was typed stays
    assert services.list_notices(web_env) == []
    services.set_language(web_env, union.office, "en")
    page = post(client, year="1999").get_data(as_text=True)
    assert "Enter a year from 2000 to 2100." in field(page, "year")


def test_loading_a_notice_moves_the_provisional_deadlines_and_says_how_many(app, client, web_env, union, clock):
    web_env.registry.register(REQUEST)
    services.grant_role(web_env, union.rep1, union.union, "clerk")
    services.grant_role(web_env, union.committee, union.union, "reviewer")
    clock.set(sh(2027, 2, 4, 17))
    actor = services.Actor(union.rep1)
    case_id = services.start_case(web_env, actor, "request", union.union, "申请", {"body": "b"}).case_id
    services.fire(web_env, actor, case_id, "submit")
    reviewer = sign_in(app.test_client(), "committee")
    inbox = reviewer.get("/inbox").get_data(as_text=True)
    assert re.search(r"2027-02-15\S*\s*<span class=\"badge text-bg-warning provisional\"[^>]*>暂定</span>", inbox)
    assert ">暂定</span>" in reviewer.get(f"/cases/{case_id}").get_data(as_text=True)

    sign_in(client, "office")
    response = post(client, note="国务院办公厅关于2027年部分节假日安排的通知")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/calendar"
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "2027 年的放假通知已载入：放假 8 天，调休上班 1 天。期限变动 1 个，暂定期限转为确定 1 个。" in page
    assert 'data-year="2027"' in page and "国务院办公厅关于2027年部分节假日安排的通知" in page
    assert 'data-guessed="2027"' not in page

    inbox = reviewer.get("/inbox").get_data(as_text=True)
    assert "暂定" not in inbox and "2027-02-17" in inbox
    with web_env.db.engine.connect() as conn:
        told = conn.execute(sa.select(Notification.role, Notification.organisation_id)
                            .where(Notification.kind == "deadline_moved")).all()
    assert told == [("reviewer", union.union)]
    form = client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "2027-01-01\n2027-02-05..2027-02-11</textarea>" in field(form, "holidays")
