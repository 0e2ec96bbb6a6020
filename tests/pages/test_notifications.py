"""Notifications in the pages: the bell's unread count, the list and marking read, preferences, failed deliveries."""

from __future__ import annotations

import re

import sqlalchemy as sa

from engine import services
from engine.notify.outbox import deliver
from engine.store.models import Delivery
from support.notify import MailServer, free_port, use
from support.web import csrf, sign_in, start_proposal

deliveries = Delivery.__table__


def invite(env, union) -> int:
    """rep1's proposal invites rep2 and rep3 to co-sign: a notification to each."""
    case_id = start_proposal(env, union)
    services.fire(env, services.Actor(union.rep1), case_id, "invite",
                  {"co_signers_invited": [union.rep2, union.rep3]})
    return case_id


def unread_badge(page: str) -> str | None:
    found = re.search(r'id="unread-count">(\d+)<', page)
    return found.group(1) if found else None


def with_email(env, user_id: int, address: str) -> None:
    services.update_user(env, user_id, display_name=services.get_user(env, user_id).display_name, email=address)


def test_the_bell_counts_unread_notifications_and_the_list_marks_them_read(app, client, web_env, union):
    use(web_env)
    invite(web_env, union)
    deliver(web_env)
    sign_in(client, "rep2")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert unread_badge(inbox) == "1" and 'href="/notifications"' in inbox

    page = client.get("/notifications").get_data(as_text=True)
    [item] = re.findall(r'data-notification="(\d+)" data-unread="yes"', page)
    assert "附议邀请：关于食堂夜班供餐的提案" in page and f'href="/notifications/{item}"' in page
    response = client.post("/notifications/read", data={"csrf_token": csrf(client, "/notifications"), "id": item})
    assert response.status_code == 302 and response.headers["Location"] == "/notifications"
    page = client.get("/notifications").get_data(as_text=True)
    assert unread_badge(page) is None and f'data-notification="{item}" data-unread="no"' in page
    assert 'id="read-all"' not in page  # nothing left to mark

    rep3 = sign_in(app.test_client(), "rep3")  # someone else's stays unread until they read it
    assert unread_badge(rep3.get("/inbox").get_data(as_text=True)) == "1"
    token = csrf(rep3, "/notifications")
    assert rep3.post("/notifications/read", data={"csrf_token": token, "id": item}).status_code == 302
    assert unread_badge(rep3.get("/inbox").get_data(as_text=True)) == "1"  # rep2's item is not rep3's to mark
    rep3.post("/notifications/read", data={"csrf_token": token, "all": "1"})
    assert unread_badge(rep3.get("/inbox").get_data(as_text=True)) is None


def test_the_list_speaks_the_readers_language_and_needs_a_sign_in(client, web_env, union):
    use(web_env)
    assert client.get("/notifications").headers["Location"].startswith("/login")
    services.set_language(web_env, union.rep2, "en")
    invite(web_env, union)
    deliver(web_env)
    sign_in(client, "rep2")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Invitation to co-sign: 关于食堂夜班供餐的提案" in page and "Mark all as read" in page
    assert client.get("/notifications?page=x").status_code == 200


def test_preferences_turn_email_off_so_no_email_goes_out(client, web_env, union):
    server = MailServer().start()
    try:
        use(web_env, smtp_port=server.port)
        with_email(web_env, union.rep2, "rep2@example.com")
        with_email(web_env, union.rep3, "rep3@example.com")
        sign_in(client, "rep2")
        page = client.get("/preferences").get_data(as_text=True)
        assert re.search(r'id="pref-email" name="email" checked', page)
        assert re.search(r'id="pref-digest" name="digest" checked', page)
        response = client.post("/preferences", data={"csrf_token": csrf(client, "/preferences"), "digest": "on"})
        assert response.status_code == 302 and response.headers["Location"] == "/preferences"
        page = client.get("/preferences").get_data(as_text=True)
        assert "已保存" in page or "Saved." in page
        assert not re.search(r'id="pref-email" name="email" checked', page)
        assert services.get_preferences(web_env, union.rep2) == services.Preferences(email=False, digest=True)

        invite(web_env, union)
        deliver(web_env)
        assert [m["X-Envelope-To"] for m in server.messages] == ["rep3@example.com"]
        with web_env.db.engine.connect() as conn:
            channels = conn.execute(sa.select(deliveries.c.channel).where(deliveries.c.user_id == union.rep2)).all()
        assert [c for (c,) in channels] == ["inapp"]
    finally:
        server.stop()


def test_the_union_office_sees_failed_deliveries_and_sends_one_again(app, client, web_env, union):
    use(web_env, smtp_port=free_port(), max_attempts=1)  # nothing listens there: the e-mail fails for good
    with_email(web_env, union.rep2, "rep2@example.com")
    invite(web_env, union)
    deliver(web_env)
    [failed] = services.failed_deliveries(web_env).items

    assert client.get("/admin/deliveries").headers["Location"].startswith("/login")
    sign_in(client, "rep1")
    assert client.get("/admin/deliveries").status_code == 403
    token = csrf(client, "/inbox")
    assert client.post(f"/admin/deliveries/{failed.id}/resend", data={"csrf_token": token}).status_code == 403

    office = sign_in(app.test_client(), "office")
    assert 'href="/admin/deliveries"' in office.get("/admin").get_data(as_text=True)  # in the office's menu
    page = office.get("/admin/deliveries").get_data(as_text=True)
    assert re.search(r'id="failed-count">1<', page)
    assert f'data-delivery="{failed.id}"' in page and "李秀英" in page and "rep2@example.com" in page
    assert "ConnectionRefusedError" in page and "附议邀请：关于食堂夜班供餐的提案" in page
    response = office.post(f"/admin/deliveries/{failed.id}/resend",
                           data={"csrf_token": csrf(office, "/admin/deliveries")})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/deliveries"
    page = office.get("/admin/deliveries").get_data(as_text=True)
    assert 'id="no-failures"' in page
    with web_env.db.engine.connect() as conn:
        row = conn.execute(sa.select(deliveries).where(deliveries.c.id == failed.id)).one()
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, None)
    again = office.post(f"/admin/deliveries/{failed.id}/resend", data={"csrf_token": csrf(office, "/admin/deliveries")})
    assert again.status_code == 302  # not failed any more: told so, nothing changes
    assert office.post("/admin/deliveries/9999/resend",
                       data={"csrf_token": csrf(office, "/admin/deliveries")}).status_code == 404


def test_opening_a_notification_marks_it_read_and_leads_to_its_case(app, client, web_env, union):
    use(web_env)
    case_id = invite(web_env, union)
    deliver(web_env)
    sign_in(client, "rep2")
    page = client.get("/notifications").get_data(as_text=True)
    [item] = re.findall(r'data-notification="(\d+)" data-unread="yes"', page)
    assert unread_badge(page) == "1"

    response = client.get(f"/notifications/{item}")
    assert response.status_code == 302 and response.headers["Location"] == f"/cases/{case_id}"
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert unread_badge(page) is None  # the bell's count dropped
    assert f'data-notification="{item}" data-unread="no"' in client.get("/notifications").get_data(as_text=True)

    client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    sign_in(client, "rep3")  # another's notification is not theirs to open
    assert client.get(f"/notifications/{item}").status_code == 404
