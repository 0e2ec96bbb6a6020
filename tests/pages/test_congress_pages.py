"""Congress pages: the chair's console and the booth (check-in, the vote, its confirmation and receipt)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine.services import Actor
from support.congress import Congress
from support.congress_pages import RECEIPT, block, motion, opened, post
from support.web import PASSWORD, sign_in
from workflows.congress import services as congress

CONFIRMED = {"confirmed": "1"}  # sent from the confirmation step


@pytest.fixture
def union(web_env) -> Congress:
    """Six representatives (rep1..rep5 and one more), the session opened: the quorum is four."""
    return Congress(web_env, size=6, password=PASSWORD)


# -- the chair's console -------------------------------------------------------------------------------------
def test_the_console_refuses_to_open_a_ballot_without_quorum_and_gives_the_numbers(client, web_env, union):
    item = motion(web_env, union)
    union.check_in_all(union.roster[:2])
    sign_in(client, "chair")
    page = client.get(f"/congress/sessions/{union.session}/console").get_data(as_text=True)
    assert re.search(r'id="present">2<', page) and "工资集体协商方案" in page
    response = post(client, f"/congress/items/{item}/open",  # no confirmation asked: it is refused
                    form_on=f"/congress/sessions/{union.session}/console")
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
    assert post(client, f"/congress/items/{item}/open", CONFIRMED, form_on=console).status_code == 302
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
    assert post(client, f"/congress/items/{item}/close", CONFIRMED, form_on=console).status_code == 302
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


def test_a_refusal_on_the_console_is_said_again_at_the_top_of_the_page(client, web_env, union):
    item = motion(web_env, union)
    union.check_in_all(union.roster[:2])
    sign_in(client, "chair")
    page = post(client, f"/congress/items/{item}/open",
                form_on=f"/congress/sessions/{union.session}/console").get_data(as_text=True)
    alert = page.split('id="page-alert"', 1)[1].split("</div>", 1)[0]
    assert page.index('id="page-alert"') < page.index("<h1") and "data-focus-alert" in alert
    assert "未达到法定人数" in alert and f'href="#item-{item}"' in alert
