"""The inspection pages: the office organises one from the roster, a representative records findings on a phone
form (errors beside the fields, the text kept), the department sees its own findings only and reports, the
representatives check; an outsider gets 404 everywhere; the report to the congress as a page and as Word."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from docx import Document

from engine import services
from engine.core.context import Actor
from support.inspections import Inspected
from support.web import PASSWORD, csrf, sign_in
from workflows.inspections import services as inspections

REPORT = {"rectification": "已铺设防滑垫。", "rectified_on": "2026-11-23"}


@pytest.fixture
def union(web_env):
    return Inspected(web_env, password=PASSWORD)


def login(app, username: str):
    """A browser of its own for ``username``, signed in."""
    return sign_in(app.test_client(), username)


def post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf(client, page or path)})


def test_the_office_organises_an_inspection_from_the_current_roster(app, union):
    client = login(app, "office")
    page = client.get("/inspections/new").get_data(as_text=True)
    assert "王建国" in page and "钱主席" not in page  # the roster's representatives only
    refused = post(client, "/inspections/new", {"title": "仓库安全巡视", "inspection_date": "2026-11-20",
                                                "places": "成品仓库", "representatives": [str(union.rep1)]})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "巡视日期不能早于今天" in text and "仓库安全巡视" in text and "成品仓库" in text  # kept as typed
    done = post(client, "/inspections/new", {"title": "仓库安全巡视", "inspection_date": "2026-11-27",
                                             "places": "成品仓库", "representatives": [str(union.rep1)]})
    assert done.status_code == 302
    case_id = int(done.headers["Location"].rsplit("/", 1)[1])
    assert services.case_view(union.env, Actor(union.rep1), case_id).data["representatives"] == [union.rep1]
    client = login(app, "rep3")
    assert client.get("/inspections/new").status_code == 403


def test_a_representative_records_a_finding_and_the_department_sees_its_own_only(app, union):
    client = login(app, "rep1")
    page = client.get(f"/cases/{union.inspection}").get_data(as_text=True)
    assert f"/inspections/{union.inspection}/findings/new" in page
    assert f"/inspections/{union.inspection}/findings/new" in client.get("/inspections").get_data(as_text=True)
    form = f"/inspections/{union.inspection}/findings/new"
    missing = post(client, form, {"title": "", "place": "职工食堂", "department": str(union.logistics)})
    assert missing.status_code == 422 and "职工食堂" in missing.get_data(as_text=True)
    done = client.post(form, data={"title": "后厨地面湿滑", "place": "职工食堂", "department": str(union.logistics),
                                   "due_date": "2026-12-10", "csrf_token": csrf(client, form),
                                   "attachments": (BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 64), "floor.png")},
                       content_type="multipart/form-data")
    assert done.status_code == 302
    mine = int(done.headers["Location"].rsplit("/", 1)[1])
    other = union.finding(title="消防通道堆放杂物", department=union.works)
    inspection_page = client.get(f"/cases/{union.inspection}").get_data(as_text=True)
    assert "后厨地面湿滑" in inspection_page and "消防通道堆放杂物" in inspection_page
    client = login(app, "logistics_handler")
    assert client.get(f"/cases/{mine}").status_code == 200
    assert client.get(f"/cases/{other}").status_code == 404
    assert client.get(f"/cases/{union.inspection}").status_code == 404
    listing = client.get("/inspections").get_data(as_text=True)
    assert "后厨地面湿滑" in listing and "消防通道堆放杂物" not in listing
    reported = post(client, f"/cases/{mine}/act/report_rectification",
                    {**REPORT, "expected_version": "1"}, page=f"/cases/{mine}")
    assert reported.status_code == 302
    client = login(app, "rep2")
    page = client.get(f"/cases/{mine}").get_data(as_text=True)
    assert "验收通过" in page and "已铺设防滑垫" in page
    asked = post(client, f"/cases/{mine}/act/accept", {"expected_version": "2"}, page=f"/cases/{mine}")
    assert asked.status_code == 200 and "验收通过后问题销号" in asked.get_data(as_text=True)  # confirm first


def test_an_outsider_gets_404_on_every_inspection_page(app, union):
    finding = union.finding()
    client = login(app, "staff")
    for path in (f"/cases/{union.inspection}", f"/cases/{finding}", f"/inspections/{union.inspection}/findings/new",
                 "/inspections/report", "/inspections/report/2026.docx"):
        assert client.get(path).status_code == 404, path
    client = login(app, "rep3")  # a representative not on this inspection
    assert client.get(f"/cases/{finding}").status_code == 404
    assert client.get(f"/inspections/{union.inspection}/findings/new").status_code == 404


def test_the_report_to_the_congress_counts_on_time_late_and_open(app, union, clock):
    env = union.env
    on_time = union.finding(title="后厨地面湿滑")
    union.fire(union.logistics_handler, on_time, "report_rectification", REPORT)
    union.fire(union.rep1, on_time, "accept", {})
    late = union.finding(title="消防通道堆放杂物", department=union.works, due="2026-11-24")
    still_open = union.finding(title="宿舍楼灭火器过期", department=union.works, due="2026-11-25")
    from support.time import sh

    clock.set(sh(2026, 11, 26, 9))
    union.fire(union.works_handler, late, "report_rectification", {**REPORT, "rectified_on": "2026-11-26"})
    union.fire(union.rep2, late, "accept", {})
    report = inspections.report(env, Actor(union.chair), union.union, 2026)
    assert report.paragraphs[0] == "2026年，工会组织职工代表巡视检查 1 次，共发现问题 3 个，交由 2 个部门整改。"
    assert "按期整改并经代表验收 1 个，逾期整改后经代表验收 1 个，尚未整改完成 1 个" in report.paragraphs[1]
    by_department = {row[0]: row[1:] for row in report.tables[1][2]}
    assert by_department == {"后勤保障部": ["1", "1", "0", "0", "0"], "生产部": ["2", "0", "1", "1", "0"]}
    assert report.tables[2][2] == [["宿舍楼灭火器过期", "生产部", "2026-11-25", "整改中 · 已逾期"]]
    assert still_open
    client = login(app, "office")
    page = client.get("/inspections/report?year=2026").get_data(as_text=True)
    assert "关于2026年职工代表巡视检查情况的报告" in page and "宿舍楼灭火器过期" in page
    word = client.get("/inspections/report/2026.docx")
    assert word.status_code == 200 and "inspections-2026.docx" in word.headers["Content-Disposition"]
    document = Document(BytesIO(word.data))
    assert document.paragraphs[0].text == "关于2026年职工代表巡视检查情况的报告"
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "宿舍楼灭火器过期" in cells and "逾期整改" in cells
    client = login(app, "rep1")
    assert client.get("/inspections/report").status_code == 404  # the report is for the congress, via the office
    assert re.search(r"巡视", client.get("/inspections").get_data(as_text=True))
