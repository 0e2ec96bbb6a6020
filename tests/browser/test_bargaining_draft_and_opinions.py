"""Bargaining in the browser: a negotiator's new draft starts from the latest one's text, and an anonymous staff
opinion shows only its day to those who read the opinions, never the minute it came."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.bargaining import DRAFT_1, MANDATE, Bargaining
from support.browser import open_action
from support.web import PASSWORD


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a congress of five and an employer side
    return lambda env: Bargaining(env, size=5, password=PASSWORD)


def talks(b) -> int:  # noqa: ANN001 - the served Bargaining union
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                              "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    return case_id


def test_a_new_draft_starts_from_the_latest_drafts_text(live, person):
    b = live.union
    case_id = talks(b)
    page = person("rep1")
    page.goto(f"{live.url}/cases/{case_id}")
    expect(open_action(page, "save_draft").locator("textarea[name=text]")).to_have_value("")  # nothing yet

    b.fire(b.boss, case_id, "save_draft", {"text": DRAFT_1, "note": "企业方初稿"})
    page.reload()
    box = open_action(page, "save_draft").locator("textarea[name=text]")
    expect(box).to_have_value(DRAFT_1)
    box.fill(DRAFT_1.replace("6%", "5.5%"))  # the negotiator changes one clause and saves
    with page.expect_navigation():
        page.locator("#action-save_draft button[name=do]").click()
    expect(page.locator("#draft-2")).to_be_visible()
    expect(open_action(page, "save_draft").locator("textarea[name=text]")).to_have_value(re.compile("5.5%"))


def test_an_anonymous_opinion_shows_only_its_day(live, person):
    b = live.union
    case_id = talks(b)
    sent = (("rep4", True, "希望夜班津贴提高到每班40元。"), ("rep5", False, "建议加班费按实发工资计算。"))
    for who, anonymous, text in sent:
        staff = person(who)
        staff.goto(f"{live.url}/bargaining/{case_id}/opinions/new")
        staff.fill("#topic", "工资增长")
        staff.fill("#body", text)
        if anonymous:
            staff.check("#anonymous")
        with staff.expect_navigation():
            staff.click("#send-opinion")

    office = person("office")
    office.goto(f"{live.url}/bargaining/{case_id}/opinions")
    hidden = office.locator("li.opinion", has_text="每班40元")
    named = office.locator("li.opinion", has_text="实发工资")
    expect(hidden.locator(".opinion-author")).to_have_text("匿名")
    expect(hidden.locator(".opinion-when")).to_have_text("2026-11-23")  # the day, no hour and minute
    expect(named.locator(".opinion-when")).to_have_text(re.compile(r"^2026-11-23 \d\d:\d\d$"))
