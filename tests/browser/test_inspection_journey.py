"""A representatives' inspection in the browser, each person in a browser of their own: the union office organises
it from the roster; a representative records a finding on a phone with a photo; the logistics handler reports the
rectification; the representative refuses it once (back with a new deadline), then accepts the second report; the
department never sees the inspection. axe-core checks each page the journey passes through at 375 px and on a
desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser import DESKTOP, PHONE, act, axe_clean, open_from_inbox
from support.inspections import Inspected
from support.web import PASSWORD

SUBJECT = "冬季职工宿舍安全巡视"
FINDING = "宿舍楼道应急灯不亮"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture
def live_union():
    return lambda env: Inspected(env, password=PASSWORD)


def badge(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#case-state")


def test_an_inspection_from_organising_to_an_accepted_rectification(live, person):
    url = live.url
    office = person("office", viewport=DESKTOP)
    rep = person("rep1", viewport=PHONE, is_mobile=True, has_touch=True)
    logistics = person("logistics_handler", viewport=DESKTOP)

    # The office organises the inspection, choosing its representatives from the roster.
    office.goto(f"{url}/inspections")
    office.click("#organise-link")
    axe_clean(office)
    office.fill("#title", SUBJECT)
    office.locator('[data-field="representatives"]').get_by_label("王建国（生产部）", exact=True).check()
    office.locator('[data-field="representatives"]').get_by_label("李秀英（人力资源部）", exact=True).check()
    office.fill("#inspection_date", "2026-11-25")
    office.fill("#places", "一号宿舍楼\n二号宿舍楼")
    office.locator("#organise-inspection button[type=submit]").click()
    office.wait_for_url(re.compile(r"/cases/\d+$"))
    expect(badge(office)).to_have_text("巡视记录中")
    axe_clean(office)

    # rep1 opens it from the inbox on a phone and records a finding with a photo.
    open_from_inbox(rep, url, SUBJECT)
    inspection_url = rep.url
    rep.click("#record-finding")
    axe_clean(rep)
    rep.fill("#title", FINDING)
    rep.fill("#place", "二号宿舍楼三楼")
    rep.fill("#details", "楼道应急灯三盏不亮。")
    rep.select_option("#department", label="后勤保障部")
    rep.fill("#due_date", "2026-12-04")
    rep.set_input_files("#attachments", files=[{"name": "lamp.png", "mimeType": "image/png", "buffer": PNG}])
    rep.locator("#new-finding button[value=case]").click()
    rep.wait_for_url(re.compile(r"/cases/\d+$"))
    finding_url = rep.url
    expect(badge(rep)).to_have_text("整改中")
    expect(rep.locator("#files")).to_contain_text("lamp.png")
    expect(rep.locator("#finding-of")).to_contain_text(SUBJECT)
    axe_clean(rep)
    rep.goto(inspection_url)
    expect(rep.locator("#findings")).to_contain_text(FINDING)

    # The logistics handler gets the task, reads the finding but not the inspection, and reports.
    open_from_inbox(logistics, url, FINDING)
    assert logistics.url == finding_url
    expect(logistics.locator("#finding-of")).to_contain_text(SUBJECT)
    expect(logistics.locator("#finding-of a")).to_have_count(0)  # named, not linked
    assert logistics.goto(inspection_url).status == 404
    logistics.goto(finding_url)
    axe_clean(logistics)
    act(logistics, "report_rectification", {"rectification": "已更换两盏应急灯。", "rectified_on": "2026-11-23"})
    expect(badge(logistics)).to_have_text("待代表验收")

    # rep1 refuses it once, with a reason and a new deadline: it goes back to the department.
    open_from_inbox(rep, url, FINDING)
    act(rep, "refuse", {"refusal_reason": "还有一盏不亮。", "new_due_date": "2026-12-11"})
    expect(badge(rep)).to_have_text("整改中")
    axe_clean(rep)

    # The handler reports again; this time rep1 accepts, after confirming.
    open_from_inbox(logistics, url, FINDING)
    act(logistics, "report_rectification", {"rectification": "三盏应急灯均已更换。", "rectified_on": "2026-11-23"})
    open_from_inbox(rep, url, FINDING)
    expect(rep.locator("#action-refuse")).to_have_count(0)  # a second refusal goes to the chair instead
    act(rep, "accept", {"check_note": "现场复查，已整改。"})
    expect(badge(rep)).to_have_text("已整改销号")
    expect(rep.locator("#timeline")).to_contain_text("还有一盏不亮。")
    axe_clean(rep)

    # The office ends the recording (confirmed) and reads the report to the congress.
    office.goto(inspection_url)
    act(office, "end_recording", {"summary": "发现问题 1 个。"})
    expect(badge(office)).to_have_text("整改跟踪中")
    office.goto(f"{url}/inspections/report")
    expect(office.locator("#inspection-report-title")).to_contain_text("职工代表巡视检查情况的报告")
    expect(office.locator("#inspection-report-table-2")).to_contain_text("后勤保障部")
    axe_clean(office)
