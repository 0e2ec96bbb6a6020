"""A change of ``[proposal]`` in the config (categories, reminders) leaves running proposals on the rules they
started under; only new proposals take it."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.models import Timer
from workflows import congress
from workflows.congress import services as sessions
from workflows.proposals import spec as proposal

NAMES = {"canteen": ["食堂管理", "Canteen"]}
BEFORE = {"categories": ["welfare", "canteen"], "category_names": NAMES, "reminders": ["1 days"],
          "min_co_signers": 1, "endorsement": False}
AFTER = {"categories": ["welfare", "safety"], "reminders": ["5 workdays", "2 days", "0 days"],
         "min_co_signers": 1, "endorsement": False}


def configured(env: Env, table: dict) -> Env:
    """The process as it runs after a restart with ``[proposal]`` set to ``table``."""
    settings = Settings(proposal=table)
    registry = Registry()
    congress.register(registry, settings)
    registry.register(proposal.build(proposal.Policy.from_settings(settings)))
    return Env(env.db, registry, env.clock, env.calendar)


@pytest.fixture
def union(env):
    s = services
    u = type("U", (), {})()
    u.union = s.create_organisation(env, "华东机械厂工会", "union")
    u.works = s.create_organisation(env, "生产部", "department", u.union)
    u.session = sessions.create_congress_session(
        env, u.union, term=5, number=3, name="第五届职代会第三次会议", collection_opens=date(2026, 11, 1),
        collection_closes=date(2026, 12, 15))
    u.rep1, u.rep2 = s.create_user(env, "rep1", "王建国"), s.create_user(env, "rep2", "李秀英")
    u.committee = s.create_user(env, "committee", "赵提案")
    s.grant_role(env, u.committee, u.union, "proposal_committee")
    term = sessions.ensure_term(env, u.union, 5)  # the term's roster: both representatives on it
    sessions.import_roster(env, term, "username,name,email,delegation,category,sex,department\n"
                                  "rep1,王建国,,第1代表团,worker,m,生产部\nrep2,李秀英,,第1代表团,worker,f,生产部\n".encode())
    return u


def test_a_running_proposal_keeps_the_categories_and_reminders_it_started_under(env, union):
    u, old = union, configured(env, BEFORE)
    form = {"session_id": u.session, "category": "canteen", "reasons": "夜班无处就餐", "measures": "增开窗口"}
    case_id = services.start_case(old, Actor(u.rep1), "proposal", u.union, "关于食堂的提案", form).case_id

    new = configured(env, AFTER)  # canteen is gone from the config, safety came in, reminders changed
    edit = {k: v for k, v in form.items() if k != "session_id"} | {"title": "关于食堂的提案"}
    services.fire(new, Actor(u.rep1), case_id, "edit", edit | {"category": "welfare"})
    services.fire(new, Actor(u.rep1), case_id, "edit", edit)  # canteen: the case's own list has it
    with pytest.raises(services.ValidationFailed) as caught:
        services.fire(new, Actor(u.rep1), case_id, "edit", edit | {"category": "safety"})
    assert set(caught.value.errors) == {"category"}
    (field,) = [f for a in services.case_view(new, Actor(u.rep1), case_id).actions if a.trigger == "edit"
                for f in a.fields if f.name == "category"]
    assert field.choices == ("welfare", "canteen")
    with pytest.raises(services.ValidationFailed):  # a new proposal takes today's list
        services.start_case(new, Actor(u.rep1), "proposal", u.union, "新提案", form)

    services.fire(new, Actor(u.rep1), case_id, "invite", {"co_signers_invited": [u.rep2]})
    services.fire(new, Actor(u.rep2), case_id, "co_sign")
    services.fire(new, Actor(u.committee), case_id, "accept")
    outcome = services.fire(new, Actor(u.committee), case_id, "assign",
                            {"lead_department": u.works, "due_date": "2026-12-23"})
    assert outcome.state == "handling"
    t = Timer.__table__
    with env.db.engine.connect() as conn:
        kinds = conn.execute(sa.select(t.c.kind).where(t.c.case_id == case_id, t.c.state == "handling")
                             .order_by(t.c.id)).scalars().all()
    assert kinds == ["deadline", "reminder"]  # the one reminder it started with, not today's three
