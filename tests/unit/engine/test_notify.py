"""Notification parts that need no server: the config tables, texts, the robots' formats and limits."""

from __future__ import annotations

import urllib.parse
from datetime import UTC, datetime

import pytest

from config import Settings
from engine.notify import texts, webhook
from engine.notify.config import NotifyConfig, Smtp
from engine.notify.email import compose
from engine.notify.texts import Rendered


def config(**notify: object) -> NotifyConfig:
    return NotifyConfig.from_settings(Settings(notify=notify))


def test_the_defaults_and_a_full_config():
    default = NotifyConfig.from_settings(Settings())
    assert default.smtp == Smtp("127.0.0.1", 25, "none", None, None, "unionflow@localhost", 30.0)
    assert (default.base_url, default.max_attempts, default.robots) == ("http://127.0.0.1:5000", 8, ())
    full = NotifyConfig.from_settings(Settings(
        web={"base_url": "https://gh.example.com/"},
        notify={"max_attempts": 5, "smtp": {"host": "smtp.example.com", "port": 465, "security": "ssl",
                                            "username": "u", "password": "p", "sender": "工会 <u@example.com>"},
                "robots": [{"name": "群", "organisation": 3, "kind": "dingtalk", "url": "https://x/y",
                            "secret": "SEC1"}]}))
    assert full.base_url == "https://gh.example.com" and full.max_attempts == 5
    assert full.smtp.port == 465 and full.smtp.security == "ssl"
    assert full.robots_for(3)[0].secret == "SEC1" and full.robots_for(4) == [] and full.robot("群") is not None


@pytest.mark.parametrize(("notify", "words"), [
    ({"smtp": {"security": "tls"}}, "notify.smtp.security: must be one of"),
    ({"smtp": {"hots": "x"}}, "notify.smtp.hots: unknown setting"),
    ({"smtp": {"port": "twenty-five"}}, "notify.smtp.port: must be a whole number"),
    ({"robots": [{"name": "a", "organisation": 1, "kind": "feishu", "url": "https://x"}]}, "'wecom' or 'dingtalk'"),
    ({"robots": [{"name": "a", "organisation": 1, "kind": "wecom"}]}, "incomplete"),
    ({"robots": [{"name": "a", "organisation": 1, "kind": "wecom", "url": "ftp://x"}]}, "http://"),
    ({"robots": [{"name": "a", "organisation": 1, "kind": "wecom", "url": "https://x"}] * 2}, "names must differ"),
    ({"max_attempts": 0}, "notify.max_attempts: must be a positive number"),
    ({"base_url": "x"}, "notify.base_url: unknown setting"),
])
def test_a_bad_notify_table_is_named(notify, words):
    with pytest.raises(ValueError, match=words):
        config(**notify)


def test_a_deadline_ending_at_midnight_is_shown_as_its_last_day():
    assert texts.format_due("2026-11-25 16:00:00.000000") == "2026-11-25"  # 24:00 in Beijing
    assert texts.format_due("2026-11-25T16:00:00+00:00") == "2026-11-25"  # PostgreSQL gives it with a zone
    assert texts.format_due("2026-11-25T17:00:00+00:00") == "2026-11-26 01:00"
    assert texts.format_due(datetime(2026, 11, 25, 2, 30, tzinfo=UTC)) == "2026-11-25 10:30"
    assert texts.format_due("") == "" and texts.format_due("soon") == "soon"


def test_an_unknown_kind_gets_the_generic_text_and_a_reminder_names_its_deadline():
    assert texts.subject("something_new", "en", "标题") == "Notification: 标题"
    assert texts.subject("something_new", "zh", "") == "通知：（无标题）"
    reminder = texts.render("reminder", "zh", title="提案", payload={"due_at": "2026-11-25 16:00:00"})
    assert reminder.paragraphs == ("“提案”的期限为 2026-11-25，请及时办理。",)


def test_the_html_part_escapes_what_users_typed():
    rendered = Rendered('<script>alert("x")</script>', ("<i>正文</i>",), "https://u.example/cases/1?a=1&b=2", "查看")
    msg = compose(Smtp(), rendered, to_name="<王>", to_address="w@example.com", lang="zh", footer="a & b",
                  now=datetime(2026, 11, 23, tzinfo=UTC))
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;i&gt;正文&lt;/i&gt;" in html
    assert 'href="https://u.example/cases/1?a=1&amp;b=2"' in html and "a &amp; b" in html
    assert "<i>正文</i>" in msg.get_body(("plain",)).get_content()
    assert msg["Auto-Submitted"] == "auto-generated" and msg["Subject"] == '<script>alert("x")</script>'


def test_a_long_message_is_cut_politely_within_4096_bytes_at_a_character():
    text = "职" * 3000  # 9000 bytes
    cut = webhook.truncate(text)
    assert len(cut.encode()) <= 4096 and cut.endswith("（内容过长，已截断，请在系统中查看）")
    assert cut.encode().decode() == cut and cut.startswith("职" * 1000)
    assert webhook.truncate("short") == "short"
    assert webhook.truncate("x" * 5000, "en").endswith("(too long, cut short: see it in unionflow)")


def test_messages_are_packed_to_fit_and_merged_under_a_heading():
    items = [Rendered(f"主题{n}", ("说" * 400,), f"https://u/cases/{n}", "查看") for n in range(6)]  # ~1.2 kB each
    groups = webhook.pack(items, "zh")
    assert [len(g) for g in groups] == [3, 3] and sum(groups, []) == list(range(6))
    title, text = webhook.merge([items[i] for i in groups[0]], "zh")
    assert title == "工会通知（3 条）" and text.startswith("### 工会通知（3 条）") and len(text.encode()) <= 4096
    assert webhook.merge(items[:1], "zh")[0] == "主题0"


def test_the_dingtalk_url_carries_timestamp_and_signature():
    at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    url = webhook.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", at)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query["access_token"] == "t" and query["timestamp"] == str(int(at.timestamp() * 1000))
    assert query["sign"] == webhook.dingtalk_sign("SECabc", int(query["timestamp"]))
    assert webhook.dingtalk_url("https://x/send", None, at) == "https://x/send"
    assert "?timestamp=" in webhook.dingtalk_url("https://x/send", "S", at)
