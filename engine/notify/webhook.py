"""Chat robots: WeCom and DingTalk markdown messages, DingTalk's signed URL, and the 4096-byte limit."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx

from engine.core.i18n import Label
from engine.core.redaction import redact
from engine.notify.config import Robot
from engine.notify.texts import Rendered

MAX_BYTES = 4096  # WeCom's limit for markdown content; DingTalk's is larger, so one limit serves both
CUT = Label("\n\n……（内容过长，已截断，请在系统中查看）", "\n\n… (too long, cut short: see it in unionflow)")
HEADING = Label("工会通知（{n} 条）", "Union notifications ({n})")
SEPARATOR = "\n\n---\n\n"


class WebhookError(Exception):
    """A robot did not take the message; ``str(err)`` is what ``last_error`` records, any key in it masked."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def truncate(text: str, lang: str = "zh", limit: int = MAX_BYTES) -> str:
    """``text`` within ``limit`` bytes of UTF-8, cut at a character and saying it was cut."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    tail = CUT(lang)
    room = limit - len(tail.encode("utf-8"))
    return data[:room].decode("utf-8", "ignore").rstrip() + tail


def item(rendered: Rendered) -> str:
    """One notification as a markdown block: the subject in bold, its sentence, a link."""
    lines = [f"**{rendered.subject}**", *rendered.paragraphs]
    if rendered.link:
        lines.append(f"[{rendered.link_text}]({rendered.link})")
    return "\n\n".join(lines)


def merge(items: Sequence[Rendered], lang: str) -> tuple[str, str]:
    """Several notifications as one message (a burst costs one of the robot's 20 posts a minute)."""
    if len(items) == 1:
        return items[0].subject, truncate(item(items[0]), lang)
    title = HEADING(lang).format(n=len(items))
    return title, truncate(f"### {title}\n\n" + SEPARATOR.join(item(r) for r in items), lang)


def pack(items: Sequence[Rendered], lang: str, *, most: int = 20) -> list[list[int]]:
    """Split notifications into messages that fit the byte limit, in order: lists of indexes into ``items``."""
    groups: list[list[int]] = []
    for i, rendered in enumerate(items):
        if groups and len(groups[-1]) < most:
            trial = [items[j] for j in groups[-1]] + [rendered]
            title = HEADING(lang).format(n=len(trial))
            text = f"### {title}\n\n" + SEPARATOR.join(item(r) for r in trial)
            if len(text.encode("utf-8")) <= MAX_BYTES:
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def wecom_payload(text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": text}}


def dingtalk_payload(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: base64 of HMAC-SHA256 over ``"{timestamp}\\n{secret}"`` keyed by the secret."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def dingtalk_url(url: str, secret: str | None, now: datetime) -> str:
    """The robot's URL with ``timestamp`` (ms) and ``sign`` added when it has a secret."""
    if not secret:
        return url
    timestamp = int(now.timestamp() * 1000)
    sign = urllib.parse.quote_plus(dingtalk_sign(secret, timestamp))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def post(client: httpx.Client, robot: Robot, title: str, text: str, now: datetime) -> None:
    """Send one markdown message; both services answer ``{"errcode": 0}`` when they took it."""
    if robot.kind == "dingtalk":
        url, body = dingtalk_url(robot.url, robot.secret, now), dingtalk_payload(title, text)
    else:
        url, body = robot.url, wecom_payload(text)
    try:
        response = client.post(url, json=body)
    except httpx.HTTPError as err:
        raise WebhookError(f"{type(err).__name__}: {err}") from err
    if response.status_code != 200:
        raise WebhookError(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = response.json()
    except ValueError:
        raise WebhookError(f"not JSON: {response.text[:200]}") from None
    if not isinstance(answer, dict) or answer.get("errcode", 0) != 0:
        code = answer.get("errcode") if isinstance(answer, dict) else None
        said = answer.get("errmsg") if isinstance(answer, dict) else answer
        raise WebhookError(f"errcode {code}: {said}")
