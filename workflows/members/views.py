"""Reading the member register: a union's register as its office pages through it (searched, counted up to the
engine's cap), a member's page with their history across unions, and the public progress of an application or a
transfer, found by its progress code and the mobile number together."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.i18n import Label
from engine.core.inbox import bounded, count_limit
from engine.identity.roles import holds_any
from engine.store.models import Case, Organisation
from workflows.members.models import Member
from workflows.members.terms import ADMISSION, KEEPERS, TRANSFER

members, orgs, cases = Member.__table__, Organisation.__table__, Case.__table__
MAX_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A membership as the register and a member's page show it."""

    id: int
    union_id: int
    union_name: str
    number: str
    name: str
    gender: str
    birth_date: date | None
    id_last4: str | None
    phone: str | None
    workplace: str | None
    joined_on: date
    joined_how: str
    left_on: date | None
    status: str
    left_reason: str | None
    destination: str | None
    case_id: int | None


@dataclass(frozen=True, slots=True)
class MemberPage:
    """A member as their union's office reads them: this membership, the person's memberships in order (this
    union's and any other's: a transfer's both ends), and any transfer of it under way."""

    member: MemberRow
    history: list[MemberRow]
    transfer: int | None  # the case of a transfer under way


@dataclass(frozen=True, slots=True)
class Progress:
    """What the public progress page shows (by progress code and mobile number): no more than the person knows."""

    workflow: str
    label: Label
    state: str
    state_label: Label
    union_name: str
    steps: list[tuple[Label, bool, bool]]  # (step, reached, current)
    due: str | None
    reason: str | None
    number: str | None
    to_union_name: str | None
    final: bool


def _row(r: Any) -> MemberRow:
    return MemberRow(r.id, r.union_id, r.union_name, r.number, r.name, r.gender, r.birth_date, r.id_last4, r.phone,
                     r.workplace, r.joined_on, r.joined_how, r.left_on, r.status, r.left_reason, r.destination,
                     r.case_id)


def _select() -> sa.Select:
    return sa.select(members, orgs.c.name.label("union_name")).join(orgs, orgs.c.id == members.c.union_id)


def register_page(env: services.Env, actor: Actor, union_id: int, *, text: str = "", status: str | None = "member",
                  page: int = 1, per_page: int = 20) -> services.Page[MemberRow]:
    """The union's register in name order, searched by a name, a membership number or a mobile number (the start
    of it), counted up to the engine's cap; 404 for anyone but the union's office."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise services.ValidationFailed({"page": [Label("页码从 1 开始。", "Pages start at 1.")]})
    m = members.c
    cond: list[Any] = [m.union_id == union_id]
    if status is not None:
        cond.append(m.status == status)
    text = text.strip()
    if text:
        like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cond.append(sa.or_(m.name.like(like, escape="\\"), m.number.like(like, escape="\\"),
                           m.phone.like(like, escape="\\")))
    with env.db.read() as conn:
        if not holds_any(conn, actor.user_id, union_id, KEEPERS):
            raise services.NotFound("member register", union_id)
        limit = count_limit(page, per_page)
        counted = conn.execute(sa.select(sa.func.count()).select_from(
            sa.select(m.id).where(*cond).limit(limit).subquery())).scalar_one()
        rows = conn.execute(_select().where(*cond).order_by(m.name, m.id)
                            .limit(per_page).offset((page - 1) * per_page)).all()
    total, exact = bounded(counted, page, per_page)
    return services.Page([_row(r) for r in rows], page, per_page, total, exact)


def member_page(env: services.Env, actor: Actor, member_id: int) -> MemberPage:
    """A membership with the person's history, for its union's office; NotFound for anyone else."""
    with env.db.read() as conn:
        row = conn.execute(_select().where(members.c.id == member_id)).first()
        if row is None or not holds_any(conn, actor.user_id, row.union_id, KEEPERS):
            raise services.NotFound("member", member_id)
        history = conn.execute(_select().where(members.c.person == row.person)
                               .order_by(members.c.joined_on, members.c.id)).all()
        c = cases.c
        transfer = conn.execute(sa.select(c.id).where(c.workflow == TRANSFER, c.key2 == str(member_id),
                                                      c.state.in_(("requested", "awaiting")))).scalar()
    return MemberPage(_row(row), [_row(r) for r in history], transfer)


def progress(env: services.Env, reference: str, phone: str) -> Progress | None:
    """An application's or a transfer's progress, when the code and the mobile number both match; None otherwise
    (the same answer whichever is wrong, so neither can be tried on its own)."""
    code = reference.strip().upper().replace(" ", "").replace("-", "")
    if not code.isalnum() or len(code) > 20:
        return None
    c = cases.c
    with env.db.read() as conn:
        row = conn.execute(sa.select(c.id, c.workflow, c.spec_version, c.state, c.data, orgs.c.name)
                           .join(orgs, orgs.c.id == c.organisation_id)
                           .where(c.workflow.in_((ADMISSION, TRANSFER)), c.key1 == code)).first()
    if row is None or not hmac.compare_digest(str(row.data.get("phone") or ""), phone.strip()):
        return None
    spec = env.registry.get(row.workflow, row.spec_version).spec
    path = [m.states for m in spec.main_path()]
    here = next((i for i, states in enumerate(path) if row.state in states), None)
    steps = [(spec.state(states[0]).label, here is not None and i <= here, i == here) for i, states in enumerate(path)]
    data = row.data
    state = spec.state(row.state)
    due = data.get("review_due") if row.state == "applied" else data.get("accept_due") if row.state == "awaiting" \
        else None
    return Progress(row.workflow, spec.label, row.state, state.label, row.name, steps, due,
                    data.get("reason") if row.state in ("not_admitted", "declined", "withdrawn") else None,
                    data.get("new_number") or data.get("number") if row.state in ("admitted", "accepted") else None,
                    data.get("to_union_name"), state.final)


def case_details(workflow: str, data: dict[str, Any]) -> list[tuple[Label, str]]:
    """An admission's or a transfer's particulars as its case page lists them, for the offices that read it: the
    progress code and mobile number included, so the office can tell the person how to follow it."""
    genders = {"female": Label("女", "Female"), "male": Label("男", "Male")}
    if workflow == ADMISSION:
        rows = [(Label("姓名", "Name"), data.get("name")),
                (Label("性别", "Gender"), genders.get(data.get("gender", "")) or data.get("gender")),
                (Label("出生日期", "Date of birth"), data.get("birth_date")),
                (Label("身份证号后四位", "Identity number, last four"), data.get("id_last4")),
                (Label("所在部门或车间", "Department or workshop"), data.get("workplace")),
                (Label("申请日期", "Applied on"), data.get("applied_on")),
                (Label("审核期限", "Review due"), data.get("review_due")),
                (Label("会员编号", "Membership number"), data.get("number")),
                (Label("理由", "Reason"), data.get("reason"))]
    elif workflow == TRANSFER:
        rows = [(Label("会员", "Member"), f"{data.get('member_name', '')}（{data.get('number', '')}）"),
                (Label("转出工会", "Sending union"), data.get("from_union_name")),
                (Label("转入工会", "Receiving union"), data.get("to_union_name")),
                (Label("转接说明", "Note"), data.get("note")),
                (Label("接收期限", "Accept by"), data.get("accept_due")),
                (Label("新会员编号", "New membership number"), data.get("new_number")),
                (Label("理由", "Reason"), data.get("reason"))]
    else:
        return []
    rows += [(Label("查询码", "Progress code"), data.get("reference")),
             (Label("手机号码", "Mobile number"), data.get("phone"))]
    return [(label, value) for label, value in rows if value]
