"""The rules an account follows wherever it is made or changed: username, e-mail address, password, language."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from email_validator import EmailNotValidError, validate_email

from engine.core.i18n import REQUIRED, TOO_LONG, Label

# Letters, digits and . _ @ -: what imported member lists have always used (staff numbers, e-mail-like names), so
# every stored username still passes; no spaces or other scripts, so a username is typed on any keyboard.
USERNAME = re.compile(r"[A-Za-z0-9_.@-]+")
USERNAME_MAX = 80  # the column's width
NAME_MAX = 200
EMAIL_MAX = 254  # RFC 5321's limit on a forward path, the column's width
MIN_PASSWORD = 8
MAX_PASSWORD = 1000  # room for any passphrase (NIST SP 800-63B: at least 64); argon2 hashes any length alike
LANGUAGES = ("zh", "en")

BAD_USERNAME = Label("用户名只能包含英文字母、数字和 . _ @ -。", "A username has only letters, digits and . _ @ -.")
TAKEN = Label("该用户名已被使用。", "This username is taken.")
BAD_EMAIL = Label("电子邮箱格式不正确。", "Not an e-mail address.")
SHORT_PASSWORD = Label("密码至少 {n} 个字符。", "A password has at least {n} characters.")
LONG_PASSWORD = Label("密码最多 {n} 个字符。", "A password has at most {n} characters.")
COMMON_PASSWORD = Label("这是最常用的一万个密码之一，很容易被猜中，请换一个（NIST SP 800-63B 5.1.1.2）。",
                        "This is one of the 10,000 most common passwords and easily guessed: choose another "
                        "(NIST SP 800-63B 5.1.1.2).")
NAME_IN_PASSWORD = Label("密码不能包含用户名（NIST SP 800-63B 5.1.1.2）。",
                         "A password must not contain the username (NIST SP 800-63B 5.1.1.2).")
BAD_LANGUAGE = Label("语言应为中文或英文。", "Language must be zh or en.")


def check_username(value: str) -> Label | None:
    """What is wrong with a username (surrounding spaces aside), or None."""
    value = value.strip()
    if not value:
        return REQUIRED
    if len(value) > USERNAME_MAX:
        return TOO_LONG.format(max=USERNAME_MAX, n=len(value))
    if not USERNAME.fullmatch(value):
        return BAD_USERNAME
    return None


def check_email(value: str) -> Label | None:
    """What is wrong with an e-mail address, or None; whether its domain takes mail is not asked (no network)."""
    value = value.strip()
    if len(value) > EMAIL_MAX:
        return TOO_LONG.format(max=EMAIL_MAX, n=len(value))
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return BAD_EMAIL
    return None


def check_display_name(value: str) -> Label | None:
    value = value.strip()
    if not value:
        return REQUIRED
    if len(value) > NAME_MAX:
        return TOO_LONG.format(max=NAME_MAX, n=len(value))
    return None


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords (``common_passwords.txt``, shipped in the package), lower-cased."""
    text = files("engine.identity").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def check_password(value: str, username: str | None = None) -> Label | None:
    """NIST SP 800-63B 5.1.1.2: at least 8 characters and any characters, no composition rules; not one of the
    10,000 most common passwords, and not containing the username (letter case aside)."""
    if len(value) < MIN_PASSWORD:
        return SHORT_PASSWORD.format(n=MIN_PASSWORD)
    if len(value) > MAX_PASSWORD:
        return LONG_PASSWORD.format(n=MAX_PASSWORD)
    if value.strip().lower() in common_passwords():
        return COMMON_PASSWORD
    name = (username or "").strip().lower()
    if name and name in value.lower():
        return NAME_IN_PASSWORD
    return None


def check_language(value: str) -> Label | None:
    return None if value in LANGUAGES else BAD_LANGUAGE


def account_errors(*, username: str | None = None, display_name: str | None = None, email: str | None = None,
                   password: str | None = None, language: str | None = None) -> dict[str, list[Label]]:
    """Every rule the given fields break, by field (None: not given, not checked; an empty e-mail is none)."""
    checks = (("username", username, check_username), ("display_name", display_name, check_display_name),
              ("email", (email or "").strip() or None, check_email), ("password", password, check_password),
              ("language", language, check_language))
    errors: dict[str, list[Label]] = {}
    for field, value, check in checks:
        if field == "password":
            wrong = check_password(value, username) if value is not None else None
        else:
            wrong = check(value) if value is not None else None
        if wrong is not None:
            errors[field] = [wrong]
    return errors
