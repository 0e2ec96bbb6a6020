"""The disclosure register's pages: the register and its entry form, the item page with its published text,
earlier versions and answered questions, the question form, the office's overdue list and the yearly report as
.docx; an outsider gets 404 and an item not yet published does not exist for the staff."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from docx import Document

from engine import services
from engine.services import Actor
from engine.time.calendar import TZ
from support.disclosures import Disclosures
from support.web import PASSWORD, csrf, sign_in
from workflows.disclosures import services as disclosures


@pytest.fixture
def union(web_env) -> Disclosures:
    return Disclosures(web_env, password=PASSWORD)


@pytest.fixture
def outsider(web_env, union):
    """Someone of another union altogether."""
    other = services.create_organisation(web_env, "别厂工会", "union")
    user = services.create_user(web_env, "outsider", "外人")
    services.set_password(web_env, user, PASSWORD)
    services.grant_role(web_env, user, other, "union_office")
    return user


def test_the_office_adds_an_entry_and_a_wrong_one_keeps_what_was_typed(client, union):
    sign_in(client, "office")
    page = client.get("/disclosures").get_data(as_text=True)
    assert "月度工资发放情况" in page and 'id="entry-form"' in page
    token = csrf(client, "/disclosures")
    bad = client.post("/disclosures/entries", data={"csrf_token": token, "title": "食堂承包合同", "category": "other",
                                                     "frequency": "weekly", "channel": "board", "scope": union.union,
                                                     "department": union.logistics, "starts_on": "2026-01-01"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'value="食堂承包合同"' in text and "请从列表中选择" in text
    good = client.post("/disclosures/entries", data={"csrf_token": token, "title": "食堂承包合同", "category": "other",
                                                      "frequency": "yearly", "channel": "board", "scope": union.union,
                                                      "department": union.logistics, "starts_on": "2026-01-01"})
    assert good.status_code == 302
    assert "食堂承包合同" in client.get("/disclosures").get_data(as_text=True)


def test_staff_read_the_register_but_may_not_change_it(client, union):
    sign_in(client, "rep1")
    page = client.get("/disclosures").get_data(as_text=True)
    assert "月度工资发放情况" in page and 'id="entry-form"' not in page
    token = csrf(client, f"/disclosures/entries/{union.wages}")
    assert client.post("/disclosures/entries", data={"csrf_token": token, "title": "x"}).status_code == 403


def test_an_unpublished_item_does_not_exist_for_staff_and_an_outsider_gets_404_everywhere(client, union, outsider):
    item = union.item()
    sign_in(client, "rep1")
    assert client.get(f"/cases/{item}").status_code == 404
    assert client.get(f"/disclosures/items/{item}/ask").status_code == 404
    assert f"item-{item}" not in client.get("/disclosures").get_data(as_text=True)
    assert client.get("/disclosures/overdue").status_code == 404
    assert client.get("/disclosures/report").status_code == 404
    union.publish(item)
    other = client.application.test_client()
    sign_in(other, "outsider")
    for path in (f"/cases/{item}", f"/disclosures/items/{item}/ask", f"/disclosures/entries/{union.wages}"):
        assert other.get(path).status_code == 404, path


def test_a_question_asked_on_the_item_page_is_answered_under_it_without_the_askers_name(client, union, web_env):
    item = union.item()
    union.publish(item)
    sign_in(client, "rep1")
    page = client.get(f"/cases/{item}").get_data(as_text=True)
    assert "10月工资已于11月10日足额发放" in page and 'id="ask-link"' in page
    token = csrf(client, f"/disclosures/items/{item}/ask")
    empty = client.post(f"/disclosures/items/{item}/ask", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 422 and "invalid-feedback" in empty.get_data(as_text=True)
    sent = client.post(f"/disclosures/items/{item}/ask", data={"csrf_token": token, "text": "夜班津贴是否计入？"})
    assert sent.status_code == 302
    (question,) = services.search_cases(web_env, Actor(union.office), workflow="disclosure_question").items
    assert "夜班津贴是否计入？" in client.get(f"/cases/{question.id}").get_data(as_text=True)
    reader = client.application.test_client()
    sign_in(reader, "rep3")
    assert "夜班津贴是否计入？" not in reader.get(f"/cases/{item}").get_data(as_text=True)  # not before its answer
    union.fire(union.hr_handler, question.id, "answer", {"answer": "计入工资总额。"})
    shown = reader.get(f"/cases/{item}").get_data(as_text=True)
    assert "夜班津贴是否计入？" in shown and "计入工资总额。" in shown and "王建国" not in shown
    assert reader.get(f"/cases/{question.id}").status_code == 404


def test_a_correction_shows_the_earlier_text_on_the_item_page(client, union):
    item = union.item()
    union.publish(item)
    union.fire(union.hr_handler, item, "correct", {"text": "人均6230元。", "reason": "数字有误"})
    sign_in(client, "rep2")
    page = client.get(f"/cases/{item}").get_data(as_text=True)
    assert 'id="earlier-versions"' in page and "人均6320元" in page and "人均6230元。" in page


def test_publishing_asks_for_confirmation_first(client, union, web_env):
    item = union.item()
    sign_in(client, "hr_handler")
    token = csrf(client, f"/cases/{item}")
    version = services.case_view(web_env, Actor(union.hr_handler), item).version
    asked = client.post(f"/cases/{item}/act/publish", data={"csrf_token": token, "expected_version": version,
                                                            "text": "内容", "published_on": "2026-11-23"})
    assert asked.status_code == 200 and "原内容仍保留显示" in asked.get_data(as_text=True)
    assert services.case_view(web_env, Actor(union.office), item).summary.state == "to_publish"


def test_the_office_sees_the_overdue_list_and_the_yearly_report_as_word(client, union, clock):
    late = union.item("2026-10")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=TZ))
    union.sweep()
    sign_in(client, "office")
    page = client.get("/disclosures/overdue").get_data(as_text=True)
    assert f'id="overdue-{late}"' in page and "已逾期 19 天" in page
    report = client.get("/disclosures/report?year=2026").get_data(as_text=True)
    assert "逾期仍未公开 1 项" in report
    word = client.get("/disclosures/report/download?year=2026")
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(word.data)).paragraphs)
    assert "关于2026年厂务公开情况的报告" in text and "逾期仍未公开 1 项" in text
    cells = [c.text for row in Document(BytesIO(word.data)).tables[0].rows for c in row.cells]
    assert "月度工资发放情况（2026年10月）" in cells and "逾期未公开" in cells


def test_every_account_reads_exactly_the_disclosure_pages_the_rules_open_to_it(app, union, outsider):
    """The leak walk over the register's own pages and API: an item before publication (the department, the office,
    the employer), published (everyone in the union), a question (its asker, the department, the office)."""
    unpublished, published = union.item("2026-09"), union.item("2026-10")
    union.publish(published)
    question = disclosures.ask(union.env, Actor(union.rep2), published, "加班费何时发放？")
    everyone = ("rep1", "rep2", "rep3", "rep4", "rep5", "committee", "leader", "works_handler", "hr_handler",
                "logistics_handler", "office", "boss", "outsider")
    keepers = {"office", "boss", "hr_handler"}
    readers = {unpublished: keepers, published: set(everyone) - {"outsider"},
               question: {"rep2", "hr_handler", "office"}}
    wrong = []
    for username in everyone:
        client = app.test_client()
        sign_in(client, username)
        for case_id, allowed in readers.items():
            paths = [f"/cases/{case_id}", f"/api/v1/cases/{case_id}"]
            if case_id != question:
                paths += [f"/api/v1/cases/{case_id}/answers"]
            for path in paths:
                status = client.get(path).status_code
                if status != (200 if username in allowed else 404):
                    wrong.append((username, path, status))
        ask = client.get(f"/disclosures/items/{unpublished}/ask").status_code
        if ask != (200 if username in keepers else 404):
            wrong.append((username, "ask on the unpublished item", ask))
    assert wrong == []


NASTY = ["\x00", "关于\x00提案", "x" * 30_000, " ", "\u202e反向", "99999999999999999999", "-1", "2026-02-30",
         "9999-12-31", "abc"]


def test_nasty_input_on_the_registers_forms_is_refused_beside_the_field_never_a_server_error(client, union, web_env):
    item = union.item()
    union.publish(item)
    sign_in(client, "office")
    token = csrf(client, "/disclosures")
    fields = ("title", "category", "frequency", "channel", "scope", "department", "note", "starts_on")
    for value in NASTY:
        for name in fields:
            form = {"csrf_token": token, "title": "食堂承包合同", "category": "other", "frequency": "yearly",
                    "channel": "board", "scope": union.union, "department": union.logistics,
                    "starts_on": "2026-01-01", name: value}
            answer = client.post("/disclosures/entries", data=form)
            assert answer.status_code in (302, 400, 422), (name, value, answer.status_code)  # 400: the input guard
        for path, data in ((f"/disclosures/items/{item}/ask", {"text": value}),
                           (f"/disclosures/entries/{union.safety}/event", {"event": value}),
                           (f"/disclosures/entries/{union.wages}", {"title": value, "do": "save"}),
                           (f"/disclosures/report?year={value}", None)):
            answer = client.post(path, data={"csrf_token": token, **data}) if data else client.get(path)
            assert answer.status_code < 500, (path, value, answer.status_code)
