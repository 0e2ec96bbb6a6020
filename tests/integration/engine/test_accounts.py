"""Signing in: argon2id passwords, throttled guessing, and sessions the server can end."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services
from engine.identity import throttle


def test_a_password_signs_in_and_the_session_names_the_user(env, people):
    services.set_password(env, people.clerk, "正确的密码123")
    with env.db.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users WHERE id = :u"), {"u": people.clerk}).scalar()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    signed = services.sign_in(env, "clerk", "正确的密码123", address="10.0.0.8")
    assert services.session_user(env, signed.token) == people.clerk
    services.sign_out(env, signed.token)
    assert services.session_user(env, signed.token) is None


def test_a_password_change_or_a_disabled_account_ends_every_session(env, people, clock):
    services.set_password(env, people.clerk, "first-password")
    one = services.sign_in(env, "clerk", "first-password")
    services.set_password(env, people.clerk, "second-password")
    assert services.session_user(env, one.token) is None
    two = services.sign_in(env, "clerk", "second-password")
    services.set_user_active(env, people.clerk, False)
    assert services.session_user(env, two.token) is None
    with pytest.raises(services.LoginRefused):
        services.sign_in(env, "clerk", "second-password")


def test_sessions_expire_when_idle(env, people, clock):
    services.set_password(env, people.clerk, "a-password")
    signed = services.sign_in(env, "clerk", "a-password")
    clock.advance(hours=11)
    assert services.session_user(env, signed.token) == people.clerk
    clock.advance(hours=13)
    assert services.session_user(env, signed.token) is None


def test_guessing_one_account_from_one_address_waits_longer_each_time_but_not_its_owner_elsewhere(env, people,
                                                                                               clock):
    services.set_password(env, people.clerk, "the-real-one")
    for _ in range(5):
        with pytest.raises(services.LoginRefused) as caught:
            services.sign_in(env, "clerk", "guess", address="10.0.0.9")
        assert caught.value.label.zh == "用户名或密码不正确。" and not caught.value.throttled
    waits = []
    for _ in range(12):  # refused for 1 s, 2 s, 4 s … after the 5th, 6th, 7th … failure, at most 15 minutes
        with pytest.raises(services.LoginRefused) as caught:
            services.sign_in(env, "clerk", "the-real-one", address="10.0.0.9")  # refused unchecked
        waits.append(caught.value.retry_after)
        clock.advance(seconds=caught.value.retry_after)
        with pytest.raises(services.LoginRefused):
            services.sign_in(env, "clerk", "guess", address="10.0.0.9")
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    with pytest.raises(services.LoginRefused) as caught:
        services.sign_in(env, "clerk", "the-real-one", address="10.0.0.9")
    assert caught.value.label.zh == "登录失败次数过多，请 15 分钟后再试。"
    assert caught.value.label.en == "Too many failed sign-ins: try again in 15 minutes."
    # The owner from another address is not held back by this one's guesses (17 < 20 for the whole account).
    assert services.sign_in(env, "clerk", "the-real-one", address="10.0.0.10").user_id == people.clerk
    with pytest.raises(services.LoginRefused):
        services.sign_in(env, "nobody", "guess")  # an unknown name reads the same as a wrong password
    clock.advance(minutes=15)
    assert services.sign_in(env, "clerk", "the-real-one", address="10.0.0.9").user_id == people.clerk


def test_an_attack_from_many_addresses_holds_back_unknown_devices_but_not_a_known_one(env, people, clock):
    services.set_password(env, people.clerk, "the-real-one")
    for n in range(20):
        with pytest.raises(services.LoginRefused):
            services.sign_in(env, "clerk", "guess", address=f"198.51.100.{n}")
    with pytest.raises(services.LoginRefused) as caught:
        services.sign_in(env, "clerk", "the-real-one", address="203.0.113.5")
    assert caught.value.retry_after == 1
    # The device the owner signed in from before (the web's signed cookie names its id) goes through.
    assert services.sign_in(env, "clerk", "the-real-one", address="203.0.113.5", device="d1").user_id == people.clerk
    for _ in range(5):  # a known device that guesses is held back on its own
        with pytest.raises(services.LoginRefused):
            services.sign_in(env, "clerk", "guess", address="203.0.113.5", device="d1")
    with pytest.raises(services.LoginRefused) as caught:
        services.sign_in(env, "clerk", "the-real-one", device="d1")
    assert caught.value.throttled
    assert services.sign_in(env, "clerk", "the-real-one", device="d2").user_id == people.clerk


def test_a_password_reset_revokes_every_api_token_and_the_changer_keeps_their_session(env, people):
    services.set_password(env, people.clerk, "first-password")
    secret = services.create_token(env, people.clerk, "HR system").secret
    assert services.token_user(env, secret) == people.clerk
    services.set_password(env, people.clerk, "second-password")  # a reset by the office
    with pytest.raises(services.TokenRefused):
        services.token_user(env, secret)
    assert services.list_tokens(env, people.clerk) == []
    here = services.sign_in(env, "clerk", "second-password")
    there = services.sign_in(env, "clerk", "second-password")
    secret = services.create_token(env, people.clerk, "HR system").secret
    with pytest.raises(services.ValidationFailed) as caught:
        services.change_password(env, people.clerk, "wrong", "third-password", session_token=here.token)
    assert caught.value.errors["current_password"][0].zh == "当前密码不正确。"
    services.change_password(env, people.clerk, "second-password", "third-password", session_token=here.token)
    assert services.session_user(env, here.token) == people.clerk
    assert services.session_user(env, there.token) is None
    with pytest.raises(services.TokenRefused):
        services.token_user(env, secret)


def test_short_passwords_are_refused(env, people):
    with pytest.raises(services.ValidationFailed) as caught:
        services.set_password(env, people.clerk, "short")
    assert caught.value.errors["password"][0].zh == "密码至少 8 个字符。"


def test_creating_or_changing_an_account_follows_the_account_rules(env, people):
    before = len(services.list_users(env))
    with pytest.raises(services.ValidationFailed) as caught:
        services.create_user(env, "钱 新", "钱新", email="nope", password="short")
    assert {name: [m.en for m in messages] for name, messages in caught.value.errors.items()} == {
        "username": ["A username has only letters, digits and . _ @ -."], "email": ["Not an e-mail address."],
        "password": ["A password has at least 8 characters."]}
    assert len(services.list_users(env)) == before  # nobody without a usable password
    with pytest.raises(services.ValidationFailed) as caught:
        services.create_user(env, "clerk", "另一个")
    assert [m.zh for m in caught.value.errors["username"]] == ["该用户名已被使用。"]
    new = services.create_user(env, " qian.xin@hdjm ", "钱新", email=" qian@example.com ", password="a-long-secret")
    assert (services.get_user(env, new).username, services.get_user(env, new).email) == ("qian.xin@hdjm",
                                                                                           "qian@example.com")
    assert services.sign_in(env, "qian.xin@hdjm", "a-long-secret").user_id == new
    with pytest.raises(services.ValidationFailed) as caught:
        services.update_user(env, new, display_name="钱新", email="not an address")
    assert caught.value.errors["email"][0].zh == "电子邮箱格式不正确。"
    services.update_user(env, new, display_name="钱新", email="")
    assert services.get_user(env, new).email is None


def test_failures_older_than_a_day_are_forgotten_and_pruned(env, people, clock, monkeypatch):
    monkeypatch.setattr(throttle, "PRUNE_EVERY", 3)
    for name in ("once1", "once2"):  # names tried once, never again
        with pytest.raises(services.LoginRefused):
            services.sign_in(env, name, "guess", address="10.0.0.7")
    clock.advance(hours=25)
    with pytest.raises(services.LoginRefused):
        services.sign_in(env, "clerk", "guess", address="10.0.0.7")
    with env.db.engine.connect() as conn:
        left = conn.execute(sa.select(throttle.failures.c.at)).scalars().all()
    assert left and all(at == clock.now() for at in left)
