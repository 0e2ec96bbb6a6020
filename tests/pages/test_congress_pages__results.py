"""Congress pages: results with the receipt check, tellers' counts, rosters and terms, the congress menu and the
pages in English."""

from __future__ import annotations

import re
from io import BytesIO

import pytest

from engine import services
from engine.services import Actor
from support.congress import Congress, roster_csv
from support.congress_pages import block, motion, opened, post
from support.web import PASSWORD, csrf, sign_in
from workflows.congress import services as congress


@pytest.fixture
def union(web_env) -> Congress:
    """Six representatives (rep1..rep5 and one more), the session opened: the quorum is four."""
    return Congress(web_env, size=6, password=PASSWORD)


# -- results and receipts ------------------------------------------------------------------------------------
def test_results_hide_an_open_item_and_show_a_closed_one_and_a_receipt_is_found(client, web_env, union):
    first = opened(web_env, union, "工资集体协商方案")
    voters = [union.rep1, *(r for r in union.roster if r != union.rep1)]
    codes = {rep: congress.vote(web_env, Actor(rep), first, "agree" if i < 4 else "abstain")
             for i, rep in enumerate(voters)}
    congress.close_item(web_env, Actor(union.chair), first)
    second = motion(web_env, union, "年度福利方案")
    congress.open_item(web_env, Actor(union.chair), second)
    late = congress.vote(web_env, Actor(union.rep2), second, "disagree")
    sign_in(client, "rep1")
    results = f"/congress/sessions/{union.session}/results"
    page = client.get(results).get_data(as_text=True)
    closed, still_open = block(page, f"result-{first}"), block(page, f"result-{second}")
    assert "通过" in closed and "参加表决 6 人（全体代表 6 人）" in closed and "需 4 票" in closed
    assert re.search(r"赞成</th>\s*<td[^>]*>4<", closed) and re.search(r"弃权</th>\s*<td[^>]*>2<", closed)
    assert "表决结束后公布结果" in still_open and "<table" not in still_open and "反对" not in still_open
    response = post(client, results, {"code": codes[union.rep1].lower().replace("-", " ")})
    found = block(response.get_data(as_text=True), "receipt-check")
    assert response.status_code == 200 and "已计入“工资集体协商方案”" in found
    assert "选票内容：赞成" in found
    found = block(post(client, results, {"code": late}).get_data(as_text=True), "receipt-check")
    assert "年度福利方案" in found and "表决结束时计入" in found
    response = post(client, results, {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert response.status_code == 404 and "本次会议没有使用该回执码的选票" in response.get_data(as_text=True)


def test_evaluation_results_show_each_managers_shares(client, web_env, union):
    union.check_in_all()
    item = congress.add_item(web_env, Actor(union.office), union.session, kind="evaluation", title="民主评议",
                             managers=["周厂长", "吴书记"])
    congress.open_item(web_env, Actor(union.chair), item)
    for i, rep in enumerate(union.roster):
        congress.vote(web_env, Actor(rep), item, ["competent" if i < 3 else "incompetent", None])
    congress.close_item(web_env, Actor(union.chair), item)
    sign_in(client, "rep3")
    table = block(client.get(f"/congress/sessions/{union.session}/results").get_data(as_text=True), f"result-{item}")
    assert "周厂长" in table and "称职" in table and "(50.0%)" in table and "(0.0%)" in table


def test_results_are_for_the_people_of_the_union(app, client, web_env, union):
    outsider = services.create_user(web_env, "outsider", "外单位")
    services.set_password(web_env, outsider, PASSWORD)
    sign_in(client, "outsider")
    assert client.get(f"/congress/sessions/{union.session}/results").status_code == 403
    assert sign_in(app.test_client(), "leader").get(f"/congress/sessions/{union.session}/results").status_code == 200


# -- tellers ---------------------------------------------------------------------------------------------------
def test_two_tellers_confirm_a_box_without_seeing_each_others_numbers(app, client, web_env, union):
    item = opened(web_env, union)
    tally = f"/congress/items/{item}/tally"
    counts = {"box": "1", "ballots": "3", "invalid": "0", "agree": "2", "disagree": "1", "abstain": "0"}
    sign_in(client, "teller1")
    assert post(client, tally, counts).status_code == 302
    page = client.get(tally).get_data(as_text=True)
    assert "等待第二名计票人" in page
    second = sign_in(app.test_client(), "teller2")
    page = second.get(tally).get_data(as_text=True)
    assert 'value="2"' not in block(page, "enter")  # the first teller's numbers are not shown
    response = post(second, tally, {**counts, "agree": "3", "disagree": "1"})
    assert response.status_code == 422 and "赞成+反对+弃权" in response.get_data(as_text=True)
    assert post(second, tally, {**counts, "agree": "1", "disagree": "2"}).status_code == 302
    assert "计数不一致" in second.get(tally).get_data(as_text=True)
    assert post(second, tally, counts).status_code == 302
    assert "两名计票人一致" in client.get(tally).get_data(as_text=True)


# -- rosters ---------------------------------------------------------------------------------------------------
def upload(client, term_id: int, content: bytes):
    path = f"/congress/terms/{term_id}/roster"
    return client.post(path, data={"csrf_token": csrf(client, path), "file": (BytesIO(content), "roster.csv")},
                       content_type="multipart/form-data")


def test_a_bad_roster_file_lists_every_row_error_and_imports_nothing(client, web_env, union):
    sign_in(client, "office")
    term = congress.ensure_term(web_env, union.union, 6)
    rows = [{"username": "zhang.san", "name": "张三", "email": "", "delegation": "第1代表团", "category": "worker",
             "sex": "m", "department": "生产部"},
            {"username": "li si", "name": "李四", "email": "", "delegation": "第1代表团", "category": "boss",
             "sex": "m", "department": "生产部"},
            {"username": "wang.wu", "name": "", "email": "", "delegation": "第2代表团", "category": "manager",
             "sex": "x", "department": "人力资源部"}]
    response = upload(client, term, roster_csv(rows))
    page = response.get_data(as_text=True)
    errors = block(page, "roster-errors")
    assert response.status_code == 422
    for expected in ("第 3 行，用户名：", "第 3 行，类别：", "第 4 行，姓名：此项为必填项。",
                     "第 4 行，性别：应为 男 或 女。"):
        assert expected in errors
    assert congress.list_roster(web_env, term) == [] and services.find_user(web_env, "zhang.san") is None
    rows[1].update(username="li.si", category="technical")
    rows[2].update(name="王五", sex="f")
    assert upload(client, term, roster_csv(rows)).status_code == 302
    page = client.get(f"/congress/terms/{term}/roster").get_data(as_text=True)
    assert "已导入代表名册：新增 3 人" in page and "张三" in page and "王五" in page
    assert [r.name for r in congress.list_roster(web_env, term)] == ["张三", "李四", "王五"]
    assert 'data-count="manager">1<' in page and 'data-count="f">1<' in page


def test_the_roster_shows_each_rule_with_its_figures_and_the_office_sets_staff_figures(client, web_env, union):
    sign_in(client, "office")
    roster = f"/congress/terms/{union.term}/roster"
    page = client.get(roster).get_data(as_text=True)
    assert "第1代表团" in page and "王建国" in page
    assert re.search(r'data-rule="minimum">.*?rule-state">不满足<.*?现有 6 人', page, re.S)
    response = post(client, f"/congress/terms/{union.term}/staff", {"staff_count": "40", "women_staff_count": "50"},
                    form_on=roster)
    assert response.status_code == 422 and "女职工人数不能多于职工总数。" in response.get_data(as_text=True)
    assert post(client, f"/congress/terms/{union.term}/staff", {"staff_count": "100", "women_staff_count": "40"},
                form_on=roster).status_code == 302
    page = client.get(roster).get_data(as_text=True)
    assert re.search(r'data-rule="share_of_staff">.*?rule-state">满足<.*?职工 100 人，需 5 人，现有 6 人', page, re.S)


def test_terms_are_for_the_office(client, web_env, union):
    sign_in(client, "rep1")
    assert client.get("/congress/terms").status_code == 403
    assert client.get(f"/congress/terms/{union.term}/roster").status_code == 403
    office = sign_in(client.application.test_client(), "office")
    response = post(office, "/congress/terms", {"number": "6", "staff_count": "300", "women_staff_count": "120"})
    assert response.status_code == 302
    (six,) = [t for t in congress.list_terms(web_env, union.union) if t.number == 6]
    assert six.staff_count == 300 and response.headers["Location"].endswith(f"/congress/terms/{six.id}/roster")


def test_a_resolution_names_the_item_it_follows_up_with_a_link_to_its_result(client, web_env, union):
    item = opened(web_env, union)
    for rep in union.roster:
        congress.vote(web_env, Actor(rep), item, "agree")
    congress.close_item(web_env, Actor(union.chair), item)
    case_id = services.start_case(web_env, Actor(union.office), "resolution", union.union, "落实工资集体协商方案", {
        "item_id": item, "departments": [union.hr], "due_date": "2026-12-31", "measures": "按方案调整工资"}).case_id
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    linked = block(page, "resolution-item")
    assert f"/congress/sessions/{union.session}/results#result-{item}" in linked and "工资集体协商方案" in linked
    assert "人力资源部" in page and "按方案调整工资" in page


def test_the_congress_menu_leads_each_person_to_their_pages(app, client, web_env, union):
    item = opened(web_env, union)
    sign_in(client, "rep1")
    page = client.get("/congress").get_data(as_text=True)
    assert 'href="/congress"' in page and 'href="/congress/terms"' not in page  # the menu
    assert f"/congress/sessions/{union.session}/booth" in page and "/console" not in page
    teller = sign_in(app.test_client(), "teller1").get("/congress").get_data(as_text=True)
    assert f"/congress/items/{item}/tally" in teller and "/booth" not in teller
    office = sign_in(app.test_client(), "office").get("/congress").get_data(as_text=True)
    assert f"/congress/sessions/{union.session}/console" in office and 'href="/congress/terms"' in office
    assert 'href="/congress"' not in sign_in(app.test_client(), "works_handler").get("/inbox").get_data(as_text=True)


def test_the_pages_speak_english_when_asked(client, web_env, union):
    item = opened(web_env, union)
    sign_in(client, "rep1")
    post(client, "/language", {"lang": "en", "next": "/inbox"}, form_on="/inbox")
    page = client.get(f"/congress/sessions/{union.session}/booth").get_data(as_text=True)
    assert "For" in page and "Against" in page and "In session" in page and "赞成" not in page
    page = post(client, f"/congress/items/{item}/review", {"choice": "abstain"},
                form_on=f"/congress/sessions/{union.session}/booth").get_data(as_text=True)
    assert "Check your vote" in page and "<li>Abstain</li>" in page
    page = client.get(f"/congress/sessions/{union.session}/results").get_data(as_text=True)
    assert "Check a receipt code" in page and "the result is shown when voting closes." in page
