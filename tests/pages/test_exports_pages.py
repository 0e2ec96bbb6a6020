"""A big register download is written in the background: the page queues it and follows its progress, the
scheduler writes it, its requester alone downloads it (404 for anyone else) and is notified; the JSON API does
the same with 202 and Location; a small download still streams at once."""

from __future__ import annotations

import io
import re
import threading
import time

import openpyxl
import pytest

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.notify import outbox
from engine.scheduler import process as scheduler
from engine.scheduler.process import SchedulerOptions
from support.acting import act
from support.web import sign_in
from web import create_app

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}
TITLES = ["关于夜班供餐的提案", "关于更新车间通风设备的提案", "关于增设母婴室的提案"]


@pytest.fixture
def proposals(web_env, union, monkeypatch):
    """Three proposals sent on; the scheduler's jobs run as in an active scheduler of this database."""
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(web_env, SchedulerOptions(), threading.Event()))
    for title in TITLES:
        case_id = services.start_case(web_env, Actor(union.rep1), "proposal", union.union, title,
                                      {**FORM, "session_id": union.session}).case_id
        act(web_env, union.rep1, case_id, "invite", {"co_signers_invited": [union.rep2, union.rep3]})
        act(web_env, union.rep2, case_id, "co_sign")
        act(web_env, union.rep3, case_id, "co_sign")
    return union


def app_with(web_env, tmp_path, threshold):
    return create_app({"TESTING": True, "UNIONFLOW_EXPORT_BACKGROUND_ROWS": threshold}, env=web_env,
                      settings=Settings(instance_path=tmp_path / "instance"))


def test_a_big_register_is_queued_followed_written_and_downloaded_by_its_requester_only(web_env, tmp_path,
                                                                                       proposals):
    u, app = proposals, app_with(web_env, tmp_path, 2)
    office = sign_in(app.test_client(), "office")
    started = time.perf_counter()
    response = office.get(f"/reports/proposals?session={u.session}&format=xlsx")
    assert time.perf_counter() - started < 1
    assert response.status_code == 302
    page_url = response.headers["Location"]
    job = int(page_url.rsplit("/", 1)[1])
    assert page_url.endswith(f"/exports/{job}")
    page = office.get(page_url).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in page and 'data-status="queued"' in page
    assert "已写入 0 / 3 行" in page
    assert "export-download" not in page
    assert office.get(f"/exports/{job}/file").status_code == 404  # not written yet

    committee = sign_in(app.test_client(), "committee")  # reads the register, but this is the office's file
    assert committee.get(page_url).status_code == 404
    assert committee.get(f"/exports/{job}/file").status_code == 404

    scheduler.exports_job()
    page = office.get(page_url).get_data(as_text=True)
    assert 'data-status="done"' in page and "http-equiv" not in page and 'id="export-download"' in page
    assert "已写入 3 / 3 行" in page
    download = office.get(f"/exports/{job}/file")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment;" in download.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(download.get_data()))
    assert sorted(r[1] for r in book["提案汇编"].iter_rows(min_row=2, values_only=True)) == sorted(TITLES)
    assert committee.get(f"/exports/{job}/file").status_code == 404

    outbox.deliver(web_env)
    notes = office.get("/notifications").get_data(as_text=True)
    [note] = re.findall(r'href="(/notifications/\d+)"', notes)
    assert "您的导出文件已生成" in notes and office.get(note).headers["Location"] == f"/exports/{job}"


def test_a_register_at_or_under_the_threshold_still_streams(web_env, tmp_path, proposals):
    u, app = proposals, app_with(web_env, tmp_path, 3)
    committee = sign_in(app.test_client(), "committee")
    response = committee.get(f"/reports/proposals?session={u.session}&format=csv")
    assert response.status_code == 200 and response.is_streamed and response.mimetype == "text/csv"
    assert len(response.get_data().decode("utf-8-sig").splitlines()) == 4
    rep = sign_in(app.test_client(), "rep2")  # may not read it: refused before anything is counted or queued
    assert rep.get(f"/reports/proposals?session={u.session}&format=csv").status_code == 403


def test_the_api_answers_202_with_the_export_to_follow_and_its_file(web_env, tmp_path, proposals):
    u, app = proposals, app_with(web_env, tmp_path, 2)
    client = app.test_client()
    office = {"Authorization": f"Bearer {services.create_token(web_env, u.office, 'exports').secret}"}
    committee = {"Authorization": f"Bearer {services.create_token(web_env, u.committee, 'exports').secret}"}
    big = client.get(f"/api/v1/reports/proposals?session_id={u.session}&format=csv", headers=office)
    assert big.status_code == 202 and big.json["status"] == "queued" and big.json["rows_total"] == 3
    assert big.headers["Location"] == f"/api/v1/exports/{big.json['id']}" and big.json["file"] is None
    posted = client.post("/api/v1/reports/proposals/exports", json={"session_id": u.session, "format": "xlsx"},
                         headers=office)
    assert posted.status_code == 202 and posted.json["format"] == "xlsx"
    for location in (big.headers["Location"], posted.headers["Location"]):
        assert client.get(location, headers=committee).status_code == 404
        assert client.get(location + "/file", headers=office).status_code == 404  # not yet written
    scheduler.exports_job()
    status = client.get(big.headers["Location"], headers=office)
    assert status.status_code == 200 and status.json["status"] == "done" and status.json["rows_done"] == 3
    got = client.get(status.json["file"], headers=office)
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert len(got.get_data().decode("utf-8-sig").splitlines()) == 4
    assert client.get(status.json["file"], headers=committee).status_code == 404
    xlsx = client.get(posted.headers["Location"] + "/file", headers=office)
    assert openpyxl.load_workbook(io.BytesIO(xlsx.get_data())).sheetnames == ["提案汇编", "办理情况统计"]
    rep = {"Authorization": f"Bearer {services.create_token(web_env, u.rep2, 'exports').secret}"}
    refused = client.post("/api/v1/reports/proposals/exports", json={"session_id": u.session}, headers=rep)
    assert refused.status_code == 403
