"""The union office downloads the proposal register from its page and reads the dashboard, on a phone too."""

from __future__ import annotations

import io

import openpyxl
from playwright.sync_api import expect

from engine import services
from engine.core.context import Actor
from support.acting import act

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def seed(live) -> None:  # noqa: ANN001 - the live fixture
    """Two proposals: one assigned to the logistics department, one waiting for review."""
    env, u = live.env, live.union
    for title in ("关于职工食堂增加夜班供餐的提案", "关于更新车间通风设备并定期检测的提案"):
        case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, title,
                                      {**FORM, "session_id": u.session}).case_id
        act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
        act(env, u.rep2, case_id, "co_sign")
        act(env, u.rep3, case_id, "co_sign")
    act(env, u.committee, case_id, "accept")
    act(env, u.leader, case_id, "endorse", {"instruction": "同意"})
    act(env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-12-23"})


def no_sideways_scroll(page) -> bool:  # noqa: ANN001 - a Playwright page
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_office_downloads_the_register_and_reads_the_dashboard_on_a_phone(live, person, tmp_path):
    seed(live)
    page = person("office")
    page.goto(f"{live.url}/proposals/register")
    with page.expect_download() as waiting:
        page.locator("#export-xlsx").click()
    download = waiting.value
    assert download.suggested_filename == "提案汇编-第五届职代会第三次会议.xlsx"
    target = tmp_path / "register.xlsx"
    download.save_as(target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))["提案汇编"]
    assert [c.value for c in sheet[1]][:2] == ["提案号", "案由"] and sheet.max_row == 3

    page.get_by_role("link", name="统计看板").click()
    page.wait_for_url("**/dashboard")
    expect(page.locator("#chart-categories svg.bars")).to_be_visible()
    expect(page.locator("#chart-categories .bar")).to_have_count(7)
    page.locator("#chart-categories summary").click()
    expect(page.locator("#table-categories")).to_contain_text("生活福利")

    phone = person("office", **PHONE)
    phone.goto(f"{live.url}/dashboard")
    expect(phone.locator("#chart-overdue svg.bars")).to_be_visible()
    assert no_sideways_scroll(phone)
    width = phone.locator("#chart-states svg.bars").evaluate("svg => svg.getBoundingClientRect().width")
    assert 250 < width <= 360
    phone.locator("#chart-turnout summary").click()
    phone.locator("#chart-bargaining summary").click()
    assert no_sideways_scroll(phone)
