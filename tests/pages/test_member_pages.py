"""The member pages: the office's register (searched, paged), a member's page with leaving and transfers (each
confirmed first), the letter in Word, the import naming each bad line, the figures a federation reads (figures
only), and the public application and progress pages, limited per address; others get 404."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from flask import Flask

from config import Settings
from engine import services
from engine.core.context import Actor
from support.members import Unions
from support.web import PASSWORD, csrf, sign_in
from web import create_app
from workflows.members import public
from workflows.members import services as members

APPLY = {"name": "李小红", "gender": "female", "birth_date": "1998-04-12", "id_number": "11010519491231002X",
         "phone": "13912345678", "workplace": "装配车间", "charter": "on"}


@pytest.fixture
def u(web_env) -> Unions:
    return Unions(web_env, password=PASSWORD)


@pytest.fixture
def app(web_env, tmp_path, u) -> Flask:
    return create_app({"TESTING": True}, env=web_env, settings=Settings(instance_path=tmp_path / "instance"))


def post(client, path: str, data: dict, form_page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf(client, form_page or path)})


def test_the_register_is_searched_and_paged_for_its_office_only(client, u, web_env):
    for n in range(25):
        u.add_member(u.a, f"N{n:03d}", name=f"张{n:02d}", phone=f"139000000{n:02d}")
    sign_in(client, "office_a")
    page = client.get(f"/members?union={u.a}").get_data(as_text=True)
    assert 'id="register-count">25<' in page and page.count('class="list-group-item"') == 20
    assert "page=2" in page
    found = client.get(f"/members?union={u.a}&q=N007").get_data(as_text=True)
    assert "张07" in found and "张08" not in found
    assert "/join/" in page  # the public application address to share
    other = sign_in(client.application.test_client(), "office_b")
    assert other.get(f"/members?union={u.a}").status_code == 403
    fed = sign_in(client.application.test_client(), "fed")
    assert fed.get("/members").status_code == 404
    member = u.add_member(u.a, "X1")
    assert fed.get(f"/members/{member}").status_code == 404
    figures = fed.get("/members/counts").get_data(as_text=True)
    assert "华东机械厂工会" in figures and "恒达纺织工会" in figures and "张07" not in figures


def test_the_figures_are_paged_fifty_unions_at_a_time(client, u, web_env):
    """53 unions below the district besides 华东机械厂工会 and 恒达纺织工会: 55 in all, fifty on the first page
    by name, five on the second; each union's figures are those of its own register."""
    for n in range(53):
        services.create_organisation(web_env, f"测试{n:02d}工会", "union", u.district)
    u.add_member(u.a, "N1")
    u.add_member(u.a, "N2", gender="male")
    fed = sign_in(client, "fed")
    first = fed.get("/members/counts").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td>', first)
    assert len(rows) == 50 and [name for name, _ in rows] == sorted(name for name, _ in rows)
    assert 'href="/members/counts?page=2"' in first and 'href="/members/counts?page=3"' not in first
    second = fed.get("/members/counts?page=2").get_data(as_text=True)
    more = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td>', second)
    assert len(more) == 5 and not {name for name, _ in rows} & {name for name, _ in more}
    every = dict(rows + more)
    assert len(every) == 55 and every["华东机械厂工会"] == "2" and every["恒达纺织工会"] == "0"
    assert fed.get("/members/counts?page=abc").status_code == 200  # an odd page falls back to the first


def test_leaving_is_confirmed_first_then_recorded(client, u):
    member = u.add_member(u.a, "N1")
    sign_in(client, "office_a")
    path = f"/members/{member}"
    empty = post(client, f"{path}/leave", {"reason": "", "left_on": ""}, path)
    assert empty.status_code == 422 and "此项为必填项" in empty.get_data(as_text=True)
    step = post(client, f"{path}/leave", {"reason": "退休", "left_on": "2026-11-20"}, path)
    assert 'id="confirm-step"' in step.get_data(as_text=True)
    assert members.member_page(client.application.extensions["unionflow"], Actor(u.office_a),
                               member).member.status == "member"
    done = post(client, f"{path}/leave", {"reason": "退休", "left_on": "2026-11-20", "confirmed": "1"}, path)
    assert done.status_code == 302
    assert "已退会" in client.get(path).get_data(as_text=True)


def test_a_transfer_is_sent_and_accepted_on_the_case_page_and_the_history_shows_both(client, u, web_env):
    member = u.add_member(u.a, "N1")
    sign_in(client, "office_a")
    path = f"/members/{member}"
    bad = post(client, f"{path}/transfer", {"to_union": "999999", "note": ""}, path)
    assert bad.status_code == 422 and "另一个基层工会" in bad.get_data(as_text=True)
    sent = post(client, f"{path}/transfer", {"to_union": str(u.b), "note": "调动", "confirmed": "1"}, path)
    assert sent.status_code == 302
    case_id = int(re.search(r"/cases/(\d+)", sent.headers["Location"]).group(1))
    assert "transfer-under-way" in client.get(path).get_data(as_text=True)
    assert "王芳的会员关系转接" in client.get(f"/members?union={u.a}").get_data(as_text=True)
    receiving = sign_in(client.application.test_client(), "office_b")
    assert "王芳的会员关系转接" in receiving.get(f"/members?union={u.b}").get_data(as_text=True)  # sent to it
    case_page = receiving.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "王芳（N1）" in case_page and "恒达纺织工会" in case_page and "查询码" in case_page
    members_state = services.case_view(web_env, Actor(u.office_b), case_id)
    services.fire(web_env, Actor(u.office_b), case_id, "accept", expected_version=members_state.version)
    new = services.case_view(web_env, Actor(u.office_b), case_id).data["new_member"]
    history = receiving.get(f"/members/{new}").get_data(as_text=True)
    assert history.count("华东机械厂工会") >= 1 and "恒达纺织工会" in history and "转入" in history
    assert client.get(f"/members/{new}").status_code == 404  # the sending office: not its member now


def test_a_transfer_outside_prints_its_letter_in_word(client, u):
    member = u.add_member(u.a, "N1", name="王芳")
    sign_in(client, "office_a")
    path = f"/members/{member}"
    done = post(client, f"{path}/outside", {"destination": "苏州某公司工会", "reason": "调往苏州工作",
                                            "left_on": "2026-11-23", "confirmed": "1"}, path)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{path}/letter")
    letter = client.get(f"{path}/letter").get_data(as_text=True)
    assert "会员组织关系介绍信" in letter and "苏州某公司工会" in letter
    word = client.get(f"{path}/letter?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.data)).paragraphs)
    assert "王芳" in text and "N1" in text


def test_the_import_page_lists_each_bad_line_and_imports_nothing(client, u):
    sign_in(client, "office_b")
    path = f"/members/import?union={u.b}"
    bad = b"number,name,gender,joined_on\nA1,,X,2010-01-01\n"
    unticked = client.post(path, data={"csrf_token": csrf(client, path), "file": (io.BytesIO(bad), "m.csv")},
                           content_type="multipart/form-data")
    assert unticked.status_code == 422 and "请勾选确认后再导入" in unticked.get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf(client, path), "file": (io.BytesIO(bad), "m.csv"),
                                       "confirmed": "1"}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第 2 行“姓名”" in page and "第 2 行“性别”" in page
    good = "会员编号,姓名,性别,入会日期\nA1,周敏,女,2019-09-01\n".encode("gbk")
    response = client.post(path, data={"csrf_token": csrf(client, path), "file": (io.BytesIO(good), "m.csv"),
                                       "confirmed": "1"}, content_type="multipart/form-data")
    assert response.status_code == 302 and "周敏" in client.get(f"/members?union={u.b}").get_data(as_text=True)


def test_an_applicant_without_an_account_applies_and_follows_the_progress(client, u, web_env):
    form = client.get(f"/join/{u.a}")
    assert form.status_code == 200 and "华东机械厂工会" in form.get_data(as_text=True)
    assert client.get(f"/join/{u.district}").status_code == 404
    wrong = post(client, f"/join/{u.a}", {**APPLY, "phone": "123", "id_number": "110105194912310021"})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "11 位手机号码" in page and "GB 11643" in page
    sent = post(client, f"/join/{u.a}", APPLY)
    assert sent.status_code == 201
    code = re.search(r'id="reference">([A-Z0-9]+)<', sent.get_data(as_text=True)).group(1)
    missed = post(client, "/join/progress", {"reference": code, "phone": "13900000000"})
    assert "progress-missed" in missed.get_data(as_text=True)
    seen = post(client, "/join/progress", {"reference": code.lower(), "phone": APPLY["phone"]})
    assert "待审核" in seen.get_data(as_text=True)
    (case,) = services.search_cases(web_env, Actor(u.office_a), workflow=members.ADMISSION).items
    assert services.case_view(web_env, Actor(u.office_a), case.id).data["id_last4"] == "002X"


def test_progress_look_ups_are_limited_per_address(client, u):
    for _ in range(public.LOOKUP_FREE):
        post(client, "/join/progress", {"reference": "AAAAAAAAAA", "phone": "13900000000"})
    refused = post(client, "/join/progress", {"reference": "AAAAAAAAAA", "phone": "13900000000"})
    assert refused.status_code == 429 and "秒" in refused.get_data(as_text=True)


def test_a_member_asks_to_transfer_without_an_account_and_the_office_sends_it_on(client, u, web_env):
    member = u.add_member(u.a, "N1", name="王芳", phone="13800000001")
    wrong = post(client, "/join/transfer", {"union": str(u.a), "number": "N1", "phone": "13800000009",
                                            "to_union": str(u.b), "note": ""})
    assert wrong.status_code == 422 and "没有与该会员编号和手机号码相符的在册会员" in wrong.get_data(as_text=True)
    sent = post(client, "/join/transfer", {"union": str(u.a), "number": "N1", "phone": "13800000001",
                                           "to_union": str(u.b), "note": "调往恒达纺织"})
    assert sent.status_code == 201
    code = re.search(r'id="reference">([A-Z0-9]+)<', sent.get_data(as_text=True)).group(1)
    assert "待转出方确认" in post(client, "/join/progress", {"reference": code, "phone": "13800000001"}
                                  ).get_data(as_text=True)
    (case,) = services.search_cases(web_env, Actor(u.office_a), workflow=members.TRANSFER).items
    assert case.state == "requested" and case.id in {t.case_id for t in services.inbox(web_env, u.office_a).items}
    with pytest.raises(services.NotFound):  # the receiving union reads it only once it is sent
        services.case_view(web_env, Actor(u.office_b), case.id)
    assert u.fire(u.office_a, case.id, "send") == "awaiting"
    assert services.case_view(web_env, Actor(u.office_b), case.id).data["member"] == member


def test_a_second_transfer_is_refused_on_the_members_page_in_words(client, u, web_env):
    member = u.add_member(u.a, "N1")
    members.start_transfer(web_env, Actor(u.office_a), member, u.b)
    sign_in(client, "office_a")
    path = f"/members/{member}"
    again = post(client, f"{path}/transfer", {"to_union": str(u.b), "note": "", "confirmed": "1"}, path)
    assert again.status_code == 422 and "已有一项会员关系转接正在办理" in again.get_data(as_text=True)
