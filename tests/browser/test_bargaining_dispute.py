"""A dispute in two browsers: the union refuses the employer's request; the employer, told in its inbox, asks the
labour administration to coordinate; the union office, told in turn, records the acceptance (a date before the
application refused beside the field, citing art. 53), and both sides see the coordination's deadline; the
employer records the coordination agreement and the talks resume."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support.bargaining import Bargaining
from support.browser import act, open_from_inbox
from support.web import PASSWORD

TITLE = "2027年度集体协商"


@pytest.fixture
def live_union():  # noqa: ANN201 - overrides the served database: a congress of five and an employer side
    return lambda env: Bargaining(env, size=5, password=PASSWORD)


def test_the_employer_takes_the_unions_refusal_to_coordination_and_both_sides_follow_it(live, person, artifacts):
    b = live.union
    case_id = b.start(b.boss, initiator="employer")
    b.fire(b.boss, case_id, "send_request_to_union", {"received_on": "2026-11-23"})

    union = person("office")
    open_from_inbox(union, live.url, TITLE)
    act(union, "refuse", {"reason": "本年度工资已调整，暂不协商。"})
    expect(union.locator("#case-state")).to_have_text("争议待协调")
    expect(union.locator("#action-request_coordination")).to_have_count(1)  # either side may apply (art. 49)

    employer = person("boss")
    open_from_inbox(employer, live.url, TITLE)
    expect(employer.locator("#bargaining-dispute")).to_contain_text("本年度工资已调整")
    act(employer, "request_coordination", {"requested_on": "2026-11-23", "bodies": "市人力资源和社会保障局",
                                           "note": "工会无正当理由拒绝协商。"})
    expect(employer.locator("#case-state")).to_have_text("已申请协调处理")

    open_from_inbox(union, live.url, TITLE)  # the union office holds a task now
    expect(union.locator("#coordination-1")).to_contain_text("企业方")
    act(union, "accept_coordination", {"accepted_on": "2026-11-20", "handler": "劳动关系科"})
    expect(union.locator('#action-accept_coordination [data-field="accepted_on"]')).to_contain_text("第五十三条")
    act(union, "accept_coordination", {"accepted_on": "2026-11-23", "handler": "劳动关系科"})
    expect(union.locator("#case-state")).to_have_text("协调处理中")
    expect(union.locator("#date-coordination_due")).to_have_text("2026-12-23")
    union.screenshot(path=artifacts / "bargaining-coordination.png", full_page=True)

    employer.reload()
    expect(employer.locator("#date-coordination_due")).to_have_text("2026-12-23")
    act(employer, "resume_talks", {"concluded_on": "2026-11-23",
                                   "protocol": "双方同意于12月内开展工资集体协商，工会方提供职工意见汇总。"})
    expect(employer.locator("#case-state")).to_have_text("协商准备")
    expect(employer.locator("#coordination-1 .coordination-outcome")).to_contain_text("继续协商")
    union.reload()
    expect(union.locator("#coordination-1")).to_contain_text("双方同意于12月内开展工资集体协商")
