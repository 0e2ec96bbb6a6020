"""Joining a federation by invitation and acceptance (入会): the federation's staff invite a union (one under no
federation, or under another); the union's office accepts, and the union with its departments moves under the
federation in the same transaction that records the answer, or declines. Both steps are kept with who and when.

A table of invitations rather than a workflow: two steps, one answer, no deadline; the union's office is told
(in-app and by its channels) and answers on its page for the higher union; the federation is told the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from engine import services
from engine.core.i18n import Label
from workflows.federation import texts
from workflows.federation.access import federation
from workflows.federation.models import Affiliation, BranchFigures
from workflows.federation.roles import FEDERATION_OFFICE

table = Affiliation.__table__
UNION_OFFICE = "union_office"
NOTE_MAX = 1000
STATUS = {"invited": Label("待答复", "Awaiting the answer"), "accepted": Label("已接受", "Accepted"),
          "declined": Label("已谢绝", "Declined"), "withdrawn": Label("已撤回", "Withdrawn")}
ALREADY_MEMBER = Label("该工会已在本上级工会之下。", "This union is already under this federation.")
ALREADY_INVITED = Label("已向该工会发出邀请，尚待答复。", "This union has an invitation awaiting its answer.")
NOT_A_UNION = Label("请选择一个企业工会。", "Choose an enterprise union.")
ANSWERED = Label("该邀请已答复或已撤回。", "This invitation was already answered or withdrawn.")
TOO_LONG = Label(f"不超过 {NOTE_MAX} 字。", f"At most {NOTE_MAX} characters.")


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation and its answer, as both sides see it."""

    id: int
    federation_id: int
    federation: str
    union_id: int
    union: str
    status: str
    status_label: Label
    note: str
    invited_by: str
    invited_at: datetime
    answered_by: str | None
    answered_at: datetime | None
    answer_note: str


def _note(note: str, key: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise services.ValidationFailed({key: [TOO_LONG]})
    return note


def invite(env: services.Env, actor_id: int | None, federation_id: int, union_id: int, note: str = "") -> int:
    """The federation's staff invite a union to join; refused for a union already under it, or already invited."""
    fed = federation(env, actor_id, federation_id)
    note = _note(note)
    try:
        union = services.get_organisation(env, union_id)
    except services.NotFound:
        raise services.ValidationFailed({"union_id": [NOT_A_UNION]}) from None
    if union.kind != "union":
        raise services.ValidationFailed({"union_id": [NOT_A_UNION]})
    if any(o.id == union_id for o in services.list_organisations(env, kind="union", under=federation_id)):
        raise services.ValidationFailed({"union_id": [ALREADY_MEMBER]})
    with env.db.write() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.union_id == union_id, table.c.status == "invited",
                                                    table.c.federation_id == federation_id)).first():
            raise services.ValidationFailed({"union_id": [ALREADY_INVITED]})
        now = env.clock.now()
        new_id = int(conn.execute(table.insert().values(
            federation_id=federation_id, union_id=union_id, status="invited", note=note, invited_by=actor_id,
            invited_at=now, answer_note="")).inserted_primary_key[0])
        services.tell(conn, now, texts.INVITED, path=texts.JOINING_PAGE.format(id=union_id), title=fed.name,
                      role=UNION_OFFICE, organisation_id=union_id)  # the union's office: the answer is theirs
        return new_id


def _rows(env: services.Env, *where: sa.ColumnElement[bool]) -> list[Invitation]:
    with env.db.read() as conn:
        rows = conn.execute(sa.select(table).where(*where).order_by(table.c.invited_at.desc(), table.c.id.desc())
                            ).all()
    orgs = {o.id: o.name for o in services.list_organisations(env)}
    people = services.user_names(env, sorted({r.invited_by for r in rows} | {r.answered_by for r in rows
                                                                             if r.answered_by}))
    return [Invitation(r.id, r.federation_id, orgs.get(r.federation_id, ""), r.union_id, orgs.get(r.union_id, ""),
                       r.status, STATUS[r.status], r.note, people.get(r.invited_by, ""), r.invited_at,
                       people.get(r.answered_by) if r.answered_by else None, r.answered_at, r.answer_note)
            for r in rows]


def sent(env: services.Env, actor_id: int | None, federation_id: int) -> list[Invitation]:
    """The federation's invitations, newest first, with their answers."""
    federation(env, actor_id, federation_id)
    return _rows(env, table.c.federation_id == federation_id)


def candidates(env: services.Env, actor_id: int | None, federation_id: int) -> list[services.OrgView]:
    """The unions the federation may invite: those not under it."""
    federation(env, actor_id, federation_id)
    members = {o.id for o in services.list_organisations(env, kind="union", under=federation_id)}
    return [o for o in services.list_organisations(env, kind="union") if o.id not in members]


def _office_of(env: services.Env, actor_id: int | None, union_id: int) -> None:
    if actor_id is None or not services.holds_role(env, actor_id, UNION_OFFICE, union_id):
        raise services.NotFound("union", union_id)


def received(env: services.Env, actor_id: int | None, union_id: int) -> list[Invitation]:
    """The union's invitations (its office's page), newest first; NotFound for anyone but its office."""
    _office_of(env, actor_id, union_id)
    return _rows(env, table.c.union_id == union_id)


def _invitation(env: services.Env, invitation_id: int) -> sa.Row:
    with env.db.read() as conn:
        row = conn.execute(sa.select(table).where(table.c.id == invitation_id)).first()
    if row is None:
        raise services.NotFound("invitation", invitation_id)
    return row


def answer(env: services.Env, actor_id: int | None, invitation_id: int, accept: bool, note: str = "") -> None:
    """The union's office answers: accepting moves the union (and its departments) under the federation in the
    transaction that records the answer; declining records it. An answered invitation is refused."""
    row = _invitation(env, invitation_id)
    _office_of(env, actor_id, row.union_id)
    note = _note(note, "answer_note")
    if row.status != "invited":
        raise services.Refused(ANSWERED)
    union = services.get_organisation(env, row.union_id)
    previous = union.parent_id
    values = {"status": "accepted" if accept else "declined", "answered_by": actor_id,
              "answered_at": env.clock.now(), "answer_note": note, "previous_parent_id": previous}

    def record(conn: sa.Connection) -> None:
        done = conn.execute(table.update().where(table.c.id == invitation_id, table.c.status == "invited")
                            .values(**values))
        if done.rowcount != 1:
            raise services.Refused(ANSWERED)
        services.tell(conn, values["answered_at"], texts.ACCEPTED if accept else texts.DECLINED,
                      path=texts.SENT_PAGE.format(id=row.federation_id), title=union.name, role=FEDERATION_OFFICE,
                      organisation_id=row.federation_id)

    def moved(conn: sa.Connection) -> None:
        record(conn)
        # The union's kept figures name its old path: counted again under the new federation when read.
        conn.execute(BranchFigures.__table__.delete().where(BranchFigures.__table__.c.organisation_id == row.union_id))

    if accept:
        services.move_organisation(env, row.union_id, row.federation_id, within=moved)
    else:
        with env.db.write() as conn:
            record(conn)


def withdraw(env: services.Env, actor_id: int | None, invitation_id: int) -> None:
    """The federation's staff take back an invitation not yet answered."""
    row = _invitation(env, invitation_id)
    federation(env, actor_id, row.federation_id)
    with env.db.write() as conn:
        done = conn.execute(table.update().where(table.c.id == invitation_id, table.c.status == "invited")
                            .values(status="withdrawn", answered_by=actor_id, answered_at=env.clock.now()))
    if done.rowcount != 1:
        raise services.Refused(ANSWERED)
