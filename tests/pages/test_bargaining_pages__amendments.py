"""A change or termination on the pages: the dashboard offers it for an agreement in force, the form asks how and
why (a missing ground refused beside the field, citing art. 40), and once it took effect the staff read the
agreement marked terminated with the date and the reason."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.time.calendar import TZ
from support.bargaining import TOPICS, Bargaining
from support.web import PASSWORD, csrf, sign_in
from workflows.bargaining import amendments


@pytest.fixture
def union(web_env) -> Bargaining:
    return Bargaining(web_env, size=6, password=PASSWORD)


def in_force(b: Bargaining, clock) -> int:
    case_id = b.start(b.office)
    b.negotiate(case_id)
    b.agree(case_id)
    clock.set(datetime(2026, 12, 9, 1, tzinfo=TZ))
    b.sweep()
    b.fire(b.office, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    return case_id


def test_the_office_proposes_a_termination_and_the_staff_read_the_agreement_as_terminated(client, web_env, union,
                                                                                          clock):
    b = union
    old = in_force(b, clock)
    clock.set(datetime(2026, 12, 10, 10, tzinfo=TZ))
    sign_in(client, "office")
    page = client.get("/bargaining").get_data(as_text=True)
    assert f"amends={old}" in page and 'name="ground"' not in page  # the new request's form asks no ground
    page = client.get(f"/bargaining?amends={old}").get_data(as_text=True)
    assert f'name="amends" value="{old}"' in page and 'name="ground"' in page and "提出变更或解除" in page
    form = {"csrf_token": csrf(client, "/bargaining"), "union": b.union, "title": "解除2027年度集体合同",
            "kind": "collective_contract", "initiator": "union", "counterpart": "华东机械厂", "topics": TOPICS,
            "amends": str(old), "purpose": "terminate", "ground": "", "amend_reason": "公司被兼并。"}
    response = client.post("/bargaining/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第四十条" in page and "公司被兼并。" in page
    response = client.post("/bargaining/new", data={**form, "ground": "merger"})
    assert response.status_code == 302
    new = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/cases/{new}").get_data(as_text=True)
    assert f'href="/cases/{old}"' in page and "用人单位被兼并" in page

    b.fire(b.office, new, "send_request", {"received_on": "2026-12-10"})
    b.fire(b.boss, new, "agree_to_negotiate", {"replied_on": "2026-12-10", "reply": "同意。"})
    b.fire(b.office, new, "appoint_union_negotiators", {"negotiators": b.union_side, "chief": b.rep1,
                                                        "chief_mandate": "兹委托代表1。"})
    b.fire(b.boss, new, "appoint_employer_negotiators", {"negotiators": b.employer_side, "chief": b.boss})
    b.fire(b.office, new, "start_talks")
    b.fire(b.rep1, new, "save_draft", {"text": "双方同意自兼并之日起解除2027年度集体合同。"})
    b.agree(new, day="2026-12-10")
    clock.set(datetime(2026, 12, 26, 1, tzinfo=TZ))
    b.sweep()
    assert amendments.settle(web_env) == 1

    sign_in(client, "works_handler")  # a member of the staff
    page = client.get(f"/bargaining/{old}/agreement").get_data(as_text=True)
    assert 'id="agreement-ended"' in page and "解除" in page and "公司被兼并。" in page
