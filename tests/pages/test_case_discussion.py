"""The discussion thread on the case page: plain-text comments by the case's readers, in the history chain, told to
its participants by the outbox; errors beside the field with the text kept; a comment never makes an action taken
from a page loaded before it conflict."""

from __future__ import annotations

import sqlalchemy as sa

from engine import services
from engine.notify.outbox import deliver
from engine.store import audit
from engine.store.models import Delivery, Event
from support.notify import MailServer, use
from support.web import csrf, sign_in, start_proposal

events, deliveries = Event.__table__, Delivery.__table__


def submitted(env, union) -> int:
    case_id = start_proposal(env, union)
    services.fire(env, services.Actor(union.rep1), case_id, "invite", {"co_signers_invited": [union.rep2, union.rep3]})
    for rep in (union.rep2, union.rep3):
        services.fire(env, services.Actor(rep), case_id, "co_sign")
    return case_id


def post(client, case_id: int, text: str):
    return client.post(f"/cases/{case_id}/comments", data={"csrf_token": csrf(client, f"/cases/{case_id}"),
                                                           "text": text})


def test_a_reader_comments_and_everyone_who_reads_sees_it_escaped_with_author_and_time(app, client, web_env, union):
    case_id = submitted(web_env, union)
    sign_in(client, "committee")
    response = post(client, case_id, "  请补充夜班人数。\n<b>急</b>  ")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case_id}#comments")
    reader = app.test_client()
    sign_in(reader, "rep2")
    page = reader.get(f"/cases/{case_id}").get_data(as_text=True)
    thread = page.split('id="comments"', 1)[1].split("</section>", 1)[0]
    assert "请补充夜班人数。\n&lt;b&gt;急&lt;/b&gt;" in thread and "<b>急</b>" not in thread
    assert "赵提案" in thread and "2026-11-23 10:00" in thread
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "请补充夜班人数" not in timeline  # the thread is apart from the actions' history


def test_a_comment_is_an_entry_of_the_history_chain_that_audit_verifies(client, web_env, union):
    case_id = submitted(web_env, union)
    sign_in(client, "rep1")
    post(client, case_id, "已联系食堂。")
    with web_env.db.engine.connect() as conn:
        entry = conn.execute(sa.select(events).where(events.c.case_id == case_id, events.c.trigger == "comment")).one()
    assert entry.payload == {"text": "已联系食堂。"} and entry.actor_id == union.rep1
    assert entry.from_state == entry.to_state == "submitted"
    assert list(audit.verify(web_env.db)) == []
    with web_env.db.engine.begin() as conn:  # a comment altered afterwards breaks the chain
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_update")
        conn.execute(events.update().where(events.c.id == entry.id).values(payload={"text": "改过"}))
    assert [b.seq for b in audit.verify(web_env.db)] == [entry.seq]


def test_empty_and_over_long_comments_get_a_field_error_and_keep_the_text(client, web_env, union):
    case_id = submitted(web_env, union)
    sign_in(client, "rep1")
    response = post(client, case_id, "   ")
    assert response.status_code == 422 and "此项为必填项。" in response.get_data(as_text=True)
    long = "长" * (services.COMMENT_MAX + 1)
    response = post(client, case_id, long)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"不能超过 {services.COMMENT_MAX} 个字符" in page and f">{long}</textarea>" in page
    assert 'id="comment-error" role="alert"' in page
    assert services.list_comments(web_env, services.SYSTEM_ACTOR, case_id) == []


def test_one_who_cannot_read_the_case_gets_404_on_posting(client, web_env, union):
    case_id = start_proposal(web_env, union)  # a draft: only the proposer reads it
    sign_in(client, "works_handler")
    response = client.post(f"/cases/{case_id}/comments", data={"csrf_token": csrf(client, "/inbox"), "text": "看看"})
    assert response.status_code == 404
    assert services.list_comments(web_env, services.SYSTEM_ACTOR, case_id) == []


def test_an_action_from_a_page_loaded_before_a_comment_is_taken(client, web_env, union):
    case_id = submitted(web_env, union)
    sign_in(client, "committee")
    token = csrf(client, f"/cases/{case_id}")
    seen = services.case_view(web_env, services.SYSTEM_ACTOR, case_id).version
    services.post_comment(web_env, services.Actor(union.rep1), case_id, "补充：夜班约 120 人。")
    response = client.post(f"/cases/{case_id}/act/accept", data={"csrf_token": token, "expected_version": str(seen)})
    assert response.status_code == 302
    assert services.case_view(web_env, services.SYSTEM_ACTOR, case_id).state in ("endorsement", "assignment")
    # an action in between still makes the older page stale
    services.post_comment(web_env, services.Actor(union.rep1), case_id, "谢谢。")
    seen = services.case_view(web_env, services.SYSTEM_ACTOR, case_id).version
    services.fire(web_env, services.Actor(union.leader), case_id, "endorse", {"instruction": "同意"})
    response = client.post(f"/cases/{case_id}/act/assign", data={
        "csrf_token": token, "expected_version": str(seen), "lead_department": str(union.logistics),
        "due_date": "2026-12-23"})
    assert response.status_code == 409


def test_participants_are_told_in_app_and_by_email_as_they_chose(client, web_env, union):
    server = MailServer().start()
    try:
        use(web_env, smtp_port=server.port)
        for user_id, address in ((union.rep1, "rep1@example.com"), (union.rep2, "rep2@example.com"),
                                 (union.rep3, "rep3@example.com")):
            services.update_user(web_env, user_id, display_name=services.get_user(web_env, user_id).display_name,
                                 email=address)
        services.set_preferences(web_env, union.rep3, email=False, digest=True)
        case_id = submitted(web_env, union)
        deliver(web_env)
        server.messages.clear()
        sign_in(client, "rep2")
        post(client, case_id, "我也遇到过这个问题。")
        deliver(web_env)
        assert sorted(m["X-Envelope-To"] for m in server.messages) == ["rep1@example.com"]
        mail = server.messages[0]
        assert "新评论" in mail["Subject"] and "我也遇到过这个问题。" in mail.get_body(("plain",)).get_content()
        with web_env.db.engine.connect() as conn:
            told = {r.user_id: r.channel for r in conn.execute(
                sa.select(deliveries.c.user_id, deliveries.c.channel).where(deliveries.c.channel == "inapp"))}
        assert union.rep3 in told and union.rep1 in told
        assert [n.kind for n in services.list_notifications(web_env, union.rep2, page=1, per_page=50).items
                if n.kind == "comment"] == []  # not the author
        assert any(n.kind == "comment" for n in services.list_notifications(web_env, union.rep3, page=1,
                                                                            per_page=50).items)
    finally:
        server.stop()
