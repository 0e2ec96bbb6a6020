"""Agenda collection in a real browser: a department's staff member proposes a topic on a phone, the union office
finds it in the session's list and puts it on the agenda after confirming, the sender reads the outcome from the
bell, and a colleague could not open the topic before it was on the agenda."""

from __future__ import annotations

from playwright.sync_api import expect

from engine.notify.outbox import deliver
from support.browser import act
from support.notify import use

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TOPIC = "改善一车间夜班就餐条件"


def test_a_topic_goes_from_a_phone_onto_the_agenda_and_its_sender_is_told(live, person, artifacts):
    env = live.env
    use(env)
    phone = person("logistics_handler", **PHONE)
    phone.goto(f"{live.url}/agenda")
    phone.click("#send-topic")
    phone.fill("#title", "")
    phone.fill("#reason", "夜班职工吃不上热饭。")
    with phone.expect_navigation():
        phone.click("#new-topic button[type=submit]")
    expect(phone.locator('[data-field="title"] .invalid-feedback')).to_be_visible()  # beside the field
    expect(phone.locator("#reason")).to_have_value("夜班职工吃不上热饭。")  # what was typed stays
    phone.fill("#title", TOPIC)
    with phone.expect_navigation():
        phone.click("#new-topic button[type=submit]")
    case_url = phone.url
    expect(phone.locator("h1")).to_contain_text(TOPIC)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artifacts / "agenda-topic-phone.png", full_page=True)

    colleague = person("works_handler")
    assert colleague.goto(case_url).status == 404  # before it is on the agenda, only its sender and the office

    office = person("office", viewport={"width": 1280, "height": 800})
    office.goto(f"{live.url}/agenda")
    office.locator("#sorting a").first.click()
    office.locator("#waiting").get_by_role("link", name=TOPIC).click()
    act(office, "put_on_agenda", {"agenda_line": "听取关于改善夜班就餐条件的专题报告"})
    expect(office.locator("#timeline li").first).to_contain_text("列入议程")
    office.goto(f"{live.url}/agenda")
    office.locator("#sorting a").first.click()
    expect(office.locator("#agenda-lines")).to_contain_text("听取关于改善夜班就餐条件的专题报告")

    deliver(env)
    phone.goto(f"{live.url}/notifications")
    expect(phone.locator("#notification-list li").first).to_contain_text(TOPIC)
    phone.goto(case_url)
    expect(phone.locator("body")).to_contain_text("已列入议程")
    assert colleague.goto(case_url).status == 200  # on the agenda: the union's staff read it
