"""The report on the handling of a session's proposals (上次会议提案办理情况): its figures counted from the data,
the proposals still followed up, the page for the committee (404 to a representative) and the Word file the
office edits, read back with python-docx."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from test_proposals import act, awaiting_assignment, submitted

from engine.services import Actor
from support.web import sign_in
from workflows.proposals import services as proposals


def handled(web_env, u):
    """Four proposals: one answered solved and rated satisfied, one in the plan and followed up, one not
    solvable now and reported solved, one not accepted."""
    cases = [awaiting_assignment(web_env, u, title) for title in ("关于食堂夜班供餐的提案", "关于翻修淋浴间的提案",
                                                                 "关于增设充电桩的提案")]
    for case_id, (kind, extra) in zip(cases, (("solved", {}), ("in_plan", {"follow_up_due": "2027-03-31"}),
                                              ("not_now", {"reason_not_now": "预算不足"})), strict=True):
        act(web_env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-12-23"})
        act(web_env, u.logistics_handler, case_id, "answer", {"classification": kind, "answer": "已研究。", **extra})
        act(web_env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"})
    act(web_env, u.logistics_handler, cases[2], "report_completion", {"completion": "充电桩已安装。"})
    act(web_env, u.committee, submitted(web_env, u, "关于发放生日蛋糕的提案"), "reject", {"reason": "不属提案范围"})
    return cases


def test_the_report_counts_the_sessions_proposals_and_lists_the_follow_ups(web_env, union):
    handled(web_env, union)
    report = proposals.handling_report(web_env, Actor(union.committee), union.session)
    assert report.title == "关于第五届职代会第三次会议提案办理情况的报告"
    assert report.paragraphs[0] == ("第五届职代会第三次会议共收到提案 4 件。经提案工作委员会审查，立案 3 件，"
                                    "并案 0 件，转为意见建议 0 件，不予立案 1 件。")
    assert "已解决（采纳）1 件，列入计划 1 件，因条件限制暂不能解决 1 件" in report.paragraphs[1]
    assert "满意 3 件" in report.paragraphs[2] and "满意率 100.0%" in report.paragraphs[2]
    assert "列入计划和暂不能解决的 2 件中，已落实完成 1 件，仍在跟踪落实 1 件" in report.paragraphs[3]
    assert [(r.title, r.expected, r.status) for r in report.follow_ups] == [
        ("关于翻修淋浴间的提案", "2027-03-31", "跟踪落实中"),
        ("关于增设充电桩的提案", "2027-02-22", "已落实完成（2026-11-23）")]


def test_the_committee_reads_the_page_and_downloads_the_word_file(client, web_env, union):
    handled(web_env, union)
    sign_in(client, "committee")
    register = client.get("/committee/register").get_data(as_text=True)
    assert f"/proposals/sessions/{union.session}/handling-report" in register
    page = client.get(f"/proposals/sessions/{union.session}/handling-report").get_data(as_text=True)
    assert "关于第五届职代会第三次会议提案办理情况的报告" in page and "关于翻修淋浴间的提案" in page
    response = client.get(f"/proposals/sessions/{union.session}/handling-report.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert response.data[:2] == b"PK", response.data[:300]
    document = Document(BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于第五届职代会第三次会议提案办理情况的报告"
    assert any("不予立案 1 件" in t for t in texts)
    [table] = document.tables
    assert [c.text for c in table.rows[1].cells][1:] == ["关于翻修淋浴间的提案", "后勤保障部", "列入计划，正在解决",
                                                         "2027-03-31", "跟踪落实中"]


def test_a_representative_gets_404(client, web_env, union):
    sign_in(client, "rep4")
    assert client.get(f"/proposals/sessions/{union.session}/handling-report").status_code == 404
    assert client.get(f"/proposals/sessions/{union.session}/handling-report.docx").status_code == 404
    assert client.get("/proposals/sessions/999999/handling-report").status_code == 404
