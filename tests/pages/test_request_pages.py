"""Worker request pages: the send form, the case page as each reader sees it (another staff member gets 404; an
anonymous sender is named to the office alone), the office's list with overdue ones, the monthly statistics and
their Excel download, and the published procedure."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from engine import services
from engine.services import Actor
from support.web import PASSWORD, csrf, sign_in

WORKER, OTHER = "马小工", "牛旁人"


@pytest.fixture
def people(web_env, union):
    u = union
    for attr, username, name in (("worker", "worker", WORKER), ("other", "other", OTHER)):
        user_id = services.create_user(web_env, username, name)
        services.set_password(web_env, user_id, PASSWORD)
        services.grant_role(web_env, user_id, u.union, "staff")
        setattr(u, attr, user_id)
    return u


def sent(env, u, **form):
    data = {"kind": "complaint", "topic": "wages", "text": "加班费按最低工资计算。", **form}
    return services.start_case(env, Actor(u.worker), "worker_request", u.union, "加班费计算基数偏低", data).case_id


def routed(env, u, **form):
    case_id = sent(env, u, **form)
    services.fire(env, Actor(u.office), case_id, "register")
    services.fire(env, Actor(u.office), case_id, "route", {"department": u.hr, "department_due": "2026-11-27"})
    return case_id


def test_the_send_form_keeps_what_was_typed_beside_its_errors_and_sends(client, web_env, people):
    sign_in(client, "worker")
    page = client.get("/requests/new")
    assert page.status_code == 200 and "匿名" in page.get_data(as_text=True)
    token = csrf(client, "/requests/new")
    refused = client.post("/requests/new", data={"csrf_token": token, "title": "", "kind": "problem",
                                                 "text": "食堂晚餐供应时间太短。"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "食堂晚餐供应时间太短。" in body and "此项为必填项" in body
    done = client.post("/requests/new", data={"csrf_token": token, "title": "食堂晚餐时间", "kind": "problem",
                                              "topic": "welfare", "text": "食堂晚餐供应时间太短。"})
    assert done.status_code == 302
    case_id = int(done.headers["Location"].rsplit("/", 1)[1])
    assert services.case_view(web_env, Actor(people.worker), case_id).state == "awaiting_registration"
    assert "食堂晚餐时间" in client.get("/requests/mine").get_data(as_text=True)


def test_someone_who_holds_no_staff_role_is_not_offered_the_form(client, people):
    sign_in(client, "works_handler")
    assert client.get("/requests/new").status_code == 403


def test_another_staff_member_gets_404_and_the_routed_department_reads_it(client, web_env, people):
    case_id = routed(web_env, people)
    sign_in(client, "other")
    assert client.get(f"/cases/{case_id}").status_code == 404
    other = client.application.test_client()
    sign_in(other, "hr_handler")
    assert other.get(f"/cases/{case_id}").status_code == 200
    third = client.application.test_client()
    sign_in(third, "works_handler")
    assert third.get(f"/cases/{case_id}").status_code == 404


def test_an_anonymous_sender_is_named_to_the_office_but_not_to_the_department(client, web_env, people):
    case_id = routed(web_env, people, anonymous=True)
    services.post_comment(web_env, Actor(people.worker), case_id, "补充：夜班尤其严重。")
    sign_in(client, "hr_handler")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "加班费计算基数偏低" in page and "匿名" in page and WORKER not in page
    assert re.search(r"<strong>发起</strong>\s*<span[^>]*>[^<]*· 匿名</span>", page)  # not "the system" either
    token = services.create_token(web_env, people.hr_handler, "t").secret
    api = client.get(f"/api/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert api["created_by"] is None and WORKER not in str(api)
    office = client.application.test_client()
    sign_in(office, "office")
    assert WORKER in office.get(f"/cases/{case_id}").get_data(as_text=True)
    mine = client.application.test_client()
    sign_in(mine, "worker")
    assert WORKER in mine.get(f"/cases/{case_id}").get_data(as_text=True)  # the sender sees their own request


def test_the_office_lists_requests_with_the_overdue_ones_apart(client, web_env, people, clock):
    late = routed(web_env, people)
    fresh = sent(web_env, people)
    clock.advance(days=7)
    sign_in(client, "office")
    every = client.get("/requests/office").get_data(as_text=True)
    assert f"/cases/{late}" in every and f"/cases/{fresh}" in every
    overdue = client.get("/requests/office?overdue=1").get_data(as_text=True)
    assert f"/cases/{late}" in overdue and "逾期" in overdue
    worker = client.application.test_client()
    sign_in(worker, "worker")
    assert worker.get("/requests/office").status_code == 404


def test_the_monthly_statistics_count_by_topic_and_department_and_download_without_names(client, web_env, people):
    case_id = routed(web_env, people, anonymous=True)
    services.fire(web_env, Actor(people.hr_handler), case_id, "department_answer", {"department_answer": "已核实。"})
    services.fire(web_env, Actor(people.office), case_id, "send_reply")
    services.fire(web_env, Actor(people.worker), case_id, "rate", {"rating": "basically_satisfied"})
    sign_in(client, "office")
    page = client.get("/requests/statistics?month=2026-11").get_data(as_text=True)
    assert "工资待遇" in page and "人力资源部" in page and "100%" in page
    xlsx = client.get("/requests/statistics?month=2026-11&format=xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.data))
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert "工资待遇" in cells and WORKER not in " ".join(cells)
    assert client.get("/requests/statistics?month=2026-13").status_code == 400
    handler = client.application.test_client()
    sign_in(handler, "hr_handler")
    assert handler.get("/requests/statistics?month=2026-11").status_code == 404


def test_the_published_procedure_is_open_to_anyone(client):
    page = client.get("/requests/procedure")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "工会办公室" in body and "5 个工作日" in body
    assert re.search(r"本单位规定", body)


def test_the_api_gives_the_statistics_to_the_office_alone(client, web_env, people):
    routed(web_env, people)
    office = {"Authorization": f"Bearer {services.create_token(web_env, people.office, 't').secret}"}
    handler = {"Authorization": f"Bearer {services.create_token(web_env, people.hr_handler, 't').secret}"}
    found = client.get("/api/v1/reports/requests?month=2026-11", headers=office)
    assert found.status_code == 200 and found.data[:2] == b"PK"  # an xlsx is a zip
    assert client.get("/api/v1/reports/requests?month=2026-11", headers=handler).status_code == 403
    wrong = client.get("/api/v1/reports/requests?month=11-2026", headers=office)
    assert wrong.status_code == 422 and wrong.content_type == "application/problem+json"


def test_the_sender_of_a_merged_request_reads_the_main_ones_reply_on_their_own_page(client, web_env, people):
    main = services.start_case(web_env, Actor(people.other), "worker_request", people.union, "加班费",
                               {"kind": "complaint", "topic": "wages", "text": "同一件事。"}).case_id
    joined = sent(web_env, people)
    for case_id in (main, joined):
        services.fire(web_env, Actor(people.office), case_id, "register")
    services.fire(web_env, Actor(people.office), joined, "merge", {"main_case": main})
    services.fire(web_env, Actor(people.office), main, "reply", {"answer": "已按本人工资重新核算加班费。"})
    sign_in(client, "worker")
    page = client.get(f"/cases/{joined}").get_data(as_text=True)
    assert "已按本人工资重新核算加班费。" in page and OTHER not in page
    assert client.get(f"/cases/{main}").status_code == 404
