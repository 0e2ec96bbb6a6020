"""Sealed votes: while an item is open its box holds each choice only encrypted.

Each item has a ballot key, HKDF-SHA256 of the installation's ballot secret (a file outside the database,
``[congress] ballot_key_file``, by default ``ballot_key`` in the instance folder, made on first use) with the
item's id and opening time. A vote stores its choice and its receipt's hash sealed with AES-256-GCM (a random
nonce, padded to one length per item so the length tells nothing), and in the receipt column only an HMAC of
the receipt's hash under the item's key (for checking a receipt while the item is open). The database, its
write-ahead log and a replica therefore see who took part next to ciphertext; the choice appears in plain only
in the closing transaction, shuffled and under new keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from engine.core.errors import Refused
from engine.core.i18n import Label
from workflows.congress.rules import rules_of

BLOCK = 256  # sealed choices are padded to a multiple of this, at least the longest choice an item allows


class SealError(Exception):
    """A sealed vote does not open with this ballot key (the ballot secret changed while the item was open)."""


KEY_CHANGED = Label("投票密钥（{path}）在表决期间被更换，无法开启已投的选票：请恢复原密钥文件。",
                    "The ballot key ({path}) changed while the item was open, and the votes cast cannot be "
                    "opened: put the former key file back.")


def key_changed(env: Any) -> Refused:
    return Refused(KEY_CHANGED.format(path=str(secret_path(env))), code="ballot_key")


def secret_path(env: Any) -> Path:
    return rules_of(env).ballot_key_file or Path("instance").resolve() / "ballot_key"


def _read(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY)  # the plain system call: a vote reads it, and the file layers cost 4x more
    try:
        return bytes.fromhex(os.read(fd, 4096).decode("ascii").strip())
    finally:
        os.close(fd)


def ballot_secret(env: Any) -> bytes:
    """The installation's ballot secret, read at each use (so that every process sees the same file, and a file
    replaced while an item is open is noticed at the next vote); made once, readable by its owner only, if
    missing."""
    path = secret_path(env)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _read(path)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32))
    return _read(path)


@lru_cache(maxsize=256)
def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def item_key(env: Any, item_id: int, opened_at: datetime | str) -> bytes:
    """The item's key from the secret as the file holds it now (derived once per secret and item)."""
    stamp = opened_at if isinstance(opened_at, str) else opened_at.astimezone(UTC).isoformat()
    return _derive(ballot_secret(env), f"unionflow ballot item {item_id} opened {stamp}".encode())


def receipt_tag(key: bytes, receipt_hash: str) -> str:
    """What the open box keeps of a receipt: its HMAC under the item's key (64 hex characters)."""
    return hmac.new(key, receipt_hash.encode(), hashlib.sha256).hexdigest()


def _size(options: Any) -> int:
    longest = len(json.dumps(options, ensure_ascii=False).encode()) + 128
    return -(-longest // BLOCK) * BLOCK


def seal(key: bytes, item_id: int, options: Any, choice: str, receipt_hash: str) -> str:
    plain = json.dumps([choice, receipt_hash], ensure_ascii=False).encode()
    plain += b" " * max(_size(options) - len(plain), 0)
    nonce = secrets.token_bytes(12)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plain, str(item_id).encode())).decode()


def unseal(key: bytes, item_id: int, sealed: str) -> tuple[str, str]:
    """The choice (as stored for counting) and the receipt's hash."""
    try:
        raw = base64.b64decode(sealed, validate=True)
        choice, receipt = json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], str(item_id).encode()))
    except (InvalidTag, ValueError) as err:
        raise SealError(str(err) or type(err).__name__) from None
    return choice, receipt
