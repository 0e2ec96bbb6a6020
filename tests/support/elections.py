"""A district federation with a member union, its office, chair and a roster of representatives, the federation's
staff and another district's, and a congress session opened to vote: for the election tests and pages."""

from __future__ import annotations

from datetime import date, timedelta

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.congress import generated_rows, roster_csv
from workflows import register_all
from workflows.congress import services as congress
from workflows.elections import services as elections

CANDIDATES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆"]
PLAN = {"term_years": 5, "committee_size": 5, "candidates": "\n".join(CANDIDATES), "election_date": "2026-12-18",
        "no_relatives": True, "plan_note": "第六届工会委员会换届选举"}


def election_env(url: str, clock: FixedClock) -> Env:
    """Every workflow of the installation registered, on the test's database and clock."""
    return Env(Database(url), register_all(Registry(), Settings()), clock)


class Elections:
    """The union under a district federation, with its people and a session that can vote."""

    def __init__(self, env: Env, *, password: str | None = None, roster: int = 30) -> None:
        s, self.env = services, env
        self.city = s.create_organisation(env, "常州市总工会", "federation")
        self.district = s.create_organisation(env, "武进区总工会", "federation", self.city)
        self.other_district = s.create_organisation(env, "新北区总工会", "federation", self.city)
        self.union = s.create_organisation(env, "常州金鼎建材有限公司工会", "union", self.district)
        self.works = s.create_organisation(env, "生产部", "department", self.union)
        for username, name, role, org in (
                ("office", "尤振宇", "union_office", self.union), ("chair", "万桂兰", "union_chair", self.union),
                ("staff", "顾明远", "federation_office", self.district),
                ("elsewhere", "沈其他", "federation_office", self.other_district),
                ("handler", "周生产", "handler", self.works)):
            setattr(self, username, s.create_user(env, username, name))
            if password:
                s.set_password(env, getattr(self, username), password)
            s.grant_role(env, getattr(self, username), org, role)
        self.term = congress.ensure_term(env, self.union, 3, staff_count=roster * 15, women_staff_count=roster * 7)
        congress.import_roster(env, self.term, roster_csv(generated_rows(roster)))
        self.roster = [r.user_id for r in congress.list_roster(env, self.term)]
        if password:
            for user_id in self.roster[:2]:
                s.set_password(env, user_id, password)
        self.session = congress.create_congress_session(
            env, self.union, term=3, number=2, name="第三届职代会暨会员代表大会第二次会议",
            collection_opens=date(2026, 11, 1), collection_closes=date(2026, 11, 10), opens_on=date(2026, 12, 18))
        self.session_case = 0

    def act(self, who: int, case_id: int, trigger: str, form: dict | None = None) -> str:
        view = services.case_view(self.env, Actor(who), case_id)
        return services.fire(self.env, Actor(who), case_id, trigger, form, expected_version=view.version).state

    def plan(self, **changes) -> int:
        return services.start_case(self.env, Actor(self.office), elections.ELECTION, self.union,
                                   "第六届工会委员会换届选举", {**PLAN, **changes}).case_id

    def open_session(self) -> None:
        """Documents out eight days before, then the session opened now and every representative checked in."""
        clock, now = self.env.clock, self.env.clock.now()
        clock.set(now - timedelta(days=8))  # type: ignore[attr-defined]
        self.session_case = services.start_case(self.env, Actor(self.office), congress.SESSION, self.union,
                                                "第三届职代会暨会员代表大会第二次会议",
                                                {"session_id": self.session}).case_id
        self.act(self.office, self.session_case, "deliver_documents", {"agenda": "选举新一届工会委员会。"})
        clock.set(now)  # type: ignore[attr-defined]
        self.act(self.chair, self.session_case, "open_session")
        congress.check_in(self.env, Actor(self.office), self.session, self.roster)

    def vote(self, item_id: int, ballots: list[list[int]]) -> None:
        """Open the item, cast each ballot (candidate positions) by one representative after another, close it."""
        congress.open_item(self.env, Actor(self.chair), item_id)
        for voter, choice in zip(self.roster, ballots, strict=False):
            congress.vote(self.env, Actor(voter), item_id, choice)
        congress.close_item(self.env, Actor(self.chair), item_id)
