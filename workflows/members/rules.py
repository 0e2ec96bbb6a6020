"""The member workflows' guards and effects: an application checked and admitted with a membership number drawn
in the same transaction; a transfer sent, and accepted by moving the member from one register to the other in one
transaction, so that a member is on exactly one register at every moment."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.time.calendar import TZ
from workflows.members.access import register_of
from workflows.members.terms import CHARTER_JOIN, L

PHONE = re.compile(r"^1[3-9]\d{9}$")
LAST4 = re.compile(r"^\d{3}[\dX]$")
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from a phone
REFERENCE_LENGTH = 10  # 50 random bits: guessing one with the phone number behind it is hopeless

BAD_PHONE = L("请填写 11 位手机号码。", "Give an 11-digit mobile number.")
NO_CHARTER = L(f"入会须承认工会章程（{CHARTER_JOIN}）。",
               f"Joining requires accepting the union's charter ({CHARTER_JOIN}, arts. 1 and 2).")
BAD_LAST4 = L("身份证号后四位应为 4 位数字（最后一位可为 X）。",
              "The last four characters: digits (the last may be X).")
TOO_YOUNG = L("申请人应年满 16 周岁（《劳动法》第十五条：禁止用人单位招用未满十六周岁的未成年人）。",
              "The applicant must be at least 16 (《劳动法》 art. 15: no employer may hire anyone under 16).")
ALREADY = L("该手机号码已登记在本会会员名册中，无需再次申请入会。",
            "This mobile number is already on this union's register: no need to apply again.")
NOT_OURS = L("该会员不在本会会员名册中（已退会或已转出）。",
             "This member is not on this union's register (left or transferred out).")
NOT_A_UNION = L("请选择系统中的另一个基层工会。", "Choose another enterprise union in the system.")
UNDER_WAY = L("该会员已有一项会员关系转接正在办理。", "A transfer of this member is already under way.")
GONE = L("该会员已不在转出工会的会员名册中，不能接收。",
         "The member is no longer on the sending union's register: the transfer cannot be accepted.")


def _today(ctx: ActionContext) -> date:
    return ctx.now.astimezone(TZ).date()


def reference() -> str:
    """A progress code for the applicant or the member (查询码): random, not a count anyone could step through."""
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


# -- guards ------------------------------------------------------------------------------------------------------
def applicant_ok(ctx: ActionContext) -> Label | dict[str, Label] | None:
    """An application accepts the charter, gives a mobile number not already on this union's register, and an
    applicant of working age."""
    form, errors = ctx.form, {}
    if not form.get("charter"):
        errors["charter"] = NO_CHARTER
    phone = str(form.get("phone") or "").strip()
    if not PHONE.match(phone):
        errors["phone"] = BAD_PHONE
    elif register_of(ctx).phone_on_register(ctx.organisation_id, phone):
        errors["phone"] = ALREADY
    last4 = str(form.get("id_last4") or "").strip().upper()
    if last4 and not LAST4.match(last4):
        errors["id_last4"] = BAD_LAST4
    born = form.get("birth_date")
    if born:
        born = born if isinstance(born, date) else date.fromisoformat(str(born))
        today = _today(ctx)
        if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 16:
            errors["birth_date"] = TOO_YOUNG
    return errors or None


def member_transferable(ctx: ActionContext) -> Label | dict[str, Label] | None:
    """A transfer names a member on this union's register, with no other transfer under way, and another union."""
    access = register_of(ctx)
    member = access.member(ctx.form.get("member"))
    if member is None or member.union_id != ctx.organisation_id or member.status != "member":
        return {"member": NOT_OURS}
    if access.open_transfer(member.id, ctx.case_id):
        return {"member": UNDER_WAY}
    target = access.union(ctx.form.get("to_union"))
    if target is None or target[0] != "union" or int(ctx.form["to_union"]) == ctx.organisation_id:
        return {"to_union": NOT_A_UNION}
    return None


def by_office(ctx: ActionContext) -> Label | None:
    """The sending office started the transfer itself: it goes to the receiving union at once."""
    return None if ctx.data.get("by_office") else L("由会员申请，待转出方确认", "Asked by the member")


def still_on_register(ctx: ActionContext) -> Label | None:
    """The member is still on the sending union's register (not left meanwhile)."""
    member = register_of(ctx).member(ctx.data.get("member"))
    if member is None or member.status != "member" or member.union_id != ctx.organisation_id:
        return GONE
    return None


GUARDS = {"applicant_ok": applicant_ok, "member_transferable": member_transferable, "by_office": by_office,
          "still_on_register": still_on_register}


# -- effects -----------------------------------------------------------------------------------------------------
def effects(review_days: int, accept_days: int) -> dict[str, Callable[[ActionContext], None]]:
    """The effects, with the union's periods (``[members]``)."""

    def applied(ctx: ActionContext) -> None:
        d = ctx.data
        d.update(reference=reference(), review_days=review_days, phone=str(d["phone"]).strip(),
                 id_last4=(str(d.get("id_last4") or "").strip().upper() or None), applied_on=_today(ctx).isoformat())
        ctx.count_deadline("review_due", ctx.now, review_days, "days")

    def admitted(ctx: ActionContext) -> None:
        access, d = register_of(ctx), ctx.data
        joined = _today(ctx)
        number = access.draw_number(ctx.organisation_id, joined.year)
        born = d.get("birth_date")
        d["member"] = access.open(
            person=secrets.token_hex(8), union_id=ctx.organisation_id, number=number, name=d["name"],
            gender=d["gender"], birth_date=date.fromisoformat(born) if born else None, id_last4=d.get("id_last4"),
            phone=d["phone"], workplace=d.get("workplace") or None, joined_on=joined, how="admission", previous=None,
            case_id=ctx.case_id, at=ctx.now)
        d.update(number=number, joined_on=joined.isoformat())

    def transfer_started(ctx: ActionContext) -> None:
        access, d = register_of(ctx), ctx.data
        member = access.member(d["member"])
        assert member is not None  # the guard saw it
        target, source = access.union(d["to_union"]), access.union(ctx.organisation_id)
        assert target is not None and source is not None
        d.update(reference=reference(), member=member.id, member_name=member.name, number=member.number,
                 phone=member.phone or "", to_union=int(d["to_union"]), to_union_name=target[1],
                 from_union_name=source[1], accept_days=accept_days, by_office=ctx.actor_id is not None,
                 asked_on=_today(ctx).isoformat())
        if not d["by_office"]:  # asked by the member from the public page: the office checks who asked
            ctx.notify(Recipient(role="union_office", organisation_id=ctx.organisation_id),
                       "member_transfer_requested", title=f"{member.name}（{member.number}）")

    def transfer_sent(ctx: ActionContext) -> None:
        ctx.data["sent_on"] = _today(ctx).isoformat()
        ctx.count_deadline("accept_due", ctx.now, accept_days, "days")

    def transfer_accepted(ctx: ActionContext) -> None:
        access, d = register_of(ctx), ctx.data
        member = access.member(d["member"])
        assert member is not None
        on = _today(ctx)
        # Off the old register first, then onto the new, in this one transaction: never on two, never on none.
        if not access.close(member.id, "transferred_out", on, f"转入{d['to_union_name']}", d["to_union_name"]):
            raise RuntimeError("membership left its register within the transaction")
        number = access.draw_number(d["to_union"], on.year)
        d["new_member"] = access.open(
            person=member.person, union_id=d["to_union"], number=number, name=member.name, gender=member.gender,
            birth_date=member.birth_date, id_last4=member.id_last4, phone=member.phone, workplace=None, joined_on=on,
            how="transfer_in", previous=member.id, case_id=ctx.case_id, at=ctx.now)
        d.update(new_number=number, moved_on=on.isoformat())

    return {"applied": applied, "admitted": admitted, "transfer_started": transfer_started,
            "transfer_sent": transfer_sent, "transfer_accepted": transfer_accepted}
