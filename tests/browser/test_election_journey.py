"""A committee election's plan in the browser: the union office drafts it on a phone (an error shown beside its
field, fixed), sends it to the higher union, whose staff member finds it in the inbox and approves it; the terms
page shows the union past its term. axe-core checks each page at 375 px and on a desktop: no serious or critical
violation, and nothing wider than the phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from support.browser import DESKTOP, PHONE, act, axe_clean, open_from_inbox
from support.elections import Elections
from support.web import PASSWORD
from workflows.elections import services as elections

TITLE = "第四届工会委员会换届选举"


@pytest.fixture
def live_union():
    def made(env):
        found = Elections(env, password=PASSWORD)
        elections.record_term(env, found.union, date(2023, 6, 30), 3, approved_on=date(2023, 7, 20))
        return found
    return made


def test_the_office_sends_a_plan_from_a_phone_and_the_federation_approves_it(live, person):
    url = live.url
    office, staff = person("office", viewport=PHONE), person("staff", viewport=DESKTOP)

    office.goto(f"{url}/elections")
    expect(office.locator(".term-row")).to_contain_text("任期已届满")
    axe_clean(office)
    office.click(".plan-link")
    office.fill("#title", TITLE)
    office.fill("#term_years", "4")
    office.fill("#committee_size", "5")
    office.fill("#candidates", "王建国\n李秀英\n张伟\n刘洋\n陈静\n杨帆")
    office.fill("#election_date", "2026-12-18")
    office.check("#no_relatives")
    office.locator("#election-plan button[type=submit]").click()
    expect(office.locator('[data-field="term_years"] .invalid-feedback')).to_contain_text("第十六条")
    assert office.evaluate("document.documentElement.scrollWidth") <= 375
    axe_clean(office)
    office.fill("#term_years", "3")
    office.locator("#election-plan button[type=submit]").click()
    office.wait_for_url(re.compile(r"/cases/\d+$"))
    expect(office.locator("#case-state")).to_have_text("方案起草中")
    expect(office.locator("#candidates")).to_contain_text("杨帆")
    act(office, "submit_plan")
    expect(office.locator("#case-state")).to_have_text("方案待上级工会批复")
    assert office.evaluate("document.documentElement.scrollWidth") <= 375
    axe_clean(office)

    open_from_inbox(staff, url, TITLE)
    axe_clean(staff)
    act(staff, "approve_plan", {"reply_ref": "武工〔2026〕31号"})
    expect(staff.locator("#case-state")).to_have_text("方案已批复，筹备选举")
    expect(staff.locator(".election-reply")).to_contain_text("武工〔2026〕31号")
