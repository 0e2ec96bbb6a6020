"""Agenda topic pages: a staff member proposes a topic (mistakes beside their fields, what was typed kept), the
union office sorts it from the session's list, and nobody else learns it exists until it is on the agenda."""

from __future__ import annotations

import re

from engine import services
from support.web import PASSWORD, csrf, sign_in


def field(page: str, name: str) -> str:
    blocks = re.findall(rf'<div class="mb-3" data-field="{name}">(.*?)</div>\n', page, re.S)
    return "".join(blocks)


def send(client, union, **form: str):
    data = {"csrf_token": csrf(client, "/agenda/new"), "session_id": str(union.session), "title": "食堂就餐环境改善",
            "reason": "职工反映强烈", **form}
    return client.post("/agenda/new", data=data)


def test_a_staff_member_proposes_a_topic_and_mistakes_stand_beside_their_fields(app, client, web_env, union):
    services.set_password(web_env, union.logistics_handler, PASSWORD)
    sign_in(client, "logistics_handler")
    assert 'id="send-topic"' in client.get("/agenda").get_data(as_text=True)
    refused = send(client, union, title="", reason="夜班职工吃不上热饭")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="form-errors"' in page
    assert "必填" in page or "请填写" in page
    assert "夜班职工吃不上热饭" in page  # what was typed stays
    sent = send(client, union)
    assert sent.status_code == 302
    case_id = int(sent.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "食堂就餐环境改善" in page and "待整理" in page
    assert "食堂就餐环境改善" in client.get("/agenda").get_data(as_text=True)  # under "topics I sent"

    other = sign_in(app.test_client(), "works_handler")
    assert other.get(f"/cases/{case_id}").status_code == 404  # another member of staff does not learn it exists
    assert other.get(f"/api/v1/cases/{case_id}").status_code in (401, 404)

    office = sign_in(app.test_client(), "office")
    listing = office.get(f"/agenda/sessions/{union.session}").get_data(as_text=True)
    assert "食堂就餐环境改善" in listing and 'id="waiting"' in listing
    url = f"/cases/{case_id}/act/put_on_agenda"
    version = services.case_view(web_env, services.Actor(union.office), case_id).version
    form = {"csrf_token": csrf(office, f"/cases/{case_id}"), "expected_version": str(version),
            "agenda_line": "审议《职工食堂管理办法》"}
    asked = office.post(url, data=form)
    assert asked.status_code == 200 and "不能撤销" in asked.get_data(as_text=True)  # confirm first
    done = office.post(url, data={**form, "confirmed": "1"})
    assert done.status_code == 302
    listing = office.get(f"/agenda/sessions/{union.session}").get_data(as_text=True)
    assert "审议《职工食堂管理办法》" in listing.split('id="agenda-lines"')[1].split("</section>")[0]
    assert other.get(f"/cases/{case_id}").status_code == 200  # on the agenda: the union's staff read it


def test_no_topic_is_taken_outside_the_collection_period(client, web_env, union, clock):
    from support.time import sh

    clock.set(sh(2027, 3, 1, 10))
    sign_in(client, "rep1")
    page = client.get("/agenda/new").get_data(as_text=True)
    assert 'id="not-collecting"' in page
    refused = send(client, union)
    assert refused.status_code == 422 and "不在征集期内" in refused.get_data(as_text=True)


def test_the_pages_speak_english_too(client, web_env, union):
    services.set_language(web_env, union.rep1, "en")
    sign_in(client, "rep1")
    page = client.get("/agenda").get_data(as_text=True)
    assert "Agenda topics" in page and "Propose a topic" in page
