"""The tamper-evident history: each entry's SHA-256 covers its canonical JSON and the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def stamp(at: datetime) -> str:
    """The canonical text of a time: UTC, microseconds, as every backend stores it."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(case_id: int, seq: int, trigger: str, from_state: str | None, to_state: str,
               actor_id: int | None, payload: Any, created_at: datetime, prev_hash: str) -> str:
    body = {
        "case": case_id, "seq": seq, "trigger": trigger, "from": from_state, "to": to_state,
        "actor": actor_id, "payload": payload, "at": stamp(created_at), "prev": prev_hash,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
