"""Sign-in under attack, credentials after a password change, cookies and HSTS, and the password rules on the
pages: what a member and the union office see."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from config import Settings
from engine import services
from engine.identity import throttle
from support.web import PASSWORD, csrf, sign_in
from web import create_app


def field(page: str, name: str) -> str:
    blocks = re.findall(rf'<div class="mb-3" data-field="{name}">(.*?)\n  </div>', page, re.S)
    assert blocks, f"no field {name} on the page"
    return blocks[0]


def app_with(web_env, tmp_path, **web: object) -> Flask:
    return create_app({"TESTING": True}, env=web_env, settings=Settings(instance_path=tmp_path / "instance", web=web))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_attack_from_the_members_address_does_not_lock_out_its_owner_or_valid_tokens(app, client, web_env,
                                                                                         union, monkeypatch):
    paused: list[float] = []
    monkeypatch.setattr(throttle, "pause", paused.append)
    owner = sign_in(app.test_client(), "rep1")  # this browser has signed in as rep1 before: a known device
    owner.post("/logout", data={"csrf_token": csrf(owner, "/inbox")})
    token = services.create_token(web_env, union.rep2, "HR system").secret

    attacker = client  # the same address (127.0.0.1), as everyone behind one proxy is
    names = ["rep1"] * 5 + [f"staff{n}" for n in range(20)]  # 25 failures against 21 accounts
    for name in names:
        bad = attacker.post("/login", data={"username": name, "password": "guess-1234",
                                            "csrf_token": csrf(attacker, "/login")})
        assert bad.status_code == 401  # wrong, never "too many": an address is slowed down, not refused

    # The owner, from the browser that signed in before, with the right password: in at once.
    back = owner.post("/login", data={"username": "rep1", "password": PASSWORD, "csrf_token": csrf(owner, "/login")})
    assert back.status_code == 302 and owner.get("/inbox").status_code == 200
    # A valid API token from the same address: never refused for anyone's failures.
    assert attacker.get("/api/v1/me", headers=bearer(token)).get_json()["username"] == "rep2"
    assert paused == [0.25, 0.5, 0.75, 1.0, 1.25]  # the 21st to 25th waited before their password was checked
    # A browser rep1 never signed in from waits (the pair rep1 / this address failed 5 times), told how long.
    refused = attacker.post("/login", data={"username": "rep1", "password": PASSWORD,
                                            "csrf_token": csrf(attacker, "/login")})
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    page = refused.get_data(as_text=True)
    assert "登录失败次数过多，请" in page and 'value="rep1"' in page
    # Another member behind the same address signs in as usual.
    assert sign_in(app.test_client(), "rep3")


def test_a_forged_known_device_cookie_counts_for_nothing(app, client, web_env, union):
    for _ in range(5):
        client.post("/login", data={"username": "rep1", "password": "guess-1234", "csrf_token": csrf(client, "/login")})
    client.set_cookie("uf_device", "eyJyZXAxIjoiYWJjIn0.forged")
    refused = client.post("/login", data={"username": "rep1", "password": PASSWORD,
                                          "csrf_token": csrf(client, "/login")})
    assert refused.status_code == 429


def test_forwarded_addresses_count_only_from_configured_proxies(web_env, tmp_path, union):
    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        client = app_with(web_env, tmp_path, trusted_proxies=hops).test_client()
        client.post("/login", data={"username": "rep4", "password": "guess-1234", "csrf_token": csrf(client, "/login")},
                    headers={"X-Forwarded-For": "203.0.113.7"})
        with web_env.db.engine.connect() as conn:
            keys = {row.key for row in conn.execute(throttle.failures.select())}
        assert throttle.address_key(expected) in keys


def test_a_password_reset_by_the_office_revokes_the_members_api_tokens(client, web_env, union):
    token = services.create_token(web_env, union.rep3, "my script").secret
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    office = sign_in(client, "office")
    page = office.get(f"/admin/users/{union.rep3}").get_data(as_text=True)
    assert "API 令牌全部撤销" in page  # the form says so before
    response = office.post(f"/admin/users/{union.rep3}/password", data={
        "csrf_token": csrf(office, f"/admin/users/{union.rep3}"), "password": "a-fresh-password",
        "password2": "a-fresh-password"})
    assert response.status_code == 302
    assert "API 令牌已全部撤销" in office.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_a_member_changes_their_own_password_keeping_this_session_only(app, client, web_env, union):
    other = sign_in(app.test_client(), "rep2")
    token = services.create_token(web_env, union.rep2, "my script").secret
    me = sign_in(client, "rep2")
    wrong = me.post("/profile/password", data={"csrf_token": csrf(me, "/profile"), "current_password": "nope-nope",
                                                "password": "rep2-new-pass", "password2": "rep2-new-pass"})
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert "当前密码不正确。" in field(page, "current_password")
    holds_name = me.post("/profile/password", data={"csrf_token": csrf(me, "/profile"), "current_password": PASSWORD,
                                                     "password": "rep2-new-pass", "password2": "rep2-new-pass"})
    assert holds_name.status_code == 422
    assert "密码不能包含用户名" in field(holds_name.get_data(as_text=True), "password")
    passphrase = "梅花香自苦寒来 2026"
    changed = me.post("/profile/password", data={"csrf_token": csrf(me, "/profile"), "current_password": PASSWORD,
                                                  "password": passphrase, "password2": passphrase})
    assert changed.status_code == 302
    assert "API 令牌已全部撤销" in me.get("/profile").get_data(as_text=True)
    assert me.get("/inbox").status_code == 200
    assert other.get("/inbox").headers["Location"].startswith("/login")
    assert me.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("base_url, secure", [("https://union.example.com", True), ("http://127.0.0.1:5000", False)])
def test_cookies_are_secure_and_hsts_is_sent_only_over_https(web_env, tmp_path, union, base_url, secure):
    client = app_with(web_env, tmp_path, base_url=base_url).test_client()
    signed = client.post("/login", data={"username": "rep1", "password": PASSWORD,
                                         "csrf_token": csrf(client, "/login")})
    assert signed.status_code == 302
    cookies = signed.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} >= {"session", "uf_device"}
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("; Secure" in cookie) is secure
    hsts = client.get("/login").headers.get("Strict-Transport-Security")
    assert hsts == ("max-age=31536000" if secure else None)
    forced = app_with(web_env, tmp_path, base_url="http://union.example.com", https=True).test_client()
    assert forced.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("password, message", [
    ("password", "这是最常用的一万个密码之一"), ("12345678", "这是最常用的一万个密码之一"),
    ("zhangsan2026", "密码不能包含用户名"), ("ZhangSan-2026", "密码不能包含用户名")])
def test_the_office_cannot_give_a_common_password_or_one_holding_the_username(client, web_env, union, password,
                                                                              message):
    sign_in(client, "office")
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf(client, "/admin/users/new"), "username": "zhangsan", "display_name": "张三",
        "email": "", "language": "zh", "password": password, "password2": password})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in field(page, "password") and 'value="zhangsan"' in field(page, "username")
    assert services.find_user(web_env, "zhangsan") is None


def test_a_long_passphrase_of_any_characters_is_taken(client, web_env, union):
    sign_in(client, "office")
    passphrase = "工会的春天来了 the river flows east, 一江春水向东流 " * 2  # 90 characters
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf(client, "/admin/users/new"), "username": "zhangsan", "display_name": "张三",
        "email": "", "language": "zh", "password": passphrase, "password2": passphrase})
    assert response.status_code == 302
    assert services.sign_in(web_env, "zhangsan", passphrase).user_id == services.find_user(web_env, "zhangsan").id
