"""What a person sees on a phone of the case page's extras: the progress line, read top to bottom at 375 px;
the discussion thread; a new proposal's draft saved as it is typed and the similar proposals beside it."""

from __future__ import annotations

from playwright.sync_api import expect

from engine import services
from engine.core.context import Actor

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def assigned(live) -> int:  # noqa: ANN001 - the live server
    u = live.union
    case_id = services.start_case(live.env, Actor(u.rep1), "proposal", u.union, "关于更换铸造车间除尘设备的提案", {
        "session_id": u.session, "category": "safety", "reasons": "粉尘浓度高。", "measures": "更换除尘设备。"}).case_id
    for who, trigger, form in ((u.rep1, "invite", {"co_signers_invited": [u.rep2, u.rep3]}), (u.rep2, "co_sign", None),
                               (u.rep3, "co_sign", None), (u.committee, "accept", None),
                               (u.leader, "endorse", {"instruction": "同意"}),
                               (u.committee, "assign", {"lead_department": u.logistics, "due_date": "2026-11-30"})):
        services.fire(live.env, Actor(who), case_id, trigger, form)
    return case_id


def test_the_progress_line_reads_top_to_bottom_on_a_phone(live, person):  # noqa: ANN001
    case_id = assigned(live)
    page = person("rep1", **PHONE)
    page.goto(f"{live.url}/cases/{case_id}")
    steps = page.locator("#progress li")
    expect(steps).to_have_count(8)
    current = page.locator('#progress li[aria-current="step"]')
    expect(current).to_contain_text("办理中")
    expect(current).to_contain_text("后勤保障部 承办人")
    expect(current).to_contain_text("还剩 7 天（截止 2026-11-30）")
    boxes = [steps.nth(i).bounding_box() for i in range(8)]
    assert all(b["y"] + b["height"] <= after["y"] + 1 for b, after in zip(boxes, boxes[1:], strict=False))
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 375 for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_comment_is_posted_from_a_phone_and_shown_with_its_author(live, person):  # noqa: ANN001
    case_id = assigned(live)
    page = person("rep2", **PHONE)
    page.goto(f"{live.url}/cases/{case_id}")
    page.click("#comment-form button[type=submit]")
    expect(page.locator("#comment-error")).to_have_text("此项为必填项。")
    page.fill("#comment-text", "我们车间也有同样问题，\n<b>请尽快</b>。")
    page.click("#comment-form button[type=submit]")
    comment = page.locator("#comment-list li").first
    expect(comment.locator(".comment-text")).to_have_text("我们车间也有同样问题，\n<b>请尽快</b>。")
    expect(comment.locator(".comment-author")).to_have_text(services.get_user(live.env, live.union.rep2).display_name)
    button = page.locator("#comment-form button[type=submit]").bounding_box()
    assert button["height"] >= 44 and button["width"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_new_proposal_is_saved_as_typed_restored_after_a_reload_with_similar_ones_beside(live, person):  # noqa: ANN001
    existing = assigned(live)  # 关于更换铸造车间除尘设备的提案, being handled
    page = person("rep1", **PHONE)
    page.goto(f"{live.url}/proposals/new")
    page.fill("#title", "关于铸造车间除尘设备维修的提案")
    page.fill("#reasons", "铸造车间粉尘浓度高，除尘设备经常坏。")
    similar = page.locator("#similar-results .similar-item")
    expect(similar.first).to_have_attribute("data-case", str(existing))
    expect(similar.first.locator("a")).to_have_attribute("href", f"/cases/{existing}")
    expect(page.locator("#autosave-status")).to_have_text("已自动保存 10:00", timeout=10000)
    page.reload()
    expect(page.locator("#title")).to_have_value("关于铸造车间除尘设备维修的提案")
    expect(page.locator("#reasons")).to_have_value("铸造车间粉尘浓度高，除尘设备经常坏。")
    expect(page.locator("#autosave-status")).to_have_text("已恢复 10:00 自动保存的草稿。")
    link = similar.first.locator("a").bounding_box()
    assert link["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_draft_proposals_edit_form_is_restored_after_a_reload(live, person):  # noqa: ANN001
    u = live.union
    case_id = services.start_case(live.env, Actor(u.rep1), "proposal", u.union, "关于职工书屋开放时间的提案", {
        "session_id": u.session, "category": "welfare", "reasons": "书屋只在白天开放。",
        "measures": "延长开放时间。"}).case_id
    page = person("rep1", **PHONE)
    page.goto(f"{live.url}/cases/{case_id}")
    form = page.locator("#action-edit form")
    if page.locator("#action-edit").get_attribute("open") is None:  # several actions: their forms start closed
        page.click("#action-edit summary")
    form.locator("[name=reasons]").fill("书屋只在白天开放，倒班职工用不上。")
    expect(form.locator("#autosave-status")).to_have_text("已自动保存 10:00", timeout=10000)
    page.reload()
    expect(form.locator("[name=reasons]")).to_have_value("书屋只在白天开放，倒班职工用不上。")
    expect(form.locator("#autosave-status")).to_have_text("已恢复 10:00 自动保存的草稿。")
