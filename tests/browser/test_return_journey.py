"""A statistical return's path in the browser: the union office fills in last year's return from the system on a
phone, corrects a figure on the case page (refused without a note, the error beside the field), and submits it;
the district's staff accept it and see it in the consolidation. axe-core checks each page at 375 px and on a
desktop: no serious or critical violation, and nothing wider than the phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from engine import services
from support.browser import DESKTOP, PHONE, act, axe_clean, fill_action
from support.web import PASSWORD


def test_a_return_from_the_phone_to_the_districts_consolidation(live, person):
    env, s = live.env, services
    district = s.create_organisation(env, "武进区总工会", "federation")
    union = s.create_organisation(env, "恒达纺织工会", "union", district)
    for username, name, org, role in (("hengda", "许晓红", union, "union_office"),
                                      ("gumingyuan", "顾明远", district, "federation_office")):
        user = s.create_user(env, username, name)
        s.set_password(env, user, PASSWORD)
        s.grant_role(env, user, org, role)
    year = env.clock.now().year - 1
    office = person("hengda", viewport=PHONE)

    office.goto(f"{live.url}/returns")
    axe_clean(office)
    office.click(f"#start-{union}-{year}")
    office.wait_for_url(re.compile(r"/returns/\d+$"))
    return_url = office.url
    expect(office.locator("#line-members_total")).to_contain_text("会员人数")
    axe_clean(office)

    office.click("#return-actions a[href$='#action-correct']")
    action = fill_action(office, "correct", {"line": "members_total", "value": "256"})
    with office.expect_navigation():
        action.locator("button[name=do]").click()
    expect(office.locator('[data-field="note"] .invalid-feedback')).to_have_text("此项为必填项。")
    act(office, "correct", {"line": "members_total", "value": "256", "note": "以会员名册为准。"})
    act(office, "submit")
    office.goto(return_url)
    expect(office.locator("#line-members_total")).to_contain_text("以会员名册为准。")
    expect(office.locator("#line-members_total")).to_contain_text("256")

    staff = person("gumingyuan", viewport=DESKTOP)
    staff.goto(return_url)
    expect(staff.locator("#return-state")).to_have_text("已上报，待上级审核")
    staff.click("#return-actions a[href$='#action-accept']")
    act(staff, "accept")
    staff.goto(f"{live.url}/returns/federation/{district}?year={year}")
    expect(staff.locator("#consolidation-count")).to_contain_text("1 家工会中的 1 家")
    expect(staff.locator("#line-members_total")).to_contain_text("256")
    axe_clean(staff)
