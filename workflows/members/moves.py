"""What changes a member's place on a register outside the workflows' own steps: applying from the public page,
leaving (退会) and a transfer to a union outside the system recorded by the office, a transfer started, and the
transfer letter (会员组织关系介绍信) printed for a union outside the system."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.i18n import REQUIRED, Label
from engine.identity.roles import holds_any
from engine.output.documents import write_report_docx
from engine.store.models import Case, Organisation
from engine.time.calendar import TZ
from workflows.members import memberships
from workflows.members.models import Member
from workflows.members.terms import ADMISSION, GENDERS, KEEPERS, TRANSFER, L

members, orgs, cases = Member.__table__, Organisation.__table__, Case.__table__
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
BAD_ID = L("身份证号应为 18 位且校验位正确（GB 11643）；也可只填后四位。",
           "An identity number has 18 characters with a valid check digit (GB 11643); or give the last four only.")
NO_UNION = L("没有这个基层工会。", "No such union.")
UNDER_WAY = L("该会员有一项会员关系转接正在办理，请先撤回或等待办结。",
              "A transfer of this member is under way: withdraw it or wait until it ends.")
NOT_ON = L("该会员不在本会名册中（已退会或已转出）。", "This member is not on the register (left or transferred out).")


@dataclass(frozen=True, slots=True)
class Applied:
    case_id: int
    reference: str


def last4(id_number: str) -> str | None:
    """The last four characters of a valid identity number (the rest is dropped here and never stored), or of
    four given alone; ValidationFailed for anything else."""
    value = id_number.strip().upper().replace(" ", "")
    if not value:
        return None
    if len(value) == 4:
        return value
    if not ID_NUMBER.match(value) or CHECK[sum(int(d) * w for d, w in zip(value, WEIGHTS, strict=False)) % 11] \
            != value[-1]:
        raise services.ValidationFailed({"id_last4": [BAD_ID]})
    return value[-4:]


def is_union(env: services.Env, union_id: int) -> str | None:
    """The union's name, or None when no enterprise union has that id."""
    with env.db.read() as conn:
        return conn.execute(sa.select(orgs.c.name).where(orgs.c.id == union_id, orgs.c.kind == "union")).scalar()


def apply(env: services.Env, union_id: int, form: dict[str, Any]) -> Applied:
    """An application from the public page, with no account: started by the system in the union; the progress
    code comes back to be shown once (with the mobile number it opens the progress page)."""
    if is_union(env, union_id) is None:
        raise services.NotFound("union", union_id)
    values = dict(form)
    bad_id = False
    try:
        values["id_last4"] = last4(str(values.pop("id_number", "") or values.get("id_last4") or ""))
    except services.ValidationFailed:
        values["id_last4"], bad_id = "????", True  # refused by the guard with the other fields, then named here
    name = str(values.get("name") or "").strip()
    try:
        outcome = services.start_case(env, SYSTEM_ACTOR, ADMISSION, union_id, f"{name}的入会申请", values)
    except services.ValidationFailed as err:
        if bad_id:
            err.errors["id_last4"] = [BAD_ID]
        raise
    return Applied(outcome.case_id, reference_of(env, outcome.case_id))


def reference_of(env: services.Env, case_id: int) -> str:
    """The progress code a case just started was given (its first indexed key), to show the person once."""
    with env.db.read() as conn:
        return conn.execute(sa.select(cases.c.key1).where(cases.c.id == case_id)).scalar_one()


def start_transfer(env: services.Env, actor: Actor, member_id: int, to_union: int, note: str = "") -> int:
    """The sending office starts a transfer to another union in the system; the case goes to that union's office."""
    with env.db.read() as conn:
        name = conn.execute(sa.select(members.c.name, members.c.union_id).where(members.c.id == member_id)).first()
    if name is None:
        raise services.NotFound("member", member_id)
    target = is_union(env, to_union) or ""
    outcome = services.start_case(env, actor, TRANSFER, name.union_id, f"{name.name}的会员关系转接（转入{target}）",
                                  {"member": member_id, "to_union": to_union, "note": note})
    return outcome.case_id


def _keeper_row(conn: sa.Connection, actor: Actor, member_id: int) -> Any:
    row = conn.execute(sa.select(members).where(members.c.id == member_id)).first()
    if row is None or not holds_any(conn, actor.user_id, row.union_id, KEEPERS):
        raise services.NotFound("member", member_id)
    if row.status != "member":
        raise services.ValidationFailed({"member": [NOT_ON]})
    c = cases.c
    if conn.execute(sa.select(c.id).where(c.workflow == TRANSFER, c.key2 == str(member_id),
                                          c.state.in_(("requested", "awaiting")))).first():
        raise services.ValidationFailed({"member": [UNDER_WAY]})
    return row


def _reason_and_day(env: services.Env, reason: str, on: date | None, joined_on: date) -> tuple[str, date]:
    reason = reason.strip()
    errors: dict[str, list[Label]] = {}
    if not reason or len(reason) > 2000 or services.bad_characters(reason):
        errors["reason"] = [REQUIRED if not reason else L("理由不能超过 2000 字。", "At most 2,000 characters.")]
    today = env.clock.now().astimezone(TZ).date()
    day = on or today
    if day > today or day < joined_on:
        errors["left_on"] = [L("日期应在入会之后、不晚于今天。", "The day falls between joining and today.")]
    if errors:
        raise services.ValidationFailed(errors)
    return reason, day


def _close(conn: sa.Connection, member_id: int, status: str, day: date, reason: str,
           destination: str | None = None) -> None:
    try:
        memberships.close(conn, member_id, status, day, reason, destination)
    except LookupError:  # a transfer accepted between the check and now: the member is no longer ours
        raise services.ValidationFailed({"member": [NOT_ON]}) from None


def record_leaving(env: services.Env, actor: Actor, member_id: int, reason: str, on: date | None = None) -> None:
    """The office records that a member left (退会, 《中国工会章程》 art. 6); the row stays, marked left."""
    with env.db.write() as conn:
        row = _keeper_row(conn, actor, member_id)
        reason, day = _reason_and_day(env, reason, on, row.joined_on)
        _close(conn, member_id, "left", day, reason)


def transfer_outside(env: services.Env, actor: Actor, member_id: int, destination: str, reason: str,
                     on: date | None = None) -> None:
    """The office transfers a member to a union outside the system: marked transferred out, the letter printed."""
    destination = destination.strip()
    with env.db.write() as conn:
        row = _keeper_row(conn, actor, member_id)
        if not destination or len(destination) > 200 or services.bad_characters(destination):
            raise services.ValidationFailed({"destination": [REQUIRED if not destination else L(
                "不能超过 200 字。", "At most 200 characters.")]})
        reason, day = _reason_and_day(env, reason, on, row.joined_on)
        _close(conn, member_id, "transferred_out", day, reason, destination)


def write_letter(env: services.Env, actor: Actor, member_id: int, out: IO[bytes]) -> str:
    """The transfer letter for a member transferred to a union outside the system, as Word; its file name."""
    with env.db.read() as conn:
        row = conn.execute(sa.select(members, orgs.c.name.label("union_name"))
                           .join(orgs, orgs.c.id == members.c.union_id).where(members.c.id == member_id)).first()
        if row is None or not holds_any(conn, actor.user_id, row.union_id, KEEPERS):
            raise services.NotFound("member", member_id)
    if row.status != "transferred_out" or not row.destination:
        raise services.NotFound("transfer letter", member_id)
    write_report_docx(out, "会员组织关系介绍信", letter_text(row), [], env.clock.now().astimezone(TZ).date())
    return f"会员组织关系介绍信-{row.name}"


def letter_text(row: Any) -> list[str]:
    """The letter's paragraphs, as the printed page shows them too."""
    gender = GENDERS[row.gender].zh
    return [f"{row.destination}：",
            f"兹有我会会员{row.name}同志（{gender}，会员编号 {row.number}，{row.joined_on:%Y年%m月%d日}入会），"
            f"因{row.left_reason}，其工会会员组织关系转至你处，请予接洽。",
            f"该同志会员关系于{row.left_on:%Y年%m月%d日}自我会转出。请接收后将回执退回我会。",
            f"{row.union_name}（盖章）",
            f"{row.left_on:%Y年%m月%d日}"]
