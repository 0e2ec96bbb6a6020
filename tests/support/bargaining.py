"""A union with a congress in session, an employer side and negotiators, for bargaining tests and pages."""

from __future__ import annotations

import workflows.bargaining as bargaining_package
from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.time import deadlines
from support.congress import Congress
from workflows.bargaining import spec as bargaining
from workflows.congress import services as congress

TOPICS = "一、2027年度职工工资增长幅度；二、最低工资标准；三、加班工资计算基数。"
DRAFT_1 = "第一条 本合同适用于全体职工。\n第二条 2027年职工平均工资增长6%。\n第三条 加班工资以基本工资为基数。"
# The union chair's written designation of rep1 as the union's chief negotiator (《集体合同规定》 art. 20).
MANDATE = "兹委托代表1担任本次集体协商工会方首席代表。工会主席：钱主席，2026年11月20日。"
DRAFT_2 = "第一条 本合同适用于全体职工。\n第二条 2027年职工平均工资增长5.5%，一线职工不低于6%。\n" \
          "第三条 加班工资以基本工资为基数。\n第四条 夜班津贴每班30元。"


class Bargaining(Congress):
    """The congress test union plus three employer negotiators (``boss`` holds the employer role)."""

    def __init__(self, env: Env, *, password: str | None = None, **kw) -> None:
        super().__init__(env, password=password, **kw)
        known = {entry.spec.name for entry in env.registry}
        if bargaining.NAME not in known:
            bargaining_package.register(env.registry, Settings())
        for username, name in (("boss", "孙经理"), ("emp2", "人力资源部李经理"), ("emp3", "财务部周经理")):
            setattr(self, username, services.create_user(env, username, name))
            if password:
                services.set_password(env, getattr(self, username), password)
        services.grant_role(env, self.boss, self.union, "employer")
        self.employer_side = [self.boss, self.emp2, self.emp3]
        self.union_side = [self.rep1, self.rep2, self.rep3]

    def start(self, who: int, *, kind: str = "collective_contract", initiator: str = "union") -> int:
        return services.start_case(self.env, Actor(who), bargaining.NAME, self.union, "2027年度集体协商",
                                   {"kind": kind, "initiator": initiator, "counterpart": "华东机械厂",
                                    "topics": TOPICS}).case_id

    def fire(self, who: int, case_id: int, trigger: str, form: dict | None = None) -> str:
        view = services.case_view(self.env, Actor(who), case_id)
        return services.fire(self.env, Actor(who), case_id, trigger, form, expected_version=view.version).state

    def data(self, case_id: int) -> dict:
        return services.case_view(self.env, Actor(self.office), case_id).data

    def sweep(self) -> list[str]:
        return [deadlines.fire_timer(self.env, t) for t in deadlines.due_timers(self.env)]

    def negotiate(self, case_id: int, *, day: str = "2026-11-23") -> None:
        """A union request from its sending to the talks: the reply, both sides' negotiators (rep1 and boss
        chiefs), the data for the talks, a round, and two draft versions (rep1's, then the employer's)."""
        self.fire(self.office, case_id, "send_request", {"received_on": day})
        self.fire(self.boss, case_id, "agree_to_negotiate", {"replied_on": day, "reply": "同意协商。"})
        self.fire(self.office, case_id, "appoint_union_negotiators", {"negotiators": self.union_side,
                                                                      "chief": self.rep1, "chief_mandate": MANDATE})
        self.fire(self.boss, case_id, "appoint_employer_negotiators", {"negotiators": self.employer_side,
                                                                       "chief": self.boss})
        self.fire(self.office, case_id, "record_data", {
            "average_wage": 6850, "last_increase": 48, "guideline_baseline": 55, "guideline_upper": 80,
            "guideline_lower": 30, "cpi": 2, "results": "营业收入增长8%。", "sources": "市人社局2026年工资指导线"})
        self.fire(self.office, case_id, "start_talks")
        self.fire(self.rep1, case_id, "record_round", {"held_on": day, "attendance": "双方各3人",
                                                       "minutes": "工会方提出增长6%，企业方提出4%。",
                                                       "positions": "工资增长：工会6%，企业4%"})
        self.fire(self.rep1, case_id, "save_draft", {"text": DRAFT_1})
        self.fire(self.boss, case_id, "save_draft", {"text": DRAFT_2, "note": "调整增幅，增加夜班津贴"})

    def vote(self, case_id: int, agree: int) -> None:
        """The chair runs the congress vote on the draft the case put on the session's ballot."""
        item = self.data(case_id)["vote_item"]
        self.check_in_all()
        congress.open_item(self.env, Actor(self.chair), item)
        for i, user in enumerate(self.roster):
            congress.vote(self.env, Actor(user), item, "agree" if i < agree else "disagree")
        congress.close_item(self.env, Actor(self.chair), item)

    def agree(self, case_id: int, *, term_years: int = 2, day: str = "2026-11-23") -> None:
        """From the talks to an agreement signed, filed and under review: the congress passes the latest draft."""
        self.fire(self.office, case_id, "put_to_congress", {"session_id": self.session, "term_years": term_years,
                                                            "agreement_title": "2027年度集体合同"})
        self.vote(case_id, agree=len(self.roster))
        self.fire(self.rep1, case_id, "sign", {"signed_on": day})
        self.fire(self.boss, case_id, "sign", {"signed_on": day})
        self.fire(self.office, case_id, "file", {"submitted_on": day, "received_on": day})
