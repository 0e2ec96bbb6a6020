"""A congress term with its roster and a session driven through its workflow, for ballot tests and pages."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import workflows.congress as congress_package
from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from support.union import Union
from workflows.congress import services as congress

CATEGORY_CYCLE = ("worker", "worker", "worker", "technical", "manager", "worker", "technical", "worker", "worker",
                  "technical")


def roster_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["username", "name", "email", "delegation", "category", "sex",
                                             "department"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def generated_rows(count: int, *, prefix: str = "r") -> list[dict[str, str]]:
    """``count`` representatives in four delegations, about a tenth managers, about half women."""
    return [{"username": f"{prefix}{i:04d}", "name": f"代表{i:04d}", "email": f"{prefix}{i:04d}@example.cn",
             "delegation": f"第{i % 4 + 1}代表团", "category": CATEGORY_CYCLE[i % len(CATEGORY_CYCLE)],
             "sex": "f" if i % 2 else "m", "department": "生产部"} for i in range(count)]


def own_rows(*left: str) -> list[dict[str, str]]:
    """rep1..rep5 as the roster file lists them, but for the usernames ``left`` (no longer on it)."""
    return [{"username": f"rep{i}", "name": f"代表{i}", "email": "", "delegation": "第1代表团", "category": "worker",
             "sex": "f" if i % 2 else "m", "department": "生产部"} for i in range(1, 6) if f"rep{i}" not in left]


class Congress(Union):
    """The proposals test union plus a chair, two tellers, a roster of ``size`` (the five representatives
    rep1..rep5 first) and the session's own case, up to the phase asked for."""

    def __init__(self, env: Env, *, size: int = 30, phase: str = "opened", password: str | None = None) -> None:
        super().__init__(env, password=password)
        s = services
        known = {entry.spec.name for entry in env.registry}
        if congress.SESSION not in known:
            congress_package.register(env.registry, Settings())
        self.env = env
        for username, name, role in (("chair", "钱主席", "union_chair"), ("teller1", "计票一", "teller"),
                                     ("teller2", "计票二", "teller")):
            setattr(self, username, s.create_user(env, username, name))
            if password:
                s.set_password(env, getattr(self, username), password)
            s.grant_role(env, getattr(self, username), self.union, role)
        own = own_rows()
        self.term = congress.ensure_term(env, self.union, 5, staff_count=size * 15, women_staff_count=size * 7)
        congress.import_roster(env, self.term, roster_csv(own + generated_rows(size - 5)))
        self.roster = [r.user_id for r in congress.list_roster(env, self.term)]
        self.case = None
        if phase == "none":
            return
        now = env.clock.now()
        if phase == "opened":  # documents out eight days before it opens now (seven are needed for reserved matters)
            env.clock.set(now - timedelta(days=8))  # type: ignore[attr-defined]
        self.case = s.start_case(env, Actor(self.office), congress.SESSION, self.union, "第五届职代会第三次会议",
                                 {"session_id": self.session}).case_id
        if phase == "planned":
            return
        self.act(self.office, "deliver_documents", {"agenda": "一、审议工资集体协商方案；二、选举；三、民主评议。"})
        if phase == "documents":
            return
        env.clock.set(now)  # type: ignore[attr-defined]
        self.act(self.chair, "open_session")

    def act(self, who: int, trigger: str, form: dict | None = None) -> str:
        view = services.case_view(self.env, Actor(who), self.case)
        return services.fire(self.env, Actor(who), self.case, trigger, form, expected_version=view.version).state

    def reimport_without(self, *left: str) -> int:
        """The office imports the term's roster again without the representatives ``left`` (rep1..rep5), as
        when they left the enterprise; returns how many left the roster."""
        rows = own_rows(*left) + generated_rows(len(self.roster) - 5)
        return congress.import_roster(self.env, self.term, roster_csv(rows)).removed

    def check_in_all(self, user_ids: list[int] | None = None) -> None:
        congress.check_in(self.env, Actor(self.office), self.session, user_ids or self.roster)
