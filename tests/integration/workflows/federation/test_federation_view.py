"""The federation's view of its member unions on both backends: the year's figures of a union built step by step
(a congress held with a secret ballot and its quorum, proposals answered on time or late and rated, an agreement
filed and one signed but not filed past its ten days), the filings register, and who may look (404 for others)."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.notify import outbox
from engine.time.calendar import TZ
from support.bargaining import Bargaining
from support.web import assigned_proposal, start_proposal
from workflows.elections import services as elections
from workflows.federation import services as federation
from workflows.federation.roles import FEDERATION_OFFICE
from workflows.proposals.terms import PRIVATE


class Tree:
    """A city's federation, a district's under it, the test union joined to the district by invitation, an empty
    member union, and a union outside; staff of the city and of the district."""

    def __init__(self, env) -> None:
        from workflows import federation as federation_package
        from workflows.proposals import register

        register(env.registry, Settings())
        federation_package.register(env.registry, Settings())
        self.u = Bargaining(env)
        s = services
        self.city = s.create_organisation(env, "常州市总工会", "federation")
        self.district = s.create_organisation(env, "武进区总工会", "federation", self.city)
        self.empty = s.create_organisation(env, "恒达纺织工会", "union", self.district)
        self.outside = s.create_organisation(env, "外区工会", "union")
        self.staff = s.create_user(env, "district_staff", "顾明远")
        self.city_staff = s.create_user(env, "city_staff", "常市")
        s.grant_role(env, self.staff, self.district, FEDERATION_OFFICE)
        s.grant_role(env, self.city_staff, self.city, FEDERATION_OFFICE)
        invitation = federation.invite(env, self.staff, self.district, self.u.union, "欢迎加入")
        federation.answer(env, self.u.office, invitation, True, "同意")


@pytest.fixture
def tree(env, clock):
    return Tree(env)


def build(env, clock, t: Tree) -> tuple[int, int]:
    """An agreement filed, another signed and not filed, a congress with a ballot, three proposals."""
    u = t.u
    filed = u.start(u.office)
    u.negotiate(filed)
    u.agree(filed)
    unfiled = u.start(u.office, kind="wage_agreement")
    u.negotiate(unfiled)
    u.fire(u.office, unfiled, "put_to_congress", {"session_id": u.session, "term_years": 1,
                                                  "agreement_title": "2027年度工资专项集体合同"})
    u.vote(unfiled, agree=len(u.roster))
    u.fire(u.rep1, unfiled, "sign", {"signed_on": "2026-11-23"})
    u.fire(u.boss, unfiled, "sign", {"signed_on": "2026-11-23"})
    on_time = assigned_proposal(env, u, "2026-12-20")
    late = assigned_proposal(env, u, "2026-12-10")
    assigned_proposal(env, u, "2026-12-24")  # assigned, not answered
    services.fire(env, Actor(u.logistics_handler), on_time, "answer", {"classification": "solved", "answer": "已办。"})
    services.fire(env, Actor(u.rep1), on_time, "rate", {"attitude": "satisfied", "result": "unsatisfied",
                                                        "rating_comment": "仍未解决。"})
    clock.set(datetime(2026, 12, 15, 10, tzinfo=TZ))
    services.fire(env, Actor(u.logistics_handler), late, "answer", {"classification": "solved", "answer": "已办。"})
    services.fire(env, Actor(u.rep1), late, "rate", {"attitude": "satisfied", "result": "satisfied"})
    return filed, unfiled


def test_figures_of_a_member_union_and_in_all(env, clock, tree):
    t = tree
    filed, unfiled = build(env, clock, t)
    # the test union's committee elected in June 2021 for five years: past its term; the other's running
    elections.record_term(env, t.u.union, date(2021, 6, 1), 5, approved_on=date(2021, 6, 20))
    elections.record_term(env, t.empty, date(2024, 3, 1), 3, approved_on=None)
    view = federation.overview(env, t.staff, t.district, 2026)
    assert view.unions.total == 2
    row = next(r for r in view.unions.items if r["id"] == t.u.union)
    assert (row["congress_held"], row["secret_ballot"], row["quorum_met"]) == (1, 1, 1)
    assert (row["proposals"], row["answered"], row["on_time"], row["satisfaction"]) == (3, 2, 1, 0.5)
    assert (row["in_force"], row["unfiled"], row["filing_overdue"]) == (0, 1, 1)  # 10 days from 11-23 have passed
    assert row["overdue"] >= 1  # the filing's task past its due time
    assert (row["term_ends"], row["past_term"], row["flagged"]) == (date(2026, 6, 1), "是", True)
    assert view.unions.items[0]["id"] == t.u.union  # the union with overdue work comes first
    empty = next(r for r in view.unions.items if r["id"] == t.empty)
    assert (empty["proposals"], empty["unfiled"], empty["overdue"]) == (0, 0, 0)
    assert (empty["term_ends"], empty["past_term"]) == (date(2027, 3, 1), "否")
    assert dict(view.summary)["超期未换届"] == "1"
    summary = dict(view.summary)
    assert summary["会员工会"] == "2" and summary["已签未报送审查"] == "1"
    charts = {c.key: c for c in view.charts}
    assert {r["item"]: r["count"] for r in charts["agreements"].rows}["审查中"] == 1
    # the city's staff see the same union through the district
    city = federation.overview(env, t.city_staff, t.city, 2026)
    assert {r["id"] for r in city.unions.items} == {t.u.union, t.empty}
    # another year: nothing held, nothing proposed
    before = federation.overview(env, t.staff, t.district, 2025)
    assert all(r["congress_held"] == 0 and r["proposals"] == 0 for r in before.unions.items)


def test_filings_register_and_drill_down_read_only_what_the_federation_may(env, clock, tree):
    t = tree
    filed, unfiled = build(env, clock, t)
    register = federation.filings(env, t.staff, t.district)
    assert [f.case_id for f in register.items] == [filed]
    entry = register.items[0]
    assert (entry.title, entry.signed_on, entry.filed_on) == ("2027年度集体合同", "2026-11-23", "2026-11-23")
    assert services.case_view(env, Actor(t.staff), filed).state == "under_review"
    with pytest.raises(services.NotFound):  # signed, not filed: the union's own until it is filed
        services.case_view(env, Actor(t.staff), unfiled)
    detail = federation.union_detail(env, t.staff, t.district, t.u.union, 2026)
    assert [f.case_id for f in detail.filings] == [filed]
    assert [s.id for s in detail.sessions] == [t.u.session] and detail.sessions[0].quorum_met
    assert detail.row["unfiled"] == 1
    # what the federation's staff may read of the union: filed agreements and what every member may read (the
    # public register of proposals); never a draft, an agreement before filing, a worker's request
    draft = start_proposal(env, t.u)
    readable = services.search_cases(env, Actor(t.staff), per_page=200).items
    assert filed in {c.id for c in readable} and not {draft, unfiled} & {c.id for c in readable}
    assert not [c for c in readable if c.workflow == "proposal" and c.state in PRIVATE]
    book = openpyxl.load_workbook(io.BytesIO(federation.overview_xlsx(env, t.staff, t.district, 2026)))
    assert book.sheetnames[0] == "会员工会" and book.sheetnames[-1] == "集体合同备案登记"
    assert book["集体合同备案登记"].max_row == 2


def test_outsiders_and_the_unions_own_officers_get_404(env, clock, tree):
    t = tree
    for who in (t.u.office, t.u.chair, t.u.rep1, None):
        with pytest.raises(services.NotFound):
            federation.overview(env, who, t.district, 2026)
        with pytest.raises(services.NotFound):
            federation.union_detail(env, who, t.district, t.u.union, 2026)
        with pytest.raises(services.NotFound):
            federation.overview_xlsx(env, who, t.district, 2026)
    with pytest.raises(services.NotFound):  # the district's staff do not look above themselves
        federation.overview(env, t.staff, t.city, 2026)
    with pytest.raises(services.NotFound):  # nor at a union outside
        federation.union_detail(env, t.staff, t.district, t.outside, 2026)


def test_joining_moves_the_union_and_its_departments(env, clock, tree):
    t = tree
    below = {o.id for o in services.list_organisations(env, under=t.district)}
    assert {t.u.union, t.u.works, t.u.hr}.issubset(below)
    assert services.holds_role(env, t.staff, FEDERATION_OFFICE, t.u.works)
    [sent] = federation.sent(env, t.staff, t.district)
    assert (sent.status, sent.answered_by, sent.answer_note) == ("accepted", "冯工会", "同意")
    with pytest.raises(services.ValidationFailed):  # already a member
        federation.invite(env, t.staff, t.district, t.u.union)
    with pytest.raises(services.ValidationFailed):  # a federation cannot sit below its own member
        services.move_organisation(env, t.district, t.u.union)
    with pytest.raises(services.ValidationFailed):  # nor below itself
        services.move_organisation(env, t.city, t.district)
    # the outside union declines; the invitation stays with its answer, the union stays where it was
    invitation = federation.invite(env, t.staff, t.district, t.outside)
    with pytest.raises(services.NotFound):  # only the union's office answers
        federation.answer(env, t.staff, invitation, True)
    office = services.create_user(env, "outside_office", "外区办公室")
    services.grant_role(env, office, t.outside, "union_office")
    assert [i.status for i in federation.received(env, office, t.outside)] == ["invited"]
    outbox.deliver(env)  # the union's office is told, with a link to its page for the higher union
    [told] = services.list_notifications(env, office).items
    assert told.path == f"/federation/joining?union={t.outside}" and "武进区总工会" in told.text.zh
    federation.answer(env, office, invitation, False, "暂不加入")
    outbox.deliver(env)  # and the federation's staff are told the answer
    assert services.list_notifications(env, t.staff).items[0].text.zh == "入会邀请被谢绝：外区工会"
    assert t.outside not in {o.id for o in services.list_organisations(env, under=t.district)}
    with pytest.raises(services.Refused):
        federation.answer(env, office, invitation, True)


def test_cases_filed_before_the_upgrade_get_the_federation_as_reader(env, clock, tree):
    import sqlalchemy as sa

    from engine.core import readers

    u, t = tree.u, tree
    filed = u.start(u.office)
    u.negotiate(filed)
    u.agree(filed)
    with env.db.write() as conn:  # what migration 0021 does; ``db upgrade`` then stores them by the new rules
        conn.execute(sa.text("DELETE FROM case_readers WHERE case_id IN "
                             "(SELECT id FROM cases WHERE workflow = 'bargaining')"))
    with pytest.raises(services.NotFound):
        services.case_view(env, Actor(t.staff), filed)
    assert readers.fill_missing(env) == 1
    assert services.case_view(env, Actor(t.staff), filed).state == "under_review"
    assert services.case_view(env, Actor(u.office), filed).state == "under_review"
