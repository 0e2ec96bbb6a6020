"""The district federation's staff in the browser, on the demo: 顾明远 signs in, opens the view over the member
unions from the menu, finds the union past its committee's term (金鼎建材) and the agreement signed and not
filed (恒达纺织), drills down to each, and opens a filed agreement from the filings register; a union's own
office is told the view does not exist; the union the district invited (瑞丰包装) joins it from its page. axe
finds no serious or critical violation on these pages at 375 px or on a desktop."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from support.browser import DESKTOP, PHONE, axe_clean, sign_in
from support.demo import PASSWORD
from workflows.federation import demo as demo_federation
from workflows.proposals import demo as demo_data


def signed_in(browser: Browser, base: str, username: str, **options) -> Page:  # noqa: ANN003 - context options
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    page = context.new_page()
    sign_in(page, base, username, PASSWORD)
    return page


def test_the_district_finds_the_union_past_its_term_and_the_unfiled_agreement(browser, demo_site):
    hengda = demo_federation.MEMBER_UNIONS[demo_federation.HENGDA][0]
    staff = signed_in(browser, demo_site, demo_federation.STAFF[1], viewport=DESKTOP)
    staff.get_by_role("link", name="会员工会").first.click()
    expect(staff.locator("#federation-name")).to_have_text(demo_federation.DISTRICT)
    expect(staff.locator("#summary")).to_contain_text("已签未报送审查")
    expect(staff.locator("#chart-agreements")).to_be_visible()
    row = staff.locator("#unions-table tbody tr", has_text=hengda)
    expect(row.locator("[data-key=unfiled]")).to_have_text("1")
    expect(row.locator("[data-key=filing_overdue]")).to_have_text("1")
    jinding = demo_federation.MEMBER_UNIONS["jinding"][0]
    past = staff.locator("#unions-table tbody tr.table-warning")  # the union past its committee's term stands out
    expect(past).to_have_count(1)
    expect(past.locator("th")).to_have_text(jinding)
    expect(past.locator("[data-key=past_term]")).to_have_text("是")
    axe_clean(staff)
    past.get_by_role("link", name=jinding).click()
    expect(staff.locator("#past-term")).to_contain_text("《工会法》第十六条")
    axe_clean(staff)
    staff.go_back()
    row.get_by_role("link", name=hengda).click()
    expect(staff.locator("#union-name")).to_have_text(hengda)
    expect(staff.locator("#unfiled-note")).to_contain_text("第四十二条")
    expect(staff.locator("#sessions-table")).to_contain_text("恒达纺织第一届职代会第一次会议")
    expect(staff.locator("#sessions-table")).to_contain_text("达到")
    axe_clean(staff)
    staff.goto(f"{demo_site}/federation/filings")
    expect(staff.locator("#filings-table")).to_contain_text("集体合同")
    expect(staff.locator("#regional-table")).to_contain_text("区域性集体合同")  # the one the district led
    axe_clean(staff)
    staff.locator("#filings-table a").first.click()
    expect(staff).to_have_url(re.compile(r"/cases/\d+"))  # the filed agreement opens for the federation
    axe_clean(staff)

    office = signed_in(browser, demo_site, demo_federation.MEMBER_UNIONS[demo_federation.HENGDA][1][1],
                       viewport=PHONE, is_mobile=True, has_touch=True)
    assert office.goto(f"{demo_site}/federation").status == 404
    office.goto(f"{demo_site}/federation/joining")
    expect(office.locator("#current-federation")).to_contain_text(demo_federation.DISTRICT)
    axe_clean(office)


def test_the_invited_union_joins_the_district_from_its_page(browser, demo_site):
    """The demo's invitation: 瑞丰包装's office (葛春燕) opens its page for the higher union from the menu, finds
    武进区总工会's invitation with its note, accepts after the confirmation, and the union is under the district."""
    office = signed_in(browser, demo_site, demo_federation.NEWCOMER_OFFICE[1], viewport=DESKTOP)
    office.get_by_role("link", name="上级工会").first.click()
    expect(office.locator("#current-federation")).to_contain_text(demo_data.FEDERATION)  # the city's, for now
    invitation = office.locator("#received .list-group-item", has_text=demo_federation.DISTRICT)
    expect(invitation).to_contain_text(demo_federation.INVITATION_NOTE)
    axe_clean(office)
    invitation.get_by_role("button", name="接受").click()
    expect(office.locator("#confirm-step")).to_contain_text(demo_federation.DISTRICT)
    axe_clean(office)
    office.locator("#confirm-yes").click()
    expect(office.locator("#current-federation")).to_contain_text(demo_federation.DISTRICT)
    expect(invitation).to_contain_text("已接受")
