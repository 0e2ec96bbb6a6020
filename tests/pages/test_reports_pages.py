"""Reports in the web: the register downloads (Excel read back, CSV with its byte-order mark), the proposal form
page and its Word document, the dashboard's figures, the printable results, and who may have them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from urllib.parse import quote

import docx
import openpyxl
import pytest

from engine import services
from engine.core.context import Actor
from engine.time.calendar import TZ
from support.acting import act
from support.bargaining import DRAFT_1, MANDATE, Bargaining
from support.web import PASSWORD, sign_in
from workflows.congress import services as congress

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}
REGISTER_NAME = "提案汇编-第五届职代会第三次会议"


@pytest.fixture
def union(web_env):
    """The congress union with an employer side: proposals, a bargaining case and ballots can all be seeded."""
    return Bargaining(web_env, password=PASSWORD)


def submitted(env, u, title, category="welfare"):
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, title,
                                  {**FORM, "category": category, "session_id": u.session}).case_id
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    return case_id


def assigned(env, u, title, department, category="welfare"):
    case_id = submitted(env, u, title, category)
    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    act(env, u.leader, case_id, "endorse", {"instruction": "请后勤保障部抓紧办理"})
    act(env, u.committee, case_id, "assign", {"lead_department": department, "due_date": "2026-12-23"})
    return case_id


@pytest.fixture
def proposals(web_env, union, clock):
    """Answered in two days and rated satisfied; assigned and never answered; not accepted; a draft."""
    env, u = web_env, union
    answered = assigned(env, u, "关于夜班供餐的提案", u.logistics)
    clock.advance(days=2)
    act(env, u.logistics_handler, answered, "answer", {"classification": "solved", "answer": "已开放夜班窗口。"})
    act(env, u.rep1, answered, "rate", {"attitude": "satisfied", "result": "satisfied"})
    assigned(env, u, "关于更新车间通风设备的提案", u.works, category="safety")
    rejected = submitted(env, u, "关于发放购物卡的提案")
    act(env, u.committee, rejected, "reject", {"reason": "不属于提案范围"})
    draft = services.start_case(env, Actor(u.rep4), "proposal", u.union, "一份草稿",
                                {**FORM, "session_id": u.session}).case_id
    return {"answered": answered, "rejected": rejected, "draft": draft}


@pytest.fixture
def seeded(web_env, union, proposals, clock):
    """Besides the proposals: a collective contract in force until 8 December 2028, voted on by 20 of the 30
    representatives; the clock then stands at 2 January 2027, when the unanswered proposal is overdue."""
    b, env = union, web_env
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-25"})
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-25", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                              "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.rep1, case_id, "save_draft", {"text": DRAFT_1})
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                  "agreement_title": "2027年度集体合同"})
    item = b.data(case_id)["vote_item"]
    b.check_in_all()
    congress.open_item(env, Actor(b.chair), item)
    for user in b.roster[:20]:
        congress.vote(env, Actor(user), item, "agree")
    congress.close_item(env, Actor(b.chair), item)
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-25"})
    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-25"})
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-11-25", "received_on": "2026-11-25"})
    clock.set(datetime(2026, 12, 11, 1, tzinfo=TZ))
    b.sweep()
    assert b.data(case_id)["expires_on"] == "2028-12-10"
    clock.set(datetime(2027, 1, 2, 10, tzinfo=TZ))
    return {**proposals, "bargaining": case_id, "item": item}


def table(page: str, key: str) -> list[list[str]]:
    """The cells of a dashboard table, row by row (the header row first)."""
    found = re.search(rf'<table[^>]*id="table-{key}">(.*?)</table>', page, re.S)
    assert found, f"no table {key}"
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)]


def by_name(rows: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r[1:] for r in rows[1:]}


def test_the_office_downloads_the_register_as_excel_with_chinese_headers_and_a_frozen_row(app, union, proposals):
    office = sign_in(app.test_client(), "office")
    page = office.get("/proposals/register").get_data(as_text=True)
    assert 'id="export-xlsx"' in page and "导出 Excel" in page and "导出 CSV" in page
    response = office.get(f"/reports/proposals?session={union.session}&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'filename="proposals-{union.session}.xlsx"' in disposition
    assert f"filename*=UTF-8''{quote(REGISTER_NAME + '.xlsx')}" in disposition
    content = response.get_data()
    assert int(response.headers["Content-Length"]) == len(content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["提案汇编", "办理情况统计"]
    sheet = book["提案汇编"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["提案号", "案由", "提案人", "附议人", "类别"] and "主办部门" in header
    assert sheet.freeze_panes == "A2"
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(["关于夜班供餐的提案", "关于更新车间通风设备的提案", "关于发放购物卡的提案"])
    assert book["办理情况统计"].freeze_panes == "A2"


def test_the_committee_exports_csv_with_a_byte_order_mark_from_its_register(app, union, proposals):
    committee = sign_in(app.test_client(), "committee")
    page = committee.get("/committee/register").get_data(as_text=True)
    assert 'id="committee-export"' in page and f'<option value="{union.session}">第五届职代会第三次会议' in page
    response = committee.get(f"/reports/proposals?session={union.session}&format=csv&table=register")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert quote(REGISTER_NAME + ".csv") in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["提案号", "案由"] and len(rows) == 4
    stats = committee.get(f"/reports/proposals?session={union.session}&format=csv&table=statistics")
    assert quote(REGISTER_NAME + "-办理情况统计.csv") in stats.headers["Content-Disposition"]
    raw = stats.get_data()
    assert raw.startswith("\ufeff".encode())
    figures = {r[0]: r for r in csv.reader(io.StringIO(raw.decode("utf-8-sig")))}
    assert figures["后勤保障部"][1:3] == ["1", "1"] and figures["合计"][1] == "2"


def test_a_representative_may_not_download_reports_nor_open_the_dashboard(app, union, proposals):
    rep = sign_in(app.test_client(), "rep2")
    page = rep.get("/proposals/register").get_data(as_text=True)
    assert "export-xlsx" not in page and "/dashboard" not in page
    for fmt in ("xlsx", "csv"):
        assert rep.get(f"/reports/proposals?session={union.session}&format={fmt}").status_code == 403
    assert rep.get("/dashboard").status_code == 403
    assert rep.get("/dashboard/export").status_code == 403
    office = sign_in(app.test_client(), "office")
    assert office.get("/reports/proposals?session=999&format=xlsx").status_code == 404
    assert office.get(f"/reports/proposals?session={union.session}&format=pdf").status_code == 400


def test_the_proposal_form_page_shows_the_paper_form_and_the_case_page_links_it(app, union, proposals):
    case_id = proposals["answered"]
    rep = sign_in(app.test_client(), "rep1")
    case_page = rep.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f'href="/proposals/{case_id}/form"' in case_page and f'href="/proposals/{case_id}/form.docx"' in case_page
    page = rep.get(f"/proposals/{case_id}/form").get_data(as_text=True)
    for words in ("职工代表大会提案表", "第五届职代会第三次会议", "第 1 号", "案由", "关于夜班供餐的提案", "王建国",
                  "李秀英、张伟", "生活福利", "三班倒职工夜间无处就餐。", "食堂夜间增开窗口。", "符合立案条件",
                  "请后勤保障部抓紧办理", "后勤保障部", "2026-12-23", "已解决/采纳", "已开放夜班窗口。",
                  "办理结果：满意", "2026-11-23", "2026-11-25", 'data-print'):
        assert words in page, words
    assert 'class="paper-form"' in page and "no-print" in page
    assert app.test_client().get(f"/proposals/{case_id}/form").status_code in (302, 401)
    assert rep.get("/proposals/999999/form").status_code == 404
    office = sign_in(app.test_client(), "office")  # the office files the forms: linked from its register
    assert f'href="/proposals/{case_id}/form"' in office.get("/proposals/register").get_data(as_text=True)
    assert office.get(f"/proposals/{case_id}/form").status_code == 200
    assert office.get(f"/proposals/{proposals['draft']}/form").status_code == 404  # the proposer's own yet
    assert office.get(f"/proposals/{proposals['draft']}/form.docx").status_code == 404


def test_the_proposal_form_as_word_has_the_subject_and_the_east_asian_font(app, union, proposals):
    case_id = proposals["answered"]
    rep = sign_in(app.test_client(), "rep1")
    response = rep.get(f"/proposals/{case_id}/form.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert quote("提案表-1-关于夜班供餐的提案.docx") in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.get_data()))
    assert document.paragraphs[0].text == "职工代表大会提案表"
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "关于夜班供餐的提案" in cells and "已开放夜班窗口。" in cells and "三班倒职工夜间无处就餐。" in cells
    xml = zipfile.ZipFile(io.BytesIO(response.get_data())).read("word/document.xml").decode()
    assert 'w:eastAsia="宋体"' in xml
    styles = zipfile.ZipFile(io.BytesIO(response.get_data())).read("word/styles.xml").decode()
    assert 'w:eastAsia="宋体"' in styles
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_dashboard_shows_the_figures_of_the_seeded_cases(app, union, seeded):
    office = sign_in(app.test_client(), "office")
    inbox = office.get("/inbox").get_data(as_text=True)
    assert 'href="/dashboard"' in inbox and "统计看板" in inbox
    response = office.get("/dashboard")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert main.count('<svg class="bars" viewBox="0 0 320 ') == 7 and "<script" not in main  # drawn, no script
    states = by_name(table(page, "states"))
    assert sum(int(v[0]) for v in states.values()) == 3 and states["不予立案"] == ["1"]  # no draft
    categories = by_name(table(page, "categories"))
    assert categories["生活福利"] == ["2"] and categories["劳动安全卫生"] == ["1"] and categories["工资分配"] == ["0"]
    overdue = by_name(table(page, "overdue"))
    assert overdue["生产部"] == ["1", "1", "0", "1"] and overdue["后勤保障部"] == ["1", "0", "0", "0"]
    days = by_name(table(page, "answer_days"))
    assert days["后勤保障部"] == ["1", "2.0", "2.0"] and days["生产部"] == ["0", "—", "—"]
    assert days["合计"] == ["1", "2.0", "2.0"]
    satisfaction = by_name(table(page, "satisfaction"))
    assert satisfaction["后勤保障部"] == ["1", "1", "0", "0", "100.0%"] and satisfaction["生产部"][-1] == "—"
    calendar = by_name(table(page, "bargaining"))
    assert calendar["2027年度集体合同"] == ["集体合同", "已生效待公布", "2026-12-11", "2028-09-10", "2028-12-10",
                                           "708"]
    turnout = table(page, "turnout")
    assert turnout[1][-3:] == ["20", "30", "66.7%"]
    summary = re.findall(r'<dd class="h4 mb-0 summary-figure">([^<]*)</dd>', page)
    assert summary == ["3", "2", "2", "1", "1", "100.0%", "2.0"]
    assert office.get("/dashboard?session=all").status_code == 200
    assert office.get("/dashboard?session=999").status_code == 404
    for who in ("chair", "committee"):
        assert sign_in(app.test_client(), who).get("/dashboard").status_code == 200


def test_the_dashboard_tables_download_as_excel(app, union, seeded):
    office = sign_in(app.test_client(), "office")
    response = office.get("/dashboard/export?session=all")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert "集体合同到期日历" in book.sheetnames and "近期表决参与率" in book.sheetnames
    assert book["提案类别"]["A1"].value == "类别"


def test_the_results_page_prints_without_the_receipt_check(app, union, seeded):
    rep = sign_in(app.test_client(), "rep1")
    page = rep.get(f"/congress/sessions/{union.session}/results").get_data(as_text=True)
    assert 'id="print-results"' in page and 'class="card mb-3 no-print" id="receipt-check"' in page
    assert "打印日期：2027-01-02" in page


def test_the_reports_read_in_english_for_those_who_chose_it(app, web_env, union, proposals):
    services.set_language(web_env, union.office, "en")
    office = sign_in(app.test_client(), "office")
    page = office.get("/dashboard").get_data(as_text=True)
    assert "Dashboard · 华东机械厂工会" in page and "Proposals by category" in page and "Welfare and living" in page
    form = office.get(f"/proposals/{proposals['answered']}/form").get_data(as_text=True)
    assert "Congress proposal form" in form and "Lead department" in form and "Proposer&#39;s rating" in form
    download = office.get(f"/reports/proposals?session={union.session}&format=csv")
    assert download.get_data().decode("utf-8-sig").startswith("No.,Subject,Proposer")
