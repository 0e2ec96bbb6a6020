"""What people see of a proposal past the happy path: the committee acts on an overdue one (督办, a new deadline,
another lead department), the lead department waits for a co-handling opinion, an unsatisfied rating asks why,
a re-handled proposal shows its answers apart, the co-signer list, the sessions offered, the registers' search."""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from playwright.sync_api import Page, expect

from engine import services
from engine.core.context import Actor
from engine.time import deadlines
from support.browser import act, inbox_entries, open_action, open_from_inbox
from workflows.congress import services as congress

TITLE = "关于改善铸造车间通风除尘条件的提案"


def fire(live, who: int, case_id: int, trigger: str, form: dict | None = None) -> None:  # noqa: ANN001
    view = services.case_view(live.env, Actor(who), case_id)
    services.fire(live.env, Actor(who), case_id, trigger, form, expected_version=view.version)


def assigned(live, *, co: tuple[int, ...] = (), due: str = "2026-11-27", title: str = TITLE,  # noqa: ANN001
             reasons: str = "落砂工段粉尘浓度高。") -> int:
    u = live.union
    case_id = services.start_case(live.env, Actor(u.rep1), "proposal", u.union, title, {
        "session_id": u.session, "category": "safety", "reasons": reasons, "measures": "更换除尘设备。"}).case_id
    fire(live, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    fire(live, u.rep2, case_id, "co_sign")
    fire(live, u.rep3, case_id, "co_sign")
    fire(live, u.committee, case_id, "accept")
    fire(live, u.leader, case_id, "endorse", {"instruction": "同意"})
    fire(live, u.committee, case_id, "assign", {"lead_department": u.logistics, "co_departments": list(co),
                                               "due_date": due})
    return case_id


def newest_entry(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#timeline li").first


def test_the_committee_supervises_an_overdue_proposal_gives_it_time_and_another_department(live, person, clock):
    case_id = assigned(live)
    clock.advance(days=6)  # Sunday 2026-11-29: the deadline ended with Friday 11-27
    for timer in deadlines.due_timers(live.env):
        deadlines.fire_timer(live.env, timer)

    committee = person("committee")
    entry = inbox_entries(committee, live.url).filter(has_text=TITLE)
    expect(entry.locator(".badge-overdue")).to_have_text("逾期")
    committee.goto(f"{live.url}/committee/register")
    expect(committee.locator(f"#proposal-{case_id} .badge-overdue")).to_be_visible()

    open_from_inbox(committee, live.url, TITLE)
    act(committee, "supervise", {"supervision_note": "请三个工作日内书面说明进展。"})
    expect(newest_entry(committee)).to_contain_text("督办")
    expect(newest_entry(committee)).to_contain_text("请三个工作日内书面说明进展。")

    act(committee, "set_deadline", {"new_deadline": "2026-12-11", "deadline_reason": "需等待设备厂家报价。"})
    expect(committee.locator("#proposal-due")).to_contain_text("2026-12-11")
    expect(committee.locator("#proposal-due .badge-overdue")).to_have_count(0)
    expect(newest_entry(committee)).to_contain_text("需等待设备厂家报价。")
    expect(inbox_entries(committee, live.url).filter(has_text=TITLE)).to_have_count(0)  # supervised no longer

    committee.goto(f"{live.url}/cases/{case_id}")
    act(committee, "reassign", {"new_lead_department": "生产部", "new_deadline": "2026-12-18",
                                "reassign_reason": "除尘设备归生产部管理。"})
    expect(committee.locator("#proposal-lead")).to_have_text("生产部")
    expect(newest_entry(committee)).to_contain_text("除尘设备归生产部管理。")
    works = person("works_handler")
    open_from_inbox(works, live.url, TITLE)
    expect(works.locator("#action-answer")).to_have_count(1)
    expect(inbox_entries(person("logistics_handler"), live.url).filter(has_text=TITLE)).to_have_count(0)


def test_the_lead_department_waits_for_the_co_handling_opinion(live, person):
    u = live.union
    case_id = assigned(live, co=(u.hr,), due="2026-12-23")
    lead = person("logistics_handler")
    lead.goto(f"{live.url}/cases/{case_id}")
    act(lead, "answer", {"classification": "solved", "answer": "已更换除尘设备。"})
    refusal = lead.locator("#action-answer .alert")
    expect(refusal).to_contain_text("协办部门的意见未提交")
    expect(lead.locator("#case-state")).to_have_text("办理中")
    expect(lead.locator("#action-answer textarea[name=answer]")).to_have_value("已更换除尘设备。")

    committee = person("committee")
    committee.goto(f"{live.url}/cases/{case_id}")
    act(committee, "release_co_department", {"released_department": "人力资源部",
                                             "release_reason": "人力资源部已口头表示无意见。"})
    expect(newest_entry(committee)).to_contain_text("不再等待协办意见")
    expect(newest_entry(committee)).to_contain_text("人力资源部已口头表示无意见。")
    expect(inbox_entries(person("hr_handler"), live.url).filter(has_text=TITLE)).to_have_count(0)

    lead.goto(f"{live.url}/cases/{case_id}")
    act(lead, "answer", {"classification": "solved", "answer": "已更换除尘设备。"})
    expect(lead.locator("#case-state")).to_have_text("待评价")


def test_an_unsatisfied_rating_asks_why_and_a_rehandling_keeps_its_answers_apart(live, person):
    u = live.union
    case_id = assigned(live, due="2026-12-23")
    fire(live, u.logistics_handler, case_id, "answer", {"classification": "in_plan", "answer": "列入明年计划。",
                                                        "measures_taken": "已编制采购预算。"})
    rep1 = person("rep1")
    rep1.goto(f"{live.url}/cases/{case_id}")
    act(rep1, "rate", {"attitude": "satisfied", "result": "unsatisfied"})
    error = rep1.locator('#action-rate [data-field="rating_comment"] .invalid-feedback')
    expect(error).to_contain_text("请说明不满意的原因")
    expect(rep1.locator("#action-rate select[name=result]")).to_have_value("unsatisfied")  # what was chosen stays
    act(rep1, "rate", {"attitude": "satisfied", "result": "unsatisfied", "rating_comment": "希望今年内解决。"})
    rated = rep1.locator("#timeline li", has_text="评价")
    expect(rated).to_contain_text("办理结果：不满意")
    expect(rated).to_contain_text("办理态度：满意")
    expect(rated).to_contain_text("希望今年内解决。")

    fire(live, u.logistics_handler, case_id, "answer", {"classification": "solved", "answer": "12月起已开放。"})
    rep1.goto(f"{live.url}/cases/{case_id}")
    expect(rep1.locator("#proposal-answer")).to_have_text("12月起已开放。")
    expect(rep1.locator("#proposal-measures_taken")).to_have_count(0)  # the first answer's measures are its own
    earlier = rep1.locator("#proposal-earlier-answers")
    expect(earlier).to_contain_text("列入明年计划。")
    expect(earlier).to_contain_text("已编制采购预算。")
    expect(earlier).to_contain_text("不满意")
    expect(rep1.locator("#proposal-latest-answer")).to_contain_text("第 2 次答复")

    rep1.goto(f"{live.url}/proposals/{case_id}/form")
    paper = rep1.locator("#proposal-form")
    expect(paper).to_contain_text("12月起已开放。")
    expect(paper).not_to_contain_text("已编制采购预算。")
    expect(paper).to_contain_text("此前另有 1 次答复")
    word = rep1.request.get(f"{live.url}/proposals/{case_id}/form.docx")
    cells = " ".join(c.text for t in Document(io.BytesIO(word.body())).tables for r in t.rows for c in r.cells)
    assert "12月起已开放。" in cells and "已编制采购预算。" not in cells


def test_the_co_signer_list_leaves_out_the_proposer_and_names_departments(live, person):
    u = live.union
    services.grant_role(live.env, u.rep2, u.hr, "department_head")  # 李秀英 heads the HR department
    case_id = services.start_case(live.env, Actor(u.rep1), "proposal", u.union, TITLE, {
        "session_id": u.session, "category": "safety", "reasons": "粉尘大", "measures": "换设备"}).case_id
    rep1 = person("rep1")
    rep1.goto(f"{live.url}/cases/{case_id}")
    labels = open_action(rep1, "invite").locator('[data-field="co_signers_invited"] label.form-check-label')
    expect(labels.filter(has_text="王建国")).to_have_count(0)  # the proposer himself
    expect(labels.filter(has_text="李秀英")).to_have_text("李秀英（人力资源部）")
    expect(labels.filter(has_text="张伟")).to_have_count(1)


def test_only_sessions_collecting_proposals_are_offered(live, person):
    u = live.union
    congress.create_congress_session(live.env, u.union, term=5, number=2, name="第五届职代会第二次会议",
                                     collection_opens=date(2026, 3, 1), collection_closes=date(2026, 3, 31),
                                     opens_on=date(2026, 4, 15))
    rep1 = person("rep1")
    rep1.goto(f"{live.url}/proposals/new")
    options = rep1.locator("#session_id option")
    expect(options.filter(has_text="第五届职代会第三次会议")).to_have_count(1)
    expect(options.filter(has_text="第五届职代会第二次会议")).to_have_count(0)


def test_the_registers_search_the_text_and_the_committee_filters(live, person, clock):
    late = assigned(live, reasons="车间噪声超标，职工听力下降。")
    on_time = assigned(live, title="关于增设职工书屋的提案", reasons="职工业余生活单调。", due="2026-12-23")
    clock.advance(days=6)
    rep4 = person("rep4")
    rep4.goto(f"{live.url}/proposals/register")
    rep4.fill("#filter-q", "听力")
    with rep4.expect_navigation():
        rep4.locator("#filter-q").press("Enter")
    expect(rep4.locator("tbody tr")).to_have_count(1)
    expect(rep4.locator("tbody tr")).to_contain_text(TITLE)

    committee = person("committee")
    committee.goto(f"{live.url}/committee/register")
    expect(committee.locator("#committee-table tbody tr")).to_have_count(2)
    committee.check("#only-overdue")
    with committee.expect_navigation():
        committee.click("#committee-show")
    expect(committee.locator("#committee-table tbody tr")).to_have_count(1)
    expect(committee.locator(f"#proposal-{late}")).to_be_visible()
    committee.uncheck("#only-overdue")
    committee.fill("#committee-q", "书屋")
    with committee.expect_navigation():
        committee.click("#committee-show")
    expect(committee.locator("#committee-table tbody tr")).to_have_count(1)
    expect(committee.locator(f"#proposal-{on_time}")).to_be_visible()
    committee.fill("#committee-q", "")
    committee.select_option("#committee-department", label="人力资源部")
    with committee.expect_navigation():
        committee.click("#committee-show")
    expect(committee.locator("#committee-empty")).to_be_visible()
    assert re.search(r"department=\d+", committee.url)
