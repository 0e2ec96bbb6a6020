"""Statistical return pages: the union office fills in its return from the system, sees each computed figure
beside its correction and note, and downloads it as Excel filled into the template; the district's staff see the
submitted return, the consolidation and the unions missing; anyone else gets 404; English as well as Chinese."""

from __future__ import annotations

import io

import openpyxl
import pytest

from engine import services
from support.web import PASSWORD, csrf, sign_in
from workflows.returns import services as returns

YEAR = 2026


@pytest.fixture
def tree(web_env, union):
    s, env = services, web_env
    t = type("Tree", (), {})()
    t.district = s.create_organisation(env, "武进区总工会", "federation")
    t.first = s.create_organisation(env, "甲公司工会", "union", t.district)
    t.second = s.create_organisation(env, "乙公司工会", "union", t.district)
    for name, username, org, role, language in (
            ("甲办公室", "office_a", t.first, "union_office", "zh"),
            ("乙办公室", "office_b", t.second, "union_office", "en"),
            ("顾明远", "gumingyuan", t.district, "federation_office", "zh"),
            ("甲主席", "chair_a", t.first, "union_chair", "en")):
        user = s.create_user(env, username, name, language=language)
        s.set_password(env, user, PASSWORD)
        s.grant_role(env, user, org, role)
        setattr(t, username, user)
    return t


def started(env, t):
    case_id = returns.start_return(env, services.Actor(t.office_a), t.first, YEAR)
    services.fire(env, services.Actor(t.office_a), case_id, "correct",
                  {"line": "members_total", "value": 321, "note": "以会员名册为准。"})
    return case_id


def test_the_office_fills_in_its_return_and_sees_computed_beside_corrected(client, web_env, tree):
    sign_in(client, "office_a")
    page = client.get("/returns").get_data(as_text=True)
    assert "统计报表" in page and f"start-{tree.first}-{YEAR}" in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    made = client.post("/returns/start", data={"csrf_token": token, "union": tree.first, "year": YEAR})
    assert made.status_code == 302
    case_id = int(made.headers["Location"].rsplit("/", 1)[1])
    again = client.post("/returns/start", data={"csrf_token": token, "union": tree.first, "year": YEAR})
    assert again.status_code == 302 and again.headers["Location"].endswith("/returns")  # one a year, told why
    services.fire(web_env, services.Actor(tree.office_a), case_id, "correct",
                  {"line": "members_total", "value": 321, "note": "以会员名册为准。"})
    body = client.get(f"/returns/{case_id}").get_data(as_text=True)
    assert "会员人数" in body and "321" in body and "以会员名册为准。" in body and "已更正" in body
    assert 'id="line-reps_women_share"' in body and "上报上级工会" in body
    assert f'href="/returns/{case_id}"' in client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_the_excel_file_holds_the_figures_in_the_templates_cells(client, web_env, tree):
    case_id = started(web_env, tree)
    sign_in(client, "office_a")
    download = client.get(f"/returns/{case_id}.xlsx")
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["members_total"][1:4] == (321, 0, "以会员名册为准。")  # reported, computed, note
    assert rows["reps_total"][1] == 0 and rows["reps_women_share"][1] in ("", None)
    assert sheet["A1"].value == f"甲公司工会 {YEAR} 年度工会统计报表 / Statistical return"


def test_the_district_receives_it_and_consolidates_and_outsiders_get_404(app, client, web_env, tree):
    case_id = started(web_env, tree)
    sign_in(client, "gumingyuan")
    assert client.get(f"/returns/{case_id}").status_code == 404  # a draft is the union's own
    services.fire(web_env, services.Actor(tree.office_a), case_id, "submit")
    assert "321" in client.get(f"/returns/{case_id}").get_data(as_text=True)
    services.fire(web_env, services.Actor(tree.gumingyuan), case_id, "accept")
    page = client.get(f"/returns/federation/{tree.district}?year={YEAR}").get_data(as_text=True)
    assert "2 家工会中的 1 家" in page and "乙公司工会" in page and "未填报" in page and "321" in page
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/returns/federation/{tree.district}/{YEAR}.xlsx").data)).active
    assert {r[0]: r[2] for r in sheet.iter_rows(values_only=True) if r and r[0]}["members_total"] == 321
    client = sign_in(app.test_client(), "office_b")
    assert client.get(f"/returns/{case_id}").status_code == 404
    assert client.get(f"/returns/{case_id}.xlsx").status_code == 404
    assert client.get(f"/returns/federation/{tree.district}?year={YEAR}").status_code == 404
    english = client.get("/returns").get_data(as_text=True)
    assert "Statistical returns" in english and "Fill in from the system" in english


def test_the_chair_reads_the_return_in_english_but_the_office_starts_it(client, web_env, tree):
    case_id = started(web_env, tree)
    sign_in(client, "chair_a")
    index = client.get("/returns").get_data(as_text=True)
    assert f"return-{tree.first}-{YEAR}" in index and f"start-{tree.first}-{YEAR - 1}" not in index
    refused = client.post("/returns/start", data={"csrf_token": csrf(client, "/profile"), "union": tree.first,
                                                  "year": YEAR - 1})
    assert refused.status_code == 403
    body = client.get(f"/returns/{case_id}").get_data(as_text=True)
    assert "Members" in body and "Computed" in body and "以会员名册为准。" in body and "Corrected" in body
