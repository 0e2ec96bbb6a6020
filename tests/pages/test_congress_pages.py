"""Congress pages: the chair's console, the booth, tellers' counts, results with the receipt check, rosters."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest

from engine import services
from engine.services import Actor
from support.congress import Congress, roster_csv
from support.web import PASSWORD, csrf, sign_in
from workflows.congress import services as congress

RECEIPT = re.compile(r'id="receipt-code">([A-Z0-9-]{24})<')


@pytest.fixture
def union(web_env) -> Congress:
    """Six representatives (rep1..rep5 and one more), the session opened: the quorum is four."""
    return Congress(web_env, size=6, password=PASSWORD)


def motion(env, c: Congress, title: str = "工资集体协商方案", **options) -> int:
    return congress.add_item(env, Actor(c.office), c.session, kind="motion", title=title, **options)


def opened(env, c: Congress, title: str = "工资集体协商方案") -> int:
    c.check_in_all()
    item = motion(env, c, title)
    congress.open_item(env, Actor(c.chair), item)
    return item


def post(client, path: str, data: dict | None = None, *, form_on: str | None = None):
    return client.post(path, data={"csrf_token": csrf(client, form_on or path), **(data or {})})


def block(page: str, element_id: str) -> str:
    """The markup from an element with this id to the next section or item."""
    start = page.index(f'id="{element_id}"')
    ends = [page.find(marker, start + 1) for marker in ("<section", 'class="list-group-item"')]
    return page[start:min([e for e in ends if e > 0] or [len(page)])]


# -- the chair's console -------------------------------------------------------------------------------------
def test_the_console_refuses_to_open_a_ballot_without_quorum_and_gives_the_numbers(client, web_env, union):
    item = motion(web_env, union)
    union.check_in_all(union.roster[:2])
    sign_in(client, "chair")
    page = client.get(f"/congress/sessions/{union.session}/console").get_data(as_text=True)
    assert re.search(r'id="present">2<', page) and "工资集体协商方案" in page
    response = post(client, f"/congress/items/{item}/open", form_on=f"/congress/sessions/{union.session}/console")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "签到代表 2 人，未达到法定人数 4 人（全体代表 6 人的 2/3）" in block(page, f"item-{item}")
    assert congress.get_item(web_env, item).status == "draft"
    live = client.get(f"/congress/sessions/{union.session}/live").get_json()
    assert live["figures"]["present"] == 2 and live["figures"]["needed"] == 4 and live["met"] is False


def test_the_console_opens_and_closes_items_showing_turnout_but_no_result_until_closed(client, web_env, union):
    item = motion(web_env, union)
    union.check_in_all()
    sign_in(client, "chair")
    console = f"/congress/sessions/{union.session}/console"
    assert post(client, f"/congress/items/{item}/open", form_on=console).status_code == 302
    for rep in (union.rep1, union.rep2, union.rep3):
        congress.vote(web_env, Actor(rep), item, "agree")
    page = client.get(console).get_data(as_text=True)
    row = block(page, f"item-{item}")
    assert re.search(r'class="turnout">3</span> / 6', row) and "outcome" not in row
    assert "通过" not in row
    assert client.get(f"/congress/sessions/{union.session}/live").get_json()["figures"][
        f"item-{item}-participants"] == 3
    # who has not voted yet is listed by name (not secret), and can be reminded
    missing = block(page, "missing")
    assert "刘洋" in block(missing, "missing-vote") and "王建国" not in block(missing, "missing-vote")
    response = post(client, f"/congress/sessions/{union.session}/remind/vote", form_on=console)
    assert response.status_code == 302
    assert "已向 3 位代表发送提醒" in client.get(console).get_data(as_text=True)
    assert post(client, f"/congress/items/{item}/close", form_on=console).status_code == 302
    row = block(client.get(console).get_data(as_text=True), f"item-{item}")
    assert "未通过" in row  # 3 of 6 is not more than half of all representatives


def test_an_item_with_errors_is_refused_beside_its_fields_keeping_what_was_typed(client, web_env, union):
    sign_in(client, "chair")
    console = f"/congress/sessions/{union.session}/console"
    response = post(client, f"/congress/sessions/{union.session}/items", {
        "kind": "election", "title": "增补工会委员", "candidates": "甲\n乙", "max_choices": "5", "pass_rule": "",
        "description": "", "managers": "", "closes_at": ""}, form_on=console)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "应选人数应在 1 到候选人数之间。" in block(page, "add")
    assert 'value="增补工会委员"' in page and "甲\n乙</textarea>" in page
    assert congress.list_items(web_env, union.session) == []
    response = post(client, f"/congress/sessions/{union.session}/items", {
        "kind": "election", "title": "增补工会委员", "candidates": "甲\n乙\n丙", "max_choices": "2",
        "closes_at": "2026-11-23T15:30"}, form_on=console)
    assert response.status_code == 302
    (item,) = congress.list_items(web_env, union.session)
    assert item.options["candidates"] == ["甲", "乙", "丙"] and item.options["max_choices"] == 2
    assert item.closes_at.isoformat().startswith("2026-11-23T07:30")


def test_the_office_checks_in_on_paper_and_records_paper_voters(client, web_env, union):
    sign_in(client, "chair")
    console = f"/congress/sessions/{union.session}/console"
    page = client.get(console).get_data(as_text=True)
    assert "陈静" in block(page, "check_in")
    four = [union.rep1, union.rep2, union.rep3, union.rep4]
    response = post(client, f"/congress/sessions/{union.session}/check-in", {"user_id": [str(u) for u in four]},
                    form_on=console)
    assert response.status_code == 302
    assert congress.session_status(web_env, union.session).quorum.present == 4
    item = motion(web_env, union)
    congress.open_item(web_env, Actor(union.chair), item)
    response = post(client, f"/congress/items/{item}/paper-voters", {"user_id": [str(union.rep5)]},
                    form_on=console)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "陈静 尚未签到。" in block(page, "paper")
    response = post(client, f"/congress/items/{item}/paper-voters", {"user_id": [str(union.rep1)]},
                    form_on=console)
    assert response.status_code == 302
    assert congress.get_item(web_env, item).participants == 1


def test_a_representative_may_not_open_the_console(client, web_env, union):
    item = motion(web_env, union)
    sign_in(client, "rep1")
    assert client.get(f"/congress/sessions/{union.session}/console").status_code == 403
    assert client.get(f"/congress/sessions/{union.session}/live").status_code == 403
    assert post(client, f"/congress/items/{item}/open", form_on="/inbox").status_code == 403
    assert client.get(f"/congress/items/{item}/tally").status_code == 403
    assert congress.get_item(web_env, item).status == "draft"


def test_a_session_without_a_case_is_started_from_the_console(client, web_env, union):
    other = congress.create_congress_session(web_env, union.union, term=5, number=4, name="第五届职代会第四次会议",
                                             collection_opens=date(2027, 1, 4), collection_closes=date(2027, 1, 8))
    sign_in(client, "office")
    page = client.get(f"/congress/sessions/{other}/console").get_data(as_text=True)
    assert 'id="start"' in page
    response = post(client, f"/congress/sessions/{other}/start", form_on=f"/congress/sessions/{other}/console")
    assert response.status_code == 302
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "筹备" in page and f"/congress/sessions/{other}/console" in page and "送达会议文件" in page
    assert congress.session_status(web_env, other).case_id == case_id


# -- the booth -----------------------------------------------------------------------------------------------
def test_a_representative_checks_in_votes_confirms_and_gets_a_receipt(client, web_env, union):
    sign_in(client, "rep1")
    booth = f"/congress/sessions/{union.session}/booth"
    page = client.get(booth).get_data(as_text=True)
    assert "一、审议工资集体协商方案" in page and 'id="confirm-documents"' in page and 'id="check-in"' in page
    assert post(client, f"{booth}/documents", form_on=booth).status_code == 302
    assert post(client, f"{booth}/check-in", form_on=booth).status_code == 302
    page = client.get(booth).get_data(as_text=True)
    assert 'id="documents-confirmed"' in page and 'id="waiting"' in page
    union.check_in_all()
    item = motion(web_env, union)
    congress.open_item(web_env, Actor(union.chair), item)
    page = client.get(booth).get_data(as_text=True)
    assert 'id="choice-agree"' in page and "赞成" in page and "反对" in page and "弃权" in page
    # the confirmation step shows the choice; "change" goes back to the ballot
    page = post(client, f"/congress/items/{item}/review", {"choice": "disagree"}, form_on=booth).get_data(
        as_text=True)
    assert re.search(r'id="your-choice"><li>反对</li>', page) and 'id="cast"' in page
    assert congress.has_voted(web_env, union.rep1, [item]) == set()
    page = post(client, f"/congress/items/{item}/review", {"choice": "disagree", "do": "change"},
                form_on=booth).get_data(as_text=True)
    assert 'id="ballot"' in page
    response = post(client, f"/congress/items/{item}/vote", {"choice": "agree"}, form_on=booth)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "只显示这一次" in page
    code = RECEIPT.search(page).group(1)
    assert congress.check_receipt(web_env, union.session, code).choice == "agree"
    page = client.get(booth).get_data(as_text=True)
    assert 'id="voted"' in page and code not in page
    assert client.get(f"{booth}/state").get_json()["state"].endswith(f":{item}:1")


def test_a_second_vote_is_refused_with_a_message(client, web_env, union):
    item = opened(web_env, union)
    sign_in(client, "rep1")
    booth = f"/congress/sessions/{union.session}/booth"
    assert post(client, f"/congress/items/{item}/vote", {"choice": "agree"}, form_on=booth).status_code == 200
    response = post(client, f"/congress/items/{item}/vote", {"choice": "disagree"}, form_on=booth)
    assert response.status_code == 409
    assert "您已对该事项投过票，每人只能投一次。" in response.get_data(as_text=True)
    assert congress.get_item(web_env, item).participants == 1


def test_an_election_ballot_allows_at_most_k_and_a_person_outside_the_roster_is_kept_out(client, web_env, union):
    union.check_in_all()
    item = congress.add_item(web_env, Actor(union.office), union.session, kind="election", title="增补委员",
                             candidates=["甲", "乙", "丙"], max_choices=2)
    congress.open_item(web_env, Actor(union.chair), item)
    sign_in(client, "rep2")
    booth = f"/congress/sessions/{union.session}/booth"
    assert 'data-max-choices="2"' in client.get(booth).get_data(as_text=True)
    response = post(client, f"/congress/items/{item}/review", {"candidate": ["0", "1", "2"]}, form_on=booth)
    assert response.status_code == 422 and "最多选 2 人" in response.get_data(as_text=True)
    page = post(client, f"/congress/items/{item}/review", {"candidate": ["0", "2"]}, form_on=booth).get_data(
        as_text=True)
    assert "<li>甲</li><li>丙</li>" in page
    assert post(client, f"/congress/items/{item}/vote", {"candidate": ["0", "2"]}, form_on=booth).status_code == 200
    other = sign_in(client.application.test_client(), "leader")
    assert other.get(booth).status_code == 403


def test_duties_wait_at_the_top_of_the_inbox_and_lead_to_the_booth(client, web_env, union):
    item = motion(web_env, union, "年度福利方案")
    congress.check_in(web_env, Actor(union.office), union.session, [union.rep2, union.rep3, union.rep4, union.rep5])
    congress.open_item(web_env, Actor(union.chair), item)
    sign_in(client, "rep1")
    duties = block(client.get("/inbox").get_data(as_text=True), "congress-duties")
    assert "确认收到会议文件" in duties and "签到" in duties and f"/congress/sessions/{union.session}/booth" in duties
    congress.check_in(web_env, Actor(union.office), union.session, [union.rep1])
    duties = block(client.get("/inbox").get_data(as_text=True), "congress-duties")
    assert "投票：年度福利方案" in duties


def test_the_session_case_page_links_to_the_console_booth_and_results(app, client, union):
    sign_in(client, "rep1")
    page = client.get(f"/cases/{union.case}").get_data(as_text=True)
    assert 'id="booth-link"' in page and 'id="results-link"' in page and 'id="console-link"' not in page
    chair = sign_in(app.test_client(), "chair")
    page = chair.get(f"/cases/{union.case}").get_data(as_text=True)
    assert 'id="console-link"' in page


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
