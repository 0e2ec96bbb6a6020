"""A regional collective contract in several browsers, from the written request to in force at every covered
enterprise: the district federation's staff draft the request covering four enterprises and send it; the employers'
association, on a phone, agrees; after the talks the draft goes to each enterprise's congress, whose results the
federation records; both chief negotiators sign, the association files it, the review period passes (the test's
fixed clock and the scheduler's sweep), the federation publishes it; then each covered enterprise's office finds it
in force on its own bargaining page, marked regional with the leading union, and reads it. axe-core checks the pages
at 375 px and on a desktop."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from engine.time.calendar import TZ
from support.browser import DESKTOP, PHONE, act, axe_clean, open_from_inbox
from support.regional import DRAFT, MANDATE, RESULT, Region
from support.web import PASSWORD

TITLE = "2027年度区域性集体协商"


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a district and five enterprises
    return lambda env: Region(env, password=PASSWORD)


def state(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#case-state")


def test_a_regional_agreement_from_request_to_in_force_at_every_covered_enterprise(live, person, clock):
    r: Region = live.union
    url = live.url
    staff = person("rstaff", viewport=DESKTOP)
    staff.goto(f"{url}/bargaining/regional")
    axe_clean(staff)
    staff.fill("#title", TITLE)
    staff.select_option("#kind", "collective_contract")
    staff.select_option("#initiator", "union")
    for i in range(1, 5):
        staff.get_by_label(f"测试企业{i}工会", exact=True).check()
    staff.fill("#counterpart", "测试区企业联合会")
    staff.locator('[data-field="employer_reps"]').get_by_label("区企业联合会王秘书长", exact=True).check()
    staff.fill("#topics", "区域内职工工资增长幅度")
    staff.click("#start-request")
    staff.wait_for_url("**/cases/*")
    case_id = int(staff.url.rsplit("/", 1)[1])
    expect(staff.locator("#covered-list li")).to_have_count(4)
    act(staff, "send_request", {"received_on": "2026-11-23"})
    expect(state(staff)).to_have_text("等待企业方书面回应")
    expect(staff.locator("#date-reply_due")).to_have_text("2026-12-14")  # art. 32: 20 days, to the Monday
    axe_clean(staff)

    assoc = person("rassoc", viewport=PHONE, is_mobile=True, has_touch=True)
    open_from_inbox(assoc, url, TITLE)
    act(assoc, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意开展区域性集体协商。"})
    expect(state(assoc)).to_have_text("协商准备")
    axe_clean(assoc)

    # The talks themselves, as the enterprise bargaining tests walk them.
    r.fire(r.staff, case_id, "appoint_union_negotiators", {"negotiators": r.union_side, "chief": r.staff,
                                                           "chief_mandate": MANDATE})
    r.fire(r.assoc, case_id, "appoint_employer_negotiators", {"negotiators": r.employer_side, "chief": r.assoc})
    r.fire(r.staff, case_id, "start_talks")
    r.fire(r.staff, case_id, "save_draft", {"text": DRAFT})

    staff.reload()
    act(staff, "put_to_congress", {"congress_mode": "each", "term_years": "2",
                                   "agreement_title": "测试区2027年度区域性集体合同"})
    expect(state(staff)).to_have_text("提交职代会审议")
    for union in r.unions[:3]:
        r.fire(r.staff, case_id, "record_congress_result", {"body": union, **RESULT})
    staff.reload()
    expect(staff.locator("#congress-waiting")).to_contain_text("测试企业4工会")
    act(staff, "record_congress_result", {"body": str(r.unions[3]), **{k: str(v) for k, v in RESULT.items()}})
    expect(state(staff)).to_have_text("首席代表签字")
    expect(staff.locator("#congress-bodies tbody tr")).to_have_count(4)
    axe_clean(staff)
    act(staff, "sign", {"signed_on": "2026-11-23"})

    assoc.reload()
    act(assoc, "sign", {"signed_on": "2026-11-23"})
    expect(state(assoc)).to_have_text("报送审查")
    expect(assoc.locator("#date-filing_due")).to_contain_text("2026-12-03")  # art. 42: 10 days after signing
    act(assoc, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    expect(state(assoc)).to_have_text("审查期")

    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))  # the review's 15 days (art. 47) passed without objection
    r.sweep()
    staff = person("rstaff", viewport=DESKTOP)  # a fortnight later: signed in afresh
    staff.goto(f"{url}/cases/{case_id}")
    expect(state(staff)).to_have_text("已生效待公布")
    act(staff, "publish", {"published_on": "2026-12-09", "how": "各企业厂务公开栏"})
    expect(state(staff)).to_have_text("履行中")

    for i in range(4):  # each covered enterprise, in a browser of its own
        office = person(f"roffice{i + 1}", viewport=PHONE if i == 0 else DESKTOP)
        office.goto(f"{url}/bargaining")
        card = office.locator(f"#agreement-{case_id}")
        expect(card).to_contain_text("测试区2027年度区域性集体合同")
        expect(card.locator(".regional-mark")).to_contain_text("区域性/行业性")
        expect(card.locator(".regional-mark")).to_contain_text("测试区总工会")
        if i == 0:
            axe_clean(office)
        card.get_by_role("link", name="阅读合同文本").click()
        expect(office.locator("body")).to_contain_text("工资增长不低于5%")
        if i == 0:
            axe_clean(office)
    outsider = person("roffice5", viewport=DESKTOP)  # not covered: nothing shows
    outsider.goto(f"{url}/bargaining")
    expect(outsider.locator(f"#agreement-{case_id}")).to_have_count(0)
