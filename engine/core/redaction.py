"""Secrets out of the logs: one ``logging.Filter`` that rewrites every record before any handler sees it.

It masks what looks like a secret wherever it appears (a robot webhook's ``key=``, ``access_token=``, ``sign=``;
``password=``, ``secret=``, ``token=``; ``Authorization: Bearer …``; an API token ``uf_…``; the password in a
database URL) and the secret values found in the settings (the SMTP password, robot secrets and their URLs' keys),
in the message, its arguments and the traceback. A filter on a logger only sees the records logged on that very
logger, not those that propagate to it from below, so ``install`` puts it on the root logger and its handlers and
also runs it as each record is made (``logging.setLogRecordFactory``): then every record of every logger, whichever
handler writes it (a console, a file, pytest's), is redacted.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"
SECRET_NAMES = ("key", "access_token", "sign", "password", "passwd", "pwd", "secret", "secret_key", "token")
_NAMES = "|".join(sorted(SECRET_NAMES, key=len, reverse=True))
PATTERNS = (
    # name='value' in a repr, name=value in a query string or a message, "name": "value" in JSON
    (re.compile(rf"(?i)(?<![A-Za-z0-9_])({_NAMES})=([\"'])[^\"']*\2"), rf"\1=\2{MASK}\2"),
    (re.compile(rf"(?i)(?<![A-Za-z0-9_])({_NAMES})=[^&\s\"',;)>\]]+"), rf"\1={MASK}"),
    (re.compile(rf"(?i)([\"']?(?<![A-Za-z0-9_])(?:{_NAMES})[\"']?\s*:\s*[\"'])[^\"']+([\"'])"), rf"\1{MASK}\2"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), rf"\1 {MASK}"),
    (re.compile(r"\buf_[A-Za-z0-9_-]{8,}"), f"uf_{MASK}"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+):[^@\s/]+@"), rf"\1:{MASK}@"),
)


def redact(text: str, known: Iterable[str] | None = None) -> str:
    """``text`` with every secret it shows masked: the ``known`` values (by default those ``install`` was given),
    then whatever looks like one."""
    if known is None:
        known = _installed.known if _installed is not None else ()
    for value in sorted(known, key=len, reverse=True):
        if value:
            text = text.replace(value, MASK)
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (with its arguments) and traceback with the secrets masked; drops nothing."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        super().__init__()
        self.known: set[str] = {k for k in known if k and len(k) >= 4}

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for logging to report
            return True
        record.msg, record.args = redact(message, self.known), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.known)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.known)
        record._redacted = True
        return True


_installed: RedactSecrets | None = None
_base_factory = logging.getLogRecordFactory()


def install(known: Iterable[str] = ()) -> RedactSecrets:
    """Put the one filter in place (the web app and the scheduler call this at start); called again, the same
    filter learns the new secret values and is put on handlers added since."""
    global _installed
    if _installed is None:
        _installed = RedactSecrets(known)

        def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = _base_factory(*args, **kwargs)
            if _installed is not None:
                _installed.filter(record)
            return record

        logging.setLogRecordFactory(make_record)
    else:
        _installed.known.update(k for k in known if k and len(k) >= 4)
    root = logging.getLogger()
    for target in (root, *root.handlers):
        if _installed not in target.filters:
            target.addFilter(_installed)
    return _installed


def settings_secrets(settings: Any) -> set[str]:
    """The secret values in the settings: fields named like a password or a secret, and the secret query
    parameters and passwords of the URLs among them (a robot's ``key``, a database URL's password)."""
    found: set[str] = set()

    def walk(value: Any, name: str = "") -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, str(key))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, name)
        elif isinstance(value, str) and value:
            if name.lower() in SECRET_NAMES:
                found.add(value)
            if "://" in value:
                parts = urllib.parse.urlsplit(value)
                found.update(v for k, v in urllib.parse.parse_qsl(parts.query) if k.lower() in SECRET_NAMES)
                if parts.password:
                    found.add(parts.password)

    walk(settings.model_dump() if hasattr(settings, "model_dump") else settings)
    return {s for s in found if len(s) >= 4}
