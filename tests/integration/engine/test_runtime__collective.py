"""Actions several people share: invitations to listed users, opinions from listed departments, automatic
follow-up actions, deadlines set from a date and moved, numbering, and files attached by content type."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor, Upload
from engine.store.models import Attachment, Task, Timer
from support.db import snapshot
from support.time import sh

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20


def rows(env, table, **where):
    t = table.__table__
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(t).where(*[t.c[k] == v for k, v in where.items()]).order_by(t.c.id)).all()


def petition(env, people, closes="2026-12-04", uploads=None):
    form = {"invited": [people.clerk2, people.reviewer, people.handler], "closes": closes}
    return services.start_case(env, Actor(people.clerk), "petition", people.union, "请愿", form,
                               uploads=uploads).case_id


def test_each_invited_user_gets_a_task_and_signing_closes_only_their_own(env, people):
    case_id = petition(env, people)
    assert sorted(t.user_id for t in rows(env, Task, case_id=case_id, status="open")) == sorted(
        [people.clerk2, people.reviewer, people.handler])
    services.fire(env, Actor(people.clerk2), case_id, "sign")
    assert sorted(t.user_id for t in rows(env, Task, case_id=case_id, status="open")) == sorted(
        [people.reviewer, people.handler])
    with pytest.raises(services.PermissionDenied):
        services.fire(env, Actor(people.outsider), case_id, "sign")
    with pytest.raises(services.ValidationFailed):
        services.fire(env, Actor(people.clerk2), case_id, "sign")  # signing twice
    assert [i.case_id for i in services.inbox(env, people.handler).items] == [case_id]


def test_an_automatic_action_follows_in_the_same_transaction(env, people):
    first, second = petition(env, people), petition(env, people)
    services.fire(env, Actor(people.clerk2), first, "sign")
    outcome = services.fire(env, Actor(people.handler), first, "sign")
    assert (outcome.state, outcome.version) == ("ready", 4)
    view = services.case_view(env, Actor(people.clerk), first)
    assert [(e.trigger, e.actor_id) for e in view.history[-2:]] == [("sign", people.handler), ("enough", None)]
    assert view.data["number"] == 1
    # The remaining invitation is closed with the state; the reviewer's task opens.
    assert [(t.state, t.role) for t in rows(env, Task, case_id=first, status="open")] == [("ready", "reviewer")]
    services.fire(env, Actor(people.clerk2), second, "sign")
    services.fire(env, Actor(people.reviewer), second, "sign")
    assert services.case_view(env, Actor(people.clerk), second).data["number"] == 2
    with pytest.raises(services.TransitionNotAllowed):
        services.fire(env, Actor(people.reviewer), second, "enough")  # nobody fires an automatic action


def test_a_deadline_from_a_date_runs_to_its_end_and_can_be_moved(env, people):
    case_id = petition(env, people, closes="2026-12-04")
    deadline, reminder = rows(env, Timer, case_id=case_id, status="pending")
    assert (deadline.kind, deadline.trigger, deadline.due_at) == ("deadline", "lapse", sh(2026, 12, 5))
    assert (reminder.kind, reminder.due_at) == ("reminder", sh(2026, 12, 3, 9))
    assert {t.due_at for t in rows(env, Task, case_id=case_id, status="open")} == {sh(2026, 12, 5)}
    services.fire(env, Actor(people.clerk), case_id, "extend", {"closes": date(2026, 12, 11)})
    pending = rows(env, Timer, case_id=case_id, status="pending")
    assert [t.due_at for t in pending] == [sh(2026, 12, 12), sh(2026, 12, 10, 9)]
    assert len(rows(env, Timer, case_id=case_id, status="obsolete")) == 2
    assert {t.due_at for t in rows(env, Task, case_id=case_id, status="open")} == {sh(2026, 12, 12)}


def test_listed_departments_each_give_an_opinion(env, people):
    case_id = petition(env, people)
    services.fire(env, Actor(people.clerk2), case_id, "sign")
    services.fire(env, Actor(people.reviewer), case_id, "sign")
    services.fire(env, Actor(people.reviewer), case_id, "consult", {"departments": [people.dept, people.other_dept]})
    assert sorted(t.organisation_id for t in rows(env, Task, case_id=case_id, status="open")) == sorted(
        [people.dept, people.other_dept])
    helper = services.create_user(env, "finance", "孙财务")
    services.grant_role(env, helper, people.other_dept, "handler")
    with pytest.raises(services.PermissionDenied):
        services.fire(env, Actor(people.clerk), case_id, "give_opinion", {"opinion": "同意"})
    assert services.fire(env, Actor(people.handler), case_id, "give_opinion", {"opinion": "同意"}).state == "consulting"
    assert [t.organisation_id for t in rows(env, Task, case_id=case_id, status="open")] == [people.other_dept]
    assert services.fire(env, Actor(helper), case_id, "give_opinion", {"opinion": "需预算"}).state == "done"


def test_files_are_kept_by_content_type_and_bad_ones_refused(env, people):
    case_id = petition(env, people, uploads=[Upload("提案说明.pdf", PDF), Upload("现场照片.png", PNG)])
    stored = rows(env, Attachment, case_id=case_id)
    assert [(a.filename, a.content_type, a.size, a.seq) for a in stored] == [
        ("提案说明.pdf", "application/pdf", len(PDF), 1), ("现场照片.png", "image/png", len(PNG), 1)]
    assert bytes(stored[0].content) == PDF
    history = services.case_view(env, Actor(people.clerk), case_id).history
    assert [a["filename"] for a in history[0].payload["attachments"]] == ["提案说明.pdf", "现场照片.png"]
    before = snapshot(env)
    for uploads, message in (
        ([Upload("report.pdf", b"MZ\x90\x00 this is a program")], "类型不允许"),
        ([Upload("big.pdf", PDF + b"0" * (env.max_attachment_bytes + 1))], "超过 10 MB"),
        ([Upload(f"{i}.pdf", PDF) for i in range(env.max_attachments + 1)], "最多上传 5 个文件"),
    ):
        with pytest.raises(services.ValidationFailed) as caught:
            petition(env, people, uploads=uploads)
        assert message in caught.value.errors["attachments"][0].zh
    assert snapshot(env) == before
