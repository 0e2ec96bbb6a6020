"""A member's transfer from one union to another in the browser, each person in a browser of their own: the
sending union's office finds the member in its register and sends the transfer; the member, who has no account,
follows it on a phone with the progress code and their mobile number; the receiving union's office accepts it from
its inbox; the member sees the new membership number, and the receiving office the history across both unions.
An applicant applies from a phone too. axe-core checks each page at 375 px and on a desktop."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from engine import services
from engine.core.context import Actor
from support.browser import DESKTOP, PHONE, act, axe_clean, open_from_inbox
from support.members import Unions
from support.web import PASSWORD

MOBILE = "13861170326"
NAME = "钱丽华"


@pytest.fixture
def live_union():
    def unions(env):
        u = Unions(env, password=PASSWORD)
        u.member = u.add_member(u.a, "201800042", name=NAME, phone=MOBILE, joined=date(2018, 3, 1))
        for n in range(25):  # enough for the register to page
            u.add_member(u.a, f"201900{n:03d}", name=f"周{n:02d}", phone=f"139000000{n:02d}", gender="male")
        return u
    return unions


def look_up(page: Page, url: str, code: str) -> None:
    page.goto(f"{url}/join/progress")
    page.fill("#reference", code)
    page.fill("#phone", MOBILE)
    page.click("#progress-send")
    expect(page.locator("#progress")).to_be_visible()


def test_a_member_transfer_sent_followed_on_a_phone_and_accepted(live, person, browser):
    url, u = live.url, live.union
    sending, receiving = person("office_a", viewport=DESKTOP), person("office_b", viewport=DESKTOP)
    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE, is_mobile=True)
    member = phone.new_page()
    try:
        # The sending office finds the member in its register and sends the transfer, confirming it.
        sending.goto(f"{url}/members")
        expect(sending.locator("#register-count")).to_have_text("26")
        expect(sending.locator(".pagination")).to_be_visible()
        axe_clean(sending)
        sending.fill("#q", "钱")
        sending.locator("#register-search button[type=submit]").click()
        sending.locator("#register-list a", has_text=NAME).click()
        expect(sending.locator("#member-number")).to_have_text("201800042")
        axe_clean(sending)
        sending.select_option("#to_union", label="恒达纺织工会")
        sending.fill("#note", "调往恒达纺织工作")
        sending.click("#transfer-send")
        expect(sending.locator("#confirm-consequence")).to_contain_text("恒达纺织工会")
        axe_clean(sending)
        sending.click("#confirm-yes")
        sending.wait_for_url(re.compile(r"/cases/\d+$"))
        expect(sending.locator("#case-state")).to_have_text("待接收方接收")
        axe_clean(sending)
        case_id = int(sending.url.rsplit("/", 1)[1])
        code = services.case_view(live.env, Actor(u.office_a), case_id).data["reference"]

        # The member, with no account, follows it on a phone: still on the old register, awaiting the other side.
        look_up(member, url, code)
        expect(member.locator("#progress-state")).to_have_text("待接收方接收")
        expect(member.locator("#progress")).to_contain_text("恒达纺织工会")
        axe_clean(member)

        # The receiving office accepts it from its inbox.
        open_from_inbox(receiving, url, NAME)
        axe_clean(receiving)
        act(receiving, "accept")
        expect(receiving.locator("#case-state")).to_have_text("已转入")

        # The member sees the transfer done and the new membership number.
        look_up(member, url, code)
        expect(member.locator("#progress-state")).to_have_text("已转入")
        expect(member.locator("#progress-number")).to_contain_text("202600001")
        axe_clean(member)

        # The receiving office's register has the member, whose history shows both unions.
        receiving.goto(f"{url}/members")
        receiving.locator("#register-list a", has_text=NAME).click()
        expect(receiving.locator("#history-list li")).to_have_count(2)
        expect(receiving.locator("#history-list")).to_contain_text("华东机械厂工会")
        expect(receiving.locator("#history-list")).to_contain_text("恒达纺织工会")
        axe_clean(receiving)
        sending.goto(f"{url}/members")
        expect(sending.locator("#register-count")).to_have_text("25")
    finally:
        phone.close()


def test_an_applicant_applies_from_a_phone_and_gets_a_progress_code(live, browser):
    url, u = live.url, live.union
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{url}/join/{u.a}")
        axe_clean(page)
        page.fill("#name", "蒋雨婷")
        page.select_option("#gender", "female")
        page.fill("#phone", "123")
        page.click("#apply-send")
        expect(page.locator('[data-field="phone"] .invalid-feedback')).to_contain_text("11 位手机号码")
        expect(page.locator('[data-field="charter"] .invalid-feedback')).to_contain_text("工会章程")
        axe_clean(page)
        page.fill("#phone", "13961120418")
        page.check("#charter")
        page.click("#apply-send")
        code = page.locator("#reference").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{10}", code)
        axe_clean(page)
        page.click("#progress-link")
        page.fill("#reference", code)
        page.fill("#phone", "13961120418")
        page.click("#progress-send")
        expect(page.locator("#progress-state")).to_have_text("待审核")
        axe_clean(page)
    finally:
        context.close()


def test_a_transfer_outside_with_its_letter_the_import_page_and_the_federations_figures(live, person):
    url, u = live.url, live.union
    office, fed = person("office_a", viewport=DESKTOP), person("fed", viewport=DESKTOP)
    office.goto(f"{url}/members/{u.member}")
    office.locator("#outside-section summary").click()
    office.fill("#destination", "苏州工业园区某电子公司工会")
    office.fill("#outside-reason", "调往苏州工作")
    office.click("#outside-send")
    expect(office.locator("#confirm-consequence")).to_contain_text(NAME)
    office.click("#confirm-yes")
    office.wait_for_url(re.compile(r"/letter$"))
    expect(office.locator("#letter")).to_contain_text("苏州工业园区某电子公司工会")
    expect(office.locator("#letter")).to_contain_text("201800042")
    axe_clean(office)
    office.goto(f"{url}/members/import")
    axe_clean(office)
    fed.goto(f"{url}/members/counts")
    expect(fed.locator("#counts-table")).to_contain_text("华东机械厂工会")
    assert NAME not in fed.content()
    axe_clean(fed)
