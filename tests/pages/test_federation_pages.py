"""The higher union's pages in Chinese and English: the view over the member unions, a union's drill-down, the
workbook, the filings register, and joining by invitation (the union's office confirms before it joins); 404 for
anyone who is not the federation's staff, a field error for a bad choice."""

from __future__ import annotations

import io

import openpyxl
import pytest

from engine import services
from support.web import PASSWORD, csrf, sign_in
from workflows.federation.roles import FEDERATION_OFFICE


@pytest.fixture
def tree(web_env, union):
    s = services
    district = s.create_organisation(web_env, "武进区总工会", "federation")
    other = s.create_organisation(web_env, "恒达纺织工会", "union", district)
    outside = s.create_organisation(web_env, "外区工会", "union")
    staff = s.create_user(web_env, "gu", "顾明远", password=PASSWORD)
    s.grant_role(web_env, staff, district, FEDERATION_OFFICE)
    s.move_organisation(web_env, union.union, district)
    return {"district": district, "other": other, "outside": outside, "staff": staff}


def test_the_view_drill_down_and_workbook_in_both_languages(client, web_env, union, tree):
    sign_in(client, "gu")
    page = client.get("/federation").get_data(as_text=True)
    assert "武进区总工会" in page and "华东机械厂工会" in page and "恒达纺织工会" in page and "外区工会" not in page
    assert "逾期待办" in page and 'id="chart-agreements"' in page
    assert 'href="/federation"' in client.get("/inbox").get_data(as_text=True)  # the menu offers it
    detail = client.get(f"/federation/unions/{union.union}?federation={tree['district']}")
    assert detail.status_code == 200 and "第五届职代会第三次会议" in detail.get_data(as_text=True)
    services.set_language(web_env, tree["staff"], "en")
    page = client.get("/federation?year=2026").get_data(as_text=True)
    assert "Member unions in 2026" in page and "Overdue tasks" in page
    assert client.get(f"/federation/unions/{tree['outside']}").status_code == 404
    book = client.get("/federation/export?year=2026")
    assert book.status_code == 200 and "filename*=" in book.headers["Content-Disposition"]
    sheets = openpyxl.load_workbook(io.BytesIO(book.data)).sheetnames
    assert sheets[0] == "Member unions" and sheets[-1] == "Filings register"
    assert client.get("/federation/filings").status_code == 200
    for odd in ("?year=abc", "?page=abc", "?page=-3", "?federation=abc"):
        assert client.get(f"/federation{odd}").status_code == 200, odd  # an odd parameter falls back, no 500
    for odd in ("?year=99999", "?year=1899"):
        assert client.get(f"/federation{odd}").status_code == 400, odd  # a year outside the calendar's: refused
    for missing in (f"/federation?federation={tree['other']}", "/federation/unions/999999",
                    f"/federation/unions/{union.works}", "/federation?federation=999999"):
        assert client.get(missing).status_code == 404, missing


def test_others_get_404(client, union, tree):
    sign_in(client, "office")  # the union's own office
    for path in ("/federation", f"/federation?federation={tree['district']}", "/federation/export",
                 f"/federation/unions/{union.union}?federation={tree['district']}", "/federation/filings",
                 "/federation/invitations"):
        assert client.get(path).status_code == 404, path
    assert 'href="/federation"' not in client.get("/inbox").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "rep1")  # no union office: no page for the higher union either
    assert client.get("/federation/joining").status_code == 404
    assert client.post("/federation/joining/1", data={"answer": "accept",
                                                      "csrf_token": csrf(client, "/inbox")}).status_code == 404


def test_joining_by_invitation_and_acceptance(client, web_env, union, tree):
    sign_in(client, "gu")
    token = csrf(client, "/federation/invitations")
    bad = client.post("/federation/invitations", data={"union_id": str(tree["other"]), "csrf_token": token})
    assert bad.status_code == 422 and "该工会已在本上级工会之下。" in bad.get_data(as_text=True)
    sent = client.post("/federation/invitations", data={"union_id": str(tree["outside"]), "note": "欢迎",
                                                        "csrf_token": token})
    assert sent.status_code == 302
    office = services.create_user(web_env, "outside_office", "外区办公室", password=PASSWORD)
    services.grant_role(web_env, office, tree["outside"], "union_office")
    client.post("/logout", data={"csrf_token": csrf(client, "/federation")})
    sign_in(client, "outside_office")
    page = client.get("/federation/joining").get_data(as_text=True)
    assert "武进区总工会" in page and "外区工会 is under no federation" not in page
    from workflows.federation import services as federation

    [invitation] = federation.received(web_env, office, tree["outside"])
    token = csrf(client, "/federation/joining")
    step = client.post(f"/federation/joining/{invitation.id}", data={"answer": "accept", "csrf_token": token})
    assert step.status_code == 200 and "confirm-yes" in step.get_data(as_text=True)  # asked before it acts
    assert tree["outside"] not in {o.id for o in services.list_organisations(web_env, under=tree["district"])}
    done = client.post(f"/federation/joining/{invitation.id}", data={"answer": "accept", "confirmed": "1",
                                                                      "csrf_token": token})
    assert done.status_code == 302
    assert tree["outside"] in {o.id for o in services.list_organisations(web_env, under=tree["district"])}
    assert "武进区总工会" in client.get("/federation/joining").get_data(as_text=True)
