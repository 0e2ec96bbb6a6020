"""The disclosure register in the browser, three people in browser contexts of their own: the department
publishes the period's item (confirming first) and adds its file, a member of staff asks a question from a
phone, the department answers it, and the answer stands under the item without the asker's name; the union
office sees an item left unpublished in its overdue list. axe-core finds no serious or critical violation on
any of these pages at 375 px or on a desktop."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from engine.time.calendar import TZ
from support.browser import PHONE, act, axe_clean, open_action, open_from_inbox
from support.disclosures import Disclosures
from support.web import PASSWORD
from workflows.disclosures import services as disclosures

ON_A_PHONE = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: the union with its disclosure register
    return lambda env: Disclosures(env, password=PASSWORD)


def test_publish_ask_and_answer_with_the_answer_under_the_item(live, person, clock, tmp_path):
    env, d = live.env, live.union
    clock.set(datetime(2026, 11, 5, 9, 0, tzinfo=TZ))
    disclosures.make_due_items(env)  # the scheduler: October's wage item for the HR department, among others
    title = "月度工资发放情况（2026年10月）"

    staff = person("rep1", **ON_A_PHONE)
    staff.goto(f"{live.url}/disclosures")
    expect(staff.locator("#register")).to_contain_text("月度工资发放情况")
    expect(staff.locator("#items")).not_to_contain_text(title)  # not published yet: it does not exist for staff
    axe_clean(staff)

    department = person("hr_handler")
    open_from_inbox(department, live.url, title)
    expect(department.locator("#item-due")).to_have_text("2026-11-13")
    act(department, "publish", {"text": "10月工资已于11月10日足额发放，在岗职工平均工资6320元。",
                                "published_on": "2026-11-05", "how": "厂区公开栏"})
    expect(department.locator("#current-text")).to_contain_text("平均工资6320元")
    table = tmp_path / "10月工资汇总表.pdf"
    table.write_bytes(b"%PDF-1.4\n% wages\n")
    open_action(department, "add_files").locator("input[type=file]").set_input_files(str(table))
    with department.expect_navigation():
        department.locator("#action-add_files button[name=do]").click()
    expect(department.locator("#files")).to_contain_text("10月工资汇总表.pdf")
    axe_clean(department)

    staff.goto(f"{live.url}/disclosures")
    staff.locator("#items a", has_text=title).click()
    expect(staff.locator("#current-text")).to_contain_text("平均工资6320元")
    expect(staff.locator("#files")).to_contain_text("10月工资汇总表.pdf")
    staff.click("#ask-link")
    axe_clean(staff)
    with staff.expect_navigation():
        staff.click("#send-question")  # empty: refused beside the field
    expect(staff.locator("#question-form .invalid-feedback")).to_be_visible()
    staff.fill("#text", "平均工资是否包含夜班津贴？")
    with staff.expect_navigation():
        staff.click("#send-question")
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("#open-questions")).to_contain_text("平均工资是否包含夜班津贴？")
    axe_clean(staff)

    open_from_inbox(department, live.url, "平均工资是否包含夜班津贴？")
    expect(department.locator("#question-asker")).to_contain_text("王建国")  # the department sees who asked
    axe_clean(department)
    act(department, "answer", {"answer": "包含夜班津贴，不含加班费。"})

    reader = person("rep3", **ON_A_PHONE)
    reader.goto(f"{live.url}/disclosures")
    reader.locator("#items a", has_text=title).click()
    answered = reader.locator(".answered-question")
    expect(answered).to_have_count(1)
    expect(answered).to_contain_text("包含夜班津贴，不含加班费。")
    expect(answered).not_to_contain_text("王建国")  # anonymous to other staff by default
    axe_clean(reader)

    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=TZ))
    d.sweep()  # September's item and the others were never published
    office = person("office")
    office.goto(f"{live.url}/disclosures")
    office.click("#overdue-link")
    expect(office.locator("#overdue-list")).to_contain_text("月度工资发放情况（2026年9月）")
    expect(office.locator("#overdue-list")).not_to_contain_text(title)
    axe_clean(office)
    office.goto(f"{live.url}/disclosures/report?year=2026")
    expect(office.locator("#report-title")).to_have_text("关于2026年厂务公开情况的报告")
    axe_clean(office)
