"""The account rules: one username rule, one e-mail rule, one password rule, in Chinese and English."""

from __future__ import annotations

import pytest

from engine.identity.rules import (
    BAD_EMAIL,
    BAD_USERNAME,
    account_errors,
    check_email,
    check_password,
    check_username,
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


def test_passwords_need_eight_characters_and_nothing_else():
    assert check_password("eight888") is None
    assert check_password("short")("zh") == "密码至少 8 个字符。"
    assert check_password("short")("en") == "A password has at least 8 characters."


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
