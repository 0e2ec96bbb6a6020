"""The account rules: one username rule, one e-mail rule, one password rule, in Chinese and English."""

from __future__ import annotations

from importlib.resources import files

import pytest

from engine.identity.rules import (
    BAD_EMAIL,
    BAD_USERNAME,
    account_errors,
    check_email,
    check_password,
    check_username,
    common_passwords,
)


@pytest.mark.parametrize("username", ["rep1", "wang.jianguo", "new_hire-2", "zhang@hdjm", "0042", "a" * 80,
                                      "  padded  "])
def test_usernames_of_letters_digits_and_dot_underscore_at_hyphen_pass(username):
    assert check_username(username) is None


@pytest.mark.parametrize("username", ["钱 新", "has space", "王建国", "tab\tname", "semi;colon", "plus+sign",
                                      "line\nbreak", "ｆｕｌｌ"])
def test_other_characters_are_refused_in_both_languages(username):
    wrong = check_username(username)
    assert wrong == BAD_USERNAME
    assert wrong("zh") == "用户名只能包含英文字母、数字和 . _ @ -。"
    assert wrong("en") == "A username has only letters, digits and . _ @ -."


def test_an_empty_or_too_long_username_says_so():
    assert check_username("  ")("zh") == "此项为必填项。"
    assert check_username("a" * 81)("en") == "At most 80 characters (now 81)."


@pytest.mark.parametrize("email", ["xiaoli@example.com", "p001@example.cn", "wang.jianguo@hdjm.example.com",
                                   "王建国@例子.中国", " padded@example.com "])
def test_addresses_pass_without_asking_the_network(email):
    assert check_email(email) is None


@pytest.mark.parametrize("email", ["not-an-address", "nope", "a b@example.com", "@example.com", "x@@example.com",
                                   "x@example", "x.@example.com", ""])
def test_what_is_not_an_address_is_refused_in_both_languages(email):
    wrong = check_email(email)
    assert wrong == BAD_EMAIL
    assert (wrong("zh"), wrong("en")) == ("电子邮箱格式不正确。", "Not an e-mail address.")


def test_a_too_long_address_says_how_long():
    assert check_email("a" * 250 + "@example.com")("zh") == "不能超过 254 个字符（现为 262 个）。"


def test_passwords_need_eight_characters_and_no_composition():
    assert check_password("eight888") is None
    assert check_password("short")("zh") == "密码至少 8 个字符。"
    assert check_password("short")("en") == "A password has at least 8 characters."


@pytest.mark.parametrize("password", ["password", "12345678", "PASSWORD", "qwertyuiop", "iloveyou", "11111111"])
def test_the_10000_most_common_passwords_are_refused(password):
    assert check_password(password)("zh").startswith("这是最常用的一万个密码之一")
    assert "NIST SP 800-63B" in check_password(password)("en")


def test_the_shipped_list_holds_10000_passwords_read_from_the_package():
    assert len(common_passwords()) == 10_000  # lower-cased, the header's comment lines left out
    assert files("engine.identity").joinpath("common_passwords.txt").is_file()


def test_a_password_holding_the_username_is_refused_whatever_the_case():
    for password in ("zhangsan2026", "2026ZhangSan!", "my-zhangsan-pw"):
        assert check_password(password, "zhangsan")("zh") == "密码不能包含用户名（NIST SP 800-63B 5.1.1.2）。"
    assert check_password("zhangsan2026", "lisi") is None
    assert account_errors(username="zhangsan", password="zhangsan2026")["password"][0].en.startswith(
        "A password must not contain the username")


def test_long_passphrases_of_any_characters_pass():
    assert check_password("春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。" * 4) is None  # 96 characters
    assert check_password("correct horse battery staple " * 30) is None  # 870 characters
    assert check_password("x" * 1001)("en") == "A password has at most 1000 characters."


def test_every_broken_rule_is_reported_at_once_and_fields_not_given_are_not_checked():
    errors = account_errors(username="钱 新", display_name=" ", email="nope", password="x", language="fr")
    assert {name: [m("en") for m in messages] for name, messages in errors.items()} == {
        "username": ["A username has only letters, digits and . _ @ -."],
        "display_name": ["This field is required."],
        "email": ["Not an e-mail address."],
        "password": ["A password has at least 8 characters."],
        "language": ["Language must be zh or en."],
    }
    assert account_errors(display_name="李晓丽", email="") == {}  # an empty address is none; no username asked
    assert account_errors(email=None) == {}
