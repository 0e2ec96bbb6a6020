"""The election pages: the union office drafts a plan on its form (errors beside the fields, citing the law, what
was typed kept), revises it with its fields filled, sends it up; the federation's staff find it in their inbox and
approve it on the case page; the terms page shows each union's standing; outsiders get 404; Chinese and English."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine import services
from engine.core.context import Actor
from support.elections import PLAN, Elections
from support.web import PASSWORD, csrf, sign_in
from workflows.elections import services as elections


@pytest.fixture
def union(web_env):
    return Elections(web_env, password=PASSWORD)


def login(app, username: str):
    return sign_in(app.test_client(), username)


def post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf(client, page or path)})


def form(**changes) -> dict:
    values = {**PLAN, "title": "第四届工会委员会换届选举", **changes}
    if values.get("no_relatives"):
        values["no_relatives"] = "on"
    else:
        values.pop("no_relatives", None)
    return values


def test_the_office_drafts_a_plan_with_errors_beside_the_fields_then_revises_and_sends_it(app, union):
    client = login(app, "office")
    page = client.get("/elections/new").get_data(as_text=True)
    assert 'name="term_years"' in page and 'value="5"' in page  # the configured default term
    refused = post(client, "/elections/new", form(term_years=4, no_relatives=False, candidates="王建国"))
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "《中华人民共和国工会法》第十六条" in text and "近亲属" in text and "差额" in text
    assert "第四届工会委员会换届选举" in text and "王建国" in text  # kept as typed
    done = post(client, "/elections/new", form(), "/elections/new")
    assert done.status_code == 302
    case_id = int(done.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"/elections/{case_id}/plan" in page and "杨帆" in page
    revise = client.get(f"/elections/{case_id}/plan").get_data(as_text=True)
    assert "杨帆" in revise and "checked" in revise  # the plan as the case holds it
    smaller = form(committee_size=3, candidates="王建国\n李秀英\n张伟\n刘洋")
    token = csrf(client, f"/elections/{case_id}/plan")
    stale = {**smaller, "csrf_token": token, "expected_version": "0"}  # filled in before a later change
    conflict = client.post(f"/elections/{case_id}/plan", data=stale)
    assert conflict.status_code == 409 and "王建国" in conflict.get_data(as_text=True)
    shown = re.search(r'name="expected_version" value="(\d+)"', client.get(f"/elections/{case_id}/plan")
                      .get_data(as_text=True))
    assert shown is not None
    changed = post(client, f"/elections/{case_id}/plan", {**smaller, "expected_version": shown.group(1)})
    assert changed.status_code == 302
    assert services.case_view(union.env, Actor(union.office), case_id).data["committee_size"] == 3
    # the federation's staff do not see the draft; the union's handler never sees the election
    assert login(app, "staff").get(f"/cases/{case_id}").status_code == 404
    assert login(app, "handler").get(f"/elections/{case_id}/plan").status_code == 404
    view = services.case_view(union.env, Actor(union.office), case_id)
    sent = post(client, f"/cases/{case_id}/act/submit_plan", {"expected_version": view.version, "confirmed": "1"},
                f"/cases/{case_id}")
    assert sent.status_code == 302
    staff = login(app, "staff")
    assert f"/cases/{case_id}" in staff.get("/inbox").get_data(as_text=True)
    page = staff.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "approve_plan" in page and "return_plan" in page
    view = services.case_view(union.env, Actor(union.staff), case_id)
    approved = post(staff, f"/cases/{case_id}/act/approve_plan",
                    {"expected_version": view.version, "confirmed": "1", "reply_ref": "武工〔2026〕31号"},
                    f"/cases/{case_id}")
    assert approved.status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "武工〔2026〕31号" in page and f"/elections/{case_id}/plan" not in page
    assert login(app, "elsewhere").get(f"/cases/{case_id}").status_code == 404


def test_the_terms_page_shows_each_union_standing_to_the_office_and_the_federation(app, union):
    elections.record_term(union.env, union.union, date(2023, 6, 30), 3, approved_on=date(2023, 7, 10))
    other = services.create_organisation(union.env, "常州恒达纺织有限公司工会", "union", union.district)
    elections.record_term(union.env, other, date(2024, 1, 10), 5, approved_on=date(2024, 2, 1))
    page = login(app, "staff").get("/elections").get_data(as_text=True)
    assert "常州金鼎建材有限公司工会" in page and "常州恒达纺织有限公司工会" in page
    assert page.index("常州金鼎建材有限公司工会") < page.index("常州恒达纺织有限公司工会")  # past its term first
    assert "任期已届满" in page and "任期内" in page
    office = login(app, "office").get("/elections").get_data(as_text=True)
    assert "常州金鼎建材有限公司工会" in office and "常州恒达纺织有限公司工会" not in office
    assert "/elections/new" in office
    elsewhere = login(app, "elsewhere").get("/elections").get_data(as_text=True)
    assert "常州金鼎建材有限公司工会" not in elsewhere
    services.set_language(union.env, union.staff, "en")
    text = login(app, "staff").get("/elections").get_data(as_text=True)
    assert "Committee terms" in text and "Past its term" in text
    assert login(app, "handler").get("/elections/new").status_code == 403
