"""A small enterprise union with a congress session open for proposals, for workflow and page tests."""

from __future__ import annotations

from datetime import date

import workflows.congress as congress_package
from config import Settings
from engine import services
from engine.core.env import Env
from workflows.congress import services as congress


class Union:
    """One union, three departments, five representatives, a committee member, a leader, handlers, and the
    term-5 roster with the five representatives and the committee member on it."""

    def __init__(self, env: Env, *, password: str | None = None, roster: bool = True) -> None:
        s = services
        if "congress" not in env.registry.capabilities:  # proposals are collected for a congress session
            congress_package.register(env.registry, Settings())
        self.union = s.create_organisation(env, "华东机械厂工会", "union")
        self.works = s.create_organisation(env, "生产部", "department", self.union)
        self.hr = s.create_organisation(env, "人力资源部", "department", self.union)
        self.logistics = s.create_organisation(env, "后勤保障部", "department", self.union)
        self.session = congress.create_congress_session(
            env, self.union, term=5, number=3, name="第五届职代会第三次会议",
            collection_opens=date(2026, 11, 1), collection_closes=date(2026, 12, 15), opens_on=date(2026, 12, 28))
        people = {"rep1": "王建国", "rep2": "李秀英", "rep3": "张伟", "rep4": "刘洋", "rep5": "陈静",
                  "committee": "赵提案", "leader": "孙厂长", "works_handler": "周生产", "hr_handler": "吴人事",
                  "logistics_handler": "郑后勤", "office": "冯工会"}
        for username, name in people.items():
            setattr(self, username, s.create_user(env, username, name))
            if password:
                s.set_password(env, getattr(self, username), password)
        for rep in ("rep1", "rep2", "rep3", "rep4", "rep5"):
            s.grant_role(env, getattr(self, rep), self.union, "representative")
        s.grant_role(env, self.committee, self.union, "proposal_committee")
        s.grant_role(env, self.committee, self.union, "representative")
        s.grant_role(env, self.leader, self.union, "leader")
        s.grant_role(env, self.office, self.union, "union_office")
        s.grant_role(env, self.works_handler, self.works, "handler")
        s.grant_role(env, self.hr_handler, self.hr, "handler")
        s.grant_role(env, self.logistics_handler, self.logistics, "handler")
        # The term-5 roster (第五届职代会代表名册): whoever proposes or co-signs for the session is on it
        # (``roster=False``: the term is left without one, for tests of the import itself).
        self.term = congress.ensure_term(env, self.union, 5)
        if not roster:
            return
        congress.import_roster(env, self.term, b"username,name,email,delegation,category,sex,department\n"
                               + "".join(f"{u},{people[u]},,第1代表团,worker,{'f' if n % 2 else 'm'},"
                                         f"{'人力资源部' if u == 'rep2' else '生产部'}\n"
                                         for n, u in enumerate(("rep1", "rep2", "rep3", "rep4", "rep5",
                                                                "committee"))).encode())
