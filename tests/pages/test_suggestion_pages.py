"""Suggestion pages: a member of a department sends one from the form (errors beside the fields, what was typed
kept), the office and the department act on the case page, someone outside gets 404, a suggestion not adopted
stays private, and the year's register downloads as Excel for the office only; the award list, on the page and
as Word."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from docx import Document

from engine import services
from support.web import csrf, sign_in

FORM = {"field": "cost", "situation": "冲压边角料直接报废", "proposal": "分拣后用于小件冲压",
        "expected_benefit": "年节约钢材 3 吨"}


def start(env, u, who=None, title="冲压边角料再利用"):
    return services.start_case(env, services.Actor(who or u.works_handler), "suggestion", u.union, title,
                               dict(FORM)).case_id


def fire(env, who, case_id, trigger, form=None):
    services.fire(env, services.Actor(who), case_id, trigger, form)


def adopted(env, u, **kw):
    case_id = start(env, u, **kw)
    fire(env, u.office, case_id, "route", {"department": u.logistics})
    fire(env, u.logistics_handler, case_id, "adopt", {"outcome": "adopted", "assessment": "可行"})
    return case_id


def test_a_department_member_sends_one_and_a_missing_field_is_shown_beside_it(client, union, web_env):
    sign_in(client, "works_handler")
    page = client.get("/suggestions/new")
    assert page.status_code == 200
    assert "现状" in page.get_data(as_text=True)
    token = csrf(client, "/suggestions/new")
    data = {"csrf_token": token, "union": str(union.union), "title": "冲压边角料再利用", **FORM, "proposal": ""}
    refused = client.post("/suggestions/new", data=data)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "冲压边角料直接报废" in body and "is-invalid" in body
    sent = client.post("/suggestions/new", data={**data, "proposal": "分拣后用于小件冲压"})
    assert sent.status_code == 302
    case_id = int(re.search(r"/cases/(\d+)", sent.headers["Location"]).group(1))
    assert services.case_view(web_env, services.SYSTEM_ACTOR, case_id).state == "awaiting_routing"
    assert "冲压边角料再利用" in client.get("/suggestions").get_data(as_text=True)


def test_the_office_routes_and_the_department_adopts_on_the_case_page_after_confirming(app, client, union,
                                                                                      web_env):
    case_id = start(web_env, union)
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "分送承办部门" in page
    token = csrf(client, f"/cases/{case_id}")
    version = services.case_view(web_env, services.SYSTEM_ACTOR, case_id).version
    routed = client.post(f"/cases/{case_id}/act/route", data={
        "csrf_token": token, "expected_version": version, "department": union.logistics})
    assert routed.status_code == 302
    client = sign_in(app.test_client(), "logistics_handler")
    token = csrf(client, f"/cases/{case_id}")
    version = services.case_view(web_env, services.SYSTEM_ACTOR, case_id).version
    form = {"csrf_token": token, "expected_version": version, "outcome": "adopted", "assessment": "可行"}
    asked = client.post(f"/cases/{case_id}/act/adopt", data=form)
    assert asked.status_code == 200 and "全体职工" in asked.get_data(as_text=True)  # the confirmation step
    assert services.case_view(web_env, services.SYSTEM_ACTOR, case_id).state == "assessing"
    done = client.post(f"/cases/{case_id}/act/adopt", data={**form, "confirmed": "1"})
    assert done.status_code == 302
    assert services.case_view(web_env, services.SYSTEM_ACTOR, case_id).state == "implementing"


@pytest.mark.parametrize("who", ["rep2", "hr_handler", "leader"])
def test_other_staff_get_404_until_it_is_adopted(client, union, web_env, who):
    case_id = start(web_env, union)
    fire(web_env, union.office, case_id, "route", {"department": union.logistics})
    sign_in(client, who)
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get(f"/api/v1/cases/{case_id}").status_code == 404
    fire(web_env, union.logistics_handler, case_id, "adopt", {"outcome": "adopted", "assessment": "可行"})
    assert client.get(f"/cases/{case_id}").status_code == 200


def test_an_outsider_gets_404_and_no_register(client, union, web_env):
    case_id = adopted(web_env, union)
    other = services.create_organisation(web_env, "另一家工会", "union")
    outsider = services.create_user(web_env, "outsider", "外单位")
    services.grant_role(web_env, outsider, other, "union_office")
    services.set_password(web_env, outsider, "correct-horse-42")
    sign_in(client, "outsider")
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get(f"/suggestions/register?union={union.union}").status_code == 403
    assert client.get(f"/suggestions/{union.union}/2026/register.xlsx").status_code == 403
    assert "冲压边角料再利用" not in client.get("/suggestions/register").get_data(as_text=True)


def test_a_suggestion_not_adopted_stays_out_of_other_staffs_register(client, union, web_env):
    kept = start(web_env, union, title="食堂节能灶改造")
    fire(web_env, union.office, kept, "route", {"department": union.logistics})
    fire(web_env, union.logistics_handler, kept, "not_adopt", {"assessment": "不具备条件"})
    adopted(web_env, union)
    sign_in(client, "rep2")
    body = client.get("/suggestions/register?year=2026").get_data(as_text=True)
    assert "冲压边角料再利用" in body and "食堂节能灶改造" not in body
    assert client.get(f"/cases/{kept}").status_code == 404
    assert client.get(f"/suggestions/{union.union}/2026/register.xlsx").status_code == 403  # the office's export


def test_the_office_exports_the_years_register_with_the_benefit(client, union, web_env):
    case_id = adopted(web_env, union)
    fire(web_env, union.logistics_handler, case_id, "report_implementation",
         {"implemented_on": "2026-11-23", "benefit_amount": 36000, "benefit": "年节约钢材", "implementation": "已实施"})
    fire(web_env, union.office, case_id, "award", {"grade": "first", "award_year": 2026})
    start(web_env, union, title="叉车充电排班")
    sign_in(client, "office")
    page = client.get("/suggestions/register?year=2026").get_data(as_text=True)
    assert "36,000" in page and "export-register" in page
    response = client.get(f"/suggestions/{union.union}/2026/register.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    register, awards = book.worksheets
    titles = [row[1] for row in register.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["冲压边角料再利用", "叉车充电排班"]
    assert [(r[0], r[1], r[5]) for r in awards.iter_rows(min_row=2, values_only=True)] == [
        ("一等奖", "冲压边角料再利用", 36000)]
    assert client.get("/suggestions/register?year=99999").status_code == 400


def test_the_award_list_in_both_languages_and_as_word(client, union, web_env):
    case_id = adopted(web_env, union)
    fire(web_env, union.logistics_handler, case_id, "report_implementation",
         {"implemented_on": "2026-11-23", "benefit_amount": 1200, "implementation": "已实施"})
    fire(web_env, union.office, case_id, "award", {"grade": "encouragement", "award_year": 2026})
    sign_in(client, "rep3")  # any member of staff reads the award list
    body = client.get("/suggestions/awards?year=2026").get_data(as_text=True)
    assert "鼓励奖" in body and "冲压边角料再利用" in body and "周生产" in body
    client.post("/language", data={"csrf_token": csrf(client, "/suggestions"), "lang": "en"})
    body = client.get("/suggestions/awards?year=2026").get_data(as_text=True)
    assert "Encouragement award" in body and "Benefit (yuan)" in body
    assert "鼓励奖" not in client.get("/suggestions/awards?year=2025").get_data(as_text=True)
    word = client.get(f"/suggestions/{union.union}/2026/awards.docx")
    assert word.status_code == 200
    text = "\n".join(c.text for t in Document(io.BytesIO(word.data)).tables for row in t.rows for c in row.cells)
    assert "冲压边角料再利用" in text and "Encouragement award" in text


def test_the_case_page_shows_the_progress_line_and_the_sender_comments(client, union, web_env):
    case_id = start(web_env, union)
    fire(web_env, union.office, case_id, "route", {"department": union.logistics})
    sign_in(client, "works_handler")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    progress = page.split('id="progress"', 1)[1].split("</section>", 1)[0]
    assert "待分送" in progress and "部门评估中" in progress and "实施中" in progress and "已评奖" in progress
    assert "2026-12-14" in page  # the department's deadline, 15 working days on
    posted = client.post(f"/cases/{case_id}/comments", data={"csrf_token": csrf(client, f"/cases/{case_id}"),
                                                             "text": "试点可以先用二号线的边角料。"})
    assert posted.status_code == 302
    assert "试点可以先用二号线的边角料。" in client.get(f"/cases/{case_id}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/suggestions?page=abc", "/suggestions/register?year=abc&union=x",
                                  "/suggestions/register?year=-5", "/suggestions/awards?year=99999999999999",
                                  "/suggestions/awards?union=999999", "/suggestions/999999/2026/awards.docx",
                                  "/suggestions/1/1/register.xlsx"])
def test_odd_addresses_get_a_4xx_or_the_default_never_a_5xx(client, union, path):
    sign_in(client, "rep1")
    assert client.get(path).status_code in (200, 400, 403, 404)


def test_someone_without_a_role_cannot_send_one(client, union, web_env):
    nobody = services.create_user(web_env, "nobody", "无角色")
    services.set_password(web_env, nobody, "correct-horse-42")
    sign_in(client, "nobody")
    assert client.get("/suggestions/new").status_code == 403
    assert 'id="new-suggestion"' not in client.get("/suggestions").get_data(as_text=True)


def test_an_action_taking_files_is_confirmed_beside_its_button_and_keeps_the_files(client, union, web_env):
    case_id = adopted(web_env, union)
    sign_in(client, "logistics_handler")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="report_implementation-confirmed"' in page  # no second page: it could not carry the files
    version = services.case_view(web_env, services.Actor(union.office), case_id).version
    form = {"csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": str(version),
            "implemented_on": "2026-11-23", "benefit_amount": "36000", "benefit": "年节约钢材",
            "implementation": "已实施"}
    unticked = client.post(f"/cases/{case_id}/act/report_implementation",
                           data={**form, "attachments": (io.BytesIO(b"%PDF-1.4 test"), "验收单.pdf")},
                           content_type="multipart/form-data")
    page = unticked.get_data(as_text=True)
    assert unticked.status_code == 422 and "请勾选确认" in page and "所选文件未保留" in page
    assert "年节约钢材" in page  # what was typed stays
    assert services.case_view(web_env, services.Actor(union.office), case_id).state != "implemented"
    ticked = client.post(f"/cases/{case_id}/act/report_implementation",
                         data={**form, "confirmed": "1", "attachments": (io.BytesIO(b"%PDF-1.4 test"), "验收单.pdf")},
                         content_type="multipart/form-data")
    assert ticked.status_code == 302
    view = services.case_view(web_env, services.Actor(union.office), case_id)
    assert view.state == "implemented" and [f.filename for f in view.files] == ["验收单.pdf"]
