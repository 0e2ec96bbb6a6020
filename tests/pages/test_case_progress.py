"""The progress line on the case page: steps done with their dates, the current step with who holds it and the
days left (or overdue), the steps to come; drawn for every workflow without the page knowing its steps."""

from __future__ import annotations

import re

from engine import services
from support.web import assigned_proposal, sign_in, start_proposal


def _steps(page: str) -> list[tuple[str, str]]:
    section = page.split('id="progress"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-status="(\w+)">.*?class="progress-label">([^<]+)<', section, re.S)


def test_a_proposal_being_handled_shows_its_path_holder_and_days_left(client, web_env, union):
    case_id = assigned_proposal(web_env, union, "2026-12-03")  # today is 2026-11-23 in Shanghai
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert _steps(page) == [("done", "草稿"), ("done", "征集附议"), ("done", "待审查"), ("done", "待领导批示"),
                            ("done", "待交办"), ("current", "办理中"), ("todo", "待评价"), ("todo", "办结")]
    current = page.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "后勤保障部 承办人" in current
    assert "还剩 10 天（截止 2026-12-03）" in current
    assert "2026-11-23 10:00" in page.split('id="progress"', 1)[1].split("</section>", 1)[0]


def test_an_overdue_step_says_by_how_many_days(client, web_env, union, clock):
    case_id = assigned_proposal(web_env, union, "2026-11-25")
    clock.advance(days=4)  # 2026-11-27: two days past the 25th
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "已逾期 2 天（截止 2026-11-25）" in page


def test_a_draft_shows_every_step_to_come_in_english_too(client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert _steps(page)[0] == ("current", "草稿") and all(s == "todo" for s, _ in _steps(page)[1:])
    services.set_language(web_env, union.rep1, "en")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert ("todo", "Awaiting assignment") in _steps(page)

