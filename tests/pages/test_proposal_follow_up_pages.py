"""A proposal followed up, as its pages show it: the expected day on the proposal's page, the department's form
to report it solved, and the refusal of a representative off the term's roster beside the field."""

from __future__ import annotations

import re

from test_proposals import act, awaiting_assignment

from engine import services
from engine.services import SYSTEM_ACTOR
from support.web import PASSWORD, csrf, sign_in


def test_the_department_reports_a_followed_up_proposal_solved_from_its_page(client, web_env, union):
    u = union
    case_id = awaiting_assignment(web_env, u, "关于翻修淋浴间的提案")
    act(web_env, u.committee, case_id, "assign", {"lead_department": u.logistics, "due_date": "2026-12-23"})
    act(web_env, u.logistics_handler, case_id, "answer", {"classification": "in_plan", "answer": "列入明年计划。",
                                                         "follow_up_due": "2027-03-31"})
    act(web_env, u.rep1, case_id, "rate", {"attitude": "satisfied", "result": "satisfied"})
    sign_in(client, "logistics_handler")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "跟踪落实" in page and "预计解决日期" in page and "2027-03-31" in page
    assert f"/cases/{case_id}/act/report_completion" in page
    version = services.case_view(web_env, SYSTEM_ACTOR, case_id).version
    response = client.post(f"/cases/{case_id}/act/report_completion", data={
        "csrf_token": csrf(client, f"/cases/{case_id}"), "expected_version": str(version),
        "completion": "淋浴间已于三月翻修完成。"})
    assert response.status_code == 302
    view = services.case_view(web_env, SYSTEM_ACTOR, case_id)
    assert view.state == "closed" and view.data["completion"] == "淋浴间已于三月翻修完成。"


def test_a_representative_off_the_roster_is_refused_beside_the_session_field(client, web_env, union):
    outsider = services.create_user(web_env, "rep_old", "钱旧代表")
    services.set_password(web_env, outsider, PASSWORD)
    services.grant_role(web_env, outsider, union.union, "representative")
    sign_in(client, "rep_old")
    page = client.get("/proposals/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/proposals/new", data={
        "csrf_token": token, "session_id": str(union.session), "title": "关于增设班车的提案", "category": "welfare",
        "reasons": "夜班下班无公交", "measures": "增设夜班班车"})
    assert response.status_code in (200, 422)
    body = response.get_data(as_text=True)
    assert "代表名册" in body and "《企业民主管理规定》第二十五条" in body and "关于增设班车的提案" in body
