"""A representative at the congress on a phone: finds the duties in the inbox, confirms the documents, checks
in, votes on a motion and an election (the booth moves on by itself when the chair opens the next item),
keeps the receipt, and after closing finds the vote counted on the results page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from engine.services import Actor
from support.congress import Congress
from support.web import PASSWORD
from workflows.congress import services as congress

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
CODE = re.compile(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){4}")
NEXT_ITEM = 15_000  # the booth asks every 5 s whether an item opened or closed


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a congress of five, in session
    return lambda env: Congress(env, size=5, password=PASSWORD)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_a_representative_votes_on_two_items_from_a_phone_and_checks_the_receipt(live, person, artifacts):
    env, c = live.env, live.union
    chair = Actor(c.chair)
    motion = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案",
                               reserved=True)
    election = congress.add_item(env, Actor(c.office), c.session, kind="election", title="增补工会委员",
                                 candidates=["张明", "李华", "王芳"], max_choices=2)
    congress.check_in(env, Actor(c.office), c.session, [c.rep2, c.rep3, c.rep4])  # rep1 makes the quorum of 4

    page = person("rep1", **PHONE)
    page.goto(f"{live.url}/inbox")
    duty = page.locator("#congress-duties a").first
    expect(duty).to_contain_text("确认收到会议文件")
    duty.click()
    page.wait_for_url(f"**/congress/sessions/{c.session}/booth")
    expect(page.locator("#agenda")).to_contain_text("审议工资集体协商方案")
    page.click("#confirm-documents")
    expect(page.locator("#documents-confirmed")).to_be_visible()
    page.click("#check-in")
    expect(page.locator("#checked-in")).to_be_visible()
    expect(page.locator("#waiting")).to_be_visible()
    fits(page)

    # The chair opens the motion: the waiting booth shows it with three big buttons.
    congress.open_item(env, chair, motion)
    expect(page.locator("#ballot-title")).to_have_text("工资集体协商方案", timeout=NEXT_ITEM)
    for choice, label in (("agree", "赞成"), ("disagree", "反对"), ("abstain", "弃权")):
        expect(page.locator(f"#choice-{choice}")).to_have_text(label)
        expect(page.locator(f"#choice-{choice}")).to_be_in_viewport()
    fits(page)
    page.screenshot(path=artifacts / "booth-motion-phone.png", full_page=True)
    page.click("#choice-disagree")
    expect(page.locator("#your-choice")).to_have_text("反对")
    page.click("#change")  # a second thought: back to the ballot
    page.click("#choice-agree")
    expect(page.locator("#your-choice")).to_have_text("赞成")
    page.click("#cast")
    first_code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.fullmatch(first_code)
    expect(page.locator("#vote-cast")).to_contain_text("工资集体协商方案")
    fits(page)
    page.screenshot(path=artifacts / "booth-receipt-phone.png", full_page=True)
    page.click("#back-to-booth")
    expect(page.locator("#voted")).to_contain_text("工资集体协商方案")
    expect(page.locator("#receipt-code")).to_have_count(0)

    # The others vote; the chair closes the motion and opens the election: the booth moves on by itself.
    for rep in (c.rep2, c.rep3, c.rep4):
        congress.vote(env, Actor(rep), motion, "agree")
    congress.close_item(env, chair, motion)
    congress.open_item(env, chair, election)
    expect(page.locator("#ballot-title")).to_have_text("增补工会委员", timeout=NEXT_ITEM)
    page.get_by_label("张明").check()
    page.get_by_label("王芳").check()
    expect(page.get_by_label("李华")).to_be_disabled()  # two choices at most
    fits(page)
    page.click("#next")
    expect(page.locator("#your-choice li")).to_have_text(["张明", "王芳"])
    page.click("#cast")
    assert CODE.fullmatch(page.locator("#receipt-code").inner_text().strip())
    congress.close_item(env, chair, election)

    # On the results page: the motion passed, and the first receipt code shows the vote counted as cast.
    page.goto(f"{live.url}/congress/sessions/{c.session}/results")
    expect(page.locator(f"#result-{motion} .outcome")).to_have_text("通过")
    expect(page.locator(f"#result-{election}")).to_contain_text("张明")
    page.fill("#code", first_code.lower())
    page.click("#check-receipt")
    found = page.locator("#receipt-found")
    expect(found).to_contain_text("已计入“工资集体协商方案”")
    expect(page.locator("#receipt-choice")).to_have_text("选票内容：赞成")
    fits(page)
    page.screenshot(path=artifacts / "results-phone.png", full_page=True)
