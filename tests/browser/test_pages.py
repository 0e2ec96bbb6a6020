"""Single pages in a real browser: the new-proposal form's errors, a stale case page, a refused register, the
language switch, and the inbox on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from engine import services
from support.browser import act, fill_action

REQUIRED = "此项为必填项。"
SUBJECT = "关于职工食堂增加夜班供餐的提案"
REASONS = "三班倒职工夜间无处就餐，影响健康。"
MEASURES = "食堂夜间增开窗口，供应热食至凌晨两点。"


def send_new_proposal(page: Page) -> int:
    with page.expect_navigation() as navigation:
        page.locator("#new-proposal button[type=submit]").click()
    return navigation.value.status


def feedback(page: Page, field: str):  # noqa: ANN201 - a Playwright locator
    return page.locator(f'[data-field="{field}"] .invalid-feedback')


def draft(live, title: str = SUBJECT, who: str = "rep1") -> int:  # noqa: ANN001 - the live fixture
    """A draft proposal (set-up through the services)."""
    u = live.union
    form = {"session_id": u.session, "category": "welfare", "reasons": REASONS, "measures": MEASURES}
    return services.start_case(live.env, services.Actor(getattr(u, who)), "proposal", u.union, title, form).case_id


def submitted_proposal(live, title: str = SUBJECT) -> int:  # noqa: ANN001 - the live fixture
    """A proposal co-signed by rep2 and rep3, waiting for the committee (set-up through the services)."""
    u, env = live.union, live.env
    case_id = draft(live, title)
    for who, trigger, form in ((u.rep1, "invite", {"co_signers_invited": [u.rep2, u.rep3]}),
                               (u.rep2, "co_sign", None), (u.rep3, "co_sign", None)):
        version = services.case_view(env, services.Actor(who), case_id).version
        services.fire(env, services.Actor(who), case_id, trigger, form, expected_version=version)
    return case_id


def test_the_new_proposal_form_says_in_chinese_what_is_missing_or_too_long(live, person):
    page = person("rep1")
    page.goto(f"{live.url}/proposals/new")

    assert send_new_proposal(page) == 422
    for field in ("title", "category", "reasons", "measures"):
        expect(feedback(page, field)).to_have_text(REQUIRED)
    expect(feedback(page, "suggested_department")).to_have_count(0)

    subject = "关于" + "食" * 99  # 101 characters
    page.fill("#title", subject)
    page.select_option("#category", "welfare")
    page.fill("#reasons", REASONS)
    page.fill("#measures", MEASURES)
    assert send_new_proposal(page) == 422
    expect(feedback(page, "title")).to_contain_text("不能超过 100 个字符")
    for field in ("category", "reasons", "measures"):
        expect(feedback(page, field)).to_have_count(0)
    expect(page.locator("#title")).to_have_value(subject)
    expect(page.locator("#category")).to_have_value("welfare")
    expect(page.locator("#reasons")).to_have_value(REASONS)
    expect(page.locator("#measures")).to_have_value(MEASURES)
    assert re.search(r"/proposals/new$", page.url)


def test_a_stale_tab_is_told_the_draft_changed_and_keeps_what_was_typed(live, person):
    case_id = draft(live)
    case_url = f"{live.url}/cases/{case_id}"
    tab_a = person("rep1")
    tab_b = tab_a.context.new_page()
    tab_a.goto(case_url)
    tab_b.goto(case_url)

    edited = "夜班职工就餐难，已有三十多人反映。"
    # The edit form comes with an empty subject (案由): both tabs type it again.
    assert act(tab_a, "edit", {"title": SUBJECT, "reasons": edited}).status == 200
    expect(tab_a.locator("#case-data")).to_contain_text(edited)

    long_text = "\n".join(f"第{n}条：夜班结束后食堂已关门，职工只能自带冷饭，冬天尤其困难。" for n in range(1, 31))
    fill_action(tab_b, "edit", {"title": SUBJECT, "reasons": long_text})
    with tab_b.expect_navigation() as navigation:
        tab_b.locator("#action-edit button[name=do]").click()
    assert navigation.value.status == 409
    expect(tab_b.locator("#conflict")).to_contain_text("已被他人修改")
    expect(tab_b.locator("#edit-reasons")).to_have_value(long_text)

    tab_b.goto(case_url)
    expect(tab_b.locator("#case-data")).to_contain_text(edited)
    expect(tab_b.locator("#case-data")).not_to_contain_text("第1条")
    expect(tab_b.locator("#edit-reasons")).to_have_value(edited)


def test_a_representative_may_not_open_the_committee_register(live, person):
    submitted_proposal(live)
    rep4 = person("rep4")
    response = rep4.goto(f"{live.url}/committee/register")
    assert response is not None and response.status == 403
    expect(rep4.get_by_text(SUBJECT)).to_have_count(0)

    committee = person("committee")
    response = committee.goto(f"{live.url}/committee/register")
    assert response is not None and response.status == 200
    expect(committee.get_by_text(SUBJECT)).to_have_count(1)


def switch_language(page: Page, lang: str) -> None:
    with page.expect_navigation():
        page.locator(f'#language-switch button[name=lang][value="{lang}"]').click()


def test_the_language_switch_changes_the_pages_and_sticks(live, person):
    case_id = draft(live)
    page = person("rep1")
    page.goto(f"{live.url}/cases/{case_id}")
    inbox_link = page.locator('nav a.nav-link[href="/inbox"]')
    state = page.locator("#case-state")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(state).to_have_text("草稿")
    expect(inbox_link).to_have_text("待办事项")

    switch_language(page, "en")
    assert page.url.endswith(f"/cases/{case_id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(inbox_link).to_have_text("Inbox")
    expect(state).to_have_text("Draft")
    expect(page.locator("#action-invite summary")).to_have_text("Invite co-signers")
    page.reload()
    expect(inbox_link).to_have_text("Inbox")
    expect(state).to_have_text("Draft")

    switch_language(page, "zh")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(state).to_have_text("草稿")
    expect(inbox_link).to_have_text("待办事项")


def test_the_inbox_fits_a_phone(live, person, artifacts):
    u, env = live.union, live.env
    draft(live, "关于食堂夜班供餐的提案")
    draft(live, "关于增设职工子女暑期托管班的提案")
    invited = draft(live, "关于厂区班车增加夜班线路的提案", who="rep2")
    services.fire(env, services.Actor(u.rep2), invited, "invite", {"co_signers_invited": [u.rep1, u.rep3]},
                  expected_version=1)

    phone = person("rep1", viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                   has_touch=True)
    phone.goto(f"{live.url}/inbox")
    entries = phone.locator("#inbox-list a")
    expect(entries).to_have_count(3)
    expect(phone.locator("#inbox-count")).to_have_text("3")
    for n in range(3):
        expect(entries.nth(n)).to_be_visible()
        expect(entries.nth(n)).to_be_in_viewport()
    expect(entries.filter(has_text="关于厂区班车增加夜班线路的提案")).to_contain_text("征集附议")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=artifacts / "inbox-phone.png", full_page=True)
