"""A big register written in the background: queued for the one who asks, written by the scheduler's "exports"
job, downloaded by that user only, who is told by an in-app notification."""

from __future__ import annotations

import csv
import io
import threading

import openpyxl
import pytest

from engine import services
from engine.core.context import Actor
from engine.notify import outbox
from engine.output import exports
from engine.scheduler import process as scheduler
from engine.scheduler.process import SchedulerOptions
from support.acting import act
from support.union import Union
from workflows.proposals import report as proposal_report
from workflows.proposals import spec as proposal

FORM = {"category": "welfare", "reasons": "三班倒职工夜间无处就餐。", "measures": "食堂夜间增开窗口。"}


@pytest.fixture
def union(env, monkeypatch):
    env.registry.register(proposal.build())
    env.registry.reports.register(proposal_report.REPORT)
    monkeypatch.setattr(scheduler, "_active", scheduler._Active(env, SchedulerOptions(), threading.Event()))
    u = Union(env)
    for i in range(3):  # sent on with both co-signers: in the register
        case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, f"关于第{i + 1}件事的提案",
                                      {**FORM, "session_id": u.session}).case_id
        act(env, u.rep1, case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
        act(env, u.rep2, case_id, "co_sign")
        act(env, u.rep3, case_id, "co_sign")
    return u


def test_a_queued_export_is_written_by_the_scheduler_and_given_to_its_requester_only(env, union):
    u = union
    assert services.report_size(env, Actor(u.office), "proposal_register", session_id=u.session) == 3
    job = services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "xlsx")
    queued = services.get_export(env, Actor(u.office), job)
    assert (queued.status, queued.rows_total, queued.rows_done, queued.percent) == ("queued", 3, 0, 0)
    assert queued.filename == "提案汇编-第五届职代会第三次会议.xlsx"
    assert services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "xlsx") == job
    for stranger in (u.committee, u.rep1):  # the committee may read the register, but this is the office's file
        with pytest.raises(services.NotFound):
            services.get_export(env, Actor(stranger), job)
    with pytest.raises(services.NotFound):
        services.export_file(env, Actor(u.office), job)  # not written yet

    scheduler.exports_job()
    done = services.get_export(env, Actor(u.office), job)
    assert (done.status, done.rows_done, done.percent) == ("done", 3, 100) and done.size and done.finished_at
    view, content = services.export_file(env, Actor(u.office), job)
    assert len(content) == view.size
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["提案汇编", "办理情况统计"]
    assert sorted(r[1] for r in book["提案汇编"].iter_rows(min_row=2, values_only=True)) == [
        "关于第1件事的提案", "关于第2件事的提案", "关于第3件事的提案"]
    with pytest.raises(services.NotFound):
        services.export_file(env, Actor(u.committee), job)

    outbox.deliver(env)
    told = services.list_notifications(env, u.office).items
    assert [(n.kind, n.path, n.text.zh, n.text.en) for n in told] == [
        ("export_ready", f"/exports/{job}", "您的导出文件已生成", "Your export is ready")]
    assert "export_ready" not in {n.kind for n in services.list_notifications(env, u.committee).items}


def test_who_may_not_read_the_register_may_not_queue_it_and_a_csv_holds_one_table(env, union):
    u = union
    with pytest.raises(services.PermissionDenied):
        services.queue_export(env, Actor(u.rep1), "proposal_register", {"session_id": u.session}, "csv")
    with pytest.raises(services.ValidationFailed):
        services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "pdf")
    job = services.queue_export(env, Actor(u.committee), "proposal_register", {"session_id": u.session}, "csv",
                                "en", sheet=1)
    assert services.get_export(env, Actor(u.committee), job).filename.endswith("-Handling statistics.csv")
    assert exports.run_exports(env) == 1
    _, content = services.export_file(env, Actor(u.committee), job)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Department / category" and rows[-1][0] == "Total"


def test_a_job_is_claimed_once_and_a_failing_one_is_marked_failed(env, union):
    u = union
    job = services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "xlsx")
    claimed = exports._claim(env)
    assert claimed is not None and claimed.id == job
    assert exports._claim(env) is None  # running: nobody takes it again
    assert services.get_export(env, Actor(u.office), job).status == "running"
    broken = services.queue_export(env, Actor(u.office), "proposal_register", {"session_id": u.session}, "csv")
    assert broken != job
    services.revoke_role(env, u.office, u.union, "union_office")  # the office lost the role meanwhile
    assert exports.run_exports(env) == 1
    failed = services.get_export(env, Actor(u.office), broken)
    assert failed.status == "failed" and "PermissionDenied" in (failed.error or "")
