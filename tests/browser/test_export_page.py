"""A register written in the background, followed on a 375 px phone: the page refreshes itself until the file is
ready, then downloads it."""

from __future__ import annotations

import io

import openpyxl
from playwright.sync_api import expect

from engine import services
from engine.core.context import Actor
from engine.output import exports

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_the_progress_page_refreshes_itself_on_a_phone_until_the_file_downloads(live, person, tmp_path):
    env, u = live.env, live.union
    services.start_case(env, Actor(u.rep1), "proposal", u.union, "一份草稿",
                        {"category": "welfare", "reasons": "理由", "measures": "建议", "session_id": u.session})
    job = services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "xlsx")
    phone = person("office", **PHONE)
    phone.goto(f"{live.url}/exports/{job}")
    expect(phone.locator("#export-status")).to_contain_text("排队等待生成")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert exports.run_exports(env) == 1
    expect(phone.locator("#export-download")).to_be_visible(timeout=6000)  # the page reloaded by itself
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    with phone.expect_download() as waiting:
        phone.locator("#export-download").click()
    assert waiting.value.suggested_filename == "提案汇编-第五届职代会第三次会议.xlsx"
    target = tmp_path / "register.xlsx"
    waiting.value.save_as(target)
    assert openpyxl.load_workbook(io.BytesIO(target.read_bytes())).sheetnames == ["提案汇编", "办理情况统计"]
