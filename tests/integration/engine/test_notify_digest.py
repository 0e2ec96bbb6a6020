"""The daily digest: one e-mail per user listing their open tasks, overdue and due soon first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from engine import services
from engine.core.env import Env
from engine.notify.digest import send_digests
from engine.notify.outbox import deliver
from support.db import START, People
from support.notify import MailServer, use


@pytest.fixture
def mail() -> Iterator[MailServer]:
    server = MailServer().start()
    yield server
    server.stop()


def submitted(env: Env, people: People, title: str) -> int:
    """A request in review: the reviewers' task is due 5 working days after it was submitted."""
    clerk = services.Actor(people.clerk)
    case_id = services.start_case(env, clerk, "request", people.union, title, {"body": "正文"}).case_id
    services.fire(env, clerk, case_id, "submit")
    return case_id


def with_email(env: Env, user_id: int, address: str) -> None:
    services.update_user(env, user_id, display_name=services.get_user(env, user_id).display_name, email=address)


def test_the_digest_lists_overdue_due_soon_and_other_open_tasks(env, people, clock, mail):
    use(env, smtp_port=mail.port)
    for user, address in ((people.reviewer, "reviewer@example.com"), (people.clerk2, "clerk2@example.com"),
                          (people.head, "head@example.com")):
        with_email(env, user, address)
    services.grant_role(env, people.clerk2, people.union, "reviewer")
    services.set_preferences(env, people.clerk2, email=True, digest=False)  # one who does not want it
    clock.set(START - timedelta(days=12))
    late = submitted(env, people, "逾期的申请")  # due Wed 18 Nov: overdue on Mon 23 Nov
    clock.set(START - timedelta(days=5))
    soon = submitted(env, people, "快到期的申请")  # due Wed 25 Nov: within 3 days
    clock.set(START)
    later = submitted(env, people, "刚提交的申请")  # due Mon 30 Nov
    deliver(env)  # the submissions' own e-mails go first
    mail.messages.clear()

    assert send_digests(env) == 1  # the reviewer only: clerk2 turned it off, the head has nothing open
    assert send_digests(env) == 0  # once a day, however often the job runs
    assert deliver(env) == 1
    [msg] = mail.messages
    assert msg["To"].addresses[0].addr_spec == "reviewer@example.com"
    assert msg["Subject"] == "Daily digest: 3 open tasks, 1 overdue"  # the reviewer reads English
    plain = msg.get_body(("plain",)).get_content()
    overdue, due_soon, other = (plain.index(h) for h in ("Overdue:", "Due within 3 days:", "Other open tasks:"))
    assert overdue < plain.index("逾期的申请") < due_soon < plain.index("快到期的申请") < other
    assert other < plain.index("刚提交的申请")
    assert "Due: 2026-11-25" in plain
    for case_id in (late, soon, later):
        assert f"https://union.example/cases/{case_id}" in plain
    html = msg.get_body(("html",)).get_content()
    assert "<h3" in html and "逾期的申请" in html and "https://union.example/inbox" in html

    clock.advance(days=1)  # the next working day brings the next digest
    assert send_digests(env) == 1


def test_the_digest_is_in_chinese_for_a_chinese_user_and_skips_those_without_an_address(env, people, mail):
    use(env, smtp_port=mail.port)
    services.grant_role(env, people.clerk2, people.union, "reviewer")
    with_email(env, people.clerk2, "clerk2@example.com")  # the reviewer (English) has no address
    submitted(env, people, "申请")
    assert send_digests(env) == 1
    deliver(env)
    digest = [m for m in mail.messages if m["Subject"].startswith("每日汇总")]
    assert [m["Subject"] for m in digest] == ["每日汇总：1 项待办，0 项逾期"]
    assert "其他待办" in digest[0].get_body(("plain",)).get_content()
    assert services.list_notifications(env, people.clerk2).total == 1  # the submission; a digest is e-mail only
