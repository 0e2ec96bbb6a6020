"""Writing a proposal: the similar proposals of the session and the two before it, shown as they may be known, on
the new-proposal page and to the committee reviewing one; the draft saved as it is typed and restored."""

from __future__ import annotations

import re
from datetime import date, datetime

from engine import services
from support.db import TZ
from support.web import csrf, sign_in, start_proposal
from workflows.congress import services as congress


def proposal(env, union, who: int, session: int, title: str, reasons: str, *, submit: bool = True) -> int:
    case_id = services.start_case(env, services.Actor(who), "proposal", union.union, title, {
        "session_id": session, "category": "welfare", "reasons": reasons, "measures": "请研究解决。"}).case_id
    if submit:
        signers = [u for u in (union.rep3, union.rep4, union.rep5) if u != who][:2]
        services.fire(env, services.Actor(who), case_id, "invite", {"co_signers_invited": signers})
        for rep in signers:
            services.fire(env, services.Actor(rep), case_id, "co_sign")
    return case_id


def same_roster(env, union, term: int) -> None:
    """An earlier term whose roster holds the same representatives as term 5's (they proposed then too)."""
    term_id = congress.ensure_term(env, union.union, term)
    if congress.list_roster(env, term_id):
        return
    rows = congress.list_roster(env, union.term)
    congress.import_roster(env, term_id, ("username,name,email,delegation,category,sex,department\n" + "".join(
        f"{r.username},{r.name},,{r.delegation},{r.category},{r.sex},{r.department}\n" for r in rows)).encode())


def earlier_session(env, union, clock, number: int, term: int, year: int, title: str, reasons: str) -> int:
    same_roster(env, union, term)
    session = congress.create_congress_session(
        env, union.union, term=term, number=number, name=f"第{term}届第{number}次",
        collection_opens=date(year, 3, 1), collection_closes=date(year, 3, 31))
    now = clock.now()
    clock.set(datetime(year, 3, 10, 10, 0, tzinfo=TZ))
    case_id = proposal(env, union, union.rep2, session, title, reasons)
    clock.set(now)
    return case_id


def world(env, union, clock) -> dict[str, int]:
    return {
        "canteen": proposal(env, union, union.rep2, union.session, "关于增设夜班食堂供餐窗口的提案",
                            "夜班职工下班后食堂已关门。"),
        "aircon": proposal(env, union, union.rep2, union.session, "关于更新装配车间空调的提案", "夏季车间温度过高。"),
        "draft": proposal(env, union, union.rep2, union.session, "关于夜班食堂供餐时间的提案", "夜班食堂关门太早。",
                          submit=False),
        "last": earlier_session(env, union, clock, 2, 5, 2026, "关于延长食堂夜班供餐时间的建议", "夜班供餐时间太短。"),
        "before": earlier_session(env, union, clock, 1, 5, 2025, "关于夜班食堂增加供餐品种的提案", "夜班食堂品种少。"),
        "too_old": earlier_session(env, union, clock, 9, 4, 2024, "关于夜班食堂供餐窗口的提案", "夜班食堂供餐难。"),
    }


def listed(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-case="(\d+)"', page)]


def test_the_writer_sees_similar_proposals_of_three_sessions_but_not_anothers_draft(client, web_env, union, clock):
    made = world(web_env, union, clock)
    sign_in(client, "rep1")
    page = client.get("/proposals/similar", query_string={
        "session_id": union.session, "title": "关于夜班食堂供餐的提案", "reasons": "夜班职工吃饭难"},
    ).get_data(as_text=True)
    found = listed(page)
    assert found[0] == made["canteen"]
    assert set(found) >= {made["canteen"], made["last"], made["before"]}
    assert made["draft"] not in found and made["too_old"] not in found and made["aircon"] not in found
    assert f'href="/cases/{made["canteen"]}"' in page and "第5届第2次" in page and "相似度" in page
    assert "关于夜班食堂供餐时间的提案" not in page  # another's draft: not even its title
    assert "没有找到相似的提案" in client.get("/proposals/similar", query_string={
        "session_id": union.session, "title": "工会会员证补办流程"}).get_data(as_text=True)


def test_the_committee_reviewing_a_proposal_sees_the_ones_like_it(app, client, web_env, union, clock):
    made = world(web_env, union, clock)
    sign_in(client, "committee")
    page = client.get(f"/cases/{made['canteen']}").get_data(as_text=True)
    box = page.split('id="review-similar"', 1)[1].split("</section>", 1)[0]
    assert made["last"] in listed(box) and made["canteen"] not in listed(box) and made["draft"] not in listed(box)
    reader = app.test_client()
    sign_in(reader, "rep1")  # a representative reading it does not review it
    assert 'id="review-similar"' not in reader.get(f"/cases/{made['canteen']}").get_data(as_text=True)


def test_the_draft_is_saved_as_typed_restored_after_a_reload_and_forgotten_once_sent(client, web_env, union):
    sign_in(client, "rep1")
    token = csrf(client, "/proposals/new")
    typed = {"session_id": str(union.session), "title": "关于夜班班车的提案", "category": "welfare",
             "reasons": "夜班下班后没有班车。", "measures": ""}
    saved = client.post("/proposals/new/draft", data=typed, headers={"X-CSRFToken": token})
    assert saved.status_code == 200 and saved.get_json()["message"] == "已自动保存 10:00"
    assert saved.get_json()["other_tab"] is False
    page = client.get("/proposals/new").get_data(as_text=True)
    assert "已恢复 10:00 自动保存的草稿。" in page and 'value="关于夜班班车的提案"' in page
    assert "夜班下班后没有班车。" in page
    first = saved.get_json()["revision"]
    mine = client.post("/proposals/new/draft", data={**typed, "reasons": "我在这个窗口写的。", "revision": str(first)},
                       headers={"X-CSRFToken": token})
    other = client.post("/proposals/new/draft", data={**typed, "reasons": "另一个窗口写的。", "revision": str(first)},
                        headers={"X-CSRFToken": token})
    assert mine.get_json()["other_tab"] is False and other.get_json()["other_tab"] is True
    assert "以本窗口最后保存的内容为准" in other.get_json()["notice"]
    assert "另一个窗口写的。" in client.get("/proposals/new").get_data(as_text=True)  # the last save wins
    sent = client.post("/proposals/new", data={**typed, "measures": "开通夜班班车。", "csrf_token": token})
    assert sent.status_code == 302
    assert "已恢复" not in client.get("/proposals/new").get_data(as_text=True)


def test_drafts_refuse_outsiders_missing_tokens_and_over_long_text(app, client, web_env, union):
    sign_in(client, "works_handler")
    token = csrf(client, "/inbox")
    assert client.post("/proposals/new/draft", data={"title": "x"}, headers={"X-CSRFToken": token}).status_code == 403
    rep = app.test_client()
    sign_in(rep, "rep1")
    assert rep.post("/proposals/new/draft", data={"title": "x"}).status_code == 400  # no CSRF token
    token = csrf(rep, "/proposals/new")
    too_long = rep.post("/proposals/new/draft", data={"reasons": "长" * 20001}, headers={"X-CSRFToken": token})
    assert too_long.status_code == 422 and "reasons" in too_long.get_json()["errors"]


def test_a_draft_proposals_edit_form_is_saved_as_typed_and_restored(app, client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'data-form="action-edit"' in page and "data-values=''" in page
    token = csrf(client, f"/cases/{case_id}")
    typed = {"title": "关于食堂夜班供餐的提案（二稿）", "category": "welfare", "reasons": "夜班职工'就餐'难。",
             "measures": "m"}
    saved = client.post(f"/cases/{case_id}/draft/edit", data=typed, headers={"X-CSRFToken": token})
    assert saved.status_code == 200 and saved.get_json()["message"] == "已自动保存 10:00"
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "（二稿）" in page.split('id="autosave"', 1)[1].split("</div>", 1)[0]
    assert 'data-restored="已恢复 10:00 自动保存的草稿。"' in page
    assert client.post(f"/cases/{case_id}/draft/invite", data=typed, headers={"X-CSRFToken": token}).status_code == 404
    other = app.test_client()
    sign_in(other, "rep2")  # another's draft: it does not exist for them
    assert other.post(f"/cases/{case_id}/draft/edit", data=typed,
                      headers={"X-CSRFToken": csrf(other, "/inbox")}).status_code == 404
    done = client.post(f"/cases/{case_id}/act/edit", data={**typed, "csrf_token": token, "expected_version": "1"})
    assert done.status_code == 302
    assert "data-values=''" in client.get(f"/cases/{case_id}").get_data(as_text=True)  # forgotten once sent
    services.fire(web_env, services.Actor(union.rep1), case_id, "invite",
                  {"co_signers_invited": [union.rep2, union.rep3]})
    assert 'id="autosave"' not in client.get(f"/cases/{case_id}").get_data(as_text=True)  # no longer a draft
