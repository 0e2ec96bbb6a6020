"""Two enterprise unions under a district federation, each with its union office (and the first its chair), a
federation staff member, and the member workflows registered: for the member register's tests."""

from __future__ import annotations

from datetime import date

import workflows.members as members_package
from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.time import deadlines
from workflows.federation.roles import FEDERATION_OFFICE
from workflows.members import memberships


class Unions:
    """``a`` (华东机械厂工会, office ``office_a``, chair ``chair_a``) and ``b`` (恒达纺织工会, office ``office_b``)
    under ``district``, whose staff member is ``fed``; ``stranger`` holds nothing."""

    def __init__(self, env: Env, *, password: str | None = None) -> None:
        self.env = env
        if "member_admission" not in {e.spec.name for e in env.registry}:
            members_package.register(env.registry, Settings())
        s = services
        self.city = s.create_organisation(env, "常州市总工会", "federation")
        self.district = s.create_organisation(env, "武进区总工会", "federation", self.city)
        self.a = s.create_organisation(env, "华东机械厂工会", "union", self.district)
        self.b = s.create_organisation(env, "恒达纺织工会", "union", self.district)
        for username, name in (("office_a", "陈晓梅"), ("chair_a", "沈国华"), ("office_b", "许晓红"),
                               ("fed", "顾明远"), ("stranger", "路人甲")):
            setattr(self, username, s.create_user(env, username, name))
            if password:
                s.set_password(env, getattr(self, username), password)
        s.grant_role(env, self.office_a, self.a, "union_office")
        s.grant_role(env, self.chair_a, self.a, "union_chair")
        s.grant_role(env, self.office_b, self.b, "union_office")
        s.grant_role(env, self.fed, self.district, FEDERATION_OFFICE)

    def add_member(self, union: int, number: str, name: str = "王芳", gender: str = "female",
                   phone: str = "13800000001", joined: date = date(2020, 5, 1)) -> int:
        with self.env.db.write() as conn:
            memberships.add_rows(conn, [{"union_id": union, "number": number, "name": name, "gender": gender,
                                         "phone": phone, "joined_on": joined, "joined_how": "import"}],
                                 self.env.clock.now())
            return conn.execute(memberships.members.select().where(memberships.members.c.union_id == union,
                                                                   memberships.members.c.number == number)).first().id

    def fire(self, user: int, case_id: int, trigger: str, form: dict | None = None) -> str:
        view = services.case_view(self.env, Actor(user), case_id)
        return services.fire(self.env, Actor(user), case_id, trigger, form or {}, expected_version=view.version).state

    def sweep(self) -> list[str]:
        return [deadlines.fire_timer(self.env, t) for t in deadlines.due_timers(self.env)]

    def on_registers(self, person: str) -> list[tuple[int, str]]:
        """The (union, number) rows of the person now on a register."""
        m = memberships.members.c
        with self.env.db.read() as conn:
            return [(r.union_id, r.number) for r in conn.execute(
                memberships.members.select().where(m.person == person, m.status == "member"))]

    def person(self, member_id: int) -> str:
        with self.env.db.read() as conn:
            return conn.execute(memberships.members.select().where(memberships.members.c.id == member_id)
                                ).first().person
