"""A proposal's whole life in the browser, each person in a browser of their own: drafted, co-signed,
accepted, endorsed, assigned, answered, rated unsatisfied, handled again, rated satisfied, closed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from support.browser import act, inbox_entries, open_from_inbox

TITLE = "关于职工食堂增加夜班供餐的提案"
REASONS = "三班倒职工夜间无处就餐，影响健康。"
MEASURES = "食堂夜间增开窗口，供应热食至凌晨两点。"
INSTRUCTION = "请后勤保障部牵头，年内解决。"


def badge(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#case-state")


def waiting_in_inbox(page: Page, url: str) -> None:
    expect(inbox_entries(page, url).filter(has_text=TITLE)).to_have_count(1)


def gone_from_inbox(page: Page, url: str) -> None:
    expect(inbox_entries(page, url).filter(has_text=TITLE)).to_have_count(0)


def test_a_proposal_from_draft_to_closing_through_a_rehandling(live, person):
    url = live.url
    rep1, rep2, rep3 = person("rep1"), person("rep2"), person("rep3")
    committee, leader, logistics = person("committee"), person("leader"), person("logistics_handler")

    # rep1 drafts the proposal on the new-proposal page and lands on its case page.
    rep1.goto(f"{url}/proposals/new")
    rep1.fill("#title", TITLE)
    rep1.select_option("#category", "welfare")
    rep1.fill("#reasons", REASONS)
    rep1.fill("#measures", MEASURES)
    rep1.select_option("#suggested_department", label="后勤保障部")
    rep1.locator("#new-proposal button[type=submit]").click()
    rep1.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = rep1.url
    expect(rep1.locator("#case-title")).to_have_text(TITLE)
    expect(badge(rep1)).to_have_text("草稿")
    expect(rep1.locator("#case-data")).to_contain_text(REASONS)

    # ... and invites rep2 and rep3 to co-sign: the invitation waits in their inboxes.
    gone_from_inbox(rep2, url)
    rep1.goto(case_url)
    act(rep1, "invite", {"co_signers_invited": ["李秀英（人力资源部）", "张伟（生产部）"]})  # as on the roster
    expect(badge(rep1)).to_have_text("征集附议")

    # rep2 co-signs from the inbox; the proposal still waits for rep3.
    open_from_inbox(rep2, url, TITLE)
    assert rep2.url == case_url
    act(rep2, "co_sign")
    expect(badge(rep2)).to_have_text("征集附议")
    expect(rep2.locator("#case-data")).to_contain_text("李秀英")
    gone_from_inbox(rep2, url)
    gone_from_inbox(committee, url)

    # rep3's co-signature is the second one: the proposal goes to the committee.
    open_from_inbox(rep3, url, TITLE)
    act(rep3, "co_sign")
    expect(badge(rep3)).to_have_text("待审查")
    gone_from_inbox(rep3, url)

    # The committee accepts it (立案); it is numbered and waits for the leader.
    open_from_inbox(committee, url, TITLE)
    act(committee, "accept", {"comment": "符合立案条件。"})
    expect(badge(committee)).to_have_text("待领导批示")
    gone_from_inbox(committee, url)

    # The leader endorses it with an instruction, shown on the page.
    open_from_inbox(leader, url, TITLE)
    act(leader, "endorse", {"instruction": INSTRUCTION})
    expect(badge(leader)).to_have_text("待交办")
    expect(leader.locator("#case-data")).to_contain_text(INSTRUCTION)
    gone_from_inbox(leader, url)

    # The committee assigns it to 后勤保障部 with a deadline.
    open_from_inbox(committee, url, TITLE)
    act(committee, "assign", {"lead_department": "后勤保障部", "due_date": "2026-12-23"})
    expect(badge(committee)).to_have_text("办理中")
    expect(committee.locator("#case-data")).to_contain_text("2026-12-23")

    # The logistics department finds it in its inbox and answers: in the plan.
    open_from_inbox(logistics, url, TITLE)
    act(logistics, "answer", {"classification": "in_plan", "answer": "已列入明年一季度计划。"})
    expect(badge(logistics)).to_have_text("待评价")
    gone_from_inbox(logistics, url)

    # rep1 is not satisfied with the result: the proposal is handled again.
    open_from_inbox(rep1, url, TITLE)
    act(rep1, "rate", {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "希望今年内解决。"})
    expect(badge(rep1)).to_have_text("办理中")
    expect(rep1.locator("#timeline li").first).to_contain_text("重新办理")
    gone_from_inbox(rep1, url)

    # The department answers again: solved.
    open_from_inbox(logistics, url, TITLE)
    act(logistics, "answer", {"classification": "solved", "answer": "12月起夜班窗口开放。"})
    expect(badge(logistics)).to_have_text("待评价")

    # rep1 is satisfied: the proposal is closed, and nothing waits for anyone.
    open_from_inbox(rep1, url, TITLE)
    act(rep1, "rate", {"attitude": "satisfied", "result": "satisfied"})
    expect(badge(rep1)).to_have_text("办结")
    expect(rep1.locator("details.action")).to_have_count(0)
    for page in (rep1, logistics, committee):
        gone_from_inbox(page, url)

    # Any representative sees it closed in the public register.
    rep4 = person("rep4")
    rep4.goto(f"{url}/proposals/register")
    row = rep4.locator("tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("办结")
