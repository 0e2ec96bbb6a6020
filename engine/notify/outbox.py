"""The outbox: pending notifications fanned out into deliveries, and due deliveries sent, with retries.

``deliver`` runs every few seconds in the scheduler. It never talks to an SMTP server or a chat service with a
transaction open: it claims due deliveries (moving their ``next_attempt_at`` a lease ahead, so a crash only
delays them a minute), commits, sends, and records each e-mail's outcome in its own transaction as soon as the
server answered. A crash can thus repeat at most the one e-mail in flight, and the repeat carries the same
``Message-ID`` (derived from the delivery's id), so mail servers and clients can drop it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from engine.core.env import Env
from engine.core.errors import NotFound
from engine.core.i18n import Label
from engine.notify import texts, webhook
from engine.notify.config import NotifyConfig, Robot, config_of
from engine.notify.email import Mailer, SendError, compose, message_id
from engine.notify.texts import Rendered
from engine.store.models import Case, Delivery, Membership, Notification, Organisation, Task, User, UserPreference

log = logging.getLogger(__name__)
notifications, deliveries, users = Notification.__table__, Delivery.__table__, User.__table__
prefs, memberships, orgs, cases = UserPreference.__table__, Membership.__table__, Organisation.__table__, Case.__table__
tasks = Task.__table__
ROBOT_CHANNELS = ("wecom", "dingtalk")
DIGEST = "digest"  # a user's daily digest: e-mail only
REMINDER = "reminder"
LEASE = timedelta(minutes=1)  # a claimed delivery comes round again after this if its outcome was never recorded
MAX_ERROR = 1000


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4 … minutes, at most a day."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


def deliver(env: Env, *, limit: int = 200, now: datetime | None = None) -> int:
    """Fan out pending notifications, then send the deliveries that are due; the number of deliveries that
    went out (in-app ones included)."""
    now = now or env.clock.now()
    cfg = config_of(env)
    shown = fan_out(env, cfg, now, limit)
    return shown + send_due(env, cfg, now, limit)


# -- fan-out -------------------------------------------------------------------------------------------------
def _locked(env: Env, query: sa.Select[Any], *of: sa.Table) -> sa.Select[Any]:
    """Rows another deliverer holds are skipped on PostgreSQL; SQLite's write lock serialises deliverers."""
    return query if env.db.sqlite else query.with_for_update(skip_locked=True, of=list(of) or None)


def _holders(conn: sa.Connection, role: str, organisation_id: int) -> list[int]:
    """Active users holding ``role`` in the organisation or one above it (a role covers those below)."""
    target = sa.select(orgs.c.path).where(orgs.c.id == organisation_id).scalar_subquery()
    return list(conn.execute(
        sa.select(memberships.c.user_id).distinct()
        .join(orgs, orgs.c.id == memberships.c.organisation_id)
        .join(users, users.c.id == memberships.c.user_id)
        .where(memberships.c.role == role, users.c.is_active.is_(True),
               sa.func.substr(target, 1, sa.func.length(orgs.c.path)) == orgs.c.path)
        .order_by(memberships.c.user_id)).scalars())


def fan_out(env: Env, cfg: NotifyConfig, now: datetime, limit: int) -> int:
    """Turn pending notifications into deliveries in one transaction; the in-app ones are sent by being
    written. Returns how many in-app deliveries were written."""
    n = notifications.c
    with env.db.write() as conn:
        rows = conn.execute(_locked(env, sa.select(n.id, n.kind, n.user_id, n.role, n.organisation_id)
                                    .where(n.status == "pending", n.next_attempt_at <= now)
                                    .order_by(n.id).limit(limit), notifications)).all()
        if not rows:
            return 0
        holders: dict[tuple[str, int], list[int]] = {}
        wanted: dict[int, list[int]] = {}
        for row in rows:
            if row.user_id is not None:
                wanted[row.id] = [row.user_id]
            elif row.role is not None and row.organisation_id is not None:
                key = (row.role, row.organisation_id)
                if key not in holders:
                    holders[key] = _holders(conn, *key)
                wanted[row.id] = holders[key]
            else:
                wanted[row.id] = []
        people = {r.id: r for r in conn.execute(
            sa.select(users.c.id, users.c.email, users.c.is_active, prefs.c.email.label("wants_email"))
            .outerjoin(prefs, prefs.c.user_id == users.c.id)
            .where(users.c.id.in_(sorted({u for ids in wanted.values() for u in ids}))))}
        new: list[dict[str, Any]] = []
        inapp = 0
        for row in rows:
            base = {"notification_id": row.id, "attempts": 0, "next_attempt_at": now, "created_at": now,
                    "last_error": None, "sent_at": None, "read_at": None}
            for uid in wanted[row.id]:
                person = people.get(uid)
                if person is None or not person.is_active:
                    continue
                if row.kind != DIGEST:
                    new.append({**base, "user_id": uid, "channel": "inapp", "address": None, "status": "sent",
                                "sent_at": now})
                    inapp += 1
                if person.email and (row.kind == DIGEST or person.wants_email is not False):
                    new.append({**base, "user_id": uid, "channel": "email", "address": person.email,
                                "status": "pending"})
            if row.user_id is None:
                new += [{**base, "user_id": None, "channel": robot.kind, "address": robot.name, "status": "pending"}
                        for robot in cfg.robots_for(row.organisation_id)]
        if new:
            conn.execute(deliveries.insert(), new)
        conn.execute(notifications.update().where(n.id.in_([r.id for r in rows]))
                     .values(status="sent", sent_at=now, attempts=n.attempts + 1))
        # A notification nobody could be told of stays visible as such (a role nobody holds, say).
        told = {d["notification_id"] for d in new}
        nobody = [r.id for r in rows if r.id not in told]
        if nobody:
            conn.execute(notifications.update().where(n.id.in_(nobody)).values(last_error="no recipient"))
        return inapp


# -- sending -------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Job:
    """A claimed delivery and what its message is made of."""

    id: int
    channel: str
    address: str | None
    attempts: int
    kind: str
    payload: dict[str, Any]
    case_id: int | None
    title: str | None
    step: Label | None
    name: str
    language: str


@dataclass(slots=True)
class Outcome:
    job: Job
    error: str | None = None
    sent_at: datetime | None = None


def _step(env: Env, workflow: str | None, version: int | None, payload: dict[str, Any]) -> Label | None:
    """The label of the step the notification speaks of, if this process knows the workflow."""
    state = payload.get("state") if isinstance(payload, dict) else None
    if workflow is None or version is None or not state:
        return None
    try:
        return env.registry.get(workflow, version).spec.state(state).label
    except (NotFound, KeyError):  # a workflow or step this process does not know only loses the line naming it
        return None


def _robot_budget(conn: sa.Connection, robot: Robot, per_minute: int, now: datetime) -> int:
    """Messages the robot may still take this minute; deliveries merged into one message share a sent_at."""
    d = deliveries.c
    posted = conn.execute(sa.select(sa.func.count(sa.distinct(d.sent_at))).where(
        d.channel == robot.kind, d.address == robot.name, d.sent_at > now - timedelta(minutes=1),
        d.sent_at <= now + timedelta(seconds=1))).scalar_one()
    return max(per_minute - posted, 0)


def _deadlines(conn: sa.Connection, jobs: list[Job]) -> None:
    """A reminder names the deadline of the case's open task as it is now (an extension may have moved it),
    not the time the reminder itself was due."""
    wanted = {j.case_id for j in jobs if j.kind == REMINDER and j.case_id is not None}
    if not wanted:
        return
    t = tasks.c
    due = dict(conn.execute(sa.select(t.case_id, sa.func.min(t.due_at)).where(
        t.case_id.in_(sorted(wanted)), t.status == "open", t.due_at.is_not(None)).group_by(t.case_id)).all())
    for job in jobs:
        found = due.get(job.case_id) if job.kind == REMINDER else None
        if found is not None:
            job.payload = {**job.payload, "due_at": found.isoformat()}


def claim(env: Env, cfg: NotifyConfig, now: datetime, limit: int) -> tuple[list[Job], dict[str, list[list[Job]]]]:
    """Take the due deliveries for sending: e-mails, and per robot the messages its budget allows. Robots are
    claimed apart so that a throttled robot's queue never holds e-mail back."""
    d, n = deliveries.c, notifications.c
    query = (sa.select(d.id, d.channel, d.address, d.user_id, d.attempts, n.kind, n.payload, n.case_id, cases.c.title,
                       cases.c.workflow, cases.c.spec_version, users.c.display_name, users.c.language,
                       users.c.email)
             .select_from(deliveries.join(notifications, n.id == d.notification_id)
                          .outerjoin(cases, cases.c.id == n.case_id).outerjoin(users, users.c.id == d.user_id))
             .where(d.status == "pending", d.next_attempt_at <= now)
             .order_by(d.next_attempt_at, d.id).limit(limit))
    with env.db.write() as conn:
        rows = [*conn.execute(_locked(env, query.where(d.channel.not_in(ROBOT_CHANNELS)), deliveries)),
                *conn.execute(_locked(env, query.where(d.channel.in_(ROBOT_CHANNELS)), deliveries))]
        emails: list[Job] = []
        waiting: dict[str, list[Job]] = defaultdict(list)
        inapp: list[int] = []
        for r in rows:
            payload = env.db.load_js(r.payload) or {}
            # E-mail goes to the address the user has now: a re-sent delivery reaches a corrected address. An
            # e-mail to no user (a checkpoint to a configured address) goes where it was addressed.
            address = (r.email or None) if r.channel == "email" and r.user_id is not None else r.address
            job = Job(r.id, r.channel, address, r.attempts, r.kind, payload, r.case_id, r.title,
                      _step(env, r.workflow, r.spec_version, payload), r.display_name or "", r.language or "zh")
            if r.channel == "inapp":
                inapp.append(r.id)
            elif r.channel == "email":
                emails.append(job)
            else:
                waiting[r.address or ""].append(job)
        _deadlines(conn, [*emails, *(j for jobs in waiting.values() for j in jobs)])
        robots: dict[str, list[list[Job]]] = {}
        for name, jobs in waiting.items():
            robot = cfg.robot(name)
            if robot is None:  # taken out of the config since: fails like any other send
                robots[name] = [jobs]
                continue
            groups = webhook.pack([render(cfg, j, robot.language) for j in jobs], robot.language)
            budget = _robot_budget(conn, robot, cfg.robot_per_minute, now)
            if groups[:budget]:
                robots[name] = [[jobs[i] for i in g] for g in groups[:budget]]
        claimed = [j.id for j in emails] + [j.id for groups in robots.values() for g in groups for j in g]
        if claimed:
            conn.execute(deliveries.update().where(d.id.in_(claimed)).values(next_attempt_at=now + LEASE))
        if inapp:
            conn.execute(deliveries.update().where(d.id.in_(inapp))
                         .values(status="sent", sent_at=now, attempts=d.attempts + 1, last_error=None))
    return emails, robots


def link_to(cfg: NotifyConfig, case_id: int | None) -> str:
    return f"{cfg.base_url}/cases/{case_id}" if case_id else f"{cfg.base_url}/notifications"


def render(cfg: NotifyConfig, job: Job, lang: str) -> Rendered:
    if job.kind == DIGEST:
        return texts.render_digest(lang, job.payload, lambda case_id: link_to(cfg, case_id),
                                   f"{cfg.base_url}/inbox")
    path = job.payload.get("path") if isinstance(job.payload, dict) else None
    link = f"{cfg.base_url}{path}" if isinstance(path, str) and path.startswith("/") else link_to(cfg, job.case_id)
    title = job.title or (job.payload.get("title") if isinstance(job.payload, dict) else None)
    return texts.render(job.kind, lang, title=title, payload=job.payload, step=job.step, link=link,
                        catalog=cfg.texts)


def _send_emails(env: Env, cfg: NotifyConfig, jobs: list[Job], now: datetime) -> int:
    """Send each e-mail and record its outcome at once; the number sent."""
    sent = 0
    with Mailer(cfg.smtp) as mailer:
        for job in jobs:
            lang = "en" if job.language == "en" else "zh"
            footer = (texts.DIGEST_FOOTER if job.kind == DIGEST else texts.FOOTER)(lang).format(
                link=f"{cfg.base_url}/preferences")
            try:
                if not job.address:
                    raise SendError("the user has no e-mail address")
                mailer.send(compose(cfg.smtp, render(cfg, job, lang), to_name=job.name, to_address=job.address,
                                    lang=lang, footer=footer, now=now,
                                    msgid=message_id(cfg.smtp, job.id, cfg.base_url)))
            except SendError as err:
                outcome = Outcome(job, error=str(err))
            except Exception as err:  # noqa: BLE001 - a message that cannot be built fails alone, and is kept
                outcome = Outcome(job, error=f"{type(err).__name__}: {err}")
            else:
                outcome = Outcome(job, sent_at=now)
            sent += record(env, cfg, [outcome], now)
    return sent


def _post_robots(cfg: NotifyConfig, robots: dict[str, list[list[Job]]], now: datetime, http: httpx.Client,
                 outcomes: list[Outcome]) -> None:
    for name, groups in robots.items():
        robot = cfg.robot(name)
        for number, group in enumerate(groups):
            if robot is None:
                outcomes += [Outcome(j, error=f"no robot named {name!r} in [[notify.robots]]") for j in group]
                continue
            title, text = webhook.merge([render(cfg, j, robot.language) for j in group], robot.language)
            # Each message gets its own instant, so the throttle can count messages by distinct sent_at.
            at = now + timedelta(microseconds=number)
            try:
                webhook.post(http, robot, title, text, now)
            except webhook.WebhookError as err:
                outcomes += [Outcome(j, error=str(err)) for j in group]
            else:
                outcomes += [Outcome(j, sent_at=at) for j in group]


def record(env: Env, cfg: NotifyConfig, outcomes: list[Outcome], now: datetime) -> int:
    """Write what happened; a delivery that failed ``max_attempts`` times is given up (``failed``)."""
    d = deliveries.c
    sent = 0
    with env.db.write() as conn:
        for o in outcomes:
            where = sa.and_(d.id == o.job.id, d.status == "pending")
            attempts = o.job.attempts + 1
            if o.error is None:
                sent += conn.execute(deliveries.update().where(where).values(
                    status="sent", sent_at=o.sent_at, attempts=attempts, last_error=None, address=o.job.address)
                ).rowcount
                continue
            given_up = attempts >= cfg.max_attempts
            conn.execute(deliveries.update().where(where).values(
                status="failed" if given_up else "pending", attempts=attempts, last_error=o.error[:MAX_ERROR],
                next_attempt_at=now if given_up else now + backoff(attempts)))
            log.log(logging.ERROR if given_up else logging.WARNING, "delivery %s (%s) failed, try %s: %s",
                    o.job.id, o.job.channel, attempts, o.error)
    return sent


def send_due(env: Env, cfg: NotifyConfig, now: datetime, limit: int,
             client: Callable[[], httpx.Client] | None = None) -> int:
    """Send the due e-mails and robot messages; the number of deliveries that went out. Each e-mail is recorded
    as soon as it went out, and robot messages even if something breaks half-way, so nothing goes out twice
    for want of a record."""
    emails, robots = claim(env, cfg, now, limit)
    sent = _send_emails(env, cfg, emails, now) if emails else 0
    if not robots:
        return sent
    outcomes: list[Outcome] = []
    try:
        with (client or (lambda: httpx.Client(timeout=cfg.http_timeout)))() as http:
            _post_robots(cfg, robots, now, http, outcomes)
    finally:
        sent += record(env, cfg, outcomes, now)
    return sent
