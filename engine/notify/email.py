"""E-mail: a notification as a plain-text and an HTML part in the recipient's language, sent over SMTP."""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from types import TracebackType
from urllib.parse import urlsplit

from engine.core.redaction import redact
from engine.notify.config import Smtp
from engine.notify.texts import GREETING, Rendered
from engine.time.calendar import TZ

# Errors that concern one message: the next message may still go through on the same connection.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                  smtplib.SMTPNotSupportedError, UnicodeError, ValueError)


class SendError(Exception):
    """A message did not go out; ``str(err)`` is what ``last_error`` records, any password in it masked."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def message_id(smtp: Smtp, delivery_id: int, base_url: str) -> str:
    """A delivery's stable ``Message-ID``: the same on every try, so that a message sent again after a crash is
    a duplicate mail servers and clients drop. The installation's host keeps ids of two installations apart."""
    host = urlsplit(base_url).hostname or ""
    domain = smtp.sender.rpartition("@")[2].strip("> ") or "localhost"
    return f"<delivery-{delivery_id}.{host or 'unionflow'}@{domain}>"


def compose(smtp: Smtp, rendered: Rendered, *, to_name: str, to_address: str, lang: str, footer: str,
            now: datetime, msgid: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = smtp.sender
    msg["To"] = Address(display_name=to_name, addr_spec=to_address) if to_name else to_address
    msg["Date"] = format_datetime(now.astimezone(TZ))
    msg["Message-ID"] = msgid or make_msgid(domain=smtp.sender.rpartition("@")[2].strip("> ") or "localhost")
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to robots
    msg["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    greeting = GREETING(lang).format(name=to_name) if to_name else ""
    msg.set_content(plain_text(rendered, greeting, footer))
    msg.add_alternative(html_text(rendered, greeting, footer, lang), subtype="html")
    return msg


def plain_text(rendered: Rendered, greeting: str, footer: str) -> str:
    lines = [greeting, ""] if greeting else []
    lines += [p for para in rendered.paragraphs for p in (para, "")]
    for section in rendered.sections:
        lines.append(f"{section.heading}:")
        lines += [f"- {e.text}" + (f"\n  {e.link}" if e.link else "") for e in section.entries]
        lines.append("")
    if rendered.link:
        lines += [f"{rendered.link_text}: {rendered.link}", ""]
    lines += ["-- ", footer]
    return "\n".join(lines) + "\n"


def html_text(rendered: Rendered, greeting: str, footer: str, lang: str) -> str:
    """The HTML part; every text is escaped, for titles and names are typed by users."""
    e = escape
    parts = [f'<!doctype html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{e(rendered.subject)}</title></head>",
             '<body style="font-family: system-ui, \'PingFang SC\', \'Microsoft YaHei\', sans-serif; '
             'line-height: 1.6; color: #212529">']
    if greeting:
        parts.append(f"<p>{e(greeting)}</p>")
    parts += [f"<p>{e(p)}</p>" for p in rendered.paragraphs]
    for section in rendered.sections:
        parts.append(f"<h3 style=\"font-size: 1rem; margin-bottom: .25rem\">{e(section.heading)}</h3><ul>")
        parts += [f'<li><a href="{e(x.link)}">{e(x.text)}</a></li>' if x.link else f"<li>{e(x.text)}</li>"
                  for x in section.entries]
        parts.append("</ul>")
    if rendered.link:
        parts.append(f'<p><a href="{e(rendered.link)}" style="color: #dc3545">{e(rendered.link_text)}</a></p>')
    parts.append(f'<hr><p style="font-size: .85rem; color: #6c757d">{e(footer)}</p></body></html>')
    return "\n".join(parts) + "\n"


class Mailer:
    """One SMTP connection for a batch, opened at the first message; once it breaks, the rest of the batch
    fails at once with the same error rather than waiting out a timeout per message."""

    def __init__(self, smtp: Smtp) -> None:
        self.smtp = smtp
        self._conn: smtplib.SMTP | None = None
        self._broken: str | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.smtp
        if s.security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                  context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
            if s.username:
                conn.login(s.username, s.password or "")
        except BaseException:
            conn.close()
            raise
        return conn

    def send(self, msg: EmailMessage) -> None:
        if self._broken is not None:
            raise SendError(self._broken)
        try:
            if self._conn is None:
                self._conn = self._connect()
            self._conn.send_message(msg)
        except MESSAGE_ERRORS as err:
            raise SendError(describe(err)) from err
        except (OSError, smtplib.SMTPException) as err:
            self._broken = describe(err)
            self.close()
            raise SendError(self._broken) from err

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def describe(err: BaseException) -> str:
    """An error as one line for ``last_error``: its kind and what the server or the system said."""
    if isinstance(err, smtplib.SMTPResponseException):
        said = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        return f"{type(err).__name__}: {err.smtp_code} {said}"
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return f"SMTPRecipientsRefused: {', '.join(err.recipients)}"
    return f"{type(err).__name__}: {err}"
