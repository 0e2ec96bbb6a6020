"""Bargaining pages: the dashboard, the case page's panel, draft comparison, staff opinions, documents, and the
agreement as staff read it."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

import pytest
from docx import Document

from engine import services
from engine.services import Actor
from engine.time.calendar import TZ
from support.bargaining import MANDATE, TOPICS, Bargaining
from support.web import PASSWORD, csrf, sign_in


@pytest.fixture
def union(web_env) -> Bargaining:
    """The congress test union (six representatives, the session opened) with its employer side."""
    return Bargaining(web_env, size=6, password=PASSWORD)


def negotiating(b: Bargaining) -> int:
    case_id = b.start(b.office)
    b.negotiate(case_id)
    return case_id


def in_force(b: Bargaining, clock) -> int:
    case_id = negotiating(b)
    b.agree(case_id)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()  # the review period ended without objection: in effect
    b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    return case_id


def section(page: str, element_id: str) -> str:
    """The markup of the element with this id, up to the next heading."""
    start = page.index(f'id="{element_id}"')
    end = page.find("<h2", start)
    return page[start:end if end > 0 else len(page)]


def user_without_roles(env) -> int:
    user = services.create_user(env, "outsider", "外单位人员")
    services.set_password(env, user, PASSWORD)
    return user


# -- the dashboard ---------------------------------------------------------------------------------------------
def test_the_union_office_drafts_a_request_from_the_dashboard_and_sees_its_deadline(client, web_env, union):
    sign_in(client, "office")
    page = client.get("/bargaining").get_data(as_text=True)
    assert 'id="no-agreement"' in page and 'id="no-running"' in page
    assert re.search(r'<option value="union"\s+selected>', page)  # the office speaks for the union
    assert 'value="华东机械厂"' in page  # the other side's likely name: the union's name without 工会
    token = csrf(client, "/bargaining")
    response = client.post("/bargaining/new", data={
        "csrf_token": token, "union": union.union, "title": "", "kind": "collective_contract", "initiator": "union",
        "counterpart": "华东机械厂", "topics": TOPICS})
    assert response.status_code == 422 and "此项为必填项" in response.get_data(as_text=True)
    response = client.post("/bargaining/new", data={
        "csrf_token": token, "union": union.union, "title": "2027年度集体协商", "kind": "collective_contract",
        "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS})
    assert response.status_code == 302
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert services.case_view(web_env, Actor(union.office), case_id).data["topics"] == TOPICS
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    page = client.get("/bargaining").get_data(as_text=True)
    running = section(page, f"case-{case_id}")
    assert "等待企业方书面回应" in running and "2026-12-14" in section(page, f"case-{case_id}-reply_due")


def test_the_employer_starts_with_its_own_side_chosen_and_others_are_refused(client, web_env, union):
    sign_in(client, "boss")
    page = client.get("/bargaining").get_data(as_text=True)
    assert re.search(r'<option value="employer"\s+selected>', page) and 'value="华东机械厂工会"' in page
    client.post("/logout", data={"csrf_token": csrf(client, "/bargaining")})
    user_without_roles(web_env)
    sign_in(client, "outsider")
    assert client.get("/bargaining").status_code == 403
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "rep4")  # staff: no request form, no deadlines
    page = client.get("/bargaining").get_data(as_text=True)
    assert client.get("/bargaining").status_code == 200 and 'id="new-request"' not in page
    token = csrf(client, "/inbox")
    assert client.post("/bargaining/new", data={"csrf_token": token, "title": "x"}).status_code == 403


def test_the_dashboard_shows_the_agreement_in_force_and_starts_its_renewal(client, web_env, union, clock):
    case_id = in_force(union, clock)
    sign_in(client, "office")
    page = client.get("/bargaining").get_data(as_text=True)
    card = section(page, f"agreement-{case_id}")
    assert "2027年度集体合同" in card and "履行中" in card and "2 年" in card
    assert "2026-12-09" in card and "2028-12-08" in card and "renewal-button" not in card
    clock.set(datetime(2028, 9, 9, 1, tzinfo=TZ))  # three months before expiry: the renewal window opens
    union.sweep()
    union.sweep()  # an implementation check fell due too; the window opens over it
    sign_in(client, "office")
    page = client.get("/bargaining").get_data(as_text=True)
    assert "续订期" in section(page, f"agreement-{case_id}") and "renewal-button" in page
    page = client.get(f"/bargaining?renews={case_id}").get_data(as_text=True)
    assert f'name="renews" value="{case_id}"' in page and "续订" in section(page, "new-request")
    title = re.search(r'id="title" name="title" maxlength="300"\s+value="([^"]+)"', page).group(1)
    response = client.post("/bargaining/new", data={
        "csrf_token": csrf(client, "/bargaining"), "union": union.union, "renews": case_id, "title": title,
        "kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": "续订"})
    assert response.status_code == 302
    assert [c.title for c in services.followers(web_env, case_id)] == [title]


# -- the case page ---------------------------------------------------------------------------------------------
def test_the_case_page_shows_both_sides_the_data_as_percentages_the_rounds_and_the_drafts(client, web_env, union):
    case_id = negotiating(union)
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    union_side, employer_side = section(page, "negotiators-union"), section(page, "negotiators-employer")
    assert "王建国" in union_side and "李秀英" in union_side and "孙经理" in employer_side
    assert re.search(r"王建国 <span[^>]*>首席代表</span>", union_side)
    assert re.search(r"孙经理 <span[^>]*>首席代表</span>", employer_side)
    figures = section(page, "talks-data")
    assert re.search(r'id="figure-guideline_baseline".*?5.5%', figures, re.S)
    assert re.search(r'id="figure-last_increase".*?4.8%', figures, re.S)
    assert re.search(r'id="figure-cpi".*?0.2%', figures, re.S) and "6,850" in figures
    assert "工会方提出增长6%" in section(page, "rounds")
    drafts = section(page, "drafts")
    assert "第 2 稿" in drafts and "调整增幅" in drafts
    assert f"/bargaining/{case_id}/drafts?old=1&amp;new=2" in drafts
    assert f"/bargaining/{case_id}/opinions" in page and f"/bargaining/{case_id}/request.docx" in page


def test_the_negotiator_forms_offer_the_right_people_and_the_congress_session_by_name(client, web_env, union):
    case_id = union.start(union.office)
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    union.fire(union.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意。"})
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    union_form = page[page.index('id="action-appoint_union_negotiators"'):]
    union_form = union_form[:union_form.index("</details>")]
    for name in ("王建国", "刘洋", "冯工会"):  # representatives and the union office
        assert name in union_form
    assert "周生产" not in union_form and "孙经理" not in union_form
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "boss")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    employer_form = page[page.index('id="action-appoint_employer_negotiators"'):]
    employer_form = employer_form[:employer_form.index("</details>")]
    for name in ("孙经理", "孙厂长", "周生产", "吴人事"):  # the staff: the employer, the leader, department handlers
        assert name in employer_form
    # the office picks the session by its name when the draft goes to the congress
    union.fire(union.office, case_id, "appoint_union_negotiators", {"negotiators": union.union_side,
                                                                   "chief": union.rep1, "chief_mandate": MANDATE})
    union.fire(union.boss, case_id, "appoint_employer_negotiators", {"negotiators": union.employer_side,
                                                                    "chief": union.boss})
    union.fire(union.office, case_id, "start_talks")
    union.fire(union.rep1, case_id, "save_draft", {"text": "第一条 本合同适用于全体职工。"})
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    form = page[page.index('id="action-put_to_congress"'):]
    option = rf'<select[^>]*name="session_id">.*?<option value="{union.session}"[^>]*>第五届职代会第三次会议</option>'
    assert re.search(option, form, re.S)


def test_the_comparison_page_marks_changed_added_and_removed_clauses(client, web_env, union):
    case_id = negotiating(union)
    sign_in(client, "rep1")
    page = client.get(f"/bargaining/{case_id}/drafts?old=1&new=2").get_data(as_text=True)
    rows = re.findall(r'<tr class="clause clause-(\w+)[^"]*"(?: data-heading="([^"]*)")?>', page)
    assert rows == [("same", "第一条"), ("changed", "第二条"), ("same", "第三条"), ("added", "第四条")]
    changed = page[page.index('data-heading="第二条"'):page.index('data-heading="第三条"')]
    assert "<ins>5.5%，一线职工不低于</ins>6%" in changed  # what the later version added inside the clause
    assert "1 处修改" in page and "1 处新增" in page
    backwards = client.get(f"/bargaining/{case_id}/drafts?old=2&new=1").get_data(as_text=True)
    assert 'class="clause clause-removed' in backwards and "删除" in backwards
    assert client.get(f"/bargaining/{case_id}/drafts?old=1&new=9").status_code == 404


# -- staff opinions --------------------------------------------------------------------------------------------
def test_staff_send_opinions_anonymously_by_choice_and_the_office_reads_the_summary(client, web_env, union):
    case_id = union.start(union.office)
    sign_in(client, "works_handler")  # staff through a department
    form = client.get(f"/bargaining/{case_id}/opinions/new").get_data(as_text=True)
    assert 'id="anonymous"' in form and "匿名提交" in form and "<option value=\"最低工资标准\">" in form
    token = csrf(client, f"/bargaining/{case_id}/opinions/new")
    response = client.post(f"/bargaining/{case_id}/opinions/new", data={
        "csrf_token": token, "topic": "夜班津贴", "body": "提高夜班津贴。"})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "rep4")
    token = csrf(client, f"/bargaining/{case_id}/opinions/new")
    response = client.post(f"/bargaining/{case_id}/opinions/new", data={
        "csrf_token": token, "topic": "", "body": "希望增长不低于6%。", "anonymous": "on"})
    assert response.status_code == 422 and "希望增长不低于6%。" in response.get_data(as_text=True)
    response = client.post(f"/bargaining/{case_id}/opinions/new", data={
        "csrf_token": token, "topic": "工资增长", "body": "希望增长不低于6%。", "anonymous": "on"},
        follow_redirects=True)
    assert "不会记录您的姓名" in response.get_data(as_text=True)
    assert client.get(f"/bargaining/{case_id}/opinions").status_code == 403  # not a negotiator
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "office")
    page = client.get(f"/bargaining/{case_id}/opinions").get_data(as_text=True)
    assert 'id="opinion-total">2 条意见' in page
    authors = re.findall(r'class="opinion-author">([^<]+)<', page)
    assert sorted(authors) == ["匿名", "周生产"] and "刘洋" not in page


def test_an_outsider_cannot_send_an_opinion_and_none_is_taken_once_the_draft_is_voted(client, web_env, union):
    case_id = negotiating(union)
    user_without_roles(web_env)
    sign_in(client, "outsider")
    assert client.get(f"/bargaining/{case_id}/opinions/new").status_code == 404  # not of this union
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    union.fire(union.office, case_id, "put_to_congress", {"session_id": union.session, "term_years": 2,
                                                          "agreement_title": "2027年度集体合同"})
    sign_in(client, "rep5")
    page = client.get(f"/bargaining/{case_id}/opinions/new").get_data(as_text=True)
    assert 'id="not-collecting"' in page and 'id="opinion-form"' not in page
    response = client.post(f"/bargaining/{case_id}/opinions/new", data={
        "csrf_token": csrf(client, "/inbox"), "topic": "工资", "body": "迟到的意见"})
    assert response.status_code == 409


# -- documents -------------------------------------------------------------------------------------------------
def test_the_request_prints_on_a4_without_the_menu_and_downloads_as_word(client, web_env, union):
    case_id = union.start(union.office)
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    sign_in(client, "office")
    page = client.get(f"/bargaining/{case_id}/request").get_data(as_text=True)
    assert 'href="/static/print.css"' in page and "<nav" not in page and 'id="print-toolbar"' in page
    with client.get("/static/print.css") as css:
        assert "@page { size: A4" in css.get_data(as_text=True)
    letter = page[page.index('id="request-letter"'):page.index("</article>")]
    assert "集体协商要约书" in letter and "华东机械厂：" in letter and "华东机械厂工会（盖章）" in letter
    assert "《集体合同规定》第三十二条" in letter and "20 日内" in letter and "2026年12月14日" in letter
    assert "二、最低工资标准" in letter and "2026年11月23日" in letter
    response = client.get(f"/bargaining/{case_id}/request.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    doc = Document(BytesIO(response.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "集体协商要约书" in text and "三、加班工资计算基数" in text and "第三十二条" in text
    assert 'w:eastAsia="宋体"' in doc.styles["Normal"].element.xml
    assert all('w:eastAsia="' in r._element.xml for p in doc.paragraphs for r in p.runs if r.text)
    section_ = doc.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)


def test_the_case_file_has_every_step_on_one_printable_page(client, web_env, union, clock):
    case_id = negotiating(union)
    union.agree(case_id)
    union.fire(union.office, case_id, "record_objection", {"received_on": "2026-11-23",
                                                           "points": "第二条增幅低于工资指导线下线。"})
    sign_in(client, "office")
    page = client.get(f"/bargaining/{case_id}/file").get_data(as_text=True)
    assert "<nav" not in page and 'href="/static/print.css"' in page
    for words in ("同意协商。", "王建国", "工会方提出增长6%", "第二条 2027年职工平均工资增长5.5%", "通过",
                  "2027年度集体合同", "第二条增幅低于工资指导线下线。", "集体协商要约书"):
        assert words in page, words
    assert 'class="compare-link"' not in page


def test_other_people_cannot_read_the_documents(client, web_env, union):
    case_id = negotiating(union)
    user_without_roles(web_env)
    sign_in(client, "outsider")
    for path in ("request", "request.docx", "file", "drafts", "opinions", "agreement"):
        assert client.get(f"/bargaining/{case_id}/{path}").status_code == 404, path  # as if there were none
    assert client.get("/bargaining/99999/request").status_code == 404


def test_staff_read_the_agreement_once_it_is_published(client, web_env, union, clock):
    case_id = negotiating(union)
    sign_in(client, "works_handler")
    assert client.get(f"/bargaining/{case_id}/agreement").status_code == 404
    union.agree(case_id)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    union.sweep()
    sign_in(client, "works_handler")  # two weeks on: signed in afresh
    assert client.get(f"/bargaining/{case_id}/agreement").status_code == 404  # in effect, not yet published
    union.fire(union.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    page = client.get(f"/bargaining/{case_id}/agreement").get_data(as_text=True)
    assert "2027年度集体合同" in page and "夜班津贴每班30元" in page
    assert "2026-12-09" in section(page, "agreement-effective") and "2028-12-08" in page
    dashboard = client.get("/bargaining").get_data(as_text=True)
    assert f"/bargaining/{case_id}/agreement" in dashboard and "renewal_opens" not in dashboard



def test_an_employer_negotiator_without_a_role_sees_the_case_and_records_a_round(client, web_env, union):
    case_id = negotiating(union)  # emp2 is one of the employer's negotiators and holds no role
    sign_in(client, "emp2")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="action-record_round"' in page and 'id="action-put_to_congress"' not in page
    response = client.post(f"/cases/{case_id}/act/record_round", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": str(
            services.case_view(web_env, Actor(union.office), case_id).version),
        "held_on": "2026-11-23", "attendance": "双方各3人", "minutes": "企业方提出5%。"})
    assert response.status_code == 302
    assert services.case_view(web_env, Actor(union.emp2), case_id).data["rounds"][-1]["by"] == union.emp2
    assert client.get(f"/bargaining/{case_id}/drafts").status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "hr_handler")  # staff who is no negotiator: the opinion form, not the case
    assert client.get(f"/cases/{case_id}").status_code == 404


def test_the_employers_request_for_a_wage_agreement_is_addressed_to_the_union(client, web_env, union):
    case_id = services.start_case(web_env, Actor(union.boss), "bargaining", union.union, "2027年度工资协商", {
        "kind": "wage_agreement", "initiator": "employer", "counterpart": "华东机械厂工会", "topics": TOPICS}).case_id
    sign_in(client, "boss")
    page = client.get(f"/bargaining/{case_id}/request").get_data(as_text=True)
    letter = page[page.index('id="request-letter"'):page.index("</article>")]
    assert "工资集体协商要约书" in letter and "《工资集体协商试行办法》" in letter
    assert 'id="letter-addressee">华东机械厂工会：' in letter and 'id="letter-sender">华东机械厂（盖章）' in letter
    assert "本要约书于" not in letter  # not sent yet: no receipt date to name


def test_the_case_page_refuses_a_chief_without_the_chairs_designation_and_shows_the_filing_for_the_employer(
        client, web_env, union, clock):
    case_id = union.start(union.office)
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    union.fire(union.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    sign_in(client, "office")
    response = client.post(f"/cases/{case_id}/act/appoint_union_negotiators", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": str(
            services.case_view(web_env, Actor(union.office), case_id).version),
        "negotiators": [str(u) for u in union.union_side], "chief": str(union.rep1)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第二十条" in page and "书面委托" in page
    b = union
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                            "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss,
                                                             "outside": [b.emp3]})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": "第一条 本合同适用于全体职工。"})
    b.agree(case_id)  # the union office records the employer's filing for it
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert MANDATE in section(page, "negotiators-union") and "本单位以外的专业人员" in section(
        page, "negotiators-employer")
    assert 'id="filed-on-behalf"' in page
    assert re.search(r'id="date-publish_due">[^<]*2026', page)


def test_a_reply_deadline_a_notice_moved_shows_provisional_then_its_new_date(app, client, web_env, union, clock):
    clock.set(datetime(2026, 12, 20, 10, tzinfo=TZ))
    case_id = union.start(union.office)
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-12-20"})
    sign_in(client, "boss")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert re.search(r"2027-01-11\S*\s*<span class=\"badge text-bg-warning provisional\"[^>]*>暂定</span>", page)

    services.load_notice(web_env, 2027, "2027-01-01..2027-01-03", "2027-01-09", "test notice")

    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert ">暂定</span>" not in page and "2027-01-09" in page
    timeline = section(page, "timeline")
    assert "按当年放假安排重算期限" in timeline and "新的期限：2027-01-09" in timeline
    services.set_language(web_env, union.boss, "en")
    timeline = section(client.get(f"/cases/{case_id}").get_data(as_text=True), "timeline")
    assert "Deadline counted again on the year&#39;s holiday notice" in timeline and "New date: 2027-01-09" in timeline
