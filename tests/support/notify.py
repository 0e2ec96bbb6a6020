"""Real servers for notification tests: an SMTP server (aiosmtpd) and a chat robot (http.server), on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from config import Settings
from engine.core.env import Env
from engine.notify.config import NotifyConfig, configure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Keeper:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self, inbox: list[EmailMessage]) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.inbox.append(msg)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server that can be stopped and started again on the same port (the server being down)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    def start(self) -> MailServer:
        self._controller = Controller(_Keeper(self.messages), hostname="127.0.0.1", port=self.port,
                                      server_hostname="mail.test")
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@dataclass
class Post:
    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class RobotServer:
    """A chat robot's webhook: keeps what is posted and answers as WeCom and DingTalk do."""

    posts: list[Post] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})

    def __post_init__(self) -> None:
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                parsed = urllib.parse.urlsplit(self.path)
                robot.posts.append(Post(parsed.path, dict(urllib.parse.parse_qsl(parsed.query)),
                                        json.loads(self.rfile.read(length))))
                data = json.dumps(robot.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def use(env: Env, *, smtp_port: int | None = None, robots: list[dict[str, Any]] | None = None,
        **notify: Any) -> NotifyConfig:
    """Configure the env's notifications as a config file would."""
    table: dict[str, Any] = dict(notify)
    if smtp_port is not None:
        table["smtp"] = {"host": "127.0.0.1", "port": smtp_port, "sender": "工会 <union@example.com>",
                         "timeout": 5}
    if robots:
        table["robots"] = robots
    return configure(env, Settings(notify=table, web={"base_url": "https://union.example"}))
