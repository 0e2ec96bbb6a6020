"""Checkpoints anchor the history chains outside the database.

A checkpoint is an RFC 6962 Merkle tree over every case's head (leaf ``case_id:version:head_hash``), its root
signed with the installation's Ed25519 key. It is stored in ``audit_checkpoints`` and sent out: e-mailed
through the outbox to the configured recipients, and written as a JSON file (with every leaf) to a folder.
Whoever keeps a copy can later check it against the database: a history rewritten since, even with every hash
recomputed up to the case's head, no longer ends in the head the checkpoint holds for that case.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from config import Section, declare_section
from engine.core.env import Env
from engine.store.history import GENESIS, event_hash
from engine.store.models import AuditCheckpoint, Case, Delivery, Event, Notification
from engine.time.calendar import TZ

cases, events, checkpoints = Case.__table__, Event.__table__, AuditCheckpoint.__table__
notifications, deliveries = Notification.__table__, Delivery.__table__
KIND = "audit_checkpoint"
FORMAT = 1


class AuditOptions(Section):
    """``[audit]``: the checkpoint's signing key, where its file goes and who is e-mailed it."""

    signing_key: Path | None = None  # an Ed25519 private key (PEM), made by ``unionflow audit keygen``
    checkpoint_dir: Path | None = None
    recipients: list[str] = []  # the union chair and the higher union


declare_section("audit", AuditOptions)


class CheckpointError(Exception):
    """A checkpoint cannot be made or read; ``str(err)`` says why."""


# -- the Merkle tree (RFC 6962, section 2.1) -----------------------------------------------------------------
def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: list[bytes]) -> bytes:
    """MTH of the leaves' data: the empty tree hashes the empty string; a tree splits at the largest power of
    two below its size."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = [leaf_hash(d) for d in leaves]

    def mth(lo: int, hi: int) -> bytes:
        if hi - lo == 1:
            return level[lo]
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        return node_hash(mth(lo, lo + k), mth(lo + k, hi))

    return mth(0, len(level))


def leaf(case_id: int, version: int, head: str) -> bytes:
    return f"{case_id}:{version}:{head}".encode()


def signed_text(created_at: str, size: int, root: str) -> bytes:
    """What the key signs: the format, the time, the number of leaves and the root."""
    return json.dumps({"format": FORMAT, "created_at": created_at, "size": size, "root": root},
                      sort_keys=True, separators=(",", ":")).encode()


# -- keys ----------------------------------------------------------------------------------------------------
def keygen(path: Path) -> str:
    """Write a new private key (mode 0600) and its public key beside it (``.pub``); the public key's hex."""
    if path.exists():
        raise CheckpointError(f"{path} exists; a signing key is never overwritten")
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    public = key.public_key()
    path.with_name(path.name + ".pub").write_bytes(public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return _hex(public)


def _hex(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_private(path: Path | None) -> Ed25519PrivateKey:
    if path is None:
        raise CheckpointError("no [audit] signing_key in the config; make one with `unionflow audit keygen`")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as err:
        raise CheckpointError(f"cannot read the signing key {path}: {err}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    """A public key file (PEM), or the public half of a private key file."""
    try:
        data = path.read_bytes()
        key: Any = (serialization.load_pem_private_key(data, password=None).public_key()
                    if b"PRIVATE KEY" in data else serialization.load_pem_public_key(data))
    except (OSError, ValueError) as err:
        raise CheckpointError(f"cannot read the key {path}: {err}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} is not an Ed25519 key")
    return key


# -- making one ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Checkpoint:
    id: int
    created_at: datetime
    size: int
    root: str
    signature: str
    public_key: str
    file: Path | None


def make(env: Env, options: AuditOptions, now: datetime | None = None) -> Checkpoint:
    """Compute, sign, store and send out a checkpoint of every case's head."""
    key = load_private(options.signing_key)
    now = (now or env.clock.now()).astimezone(TZ).replace(microsecond=0)
    at = now.isoformat()
    with env.db.write() as conn:
        heads = conn.execute(sa.select(cases.c.id, cases.c.version, cases.c.head_hash).order_by(cases.c.id)).all()
        root = merkle_root([leaf(*h) for h in heads]).hex()
        signature = key.sign(signed_text(at, len(heads), root)).hex()
        public = _hex(key.public_key())
        new_id = conn.execute(checkpoints.insert().values(
            created_at=now, size=len(heads), root=root, signature=signature, public_key=public)
            .returning(checkpoints.c.id)).scalar_one()
        if options.recipients:
            payload = {"title": at, "at": at, "size": len(heads), "root": root, "signature": signature,
                       "key": public}
            note = conn.execute(notifications.insert().values(
                kind=KIND, payload=payload, status="sent", attempts=1, next_attempt_at=now, created_at=now,
                sent_at=now).returning(notifications.c.id)).scalar_one()
            conn.execute(deliveries.insert(), [
                {"notification_id": note, "user_id": None, "channel": "email", "address": address,
                 "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
                for address in options.recipients])
    file = None
    if options.checkpoint_dir is not None:
        options.checkpoint_dir.mkdir(parents=True, exist_ok=True)
        file = options.checkpoint_dir / f"checkpoint-{now:%Y%m%d-%H%M%S}-{new_id}.json"
        file.write_text(json.dumps({"format": FORMAT, "created_at": at, "size": len(heads), "root": root,
                                    "signature": signature, "public_key": public,
                                    "leaves": [[h.id, h.version, h.head_hash] for h in heads]}, indent=0))
    return Checkpoint(new_id, now, len(heads), root, signature, public, file)


def latest(env: Env) -> Checkpoint | None:
    with env.db.read() as conn:
        row = conn.execute(sa.select(checkpoints).order_by(checkpoints.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    return Checkpoint(row.id, row.created_at, row.size, row.root, row.signature, row.public_key, None)


# -- checking a copy -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mismatch:
    case_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.reason}" if self.case_id is not None else self.reason


def read_file(path: Path, public: Ed25519PublicKey) -> dict[str, Any]:
    """The checkpoint file, its signature and root checked; raises ``CheckpointError`` when either fails."""
    try:
        data = json.loads(path.read_text())
        at, size, root = str(data["created_at"]), int(data["size"]), str(data["root"])
        leaves = [(int(c), int(v), str(h)) for c, v, h in data["leaves"]]
        signature = bytes.fromhex(data["signature"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CheckpointError(f"{path} is not a checkpoint file: {err}") from None
    try:
        public.verify(signature, signed_text(at, size, root))
    except InvalidSignature:
        raise CheckpointError(f"{path}: the signature does not verify with this public key") from None
    if len(leaves) != size or merkle_root([leaf(*x) for x in leaves]).hex() != root:
        raise CheckpointError(f"{path}: its cases do not make its signed root")
    data["leaves"] = leaves
    return data


def compare(env: Env, leaves: list[tuple[int, int, str]], batch: int = 500) -> Iterator[Mismatch]:
    """Each case of the checkpoint whose history, walked up to the entry the checkpoint saw as its head, does
    not hold or ends elsewhere than that head."""
    for start in range(0, len(leaves), batch):
        part = leaves[start:start + batch]
        wanted = {c: (v, h) for c, v, h in part}
        by_case: dict[int, list[sa.Row]] = {}
        with env.db.read() as conn:
            for e in conn.execute(sa.select(events).where(events.c.case_id.in_(sorted(wanted)))
                                  .order_by(events.c.case_id, events.c.seq)):
                if e.seq <= wanted[e.case_id][0]:
                    by_case.setdefault(e.case_id, []).append(e)
        for case_id, (version, head) in wanted.items():
            found = _walk(case_id, version, head, by_case.get(case_id, []))
            if found is not None:
                yield Mismatch(case_id, found)


def _walk(case_id: int, version: int, head: str, rows: list[sa.Row]) -> str | None:
    prev = GENESIS
    for number, e in enumerate(rows, 1):
        if e.seq != number:
            return f"history entry {number} is missing"
        digest = event_hash(case_id, e.seq, e.trigger, e.from_state, e.to_state, e.actor_id, e.payload,
                            e.created_at, e.prev_hash)
        if e.prev_hash != prev or digest != e.hash:
            return f"history entry {e.seq} was altered (its chain does not hold)"
        prev = e.hash
    if len(rows) < version:
        return f"history entries {len(rows) + 1} to {version} are missing"
    if prev != head:
        return (f"history up to entry {version} was rewritten since the checkpoint "
                f"(its head is no longer the one anchored)")
    return None
