"""The public pages' limits, counted per client address on the engine's failure rows: applications (many may come
from one factory's Wi-Fi during a recruitment drive, so the limit is generous) and progress look-ups that found
nothing, and a member's transfer request that named no member (someone trying codes or numbers: refused for a
doubling time after a few misses)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR
from engine.identity import throttle
from workflows.members import moves, views
from workflows.members.models import Member
from workflows.members.terms import TRANSFER, L

APPLY_FREE, APPLY_WINDOW = 30, timedelta(hours=1)  # applications from one address per hour before a wait
LOOKUP_FREE, LOOKUP_WINDOW = 10, timedelta(minutes=15)  # misses from one address before a wait


class Throttled(Exception):
    """Too many from this address: try again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def _key(kind: str, address: str) -> str:
    return f"{kind}:" + hashlib.sha256(address.encode()).hexdigest()[:40]


def _check(env: services.Env, limit: throttle.Limit) -> None:
    with env.db.read() as conn:
        seconds = throttle.wait(conn, [limit], env.clock.now())
    if seconds is not None:
        raise Throttled(seconds)


def apply(env: services.Env, union_id: int, form: dict, address: str) -> moves.Applied:
    """An application from the public page, counted against the address (whether or not it is accepted)."""
    limit = throttle.Limit(_key("join", address), APPLY_FREE, APPLY_WINDOW)
    _check(env, limit)
    with env.db.write() as conn:
        throttle.record(conn, [limit.key], env.clock.now())
    return moves.apply(env, union_id, form)


def progress(env: services.Env, reference: str, phone: str, address: str) -> views.Progress | None:
    """A progress look-up; a miss counts against the address, a hit does not."""
    limit = throttle.Limit(_key("progress", address), LOOKUP_FREE, LOOKUP_WINDOW)
    _check(env, limit)
    found = views.progress(env, reference, phone)
    if found is None:
        with env.db.write() as conn:
            throttle.record(conn, [limit.key], env.clock.now())
    return found


NO_SUCH_MEMBER = L("没有与该会员编号和手机号码相符的在册会员。",
                   "No member on the register has this membership number and mobile number.")


def request_transfer(env: services.Env, union_id: int, number: str, phone: str, to_union: int, note: str,
                     address: str) -> moves.Applied:
    """A member asks, without an account, to transfer to another union: found by their union, membership number
    and mobile number together (a miss counts against the address, and says the same whichever was wrong); the
    case waits for their own union's office to check who asked and send it on."""
    limit = throttle.Limit(_key("progress", address), LOOKUP_FREE, LOOKUP_WINDOW)
    _check(env, limit)
    m = Member.__table__.c
    with env.db.read() as conn:
        row = conn.execute(sa.select(m.id, m.name, m.phone).where(
            m.union_id == union_id, m.number == number.strip(), m.status == "member")).first()
    if row is None or not hmac.compare_digest(str(row.phone or ""), phone.strip()):
        with env.db.write() as conn:
            throttle.record(conn, [limit.key], env.clock.now())
        raise services.ValidationFailed({"number": [NO_SUCH_MEMBER]})
    target = moves.is_union(env, to_union) or ""
    outcome = services.start_case(env, SYSTEM_ACTOR, TRANSFER, union_id, f"{row.name}的会员关系转接（转入{target}）",
                                  {"member": row.id, "to_union": to_union, "note": note})
    return moves.Applied(outcome.case_id, moves.reference_of(env, outcome.case_id))
