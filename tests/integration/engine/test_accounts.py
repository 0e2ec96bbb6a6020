"""Signing in: argon2id passwords, throttled guessing, and sessions the server can end."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services


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


def test_guessing_is_throttled_per_account_and_the_message_does_not_say_why(env, people, clock):
    services.set_password(env, people.clerk, "the-real-one")
    for _ in range(5):
        with pytest.raises(services.LoginRefused) as caught:
            services.sign_in(env, "clerk", "guess", address="10.0.0.9")
        assert caught.value.label.zh == "用户名或密码不正确。"
    with pytest.raises(services.LoginRefused) as caught:
        services.sign_in(env, "clerk", "the-real-one", address="10.0.0.10")
    assert caught.value.throttled
    with pytest.raises(services.LoginRefused):
        services.sign_in(env, "nobody", "guess")  # an unknown name reads the same as a wrong password
    clock.advance(minutes=16)
    assert services.sign_in(env, "clerk", "the-real-one").user_id == people.clerk


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
