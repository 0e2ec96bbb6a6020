"""No export a spreadsheet opens can run a formula someone typed: a proposal subject, a co-signer or a department
name that begins with ``= + - @``, a tab or a carriage return comes out of every CSV with a single quote in front
and out of every Excel file as a string cell marked with the quote prefix, never a formula. Every export the app
offers is read back: the register page (Excel, CSV, statistics CSV), the same written in the background, the
JSON API (streamed and queued), the dashboard workbook and ``unionflow report proposals``."""

from __future__ import annotations

import csv
import io
import threading

import openpyxl
import pytest
from click.testing import CliRunner

from config import Settings
from engine import services
from engine.cli import main
from engine.core.context import Actor
from engine.identity import setup
from engine.output.tables import formula_safe
from engine.scheduler import process as scheduler
from engine.scheduler.process import SchedulerOptions
from support.acting import act
from support.web import sign_in
from web import create_app

SUBJECT = "=cmd|' /C calc'!A0"
DEPARTMENT = "@SUM(1+1)*cmd|' /C calc'!A0"
FORM = {"category": "welfare", "reasons": "+1 夜间无处就餐。", "measures": "-2 食堂夜间增开窗口。"}
DANGEROUS = (SUBJECT, DEPARTMENT)


@pytest.fixture
def seeded(web_env, union, monkeypatch):
    """A proposal whose subject is a formula, assigned to a department whose name is one."""
    env, u = web_env, union
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(env, SchedulerOptions(), threading.Event()))
    department = setup.create_organisation(env, DEPARTMENT, "department", u.union)
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, SUBJECT,
                                  {**FORM, "session_id": u.session}).case_id
    act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    act(env, u.rep2, case_id, "co_sign")
    act(env, u.rep3, case_id, "co_sign")
    act(env, u.committee, case_id, "accept", {"comment": "符合立案条件"})
    act(env, u.leader, case_id, "endorse", {"instruction": "请抓紧办理"})
    act(env, u.committee, case_id, "assign", {"lead_department": department, "due_date": "2026-12-23"})
    return u


def app_with(web_env, tmp_path, threshold=2000):
    return create_app({"TESTING": True, "UNIONFLOW_EXPORT_BACKGROUND_ROWS": threshold}, env=web_env,
                      settings=Settings(instance_path=tmp_path / "instance"))


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def assert_csv_safe(content: bytes, expected: tuple[str, ...]) -> None:
    cells = csv_cells(content)
    for text in expected:
        assert "'" + text in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def assert_xlsx_safe(content: bytes, expected: tuple[str, ...]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value}"
                if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{ws.title}!{cell.coordinate}"
                    found.add(cell.value)
    assert set(expected) <= found


@pytest.mark.parametrize("text, safe", [
    (SUBJECT, "'" + SUBJECT), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("关于=号的提案", "关于=号的提案"), ("", ""), ("'=1", "'=1"),
])
def test_a_cell_that_would_be_a_formula_gets_a_quote(text, safe):
    assert formula_safe(text) == safe


def test_the_register_page_s_downloads_neutralise_formulas(web_env, tmp_path, seeded):
    office = sign_in(app_with(web_env, tmp_path).test_client(), "office")
    base = f"/reports/proposals?session={seeded.session}"
    assert_xlsx_safe(office.get(base + "&format=xlsx").get_data(), DANGEROUS)
    assert_csv_safe(office.get(base + "&format=csv").get_data(), (SUBJECT, DEPARTMENT))
    assert_csv_safe(office.get(base + "&format=csv&table=statistics").get_data(), (DEPARTMENT,))


def test_the_background_downloads_neutralise_formulas(web_env, tmp_path, seeded):
    office = sign_in(app_with(web_env, tmp_path, threshold=0).test_client(), "office")
    jobs = {}
    for query in ("format=xlsx", "format=csv", "format=csv&table=statistics"):
        response = office.get(f"/reports/proposals?session={seeded.session}&{query}")
        assert response.status_code == 302
        jobs[query] = int(response.headers["Location"].rsplit("/", 1)[1])
    scheduler.exports_job()
    assert_xlsx_safe(office.get(f"/exports/{jobs['format=xlsx']}/file").get_data(), DANGEROUS)
    assert_csv_safe(office.get(f"/exports/{jobs['format=csv']}/file").get_data(), DANGEROUS)
    assert_csv_safe(office.get(f"/exports/{jobs['format=csv&table=statistics']}/file").get_data(), (DEPARTMENT,))


def test_the_api_s_downloads_neutralise_formulas(web_env, tmp_path, seeded):
    client = app_with(web_env, tmp_path).test_client()
    office = {"Authorization": f"Bearer {services.create_token(web_env, seeded.office, 'exports').secret}"}
    base = f"/api/v1/reports/proposals?session_id={seeded.session}"
    assert_xlsx_safe(client.get(base + "&format=xlsx", headers=office).get_data(), DANGEROUS)
    assert_csv_safe(client.get(base + "&format=csv", headers=office).get_data(), DANGEROUS)
    assert_csv_safe(client.get(base + "&format=csv&table=statistics", headers=office).get_data(), (DEPARTMENT,))
    posted = client.post("/api/v1/reports/proposals/exports", json={"session_id": seeded.session, "format": "xlsx"},
                         headers=office)
    assert posted.status_code == 202
    scheduler.exports_job()
    assert_xlsx_safe(client.get(posted.headers["Location"] + "/file", headers=office).get_data(), DANGEROUS)


def test_the_dashboard_workbook_neutralises_formulas(web_env, tmp_path, seeded):
    office = sign_in(app_with(web_env, tmp_path).test_client(), "office")
    response = office.get("/dashboard/export")
    assert response.status_code == 200
    assert_xlsx_safe(response.get_data(), (DEPARTMENT,))


def test_the_report_command_neutralises_formulas(web_env, tmp_path, seeded):
    url = str(web_env.db.engine.url)
    runner = CliRunner(env={"UNIONFLOW_DATABASE_URL": url, "UNIONFLOW_INSTANCE_PATH": str(tmp_path / "instance")})
    for fmt, table in (("xlsx", "register"), ("csv", "register"), ("csv", "statistics")):
        target = tmp_path / f"register-{table}.{fmt}"
        result = runner.invoke(main, ["report", "proposals", "--session", str(seeded.session), "--format", fmt,
                                      "--table", table, "-o", str(target)])
        assert result.exit_code == 0, result.output
        if fmt == "xlsx":
            assert_xlsx_safe(target.read_bytes(), DANGEROUS)
        else:
            assert_csv_safe(target.read_bytes(), DANGEROUS if table == "register" else (DEPARTMENT,))
