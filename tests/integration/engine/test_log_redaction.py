"""Secrets out of the logs: the robots' keys, the SMTP password and tokens, on the real log lines of the scheduler,
a robot that refuses and an SMTP server that refuses; and no SMTP login in clear text to another host."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from config import Settings, SettingsError
from engine import services
from engine.core.redaction import RedactSecrets, install, settings_secrets
from engine.notify.config import configure
from engine.notify.outbox import deliver
from engine.scheduler import process as scheduler
from engine.store.models import Delivery
from support.db import People
from support.notify import RobotServer, free_port, use

KEY = "693a91f6-7a1b-4c2d-9e8f-robotkey0001"
TOKEN = "dingtalktoken0123456789abcdef"
SECRET = "SECdingtalksigningsecret0001"
SMTP_PASSWORD = "smtp-pa55word-0001"
deliveries = Delivery.__table__


def robots(server: RobotServer, people: People) -> list[dict[str, object]]:
    return [{"name": "工会企业微信群", "organisation": people.union, "kind": "wecom",
             "url": f"{server.url}/cgi-bin/webhook/send?key={KEY}"},
            {"name": "工会钉钉群", "organisation": people.union, "kind": "dingtalk",
             "url": f"{server.url}/robot/send?access_token={TOKEN}", "secret": SECRET}]


def submit(env, people: People) -> None:
    clerk = services.Actor(people.clerk)
    case_id = services.start_case(env, clerk, "request", people.union, "申请", {"body": "正文"}).case_id
    services.fire(env, clerk, case_id, "submit")


def no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_the_scheduler_with_a_robot_configured_logs_its_posts_without_the_key(env, people, robot, caplog):
    settings = Settings(database_url=env.db.url, notify={"robots": robots(robot, people)},
                        scheduler={"outbox_seconds": 1})
    use(env, robots=robots(robot, people))
    submit(env, people)
    stop = threading.Event()
    runner = threading.Thread(target=scheduler.run_scheduler, args=(env, settings),
                              kwargs={"stop_event": stop, "standby_retry": 0.1})
    caplog.set_level(logging.INFO)
    runner.start()
    try:
        deadline = time.monotonic() + 30
        while len(robot.posts) < 2:
            assert time.monotonic() < deadline, caplog.text
            time.sleep(0.05)
    finally:
        stop.set()
        runner.join(30)
    posted = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert len(posted) == 2 and all("HTTP Request: POST" in line for line in posted)
    assert any("key=***" in line for line in posted) and any("sign=***" in line for line in posted)
    no_secret(caplog.text, KEY, TOKEN, robot.posts[-1].query["sign"])


def test_a_failed_webhook_delivery_is_logged_and_recorded_without_the_key(env, people, robot, caplog):
    install()
    robot.answer = {"errcode": 93000, "errmsg": f"invalid webhook url: /cgi-bin/webhook/send?key={KEY}"}
    use(env, robots=robots(robot, people)[:1])
    submit(env, people)
    with caplog.at_level(logging.INFO):
        deliver(env)
    failed = [r.getMessage() for r in caplog.records if "failed, try 1" in r.getMessage()]
    assert len(failed) == 1 and "errcode 93000" in failed[0]
    no_secret(caplog.text, KEY)
    with env.db.engine.connect() as conn:
        last_error = conn.execute(sa.select(deliveries.c.last_error).where(deliveries.c.channel == "wecom")).scalar()
    assert last_error == "errcode 93000: invalid webhook url: /cgi-bin/webhook/send?key=***"


def refuse_echoing(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """A server that refuses the login and, as some do, repeats what it was given."""
    return AuthResult(success=False, handled=False,
                      message=f"535 5.7.8 no such login: {auth_data.login.decode()} / {auth_data.password.decode()}")


def test_an_smtp_failure_is_logged_and_recorded_without_the_password(env, people, caplog):
    port = free_port()
    controller = Controller(object(), hostname="127.0.0.1", port=port, authenticator=refuse_echoing,
                            auth_require_tls=False)
    controller.start()
    try:
        settings = Settings(notify={"smtp": {"host": "127.0.0.1", "port": port, "username": "union@example.com",
                                             "password": SMTP_PASSWORD, "timeout": 5}})
        install(settings_secrets(settings))
        configure(env, settings)
        reviewer = services.get_user(env, people.reviewer)
        services.update_user(env, people.reviewer, display_name=reviewer.display_name, email="reviewer@example.com")
        submit(env, people)
        with caplog.at_level(logging.INFO):
            deliver(env)
    finally:
        controller.stop()
    with env.db.engine.connect() as conn:
        [error] = conn.execute(sa.select(deliveries.c.last_error).where(deliveries.c.channel == "email")).scalars()
    assert error.startswith("SMTPAuthenticationError: 535 5.7.8 no such login: union@example.com / ***"), error
    failed = [r.getMessage() for r in caplog.records if "failed, try 1" in r.getMessage()]
    assert len(failed) == 1 and "535 5.7.8 no such login" in failed[0]
    no_secret(caplog.text + error, SMTP_PASSWORD)


def test_bearer_tokens_and_passwords_are_masked_in_any_record_and_traceback(caplog):
    install()
    log = logging.getLogger("unionflow.test")
    with caplog.at_level(logging.INFO):
        log.info("GET /api/v1/me Authorization: Bearer %s", "uf_0123456789abcdefghij")
        log.info("sign-in form: %s", {"username": "rep1", "password": "correct-horse-42"})
        try:
            raise ValueError("connect to postgresql://unionflow:db-secret-1@db/unionflow failed")
        except ValueError:
            log.exception("password=hunter2222 was refused")
    no_secret(caplog.text, "uf_0123456789abcdefghij", "correct-horse-42", "db-secret-1", "hunter2222")
    assert "Bearer ***" in caplog.text and "unionflow:***@db" in caplog.text
    assert isinstance(logging.getLogger().filters[0], RedactSecrets)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_smtp_login_in_clear_text_to_another_host_is_refused_at_start(backend):
    login = {"username": "union@example.com", "password": SMTP_PASSWORD}
    with pytest.raises(SettingsError) as caught:
        Settings(notify={"smtp": {"host": "smtp.example.com", "port": 25, **login}})
    assert "without TLS" in str(caught.value) and "local security practice" in str(caught.value)
    assert SMTP_PASSWORD not in str(caught.value)
    for allowed in ({"host": "127.0.0.1"}, {"host": "localhost"}, {"host": "::1"},
                    {"host": "smtp.example.com", "security": "starttls"},
                    {"host": "relay.internal", "allow_plaintext": True}):
        assert Settings(notify={"smtp": {**allowed, **login}}).section("notify").smtp.username == login["username"]
