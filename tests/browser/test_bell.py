"""The bell in a real browser: visible with its count on a phone without opening the menu, and read from the list."""

from __future__ import annotations

from playwright.sync_api import expect

from engine import services
from engine.notify.outbox import deliver
from support.notify import use


def test_the_bell_shows_the_unread_count_on_a_phone_and_the_list_marks_it_read(live, person, artifacts):
    u, env = live.union, live.env
    use(env)
    form = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口"}
    case_id = services.start_case(env, services.Actor(u.rep1), "proposal", u.union, "关于食堂夜班供餐的提案",
                                  form).case_id
    services.fire(env, services.Actor(u.rep1), case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    deliver(env)

    phone = person("rep2", viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                   has_touch=True)
    phone.goto(f"{live.url}/inbox")
    bell = phone.locator("#bell")
    expect(bell).to_be_in_viewport()  # beside the menu button, not folded into the menu
    expect(bell.locator("#unread-count")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", "通知: 1 条未读")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artifacts / "bell-phone.png")
    bell.click()
    phone.wait_for_url("**/notifications")
    item = phone.locator("#notification-list li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("附议邀请：关于食堂夜班供餐的提案")
    phone.screenshot(path=artifacts / "notifications-phone.png", full_page=True)
    item.get_by_role("button", name="标为已读").click()
    expect(phone.locator("#unread-count")).to_have_count(0)
    expect(item).to_have_attribute("data-unread", "no")
    item.get_by_role("link").click()
    phone.wait_for_url(f"**/cases/{case_id}")

    desk = person("rep3", viewport={"width": 1280, "height": 720})
    desk.goto(f"{live.url}/inbox")
    expect(desk.locator("#bell")).to_contain_text("通知")
    expect(desk.locator("#unread-count")).to_have_text("1")
    desk.screenshot(path=artifacts / "bell-desktop.png")
