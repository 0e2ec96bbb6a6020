"""A union with a disclosure register: the test union, an employer, three entries (monthly wages by the HR
department to all staff, quarterly welfare fund by logistics, safety at an event by production)."""

from __future__ import annotations

import workflows.disclosures as disclosures_package
from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.time import deadlines
from support.union import Union
from workflows.disclosures import services as disclosures

OCTOBER = "10月工资已于11月10日足额发放，人均6320元。"


class Disclosures(Union):
    """The test union (``office``, handlers of 生产部/人力资源部/后勤保障部, five representatives) plus ``boss``
    (employer) and a register of three entries: ``wages`` (monthly, HR), ``welfare`` (quarterly, logistics, scope
    the logistics department) and ``safety`` (at an event, production)."""

    def __init__(self, env: Env, *, password: str | None = None, **kw) -> None:
        super().__init__(env, password=password, **kw)
        self.env = env
        if disclosures.NAME not in {entry.spec.name for entry in env.registry}:
            disclosures_package.register(env.registry, Settings())
        self.boss = services.create_user(env, "boss", "孙经理")
        if password:
            services.set_password(env, self.boss, password)
        services.grant_role(env, self.boss, self.union, "employer")
        office = Actor(self.office)
        self.wages = disclosures.add_entry(env, office, self.union, entry(
            "月度工资发放情况", "wages", "monthly", self.union, self.hr))
        self.welfare = disclosures.add_entry(env, Actor(self.boss), self.union, entry(
            "福利基金使用情况", "welfare_fund", "quarterly", self.logistics, self.logistics, channel="intranet"))
        self.safety = disclosures.add_entry(env, office, self.union, entry(
            "安全生产事故及整改情况", "safety", "event", self.union, self.works, channel="staff_meeting"))

    def item(self, period: str = "2026-10", entry: int | None = None) -> int:
        return disclosures.make_item(self.env, services.SYSTEM_ACTOR, entry or self.wages, period=period)

    def fire(self, who: int, case_id: int, trigger: str, form: dict | None = None,
             uploads: list[services.Upload] | None = None) -> str:
        view = services.case_view(self.env, Actor(who), case_id)
        return services.fire(self.env, Actor(who), case_id, trigger, form, expected_version=view.version,
                             uploads=uploads).state

    def publish(self, item: int, text: str = OCTOBER, on: str = "2026-11-23") -> str:
        return self.fire(self.hr_handler, item, "publish", {"text": text, "published_on": on, "how": "公开栏"})

    def data(self, case_id: int) -> dict:
        return services.case_view(self.env, Actor(self.office), case_id).data

    def sweep(self) -> list[str]:
        return [deadlines.fire_timer(self.env, t) for t in deadlines.due_timers(self.env)]


def entry(title: str, category: str, frequency: str, scope: int, department: int, *, channel: str = "board",
          starts_on: str = "2026-01-01") -> dict:
    return {"title": title, "category": category, "frequency": frequency, "channel": channel, "scope": scope,
            "department": department, "note": "", "starts_on": starts_on}
