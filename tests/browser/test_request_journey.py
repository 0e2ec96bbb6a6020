"""A worker request's whole path in the browser, each person in a browser of their own: a worker sends it from a
phone, anonymously; the union office registers it and routes it to a department, whose handler answers without
learning who sent it; the office sends the reply; the worker rates it and it closes. axe-core checks each page the
journey passes through at 375 px and on a desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from engine import services
from support.browser import DESKTOP, PHONE, act, axe_clean, inbox_entries, open_from_inbox
from support.union import Union
from support.web import PASSWORD

TITLE = "三号车间通风设备故障"
TEXT = "排风机坏了一周，夜班时油烟味很大。"
WORKER = "马小工"


@pytest.fixture
def live_union():
    def union(env):
        u = Union(env, password=PASSWORD)
        u.worker = services.create_user(env, "worker", WORKER)
        services.set_password(env, u.worker, PASSWORD)
        services.grant_role(env, u.worker, u.union, "staff")
        return u
    return union


def badge(page: Page):  # noqa: ANN201 - a Playwright locator
    return page.locator("#case-state")


def test_a_request_from_a_phone_through_a_department_to_a_rated_reply(live, person):
    url = live.url
    worker = person("worker", viewport=PHONE, is_mobile=True)
    office, hr = person("office", viewport=DESKTOP), person("hr_handler", viewport=DESKTOP)

    # The worker sends it from a phone, anonymously.
    worker.goto(f"{url}/requests/new")
    axe_clean(worker)
    worker.fill("#title", TITLE)
    worker.select_option("#kind", "problem")
    worker.select_option("#topic", "safety")
    worker.fill("#text", TEXT)
    worker.check("#anonymous")
    worker.locator("#new-request button[type=submit]").click()
    worker.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = worker.url
    expect(badge(worker)).to_have_text("待登记")
    expect(worker.locator("#request-sender")).to_contain_text(WORKER)
    axe_clean(worker)

    # The office registers it and routes it to 人力资源部 with a deadline.
    open_from_inbox(office, url, TITLE)
    expect(office.locator("#request-sender")).to_contain_text(WORKER)
    act(office, "register")
    expect(badge(office)).to_have_text("办理中")
    expect(office.locator("#request-number")).to_have_text(re.compile(r"^2026-\d{3}$"))
    act(office, "route", {"department": "人力资源部", "department_due": "2026-11-27",
                          "route_note": "请核实并答复。"})
    expect(badge(office)).to_have_text("部门办理中")
    axe_clean(office)
    office.goto(f"{url}/requests/office")
    expect(office.locator("#request-list")).to_contain_text(TITLE)
    axe_clean(office)

    # The department's handler reads it without the sender's name, and answers.
    open_from_inbox(hr, url, TITLE)
    assert hr.url == case_url
    expect(hr.locator("#request-details")).to_contain_text(TEXT)
    expect(hr.locator("#request-sender")).to_contain_text("匿名")
    assert WORKER not in hr.content()
    axe_clean(hr)
    act(hr, "department_answer", {"department_answer": "已更换排风机电机，空气检测合格。"})
    expect(badge(hr)).to_have_text("待审核答复")

    # The office sends the department's answer on as the reply.
    open_from_inbox(office, url, TITLE)
    act(office, "send_reply")
    expect(badge(office)).to_have_text("待评价")

    # The worker reads the reply on the phone and rates it: the request closes, nothing waits for anyone.
    open_from_inbox(worker, url, TITLE)
    expect(worker.locator("#reply-answer")).to_contain_text("已更换排风机电机")
    axe_clean(worker)
    act(worker, "rate", {"rating": "satisfied"})
    expect(badge(worker)).to_have_text("办结")
    expect(worker.locator("details.action")).to_have_count(0)
    for page in (worker, office, hr):
        expect(inbox_entries(page, url).filter(has_text=TITLE)).to_have_count(0)

    # The month's statistics count it, by topic and by department.
    office.goto(f"{url}/requests/statistics?month=2026-11")
    expect(office.locator("#by-topic")).to_contain_text("劳动安全卫生")
    expect(office.locator("#by-department")).to_contain_text("人力资源部")
    axe_clean(office)
