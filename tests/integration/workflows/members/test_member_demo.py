"""The demo's member registers: every demo union has its register with women's share as in its trade, a transfer
from the demo union waits for 常州恒达纺织有限公司工会's office, and an application waits for the demo union's."""

from __future__ import annotations

from engine import services
from support.demo import NOW, actor
from workflows.federation import demo as demo_federation
from workflows.members import demo as demo_members
from workflows.members import services as members
from workflows.proposals import demo as demo_data


def test_every_demo_union_has_a_register_with_a_realistic_share_of_women(loaded_demo):
    env = loaded_demo
    office = actor(env, demo_data.OFFICE[1])
    (union,) = services.unions_of(env, office.user_id, ("union_office",))
    hengda_office = actor(env, demo_federation.MEMBER_UNIONS["hengda"][1][1])
    (hengda,) = services.unions_of(env, hengda_office.user_id, ("union_office",))
    counts = members.member_counts(env, [union, hengda], NOW.date())
    for union_id, key in ((union, "demo"), (hengda, "hengda")):
        size, share, _ = demo_members.UNIONS[key]
        figures = counts[union_id]
        assert size * 0.85 <= figures.total <= size
        assert abs(figures.women / figures.total - share) < 0.08
    assert members.register_page(env, office, union).total >= 300


def test_a_transfer_awaits_hengda_and_an_application_awaits_the_demo_unions_office(loaded_demo):
    env = loaded_demo
    office = actor(env, demo_data.OFFICE[1])
    hengda_office = actor(env, demo_federation.MEMBER_UNIONS["hengda"][1][1])
    waiting = services.search_cases(env, hengda_office, workflow=members.TRANSFER).items
    assert [(c.state, c.title) for c in waiting] == [
        ("awaiting", "钱丽华的会员关系转接（转入常州恒达纺织有限公司工会）")]
    assert waiting[0].id in {t.case_id for t in services.inbox(env, hengda_office.user_id).items}
    applied = services.search_cases(env, office, workflow=members.ADMISSION).items
    assert [(c.state, c.title) for c in applied] == [("applied", "蒋雨婷的入会申请")]
    fed = actor(env, demo_federation.STAFF[1])
    assert services.search_cases(env, fed, workflow=members.TRANSFER).items == []


def test_a_member_who_came_by_transfer_shows_both_unions_in_her_history(loaded_demo):
    env = loaded_demo
    office = actor(env, demo_data.OFFICE[1])
    (union,) = services.unions_of(env, office.user_id, ("union_office",))
    (row,) = members.register_page(env, office, union, text=demo_members.MOVED_IN).items
    history = members.member_page(env, office, row.id).history
    assert [(h.union_name, h.status) for h in history] == [("常州新阳电子科技有限公司工会", "transferred_out"),
                                                           ("华东精密机械有限公司工会", "member")]
