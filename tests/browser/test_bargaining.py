"""The union's chief negotiator in the browser: finds the talks from the bargaining dashboard, records a round,
saves a draft, compares it with the employer's version, and after the congress passed it signs from the inbox;
the union office files the agreement."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support.bargaining import DRAFT_1, DRAFT_2, MANDATE, Bargaining
from support.browser import act, open_from_inbox
from support.web import PASSWORD

TITLE = "2027年度集体协商"


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a congress of five and an employer side
    return lambda env: Bargaining(env, size=5, password=PASSWORD)


def test_the_chief_negotiator_records_a_round_saves_and_compares_drafts_and_signs(live, person, artifacts):
    b = live.union
    case_id = b.start(b.office)
    b.fire(b.office, case_id, "send_request", {"received_on": "2026-11-23"})
    b.fire(b.boss, case_id, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
    b.fire(b.office, case_id, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                              "chief_mandate": MANDATE})
    b.fire(b.boss, case_id, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, case_id, "start_talks")
    b.fire(b.boss, case_id, "save_draft", {"text": DRAFT_1, "note": "企业方初稿"})

    # rep1, the union's chief negotiator, finds the talks on the bargaining dashboard.
    page = person("rep1")
    page.goto(f"{live.url}/bargaining")
    running = page.locator(f"#case-{case_id}")
    expect(running).to_contain_text("协商会议")
    running.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/cases/{case_id}")
    expect(page.locator("#negotiators-union li").first).to_have_text("王建国 首席代表")

    act(page, "record_round", {"held_on": "2026-11-23", "attendance": "工会方王建国、李秀英、张伟；企业方孙经理等3人",
                               "minutes": "工会方提出增长6%，企业方提出4%；双方同意一线岗位倾斜。",
                               "positions": "工资增长：工会6%，企业4%\n夜班津贴：工会提出每班30元"})
    expect(page.locator("#round-1")).to_contain_text("双方同意一线岗位倾斜")
    act(page, "save_draft", {"text": DRAFT_2, "note": "调整增幅，增加夜班津贴"})
    expect(page.locator("#draft-2")).to_contain_text("王建国")
    page.screenshot(path=artifacts / "bargaining-case.png", full_page=True)

    page.locator("#draft-2 .compare-link").click()
    page.wait_for_url(f"**/bargaining/{case_id}/drafts?old=1&new=2")
    expect(page.locator("tr.clause-changed")).to_have_attribute("data-heading", "第二条")
    expect(page.locator("tr.clause-changed ins")).to_have_text("5.5%，一线职工不低于")
    expect(page.locator("tr.clause-added")).to_contain_text("第四条 夜班津贴每班30元。")
    expect(page.locator("tr.clause-same")).to_have_count(2)
    page.screenshot(path=artifacts / "bargaining-drafts.png", full_page=True)

    # The union office puts the draft to the congress, which passes it.
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                  "agreement_title": "2027年度集体合同"})
    b.vote(case_id, agree=len(b.roster))

    # The signature waits in the chief's inbox; he signs on the case page.
    open_from_inbox(page, live.url, TITLE)
    expect(page.locator("#case-state")).to_have_text("首席代表签字")
    expect(page.locator("#congress-vote")).to_contain_text("通过")
    act(page, "sign", {"signed_on": "2026-11-23"})
    expect(page.locator("#signatures")).to_contain_text("工会方：王建国 · 2026-11-23")
    expect(page.locator("#action-sign")).to_have_count(0)

    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.office, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    page.reload()
    expect(page.locator("#case-state")).to_have_text("审查期")
    expect(page.locator("#date-effective_on")).to_have_text("2026-12-09")
    expect(page.locator("#filing")).to_contain_text("2026-11-23")
