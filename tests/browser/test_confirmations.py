"""Irreversible steps ask first, with the figures, and work without JavaScript; a refused action or a form with
errors is announced at the top of a phone's screen and takes the focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engine.services import Actor
from support.browser import open_action
from support.congress import Congress
from support.web import PASSWORD
from workflows.congress import services as congress

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a congress of six, in session
    return lambda env: Congress(env, size=6, password=PASSWORD)


def test_closing_a_ballot_states_who_has_voted_and_asks_first_even_without_javascript(live, person):
    env, c = live.env, live.union
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="工资集体协商方案")
    congress.check_in(env, Actor(c.office), c.session, c.roster[:5])
    page = person("chair", java_script_enabled=False)
    page.goto(f"{live.url}/congress/sessions/{c.session}/console")

    page.locator(f"form[action$='/items/{item}/open'] button").click()
    expect(page.locator("#confirm-consequence")).to_contain_text("已签到 5 人")
    assert congress.get_item(env, item).status == "draft"  # nothing happened yet
    page.click("#confirm-yes")
    expect(page.locator(".alert-success")).to_contain_text("工资集体协商方案")
    assert congress.get_item(env, item).status == "open"

    congress.vote(env, Actor(c.roster[0]), item, "agree")
    page.locator(f"form[action$='/items/{item}/close'] button").click()
    consequence = page.locator("#confirm-consequence")
    expect(consequence).to_contain_text("已签到的 5 名代表中，1 人已投票")
    expect(consequence).to_contain_text("不能撤销")
    page.click("#confirm-no")  # the way back leaves the vote open
    assert congress.get_item(env, item).status == "open"
    page.locator(f"form[action$='/items/{item}/close'] button").click()
    page.click("#confirm-yes")
    assert congress.get_item(env, item).status == "closed"


def test_a_refused_action_on_a_phone_is_shown_at_the_top_and_focused(live, person):
    env, u = live.env, live.union
    from engine import services

    form = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口"}
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, "关于食堂夜班供餐的提案", form).case_id
    page = person("rep1", **PHONE)
    page.goto(f"{live.url}/cases/{case_id}")
    action = open_action(page, "invite")
    action.locator('[data-field="co_signers_invited"] input[type=checkbox]').first.check()  # one of the two needed
    with page.expect_navigation():
        action.locator("button[name=do]").click()
    alert = page.locator("#page-alert")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    expect(alert).to_have_attribute("role", "alert")
    box = alert.bounding_box()
    assert box is not None and 0 <= box["y"] < 740  # on the first screen, not three screens down
    expect(alert).to_contain_text("邀请附议")
