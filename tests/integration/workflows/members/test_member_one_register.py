"""A member is on exactly one register at every moment, on both backends: a long run of random moves (transfers
started, sent, accepted, declined, withdrawn, missed; leaving; transfers outside), each refused or done as the
rules say, and after every step each person still in a union is on one register, and one only, with every row of
their history kept."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from support.members import Unions
from workflows.members import memberships
from workflows.members import services as members

STEPS = 80


def test_random_moves_keep_each_member_on_exactly_one_register(env, clock):
    u = Unions(env)
    c = services.create_organisation(env, "金鼎建材工会", "union", u.district)
    office_c = services.create_user(env, "office_c", "尤振宇")
    services.grant_role(env, office_c, c, "union_office")
    offices = {u.a: u.office_a, u.b: u.office_b, c: office_c}
    people = [u.person(u.add_member(u.a, f"A{n}", name=f"会员{n}", phone=f"1380000000{n}")) for n in range(6)]
    gone: set[str] = set()  # left, or transferred outside the system
    rng = random.Random(7)
    m = memberships.members.c

    def current(person: str) -> tuple[int, int] | None:
        with env.db.read() as conn:
            rows = conn.execute(sa.select(m.id, m.union_id).where(m.person == person, m.status == "member")).all()
        assert len(rows) <= 1
        return (rows[0].id, rows[0].union_id) if rows else None

    def open_transfers() -> list[services.CaseSummary]:
        found = []
        for office in offices.values():
            found += services.search_cases(env, Actor(office), workflow=members.TRANSFER,
                                           state=["requested", "awaiting"], per_page=100).items
        return list({case.id: case for case in found}.values())

    rows_before = 0
    for _ in range(STEPS):
        person = rng.choice(people)
        here = current(person)
        move = rng.choices(("start", "accept", "decline", "withdraw", "leave", "outside", "time"),
                           weights=(8, 8, 2, 2, 1, 1, 2))[0]
        try:
            if move == "start" and here:
                target = rng.choice([x for x in offices if x != here[1]])
                members.start_transfer(env, Actor(offices[here[1]]), here[0], target)
            elif move in ("accept", "decline", "withdraw") and (cases := open_transfers()):
                case = rng.choice(cases)
                view = services.case_view(env, Actor(offices[case.organisation_id]), case.id)
                who = offices[view.data["to_union"]] if move != "withdraw" else offices[case.organisation_id]
                services.fire(env, Actor(who), case.id, move, {"reason": "随机"} if move != "accept" else {},
                              expected_version=view.version)
            elif move == "leave" and here:
                members.record_leaving(env, Actor(offices[here[1]]), here[0], "辞职")
                gone.add(person)
            elif move == "outside" and here:
                members.transfer_outside(env, Actor(offices[here[1]]), here[0], "外地某工会", "调往外地")
                gone.add(person)
            elif move == "time":
                clock.set(clock.now() + timedelta(days=rng.randint(1, 10)))
                u.sweep()  # deadlines missed: the follow-up goes to the sending office
        except services.ValidationFailed:
            pass  # refused by the rules (a transfer under way, no longer ours): nothing moved
        for each in people:
            where = current(each)
            assert (where is None) == (each in gone), each
        with env.db.read() as conn:
            rows = conn.execute(sa.select(sa.func.count()).select_from(memberships.members)).scalar_one()
        assert rows >= rows_before  # nothing deleted
        rows_before = rows
    assert rows_before >= len(people) + 5, rows_before  # transfers accepted on the way
