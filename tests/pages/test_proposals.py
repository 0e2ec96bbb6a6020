"""Proposal pages: the new-proposal form, my proposals, invitations, the public and committee registers."""

from __future__ import annotations

import re
from io import BytesIO

from engine import services
from engine.services import SYSTEM_ACTOR, Actor
from support.acting import act
from support.web import PASSWORD, csrf, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def draft(env, u, title="关于食堂夜班供餐的提案", who=None, **form):
    data = {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难", "measures": "增开夜间窗口",
            **form}
    return services.start_case(env, Actor(who or u.rep1), "proposal", u.union, title, data).case_id


def submitted(env, u, title="关于食堂夜班供餐的提案", **form):
    case_id = draft(env, u, title, **form)
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    return case_id


def awaiting_assignment(env, u, title):
    case_id = submitted(env, u, title)
    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    act(env, u.leader, case_id, "endorse", {"instruction": "请抓紧办理"})
    return case_id


def field_block(page: str, name: str) -> str:
    """The markup of one form field, from its wrapper to the next field's."""
    return page.split(f'data-field="{name}"', 1)[1].split("data-field=", 1)[0]


def form_of(client, **fields):
    return {"csrf_token": csrf(client, "/proposals/new"), "session_id": "", "title": "", "category": "",
            "reasons": "", "measures": "", "suggested_department": "", **fields}


def mine(env, u):
    return services.search_cases(env, SYSTEM_ACTOR, workflow="proposal", started_by=u.rep1).items


def test_the_new_proposal_form_creates_a_draft_and_opens_its_page(client, web_env, union):
    sign_in(client, "rep1")
    page = client.get("/proposals/new").get_data(as_text=True)
    assert 'id="one-matter"' in page
    assert re.search(rf'<option value="{union.session}" selected>\s*第五届职代会第三次会议', page)
    assert "2026-11-01" in page and "2026-12-15" in page and "后勤保障部" in page and "生活福利" in page
    response = client.post("/proposals/new", data=form_of(
        client, session_id=str(union.session), title="关于增设女职工休息室的提案", category="welfare",
        reasons="一线女职工较多，\n无休息场所。", measures="在二号车间增设休息室。",
        suggested_department=str(union.logistics)))
    assert response.status_code == 302
    (case,) = mine(web_env, union)
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.state == "draft" and case.title == "关于增设女职工休息室的提案"
    assert case.data["session_id"] == union.session and case.data["suggested_department"] == union.logistics
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "无休息场所。" in page and "后勤保障部" in page


def test_empty_and_too_long_fields_are_refused_beside_each_field_keeping_what_was_typed(client, web_env, union):
    sign_in(client, "rep1")
    response = client.post("/proposals/new", data=form_of(
        client, session_id=str(union.session), measures="我写好的建议"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("title", "category", "reasons"):
        assert "此项为必填项。" in field_block(page, name), name
    assert "此项为必填项。" not in field_block(page, "measures")
    assert "我写好的建议" in field_block(page, "measures")

    response = client.post("/proposals/new", data=form_of(
        client, session_id=str(union.session), title="长" * 101, category="safety",
        reasons="理" * 5001, measures="m"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "不能超过 100 个字符（现为 101 个）。" in field_block(page, "title")
    assert "不能超过 5000 个字符（现为 5001 个）。" in field_block(page, "reasons")
    assert "长" * 101 in field_block(page, "title")
    assert re.search(r'<option value="safety" selected>', field_block(page, "category"))

    response = client.post("/proposals/new", data=form_of(  # the engine's own check, the subject being fine
        client, session_id=str(union.session), title="关于班车的提案", category="welfare",
        reasons="r", measures="措" * 5001))
    assert response.status_code == 422
    assert "不能超过 5000 个字符（现为 5001 个）。" in field_block(response.get_data(as_text=True), "measures")
    assert mine(web_env, union) == []


def test_a_pdf_is_stored_and_an_exe_named_pdf_is_refused(client, web_env, union):
    fields = {"session_id": str(union.session), "title": "关于更新安全帽的提案", "category": "safety",
              "reasons": "安全帽老化", "measures": "全部更换"}
    sign_in(client, "rep1")
    response = client.post("/proposals/new", content_type="multipart/form-data", data={
        **form_of(client, **fields), "attachments": [(BytesIO(EXE), "检测报告.pdf")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "文件“检测报告.pdf”的类型不允许" in field_block(page, "attachments")
    assert 'id="files-again"' in page and "安全帽老化" in page
    assert mine(web_env, union) == []

    response = client.post("/proposals/new", content_type="multipart/form-data", data={
        **form_of(client, **fields), "attachments": [(BytesIO(PDF), "检测报告.pdf")]})
    assert response.status_code == 302
    (case,) = mine(web_env, union)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    link = re.search(r'<a href="(/files/\d+)">检测报告.pdf</a>', page)
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"


def test_my_proposals_lists_only_my_own(client, web_env, union):
    draft(web_env, union, "关于停车位的提案")
    draft(web_env, union, "别人的提案", who=union.rep2)
    sign_in(client, "rep1")
    page = client.get("/proposals/mine").get_data(as_text=True)
    assert "关于停车位的提案" in page and "草稿" in page and "别人的提案" not in page
    assert 'id="mine-count">1<' in page


def test_an_invited_representative_co_signs_from_the_invitations_page(client, web_env, union):
    case_id = draft(web_env, union, reasons="夜班职工<b>就餐难</b>")
    act(web_env, union.rep1, case_id, "invite", {"co_signers_invited": [union.rep2, union.rep3]})
    sign_in(client, "rep2")
    page = client.get("/proposals/invitations").get_data(as_text=True)
    assert "关于食堂夜班供餐的提案" in page and "王建国" in page and "增开夜间窗口" in page
    assert "夜班职工&lt;b&gt;就餐难&lt;/b&gt;" in page
    card = page.split(f'id="invitation-{case_id}"', 1)[1]
    assert f'/cases/{case_id}/act/decline' in card
    token = re.search(r'name="csrf_token" value="([^"]+)"', card).group(1)
    version = re.search(r'name="expected_version" value="(\d+)"', card).group(1)
    response = client.post(f"/cases/{case_id}/act/co_sign", data={"csrf_token": token, "expected_version": version})
    assert response.status_code == 302
    assert services.case_view(web_env, SYSTEM_ACTOR, case_id).data["co_signers"] == [union.rep2]
    assert 'id="invitations-empty"' in client.get("/proposals/invitations").get_data(as_text=True)


def test_the_register_shows_accepted_proposals_to_the_union_and_nobody_else(client, web_env, union):
    accepted = submitted(web_env, union, "关于食堂夜班供餐的提案")
    act(web_env, union.committee, accepted, "accept")
    draft(web_env, union, "还在草稿里的提案")
    sign_in(client, "rep4")
    page = client.get("/proposals/register").get_data(as_text=True)
    assert "关于食堂夜班供餐的提案" in page and "还在草稿里的提案" not in page
    row = page.split(f'id="proposal-{accepted}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-label="编号">1</td>' in row and "王建国" in row and "生活福利" in row and "待领导批示" in row
    assert "关于食堂" in client.get("/proposals/register?q=夜班&category=welfare").get_data(as_text=True)
    assert "关于食堂" not in client.get("/proposals/register?category=wages").get_data(as_text=True)
    assert "关于食堂" not in client.get("/proposals/register?q=班车").get_data(as_text=True)
    filtered = client.get(f"/proposals/register?state=assignment&department={union.works}").get_data(as_text=True)
    assert "关于食堂" not in filtered and 'value="assignment" selected' in filtered

    services.create_user(web_env, "outsider", "孙路人")
    services.set_password(web_env, services.find_user(web_env, "outsider").id, PASSWORD)
    other = services.create_organisation(web_env, "别的厂工会", "union")
    services.grant_role(web_env, services.find_user(web_env, "outsider").id, other, "representative")
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "outsider")
    assert client.get(f"/proposals/register?session={union.session}").status_code == 403
    services.revoke_role(web_env, services.find_user(web_env, "outsider").id, other, "representative")
    assert client.get("/proposals/register").status_code == 403


def test_the_committee_register_shows_days_waited_and_overdue_deadlines(client, web_env, union, clock):
    waiting = submitted(web_env, union, "等待审查的提案")
    late = awaiting_assignment(web_env, union, "逾期的提案")
    act(web_env, union.committee, late, "assign", {"lead_department": union.works, "due_date": "2026-12-01"})
    draft(web_env, union, "草稿不上委员会台账")
    clock.advance(days=10)  # 2026-12-03
    sign_in(client, "committee")
    page = client.get("/committee/register").get_data(as_text=True)
    assert "草稿不上委员会台账" not in page
    row = page.split(f'id="proposal-{waiting}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-waited="10"' in row and "待审查" in row and "王建国" in row
    row = page.split(f'id="proposal-{late}"', 1)[1].split("</tr>", 1)[0]
    assert "2026-12-01" in row and "badge-overdue" in row and "生产部" in row and "第五届职代会第三次会议" in row

    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "rep1")
    assert client.get("/committee/register").status_code == 403
    assert client.post("/committee/assign", data={"csrf_token": csrf(client, "/inbox")}).status_code == 403


def test_bulk_assignment_moves_each_case_and_reports_each_failure(client, web_env, union):
    first = awaiting_assignment(web_env, union, "第一份提案")
    second = awaiting_assignment(web_env, union, "第二份提案")
    elsewhere = submitted(web_env, union, "还在审查的提案")
    sign_in(client, "committee")
    page = client.get("/committee/register").get_data(as_text=True)
    assert f'name="case_id" value="{first}"' in page and f'name="case_id" value="{elsewhere}"' not in page
    assert 'value="2026-12-23"' in page  # today plus the 30 handling days
    response = client.post("/committee/assign", data={
        "csrf_token": csrf(client, "/committee/register"), "confirmed": "1",
        "case_id": [str(first), str(elsewhere), str(second)],
        "lead_department": str(union.logistics), "co_departments": [str(union.hr)], "due_date": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for case_id in (first, second):
        view = services.case_view(web_env, SYSTEM_ACTOR, case_id)
        assert view.state == "handling" and view.data["lead_department"] == union.logistics
        assert view.data["due_date"] == "2026-12-23" and view.data["co_departments"] == [union.hr]
        assert f'id="result-{case_id}" data-ok="yes"' in page
    assert f'id="result-{elsewhere}" data-ok="no"' in page
    assert "待审查" in page.split(f'id="result-{elsewhere}"', 1)[1].split("</li>", 1)[0]
    assert services.case_view(web_env, SYSTEM_ACTOR, elsewhere).state == "submitted"

    third = awaiting_assignment(web_env, union, "第三份提案")
    response = client.post("/committee/assign", data={
        "csrf_token": csrf(client, "/committee/register"), "confirmed": "1", "case_id": [str(third)],
        "lead_department": str(union.hr), "co_departments": [str(union.hr)], "due_date": "2026-11-20"})
    result = response.get_data(as_text=True).split(f'id="result-{third}"', 1)[1].split("</li>", 1)[0]
    assert 'data-ok="no"' in result and "办理期限应晚于今天。" in result
    assert services.case_view(web_env, SYSTEM_ACTOR, third).state == "assignment"


def test_a_saved_template_is_offered_on_a_submitted_proposal_to_the_committee(client, web_env, union):
    case_id = submitted(web_env, union)
    sign_in(client, "committee")
    response = client.post("/committee/templates", data={
        "csrf_token": csrf(client, "/committee/templates"), "title": "", "body": "x"})
    assert response.status_code == 422 and "此项为必填项。" in field_block(response.get_data(as_text=True), "title")
    response = client.post("/committee/templates", data={
        "csrf_token": csrf(client, "/committee/templates"), "title": "一事一案",
        "body": "请按“一事一案”拆分后重新提交。"})
    assert response.status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    picker = page.split('id="reason-templates"', 1)[1].split("</script>", 1)[0]
    assert 'data-body="请按“一事一案”拆分后重新提交。"' in picker and "一事一案" in picker
    assert '<script src="/static/unionflow.js" defer>' in page  # the picker's script, a file (CSP)

    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "rep1")
    assert 'id="reason-templates"' not in client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert client.get("/committee/templates").status_code == 403


def test_a_template_can_be_deleted(client, web_env, union):
    template_id = services.save_template(web_env, union.union, "committee", "不予立案", "属个人诉求。", union.committee)
    sign_in(client, "committee")
    assert "属个人诉求。" in client.get("/committee/templates").get_data(as_text=True)
    response = client.post("/committee/templates", data={
        "csrf_token": csrf(client, "/committee/templates"), "delete": str(template_id)})
    assert response.status_code == 302
    assert services.list_templates(web_env, union.union, "committee") == []


def test_the_case_page_shows_the_whole_handling_of_a_proposal(client, web_env, union):
    case_id = awaiting_assignment(web_env, union, "关于食堂夜班供餐的提案")
    act(web_env, union.committee, case_id, "assign", {"lead_department": union.logistics,
                                                      "co_departments": [union.hr], "due_date": "2026-12-23"})
    act(web_env, union.hr_handler, case_id, "co_opinion", {"opinion": "可调整<i>补贴</i>"})
    act(web_env, union.logistics_handler, case_id, "request_extension", {"new_due_date": "2027-01-20",
                                                                         "reason": "需采购设备"})
    act(web_env, union.committee, case_id, "grant_extension")
    act(web_env, union.logistics_handler, case_id, "answer", {"classification": "in_plan", "answer": "已列入计划。",
                                                              "measures_taken": "采购蒸箱"})
    act(web_env, union.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied",
                                               "rating_comment": "感谢"})
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    panel = page.split('id="case-data"', 1)[1].split("</dl>", 1)[0]
    for text in ("第 1 号", "第五届职代会第三次会议", "生活福利", "夜班职工就餐难", "增开夜间窗口", "李秀英", "张伟",
                 "符合立案条件", "请抓紧办理", "后勤保障部", "人力资源部", "2027-01-20", "2026-12-23",
                 "可调整&lt;i&gt;补贴&lt;/i&gt;", "列入计划，正在解决", "已列入计划。", "采购蒸箱", "满意", "感谢"):
        assert text in panel, text
    assert "badge-overdue" not in panel and 'id="reason-templates"' not in page


def test_a_closed_session_is_not_offered_and_a_post_naming_it_is_refused_beside_the_field(client, web_env, union):
    from datetime import date

    from workflows.congress import services as congress

    closed = congress.create_congress_session(
        web_env, union.union, term=5, number=2, name="第五届职代会第二次会议", collection_opens=date(2026, 3, 1),
        collection_closes=date(2026, 3, 31), opens_on=date(2026, 4, 15))
    sign_in(client, "rep1")
    page = client.get("/proposals/new").get_data(as_text=True)
    assert "第五届职代会第二次会议" not in field_block(page, "session_id")
    response = client.post("/proposals/new", data=form_of(
        client, session_id=str(closed), title="关于增设职工书屋的提案", category="welfare", reasons="书少",
        measures="增设书屋"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "不在征集期内" in field_block(page, "session_id")
    assert "关于增设职工书屋的提案" in field_block(page, "title") and "增设书屋" in field_block(page, "measures")
    assert mine(web_env, union) == []


def test_the_register_shows_the_latest_history_checkpoint(client, web_env, union, tmp_path):
    from engine.store import checkpoint

    sign_in(client, "rep4")
    assert 'id="history-checkpoint"' not in client.get("/proposals/register").get_data(as_text=True)
    checkpoint.keygen(tmp_path / "audit.pem")
    made = checkpoint.make(web_env, checkpoint.AuditOptions(signing_key=tmp_path / "audit.pem"))
    page = client.get("/proposals/register").get_data(as_text=True)
    line = page.split('id="history-checkpoint">', 1)[1].split("</p>", 1)[0]
    assert line.startswith("历史记录锚点（") and made.root in line and made.public_key in line
    assert f"{made.size} 个案件" in line
