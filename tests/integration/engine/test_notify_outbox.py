"""The outbox: fan-out to users and channels, real e-mail over SMTP, retries with backoff, giving up, re-sending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.env import Env
from engine.notify.outbox import backoff, deliver
from engine.store.models import Delivery, Notification, User
from engine.time import deadlines
from support.db import START, People
from support.notify import MailServer, use

TITLE = '<b>食堂</b> & "夜班"'
deliveries, notifications = Delivery.__table__, Notification.__table__


@pytest.fixture
def mail() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


def rows(env: Env, **where: Any) -> list[Any]:
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(deliveries).where(*(deliveries.c[k] == v for k, v in where.items()))
                            .order_by(deliveries.c.id)).all()


def queue(env: Env, kind: str, **to: Any) -> None:
    """A notification as an action queues it (``user_id=…`` or ``role=…, organisation_id=…``)."""
    now = env.clock.now()
    with env.db.engine.begin() as conn:
        conn.execute(notifications.insert().values(kind=kind, payload={}, status="pending", attempts=0,
                                                   next_attempt_at=now, created_at=now, **to))


def submit(env: Env, people: People, title: str = TITLE) -> int:
    clerk = services.Actor(people.clerk)
    case_id = services.start_case(env, clerk, "request", people.union, title, {"body": "夜班职工吃不上热饭"}).case_id
    services.fire(env, clerk, case_id, "submit")
    return case_id


def with_email(env: Env, user_id: int, address: str) -> None:
    user = services.get_user(env, user_id)
    services.update_user(env, user_id, display_name=user.display_name, email=address)


def test_a_submitted_request_is_mailed_to_each_reviewer_in_their_language(env, people, mail):
    use(env, smtp_port=mail.port)
    services.grant_role(env, people.clerk2, people.union, "reviewer")  # a Chinese reviewer beside an English one
    with_email(env, people.reviewer, "reviewer@example.com")
    with_email(env, people.clerk2, "clerk2@example.com")
    case_id = submit(env, people)

    assert deliver(env) == 4  # two in-app, two e-mails
    english, chinese = mail.to("reviewer@example.com"), mail.to("clerk2@example.com")
    assert len(english) == 1 and len(chinese) == 1 and len(mail.messages) == 2
    en, zh = english[0], chinese[0]
    assert en["To"].addresses[0].addr_spec == "reviewer@example.com" and en["To"].addresses[0].display_name == "张审查"
    assert en["Subject"] == f"A request awaits review: {TITLE}"
    assert zh["Subject"] == f"新申请待审查：{TITLE}"
    assert en["From"].addresses[0].addr_spec == "union@example.com"
    for msg, words in ((en, ("Dear 张审查,", "has been submitted for your review", "Step: review")),
                       (zh, ("李职员，您好：", "已提交，请审查", "环节：review"))):
        plain, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
        assert msg.get_content_type() == "multipart/alternative"
        assert all(w in plain for w in words), plain
        assert TITLE in plain  # plain text carries the title as typed
        assert f"https://union.example/cases/{case_id}" in plain
        assert f'href="https://union.example/cases/{case_id}"' in html
        assert "&lt;b&gt;食堂&lt;/b&gt; &amp; &quot;夜班&quot;" in html and "<b>食堂" not in html
    assert 'lang="zh-CN"' in zh.get_body(("html",)).get_content()
    sent = rows(env, channel="email")
    assert [(r.status, r.attempts, r.last_error) for r in sent] == [("sent", 1, None)] * 2
    assert all(r.sent_at == env.clock.now() for r in sent)
    assert deliver(env) == 0 and len(mail.messages) == 2  # nothing goes out twice
    with env.db.engine.connect() as conn:
        assert conn.execute(sa.select(notifications.c.status)).scalars().all() == ["sent"]


def test_a_role_held_above_counts_and_disabled_or_unrelated_users_are_left_out(env, people, mail):
    use(env, smtp_port=mail.port)
    services.grant_role(env, people.head, people.federation, "reviewer")  # covers the union below
    services.grant_role(env, people.outsider, people.union, "reviewer")
    services.set_user_active(env, people.outsider, False)
    services.grant_role(env, people.handler, people.dept, "reviewer")  # a department below does not cover the union
    queue(env, "submitted", role="reviewer", organisation_id=people.union)
    deliver(env)
    assert sorted(r.user_id for r in rows(env, channel="inapp")) == sorted([people.reviewer, people.head])
    assert rows(env, channel="email") == []  # nobody has an address yet
    assert mail.messages == []


def test_a_user_who_turned_email_off_gets_no_email_delivery(env, people, mail):
    use(env, smtp_port=mail.port)
    with_email(env, people.reviewer, "reviewer@example.com")
    assert services.get_preferences(env, people.reviewer) == services.Preferences(email=True, digest=True)
    services.set_preferences(env, people.reviewer, email=False, digest=True)
    assert services.get_preferences(env, people.reviewer) == services.Preferences(email=False, digest=True)
    submit(env, people)
    deliver(env)
    assert [r.channel for r in rows(env, user_id=people.reviewer)] == ["inapp"]
    assert mail.messages == []
    services.set_preferences(env, people.reviewer, email=True, digest=False)  # and back on
    submit(env, people, "第二件")
    deliver(env)
    assert [m["To"].addresses[0].addr_spec for m in mail.messages] == ["reviewer@example.com"]


def test_with_the_mail_server_down_the_email_waits_and_goes_when_it_is_back(env, people, clock):
    server = MailServer().start()
    server.stop()  # the server goes down: its port refuses connections
    use(env, smtp_port=server.port)
    with_email(env, people.reviewer, "reviewer@example.com")
    submit(env, people)
    assert deliver(env) == 1  # the in-app one
    [row] = rows(env, channel="email")
    assert (row.status, row.attempts) == ("pending", 1)
    assert "ConnectionRefused" in row.last_error
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert deliver(env) == 0  # not due yet: no second try at once
    assert rows(env, channel="email")[0].attempts == 1

    server.start()
    try:
        clock.advance(seconds=30)
        assert deliver(env) == 0 and server.messages == []  # still waiting out the backoff
        clock.advance(seconds=31)
        assert deliver(env) == 1
        assert [m["To"].addresses[0].addr_spec for m in server.messages] == ["reviewer@example.com"]
    finally:
        server.stop()
    [row] = rows(env, channel="email")
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)


def test_after_eight_failed_tries_a_delivery_is_failed_and_the_office_sends_it_again(env, people, clock):
    server = MailServer()
    use(env, smtp_port=server.port)
    with_email(env, people.reviewer, "reviewer@example.com")
    submit(env, people)
    waits = []
    for _ in range(8):
        deliver(env)
        [row] = rows(env, channel="email")
        waits.append(row.next_attempt_at - clock.now())
        clock.set(row.next_attempt_at)
    assert [w.total_seconds() / 60 for w in waits[:7]] == [1, 2, 4, 8, 16, 32, 64]
    [row] = rows(env, channel="email")
    assert (row.status, row.attempts) == ("failed", 8) and "ConnectionRefused" in row.last_error
    clock.advance(hours=5)
    deliver(env)
    assert rows(env, channel="email")[0].attempts == 8  # given up: no ninth try

    failed = services.failed_deliveries(env, organisation_id=people.union)
    assert failed.total == 1
    [view] = failed.items
    assert (view.id, view.channel, view.address, view.user_name) == (row.id, "email", "reviewer@example.com", "张审查")
    assert view.case_title == TITLE and view.text.en == f"A request awaits review: {TITLE}"
    assert "ConnectionRefused" in view.last_error and view.attempts == 8
    assert services.failed_deliveries(env, organisation_id=people.other_dept).total == 0  # another office's view
    with pytest.raises(services.NotFound):
        services.resend_delivery(env, row.id, organisation_id=people.other_dept)

    services.resend_delivery(env, row.id, organisation_id=people.union)
    [row] = rows(env, channel="email")
    assert (row.status, row.attempts, row.last_error, row.next_attempt_at) == ("pending", 0, None, clock.now())
    with pytest.raises(services.ValidationFailed):
        services.resend_delivery(env, row.id)  # only a failed one is sent again
    server.start()
    try:
        assert deliver(env) == 1
        assert len(server.messages) == 1
    finally:
        server.stop()
    assert services.failed_deliveries(env).total == 0


def test_a_retried_email_goes_to_the_address_the_user_has_now(env, people, clock):
    server = MailServer()
    use(env, smtp_port=server.port)
    with_email(env, people.reviewer, "old@example.com")
    submit(env, people)
    deliver(env)  # the server is down
    with_email(env, people.reviewer, "new@example.com")  # the office corrects the address meanwhile
    server.start()
    try:
        clock.advance(minutes=1)
        assert deliver(env) == 1
        assert [m["X-Envelope-To"] for m in server.messages] == ["new@example.com"]
    finally:
        server.stop()
    assert rows(env, channel="email")[0].address == "new@example.com"


def stored_email(env: Env, user_id: int, address: str) -> None:
    """An address the account rules refuse today, stored before they did (or by another tool)."""
    with env.db.engine.begin() as conn:
        conn.execute(User.__table__.update().where(User.__table__.c.id == user_id).values(email=address))


def test_a_refused_recipient_fails_alone_and_the_next_message_still_goes(env, people, mail):
    use(env, smtp_port=mail.port)
    services.grant_role(env, people.clerk2, people.union, "reviewer")
    stored_email(env, people.reviewer, "not an address")
    with_email(env, people.clerk2, "clerk2@example.com")
    submit(env, people)
    deliver(env)
    by_user = {r.user_id: r for r in rows(env, channel="email")}
    assert by_user[people.clerk2].status == "sent"
    assert by_user[people.reviewer].status == "pending" and by_user[people.reviewer].last_error
    assert [m["X-Envelope-To"] for m in mail.messages] == ["clerk2@example.com"]


def test_a_reminder_names_the_deadline_of_the_open_task_not_its_own_time(env, people, clock, mail):
    use(env, smtp_port=mail.port)
    with_email(env, people.reviewer, "reviewer@example.com")
    submit(env, people, "待审查的申请")  # Mon 23 Nov: review within 5 working days, reminded one working day before
    deliver(env)
    mail.messages.clear()
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=START.tzinfo))  # Friday 09:00: the reminder's time
    for timer_id in deadlines.due_timers(env):
        deadlines.fire_timer(env, timer_id)
    assert deliver(env) == 2
    [msg] = mail.messages
    assert msg["Subject"] == "Reminder: 待审查的申请"
    assert "“待审查的申请” is due 2026-11-30; please act in time." in msg.get_body(("plain",)).get_content()


def test_a_notification_nobody_holds_the_role_for_is_marked_as_such(env, people):
    use(env)
    queue(env, "submitted", role="nobody_has_this", organisation_id=people.union)
    queue(env, "approved", user_id=people.clerk)
    assert deliver(env) == 1
    with env.db.engine.connect() as conn:
        found = conn.execute(sa.select(notifications.c.kind, notifications.c.status, notifications.c.last_error)
                             .order_by(notifications.c.id)).all()
    assert [tuple(r) for r in found] == [("submitted", "sent", "no recipient"), ("approved", "sent", None)]


def test_the_backoff_doubles_from_a_minute_and_stops_at_a_day():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 8)] == [1, 2, 4, 128]
    assert backoff(40) == timedelta(days=1)
