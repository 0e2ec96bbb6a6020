"""The scheduler process: sweeps due timers, delivers the outbox, writes queued exports, sends the digest, checks
history.

Deadlines are rows (``timers``); APScheduler only runs five fixed recurring jobs and never holds a job per
case. The sweep fires each due timer in its own short transaction, so a backlog of any size never keeps the
write lock from a user's action for longer than one timer's work; it also runs the periodic work the workflow
packages registered (``Registry.add_sweep``). One scheduler is active per database (``engine.scheduler.lock``);
others started wait as standbys and take over when it dies.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from config import Settings
from engine.core import redaction
from engine.core.env import Env
from engine.scheduler.lock import SchedulerLock, scheduler_lock_for, this_process
from engine.scheduler.settings import SchedulerOptions
from engine.store import audit, checkpoint
from engine.time import deadlines
from engine.time.calendar import TZ

log = logging.getLogger(__name__)
JOB_TABLE = "apscheduler_jobs"
OUTCOMES = (deadlines.FIRED, deadlines.OBSOLETE, deadlines.SKIPPED, "failed")


@dataclass(frozen=True, slots=True)
class SweepResult:
    """How the due timers of one sweep ended."""

    fired: int = 0
    obsolete: int = 0
    skipped: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.fired + self.obsolete + self.skipped + self.failed


def sweep(env: Env, *, batch: int = 200, now: datetime | None = None,
          stop: threading.Event | None = None) -> SweepResult:
    """Fire every timer due by ``now`` (the clock's now by default), each in its own transaction.

    Timers that come due while the sweep runs (an overdue reminder it plans) wait for the next sweep. A timer
    that fails is logged and left pending for the next sweep; this one pages past it.
    """
    now = now or env.clock.now()
    counts: Counter[str] = Counter()
    seen: set[int] = set()
    stuck: set[int] = set()  # failed here, or still pending after firing: skipped for the rest of the sweep
    while stop is None or not stop.is_set():
        due = [i for i in deadlines.due_timers(env, now, batch + len(stuck)) if i not in stuck]
        if not due:
            break
        for timer_id in due:
            if stop is not None and stop.is_set():
                break
            if timer_id in seen:  # fire_timer said it was done, yet it is pending: do not loop on it
                log.error("timer %s is still pending after it was fired; left for the next sweep", timer_id)
                stuck.add(timer_id)
                continue
            seen.add(timer_id)
            try:
                outcome = deadlines.fire_timer(env, timer_id)
            except Exception:
                log.exception("timer %s failed; the sweep goes on without it", timer_id)
                stuck.add(timer_id)
                outcome = "failed"
            counts[outcome] += 1
    return SweepResult(*(counts[o] for o in OUTCOMES))


# -- the recurring jobs --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Active:
    env: Env
    options: SchedulerOptions
    halt: threading.Event  # set when the process stops or loses its lock: a long sweep stops too
    audit: checkpoint.AuditOptions | None = None  # the [audit] table: the checkpoint's key, folder, recipients


_active: _Active | None = None  # the jobs run in this process's executor and find their Env here
_missing_reported: set[str] = set()


def _job(name: str, work: Callable[[_Active], None]) -> None:
    active = _active
    if active is None or active.halt.is_set():
        return
    try:
        work(active)
    except Exception:
        log.exception("scheduler job %s failed; it runs again at its next time", name)


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A function of another part of the engine (notifications, the loaded calendar), imported when a job
    first needs it; a missing one is said once and its job does nothing."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as err:
        if module not in _missing_reported:
            _missing_reported.add(module)
            log.warning("%s.%s is not available (%s): that job does nothing", module, name, err)
        return None


def _refresh_calendar(env: Env) -> None:
    """Pick up a holiday notice the union office loaded since this process started."""
    refresh = _optional("engine.time.holiday_notices", "refresh_calendar")
    if refresh is not None:
        refresh(env)


def _sweep(active: _Active) -> None:
    _refresh_calendar(active.env)  # overdue reminders are planned in working days
    result = sweep(active.env, batch=active.options.batch, stop=active.halt)
    if result.total:
        log.info("sweep: %d fired, %d obsolete, %d skipped, %d failed", result.fired, result.obsolete,
                 result.skipped, result.failed)
    for name, job in active.env.registry.sweeps.items():  # the domains' own periodic work
        if active.halt.is_set():
            return
        done = job(active.env)
        if done:
            log.info("sweep: %d %s", done, name)


def _outbox(active: _Active) -> None:
    deliver = _optional("engine.notify.outbox", "deliver")
    if deliver is not None:
        deliver(active.env)


def _exports(active: _Active) -> None:
    run = _optional("engine.output.exports", "run_exports")
    if run is not None:
        done = run(active.env, stop=active.halt)
        if done:
            log.info("exports: %d written", done)


def _digest(active: _Active) -> None:
    _refresh_calendar(active.env)
    today = active.env.clock.now().astimezone(TZ).date()
    if not active.env.calendar.is_workday(today)[0]:
        log.info("digest: %s is not a working day, none sent", today)
        return
    send = _optional("engine.notify.digest", "send_digests")
    if send is not None:
        send(active.env)


def _audit(active: _Active) -> None:
    breaks = list(audit.verify(active.env.db))
    for found in breaks:
        log.error("history chain broken: %s", found)
    if breaks:
        log.error("audit: %d case(s) with a broken history; run `unionflow audit verify`", len(breaks))
    else:
        log.info("audit: every history chain holds")


def _checkpoint(active: _Active) -> None:
    if active.audit is None or active.audit.signing_key is None:
        log.info("checkpoint: no [audit] signing_key configured, none made")
        return
    made = checkpoint.make(active.env, active.audit)
    log.info("checkpoint %d: root %s over %d cases%s", made.id, made.root, made.size,
             f", written to {made.file}" if made.file else "")


# Module-level functions, so that the job store keeps them by name.
def sweep_job() -> None:
    _job("sweep", _sweep)


def outbox_job() -> None:
    _job("outbox", _outbox)


def exports_job() -> None:
    _job("exports", _exports)


def digest_job() -> None:
    _job("digest", _digest)


def audit_job() -> None:
    _job("audit", _audit)


def checkpoint_job() -> None:
    _job("checkpoint", _checkpoint)


class _Scheduler(BackgroundScheduler):
    """APScheduler's background scheduler, minus its last look for due jobs after shutdown.

    APScheduler 3.11's loop looks once more after ``shutdown()`` has stopped the executors: a job due at that
    moment fails to start ("cannot schedule new futures after shutdown") and its run is skipped for good.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


def _add_jobs(scheduler: BackgroundScheduler, options: SchedulerOptions) -> None:
    now = datetime.now(TZ)
    jobs = [  # id, function, trigger, seconds late it may still run, run at once on taking over
        ("sweep", sweep_job, IntervalTrigger(seconds=options.sweep_seconds, timezone=TZ), options.sweep_seconds,
         True),
        ("outbox", outbox_job, IntervalTrigger(seconds=options.outbox_seconds, timezone=TZ),
         options.outbox_seconds, True),
        ("exports", exports_job, IntervalTrigger(seconds=options.exports_seconds, timezone=TZ),
         options.exports_seconds, True),
        ("digest", digest_job, CronTrigger(hour=options.digest_at.hour, minute=options.digest_at.minute,
                                           timezone=TZ), 3600, False),
        ("audit", audit_job, CronTrigger(hour=options.audit_at.hour, minute=options.audit_at.minute, timezone=TZ),
         6 * 3600, False),
        ("checkpoint", checkpoint_job, CronTrigger(hour=options.checkpoint_at.hour,
                                                   minute=options.checkpoint_at.minute, timezone=TZ),
         6 * 3600, False),
    ]
    for job_id, func, trigger, grace, at_once in jobs:
        extra: dict[str, Any] = {"next_run_time": now} if at_once else {}
        if not at_once:
            # A digest due while no scheduler ran still goes out if it is less than its grace late.
            try:
                stored = scheduler.get_job(job_id)
            except Exception as err:  # a job stored by an older version that no longer loads
                log.warning("stored job %s cannot be read (%s); it is replaced", job_id, err)
                stored = None
            if stored is not None and stored.next_run_time is not None:
                extra["next_run_time"] = stored.next_run_time
        scheduler.add_job(func, trigger, id=job_id, name=job_id, replace_existing=True, coalesce=True,
                          max_instances=1, misfire_grace_time=int(grace), **extra)


def _job_store(env: Env) -> SQLAlchemyJobStore:
    options: dict[str, Any] = ({"connect_args": {"timeout": env.db.busy_timeout_ms / 1000}} if env.db.sqlite
                               else {"pool_pre_ping": True})
    return SQLAlchemyJobStore(url=env.db.url, tablename=JOB_TABLE, engine_options=options)


def _lead(env: Env, options: SchedulerOptions, lock: SchedulerLock, stop: threading.Event,
          audit_options: checkpoint.AuditOptions | None = None) -> None:
    """Run the jobs until the process stops or the lock is lost."""
    global _active
    halt = threading.Event()
    _active = _Active(env, options, halt, audit_options)
    scheduler = _Scheduler(
        jobstores={"default": _job_store(env)}, executors={"default": ThreadPoolExecutor(4)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}, timezone=TZ)
    try:
        scheduler.start(paused=True)  # the job store opens its table here
        _add_jobs(scheduler, options)
        scheduler.resume()
        while not stop.wait(options.standby_retry):
            if not lock.holds():
                return
    finally:
        halt.set()
        if scheduler.running:
            scheduler.shutdown(wait=True)
        _active = None


def run_scheduler(env: Env, settings: Settings, *, stop_event: threading.Event | None = None,
                  standby_retry: float | None = None, sweep_seconds: float | None = None,
                  announce: Callable[[str], None] | None = None) -> None:
    """Be the active scheduler of the database, or wait as a standby until the active one is gone.

    Returns when ``stop_event`` is set (the command sets it on SIGTERM and SIGINT). ``announce`` is told when
    this process waits as a standby, becomes active, or loses its lock.
    """
    options = SchedulerOptions.from_settings(settings, standby_retry=standby_retry, sweep_seconds=sweep_seconds)
    redaction.install(redaction.settings_secrets(settings))  # a robot's key is in every URL httpx logs
    stop = stop_event or threading.Event()
    say = announce or log.info
    if not list(env.registry):
        # fire_timer retires a timer whose workflow it cannot find: never sweep without the workflows.
        raise ValueError("the scheduler needs the installation's workflows registered")
    env.db.check_schema()
    lock = scheduler_lock_for(env.db)
    try:
        while not stop.is_set():
            waited = False
            while not lock.try_acquire():
                if not waited:
                    say(f"Scheduler on standby: another scheduler is active ({lock.holder()}); "
                        f"trying again every {options.standby_retry:g} s.")
                    waited = True
                if stop.wait(options.standby_retry):
                    return
            say(f"Scheduler active ({this_process()}): due timers swept every {options.sweep_seconds:g} s, "
                f"notifications every {options.outbox_seconds:g} s, digest at {options.digest_at:%H:%M} on "
                f"working days, history check at {options.audit_at:%H:%M} (Asia/Shanghai).")
            try:
                _lead(env, options, lock, stop, settings.section("audit"))
            except Exception:  # the database went away while taking over, say: step down and try again
                log.exception("the scheduler could not run its jobs; it steps down and tries again")
                lock.release()
                if stop.wait(options.standby_retry):
                    return
                continue
            if not stop.is_set():
                say("Scheduler lost its lock (its database session ended); waiting as a standby.")
                lock.release()
    finally:
        lock.release()
