"""The progress line of a bargaining case and of a congress session: the same partial draws each workflow's own
path from its spec (the reply either side awaits, the session's steps)."""

from __future__ import annotations

import re

import pytest

from support.bargaining import Bargaining
from support.web import PASSWORD, sign_in


def _steps(page: str) -> list[tuple[str, str]]:
    section = page.split('id="progress"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-status="(\w+)">.*?class="progress-label">([^<]+)<', section, re.S)


@pytest.fixture
def union(web_env) -> Bargaining:
    return Bargaining(web_env, size=6, password=PASSWORD)


def test_bargaining_and_congress_pages_draw_their_own_paths(client, union):
    case_id = union.start(union.office)
    union.fire(union.office, case_id, "send_request", {"received_on": "2026-11-23"})
    sign_in(client, "office")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    steps = _steps(page)
    assert steps[:3] == [("done", "拟定要约"), ("current", "等待企业方书面回应"), ("todo", "协商准备")]
    assert steps[-1] == ("todo", "已期满")
    current = page.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    # 20 days from receipt end on Sunday 13 December, so on Monday the 14th (art. 32, counted as the calendar does)
    assert "企业方" in current and "还剩 21 天（截止 2026-12-14）" in current
    page = client.get(f"/cases/{union.case}").get_data(as_text=True)  # the congress session, opened
    assert ("current", "会议进行中") in _steps(page) and _steps(page)[-1] == ("todo", "已闭会")
