"""A district federation with five member unions, its staff, an employers' association and the enterprises'
employer representatives, for regional and industry bargaining tests and pages."""

from __future__ import annotations

import workflows.bargaining as bargaining_package
from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.time import deadlines
from workflows.bargaining import regional

DRAFT = ("第一条 本合同适用于本区域内各覆盖企业的全体职工。\n第二条 2027年职工工资增长不低于5%。\n"
         "第三条 最低工资不低于当地标准的110%。")
MANDATE = "兹委托顾明远担任本区域集体协商工会方首席代表。区总工会主席，2026年11月20日。"
RESULT = {"held_on": "2026-11-23", "total": 30, "present": 28, "votes_for": 25}  # passes art. 36
FAILED = {"held_on": "2026-11-23", "total": 30, "present": 24, "votes_for": 15}  # 15 of 30: not more than half


class Region:
    """武进区-like district: ``staff`` (federation_office), ``assoc`` (employer_association), five unions with
    their office and chair, two enterprise managers (``employer`` at their union), and a union elsewhere."""

    def __init__(self, env: Env, *, password: str | None = None) -> None:
        self.env = env
        if regional.REGIONAL not in {entry.spec.name for entry in env.registry}:
            bargaining_package.register(env.registry, Settings())
        city = services.create_organisation(env, "测试市总工会", "federation")
        self.district = services.create_organisation(env, "测试区总工会", "federation", city)
        self.unions = [services.create_organisation(env, f"测试企业{i}工会", "union", self.district)
                       for i in range(1, 6)]
        self.elsewhere = services.create_organisation(env, "外区企业工会", "union", city)

        def user(username: str, name: str, role: str | None = None, org: int | None = None) -> int:
            uid = services.create_user(env, username, name)
            if password:
                services.set_password(env, uid, password)
            if role:
                services.grant_role(env, uid, org or self.district, role)
            return uid

        self.staff = user("rstaff", "顾明远", "federation_office")
        self.staff2 = user("rstaff2", "区总工会陈部长", "federation_office")
        self.assoc = user("rassoc", "区企业联合会王秘书长", regional.ASSOCIATION)
        self.offices = [user(f"roffice{i}", f"企业{i}工会办公室", "union_office", u)
                        for i, u in enumerate(self.unions, 1)]
        self.chairs = [user(f"rchair{i}", f"企业{i}工会主席", "union_chair", u) for i, u in enumerate(self.unions, 1)]
        self.managers = [user(f"rboss{i}", f"企业{i}总经理", "employer", u) for i, u in enumerate(self.unions[:2], 1)]
        self.outsider = user("routside", "外区工会办公室", "union_office", self.elsewhere)
        self.union_side = [self.staff, self.chairs[0], self.chairs[1]]
        self.employer_side = [self.assoc, *self.managers]

    def start(self, covered: list[int] | None = None, **values) -> int:
        return services.start_case(self.env, Actor(self.staff), regional.REGIONAL, self.district,
                                   "2027年度区域性工资集体协商", {
                                       "kind": "collective_contract", "initiator": "union",
                                       "covered": covered or self.unions[:4], "counterpart": "测试区企业联合会",
                                       "employer_reps": self.employer_side, "topics": "区域内职工工资增长幅度",
                                       **values}).case_id

    def fire(self, who: int, case_id: int, trigger: str, form: dict | None = None) -> str:
        view = services.case_view(self.env, Actor(who), case_id)
        return services.fire(self.env, Actor(who), case_id, trigger, form, expected_version=view.version).state

    def data(self, case_id: int) -> dict:
        return services.case_view(self.env, Actor(self.staff), case_id).data

    def state(self, case_id: int) -> str:
        return services.case_view(self.env, Actor(self.staff), case_id).state

    def sweep(self) -> list[str]:
        return [deadlines.fire_timer(self.env, t) for t in deadlines.due_timers(self.env)]

    def negotiate(self, case_id: int, day: str = "2026-11-23") -> None:
        """From sending the request to a saved draft: the association agrees, both sides appoint three each."""
        self.fire(self.staff, case_id, "send_request", {"received_on": day})
        self.fire(self.assoc, case_id, "agree_to_negotiate", {"replied_on": day, "reply": "同意开展区域性协商。"})
        self.fire(self.staff, case_id, "appoint_union_negotiators", {
            "negotiators": self.union_side, "chief": self.staff, "chief_mandate": MANDATE})
        self.fire(self.assoc, case_id, "appoint_employer_negotiators", {
            "negotiators": self.employer_side, "chief": self.assoc})
        self.fire(self.staff, case_id, "start_talks")
        self.fire(self.staff, case_id, "save_draft", {"text": DRAFT})

    def pass_each(self, case_id: int, unions: list[int] | None = None) -> None:
        for union in unions or self.data(case_id)["covered"]:
            self.fire(self.staff, case_id, "record_congress_result", {"body": union, **RESULT})
