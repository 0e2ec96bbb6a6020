"""The login page in a real browser: Chinese by default, and signing in lands in the inbox."""

from __future__ import annotations


def test_signing_in_lands_in_the_inbox(live, page):
    page.goto(f"{live.url}/login")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    live.sign_in(page, "rep1")
    assert "/inbox" in page.url
    assert page.locator("#whoami").inner_text() == "王建国"
