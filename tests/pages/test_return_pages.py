"""Statistical return pages: the union office fills in its return from the system, sees each computed figure
beside its correction and note, and downloads it as Excel filled into the template; the district's staff see the
submitted return, the consolidation and the unions missing; anyone else gets 404; English as well as Chinese."""

from __future__ import annotations

import html
import io
from datetime import datetime

import openpyxl
import pytest

from engine import services
from engine.time.calendar import TZ
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


def test_a_start_past_the_check_gets_the_same_error_on_the_page_and_from_the_api(client, web_env, tree, monkeypatch):
    from workflows.returns import rules

    started(web_env, tree)
    monkeypatch.setattr(rules.ReturnsAccess, "exists", lambda self, union_id, year: False)  # as if it raced
    sign_in(client, "office_a")
    again = client.post("/returns/start", data={"csrf_token": csrf(client, "/returns"), "union": tree.first,
                                                "year": YEAR})
    assert again.status_code == 302 and again.headers["Location"].endswith("/returns")
    assert f"本单位 {YEAR} 年度的统计报表已经建立。" in client.get("/returns").get_data(as_text=True)
    api = client.post("/api/v1/cases", headers={"X-CSRFToken": csrf(client, "/returns"), "Accept-Language": "en"},
                      json={"workflow": returns.NAME, "organisation_id": tree.first,
                            "title": returns.return_title(YEAR), "form": {"year": YEAR}})
    assert api.status_code == 422 and api.mimetype == "application/problem+json"
    assert api.get_json()["errors"] == {"form.year": [f"This union's return for {YEAR} exists already."]}


def test_the_districts_list_is_paged_and_says_when_each_return_is_due_or_overdue(app, client, web_env, clock, tree):
    for n in range(55):
        services.create_organisation(web_env, f"第{n:02d}公司工会", "union", tree.district)
    case_id = started(web_env, tree)
    services.fire(web_env, services.Actor(tree.office_a), case_id, "submit")
    english = services.create_user(web_env, "staff_en", "Staff", language="en")
    services.set_password(web_env, english, PASSWORD)
    services.grant_role(web_env, english, tree.district, "federation_office")
    sign_in(client, "gumingyuan")
    url = f"/returns/federation/{tree.district}?year={YEAR}"
    first = client.get(url).get_data(as_text=True)
    assert first.count('id="union-return-') == 50 and "所属工会的报表" in first and 'class="pagination' in first
    assert "上报期限 2027-01-31。尚未审核通过：57 家。" in first and first.count("2027-01-31 前上报") == 50
    # those still to come first: the submitted one is on the second page
    assert f'id="union-return-{tree.second}"' in first and f'id="union-return-{tree.first}"' not in first
    second = client.get(f"{url}&page=2").get_data(as_text=True)
    assert second.count('id="union-return-') == 7 and f'href="/returns/{case_id}"' in second and "待审核" in second
    clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=TZ))
    client = sign_in(app.test_client(), "gumingyuan")  # the session of November has ended
    late = client.get(url).get_data(as_text=True)
    assert "已过上报期限" in late and late.count(">逾期</span>") == 50
    submitted = client.get(f"{url}&page=2").get_data(as_text=True).split(f'id="union-return-{tree.first}"')[1]
    assert ">逾期</span>" not in submitted.split("</li>")[0]  # in by the due day
    client = sign_in(app.test_client(), "staff_en")
    page = client.get(f"{url}&page=2").get_data(as_text=True)
    assert "The unions' returns" in html.unescape(page) and "Overdue" in page and "To review" in page
    assert "Due by 2027-01-31. Not accepted yet: 57." in page


def test_the_unions_list_of_years_is_paged_and_says_what_is_due(app, client, web_env, tree):
    unions = [tree.second] + [services.create_organisation(web_env, f"第{n:02d}公司工会", "union", tree.district)
                              for n in range(54)]
    for union in unions[1:]:
        services.grant_role(web_env, tree.office_b, union, "union_office")
    sign_in(client, "office_b")
    first = client.get("/returns").get_data(as_text=True)
    assert first.count('-returns">') == 50 and 'class="pagination' in first
    assert f'id="due-{tree.second}-{YEAR}">Due by 2027-01-31' in first  # this year's, due next January
    assert f'id="overdue-{tree.second}-{YEAR - 1}">Overdue' in first  # last year's, not filed by 31 January
    second = client.get("/returns?page=2").get_data(as_text=True)
    assert second.count('-returns">') == 5 and f"start-{unions[-1]}-{YEAR}" in second
    chinese = sign_in(app.test_client(), "office_a")
    page = chinese.get("/returns").get_data(as_text=True)
    assert f'id="due-{tree.first}-{YEAR}">2027-01-31 前上报' in page and 'class="pagination' not in page
