"""Exports written in the background: a page queues a big report download as a job, the scheduler writes the file
(``run_exports``, its "exports" job), and the requester follows its progress and downloads it when it is done.

A job is claimed in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite); the file is written to a temporary file with no transaction open, its progress saved in short
transactions now and then; the file and the requester's notification are stored in one last transaction.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import NotFound, PermissionDenied, ValidationFailed
from engine.core.i18n import Label
from engine.output import reports
from engine.output.piped import write_xlsx_piped
from engine.output.tables import FORMATS, Sheet, write_csv
from engine.store.models import ExportJob, Notification

log = logging.getLogger(__name__)
jobs, notifications = ExportJob.__table__, Notification.__table__
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUS = {QUEUED: Label("排队中", "Queued"), RUNNING: Label("正在生成", "Being written"),
          DONE: Label("已生成", "Ready"), FAILED: Label("生成失败", "Failed")}
READY = "export_ready"  # the notification's kind (its text is in engine/notify/texts.py)
PAGE = "/exports/{id}"  # where the web shows a job: the notification's link
KEEP = timedelta(days=7)  # finished jobs and their files are deleted after this
STALE = timedelta(hours=1)  # a job running this long was left by a scheduler that died: it is run again
PROGRESS_SECONDS = 1.0  # at most one progress write per second


@dataclass(frozen=True, slots=True)
class ExportView:
    """A job as its requester sees it."""

    id: int
    report: str
    format: str
    status: str
    rows_done: int
    rows_total: int | None
    filename: str
    size: int | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def done(self) -> bool:
        return self.status == DONE

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)

    @property
    def status_label(self) -> Label:
        return STATUS[self.status]

    @property
    def percent(self) -> int | None:
        """How far along, 0–100; None while the total is not known."""
        if self.status == DONE:
            return 100
        if not self.rows_total:
            return None
        return min(99, 100 * self.rows_done // self.rows_total)


_VIEW_COLUMNS = [jobs.c[name] for name in ("id", "report", "format", "status", "rows_done", "rows_total",
                                           "filename", "size", "error", "created_at", "started_at", "finished_at")]


def _view(row: Any) -> ExportView:
    return ExportView(row.id, row.report, row.format, row.status, row.rows_done, row.rows_total, row.filename or "",
                      row.size, row.error, row.created_at, row.started_at, row.finished_at)


# -- asking --------------------------------------------------------------------------------------------------
def queue_export(env: Env, actor: Actor, report: str, params: dict[str, Any], fmt: str, lang: str = "zh", *,
                 sheet: int = 0, rows_total: int | None = None) -> int:
    """Queue a report's file for the actor, who must be allowed to read the report (the report's own check,
    made now and again when the file is written); the job's id (that of the same file if it is already
    queued or being written for the actor)."""
    if actor.system or actor.user_id is None:
        raise PermissionDenied(f"export {report}", ())
    if fmt not in FORMATS:
        raise ValidationFailed({"format": [Label("格式应为 xlsx 或 csv。", "The format is xlsx or csv.")]})
    built = reports.build(env, actor, report, lang, **params)  # NotFound / PermissionDenied, as for a download
    if not 0 <= sheet < len(built.sheets):
        raise ValidationFailed({"sheet": [Label("没有这张表。", "No such table.")]})
    name = built.filename if sheet == 0 or fmt == "xlsx" else f"{built.filename}-{built.sheets[sheet].title(lang)}"
    if rows_total is None:
        rows_total = reports.size(env, actor, report, **params)
    now = env.clock.now()
    j = jobs.c
    with env.db.write() as conn:
        # Asking again (a second click, a reload) while the same file is being written follows that one.
        for same in conn.execute(sa.select(j.id, j.params).where(
                j.user_id == actor.user_id, j.report == report, j.format == fmt, j.sheet == sheet,
                j.language == lang, j.status.in_([QUEUED, RUNNING])).order_by(j.id)):
            if same.params == params:
                return int(same.id)
        return conn.execute(jobs.insert().values(
            user_id=actor.user_id, report=report, params=params, format=fmt, sheet=sheet, language=lang,
            status=QUEUED, rows_done=0, rows_total=rows_total, filename=f"{name}.{fmt}", created_at=now,
        ).returning(jobs.c.id)).scalar_one()


def get_export(env: Env, actor: Actor, job_id: int) -> ExportView:
    """A job, for the user who asked for it; NotFound for anyone else."""
    with env.db.read() as conn:
        row = conn.execute(sa.select(*_VIEW_COLUMNS, jobs.c.user_id).where(jobs.c.id == job_id)).first()
    if row is None or actor.user_id is None or row.user_id != actor.user_id:
        raise NotFound("export", job_id)
    return _view(row)


def export_file(env: Env, actor: Actor, job_id: int) -> tuple[ExportView, bytes]:
    """A finished job's file, for the user who asked for it; NotFound for anyone else or before it is done."""
    view = get_export(env, actor, job_id)
    if not view.done:
        raise NotFound("export", job_id)
    with env.db.read() as conn:
        content = conn.execute(sa.select(jobs.c.content).where(jobs.c.id == job_id)).scalar_one()
    return view, bytes(content)


# -- writing (the scheduler) ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    user_id: int
    report: str
    params: dict[str, Any]
    format: str
    sheet: int
    language: str
    filename: str


def run_exports(env: Env, *, limit: int = 20, stop: threading.Event | None = None) -> int:
    """Write queued jobs one after another (at most ``limit``); how many finished (done or failed)."""
    _forget_old(env)
    finished = 0
    while finished < limit and not (stop is not None and stop.is_set()):
        job = _claim(env)
        if job is None:
            break
        _write(env, job)
        finished += 1
    return finished


def _claim(env: Env) -> _Claimed | None:
    """Take the oldest queued job (or one a dead scheduler left running) in one short transaction."""
    j = jobs.c
    now = env.clock.now()
    query = (sa.select(j.id, j.user_id, j.report, j.params, j.format, j.sheet, j.language, j.filename)
             .where(sa.or_(j.status == QUEUED, sa.and_(j.status == RUNNING, j.started_at < now - STALE)))
             .order_by(j.id).limit(1))
    with env.db.read() as conn:  # idle most of the time: look before taking SQLite's write lock
        if conn.execute(query.with_only_columns(j.id)).first() is None:
            return None
    if not env.db.sqlite:  # another scheduler's claim is skipped; SQLite's BEGIN IMMEDIATE serialises claims
        query = query.with_for_update(skip_locked=True)
    with env.db.write() as conn:
        row = conn.execute(query).first()
        if row is None:
            return None
        conn.execute(jobs.update().where(j.id == row.id)
                     .values(status=RUNNING, started_at=now, rows_done=0, error=None))
    return _Claimed(row.id, row.user_id, row.report, dict(row.params), row.format, row.sheet, row.language,
                    row.filename or f"export-{row.id}.{row.format}")


class _Progress:
    """Counts the rows of the main table as the writer takes them; saves the count at most once a second, each
    time in its own short transaction."""

    def __init__(self, env: Env, job_id: int) -> None:
        self.env, self.job_id, self.rows = env, job_id, 0
        self.due = time.monotonic() + PROGRESS_SECONDS

    def counted(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            self.rows += 1
            if not self.rows % 100 and time.monotonic() >= self.due:
                self.save()
            yield row

    def save(self) -> None:
        with self.env.db.write() as conn:
            conn.execute(jobs.update().where(jobs.c.id == self.job_id).values(rows_done=self.rows))
        self.due = time.monotonic() + PROGRESS_SECONDS


def _write(env: Env, job: _Claimed) -> None:
    progress = _Progress(env, job.id)
    try:
        report = reports.build(env, Actor(job.user_id), job.report, job.language, **job.params)
        sheets = list(report.sheets)
        sheets[0] = Sheet(sheets[0].title, sheets[0].columns, progress.counted(sheets[0].rows))
        with tempfile.TemporaryDirectory(prefix="unionflow-export-") as folder:
            path = Path(folder) / f"export.{job.format}"
            if job.format == "xlsx":  # rows read here, XML written by a process beside (two cores at once)
                write_xlsx_piped(sheets, path, job.language)
            else:
                with path.open("wb") as handle:
                    write_csv(sheets[job.sheet], handle, job.language)
            content = path.read_bytes()
            size = len(content)
    except Exception as err:
        log.exception("export %d (%s) failed", job.id, job.report)
        with env.db.write() as conn:
            conn.execute(jobs.update().where(jobs.c.id == job.id).values(
                status=FAILED, error=f"{type(err).__name__}: {err}"[:2000], finished_at=env.clock.now(),
                rows_done=progress.rows))
        return
    now = env.clock.now()
    with env.db.write() as conn:
        conn.execute(jobs.update().where(jobs.c.id == job.id).values(
            status=DONE, content=content, size=size, rows_done=progress.rows, finished_at=now))
        conn.execute(notifications.insert().values(
            case_id=None, kind=READY, user_id=job.user_id, role=None, organisation_id=None,
            payload={"path": PAGE.format(id=job.id), "title": job.filename}, status="pending", attempts=0,
            next_attempt_at=now, created_at=now))
    log.info("export %d (%s): %d rows, %d bytes", job.id, job.report, progress.rows, size)


def _forget_old(env: Env) -> None:
    """Delete the jobs (and files) finished longer ago than ``KEEP``."""
    old = sa.and_(jobs.c.status.in_([DONE, FAILED]), jobs.c.finished_at < env.clock.now() - KEEP)
    with env.db.read() as conn:
        if conn.execute(sa.select(jobs.c.id).where(old).limit(1)).first() is None:
            return
    with env.db.write() as conn:
        conn.execute(jobs.delete().where(old))
