"""A rationalisation suggestion's whole path in the browser, each person in a browser of their own: a member of a
department sends it from a phone, the union office routes it, the department adopts it in part and reports it
implemented with the benefit, the office awards it; the sender follows it to the award list. axe-core checks each
new page at 375 px and on a desktop: no serious or critical violation."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from support.browser import DESKTOP, PHONE, act, axe_clean, inbox_entries, open_from_inbox

TITLE = "冲压边角料分拣再利用"


def badge(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#case-state")


def test_a_suggestion_from_a_phone_to_the_award_list(live, person, artifacts):
    url = live.url
    sender = person("works_handler", viewport=PHONE)  # 周生产 of 生产部: staff, not a representative
    office, department = person("office", viewport=DESKTOP), person("logistics_handler", viewport=DESKTOP)

    # The sender finds 合理化建议 in the menu's page and sends one from the phone-first form.
    sender.goto(f"{url}/suggestions")
    sender.click("#new-suggestion")
    axe_clean(sender)
    sender.fill("#title", TITLE)
    sender.select_option("#field", "cost")
    sender.fill("#situation", "冲压下来的边角料全部当废钢卖掉。")
    sender.fill("#proposal", "按厚度分拣，可用的边角料用于小件冲压。")
    sender.fill("#expected_benefit", "每年节约钢材约 3 吨。")
    sender.locator("#new-suggestion-form button[type=submit]").click()
    sender.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = sender.url
    expect(badge(sender)).to_have_text("待分送")
    assert sender.evaluate("document.documentElement.scrollWidth") <= 375
    axe_clean(sender)

    # The union office routes it to 后勤保障部; it leaves the office's inbox for the department's.
    open_from_inbox(office, url, TITLE)
    assert office.url == case_url
    act(office, "route", {"department": "后勤保障部", "route_note": "请评估场地和设备条件。"})
    expect(badge(office)).to_have_text("部门评估中")
    expect(office.locator("#progress")).to_contain_text("后勤保障部")
    expect(inbox_entries(office, url).filter(has_text=TITLE)).to_have_count(0)

    # The department adopts it in part, confirming first, with its reason.
    open_from_inbox(department, url, TITLE)
    axe_clean(department)
    act(department, "adopt", {"outcome": "adopted_in_part", "assessment": "先在二号线试点。"})
    expect(badge(department)).to_have_text("实施中")

    # The sender sees the assessment and its reason on the phone.
    sender.goto(case_url)
    expect(badge(sender)).to_have_text("实施中")
    expect(sender.locator("#case-data")).to_contain_text("部分采纳")
    expect(sender.locator("#case-data")).to_contain_text("先在二号线试点。")
    sender.screenshot(path=str(artifacts / "suggestion-case-phone.png"), full_page=True)

    # The department reports it implemented, with the benefit the enterprise measured.
    open_from_inbox(department, url, TITLE)
    act(department, "report_implementation", {"implemented_on": "2026-11-23", "benefit_amount": "36000",
                                               "benefit": "年节约钢材 3.2 吨。", "implementation": "二号线已实施。"})
    expect(badge(department)).to_have_text("已实施")
    expect(inbox_entries(department, url).filter(has_text=TITLE)).to_have_count(0)

    # The office marks the award for the year on the case page, then reads the register and its export link.
    office.goto(case_url)
    act(office, "award", {"grade": "second", "award_year": "2026"})
    expect(badge(office)).to_have_text("已评奖")
    office.goto(f"{url}/suggestions/register?year=2026")
    row = office.locator("#register-table tr", has_text=TITLE)
    expect(row).to_contain_text("36,000")
    expect(row).to_contain_text("二等奖")
    expect(office.locator("#export-register")).to_be_visible()
    axe_clean(office)

    # The sender finds it on the year's award list, on the phone.
    sender.goto(f"{url}/suggestions")
    sender.click("#awards-link")
    expect(sender.locator("#awards-table tr", has_text=TITLE)).to_contain_text("二等奖")
    sender.screenshot(path=str(artifacts / "suggestion-awards-phone.png"), full_page=True)
    axe_clean(sender)
    sender.click("#register-link")  # the register lists it (adopted: open to the staff), but no export for them
    expect(sender.locator("#register-table tr", has_text=TITLE)).to_have_count(1)
    expect(sender.locator("#export-register")).to_have_count(0)
