"""A union with an inspection under way: the office organised it with rep1 and rep2 of the term-5 roster; a
chair, a department head; helpers to record a finding and act on it."""

from __future__ import annotations

from typing import Any

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from support.union import Union
from workflows import inspections as inspections_package


class Inspected(Union):
    """``Union`` plus a chair, the works department's head, an unrelated staff member and an inspection."""

    def __init__(self, env: Env, *, password: str | None = None) -> None:
        if "inspection" not in {e.spec.name for e in env.registry}:
            inspections_package.register(env.registry, Settings())
        super().__init__(env, password=password)
        for username, name, role, org in (("chair", "钱主席", "union_chair", self.union),
                                          ("works_head", "孙部长", "department_head", self.works),
                                          ("staff", "马职工", "handler", self.hr)):
            setattr(self, username, services.create_user(env, username, name))
            if password:
                services.set_password(env, getattr(self, username), password)
            services.grant_role(env, getattr(self, username), org, role)
        self.env = env
        self.inspection = self.start(self.office, "inspection", "食堂和宿舍安全巡视", {
            "representatives": [self.rep1, self.rep2], "inspection_date": "2026-11-25",
            "places": "职工食堂\n三号宿舍楼"})

    def start(self, who: int, workflow: str, title: str, form: dict[str, Any], **kw: Any) -> int:
        return services.start_case(self.env, Actor(who), workflow, self.union, title, form, **kw).case_id

    def finding(self, title: str = "食堂后厨地面湿滑无防滑垫", department: int | None = None,
                due: str | None = "2026-12-10", who: int | None = None) -> int:
        form = {"inspection_id": self.inspection, "place": "职工食堂后厨", "details": "地面有积水，未设警示标志。",
                "department": department or self.logistics}
        if due:
            form["due_date"] = due
        return self.start(who or self.rep1, "finding", title, form)

    def fire(self, who: int, case_id: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        services.fire(self.env, Actor(who), case_id, trigger, form)

    def state(self, case_id: int) -> str:
        return services.case_view(self.env, services.SYSTEM_ACTOR, case_id).state

    def data(self, case_id: int) -> dict[str, Any]:
        return services.case_view(self.env, services.SYSTEM_ACTOR, case_id).data
