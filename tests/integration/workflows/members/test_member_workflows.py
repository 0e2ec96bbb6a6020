"""Admission, leaving and transfer on both backends: an application from the public page reviewed by the union
office and admitted with a membership number (or refused with a reason), followed by code and phone; a member
leaving; a transfer accepted (the member on exactly one register at every step, history across both unions),
declined, and missed (the deadline goes back to the sending office)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.store.models import Notification
from engine.time.calendar import TZ
from support.members import Unions
from workflows.members import access, memberships
from workflows.members import services as members
from workflows.members.spec import Policy, build_admission, build_transfer
from workflows.members.views import _select

APPLICANT = {"name": "李小红", "gender": "female", "birth_date": "1998-04-12", "id_number": "11010519491231002X",
             "phone": "13912345678", "workplace": "装配车间", "charter": True}


@pytest.fixture
def u(env):
    return Unions(env)


def queued(env, kind: str) -> set[tuple[str | None, int | None]]:
    n = Notification.__table__.c
    with env.db.read() as conn:
        return {(r.role, r.organisation_id) for r in conn.execute(sa.select(n.role, n.organisation_id)
                                                                  .where(n.kind == kind))}


def test_an_application_is_admitted_with_a_number_and_followed_by_code_and_phone(u, env):
    applied = members.apply(env, u.a, dict(APPLICANT))
    assert len(applied.reference) == 10
    data = services.case_view(env, Actor(u.office_a), applied.case_id).data
    assert data["id_last4"] == "002X" and "id_number" not in data  # the full number is never kept
    assert data["review_due"] == "2026-12-08"  # 15 days after 23 November
    assert {t.case_id for t in services.inbox(env, u.office_a).items} == {applied.case_id}
    with pytest.raises(services.NotFound):  # another union's office, the federation: not theirs to read
        services.case_view(env, Actor(u.office_b), applied.case_id)
    with pytest.raises(services.NotFound):
        services.case_view(env, Actor(u.fed), applied.case_id)
    seen = members.progress(env, applied.reference.lower(), "13912345678")
    assert seen is not None and seen.state == "applied" and seen.due == "2026-12-08" and seen.number is None
    assert members.progress(env, applied.reference, "13900000000") is None  # a wrong phone: the same as no code
    assert members.progress(env, "ABCDEFGHJK", "13912345678") is None
    assert u.fire(u.office_a, applied.case_id, "admit") == "admitted"
    number = services.case_view(env, Actor(u.office_a), applied.case_id).data["number"]
    assert number == "202600001"
    assert members.progress(env, applied.reference, "13912345678").number == number
    again = members.apply(env, u.a, {**APPLICANT, "name": "王刚", "gender": "male", "phone": "13912345679",
                                     "id_number": ""})
    u.fire(u.office_a, again.case_id, "admit")
    assert services.case_view(env, Actor(u.office_a), again.case_id).data["number"] == "202600002"
    page = members.register_page(env, Actor(u.office_a), u.a)
    assert [(r.name, r.joined_how) for r in page.items] == [("李小红", "admission"), ("王刚", "admission")]
    counts = members.member_counts(env, [u.a], datetime(2026, 11, 23).date())[u.a]
    assert (counts.total, counts.women, counts.admitted) == (2, 1, 2)


def test_a_bad_application_names_each_field_and_one_is_refused_with_a_reason(u, env):
    with pytest.raises(services.ValidationFailed) as caught:
        members.apply(env, u.a, {**APPLICANT, "id_number": "110105194912310021"})  # a wrong check digit
    assert "GB 11643" in caught.value.errors["id_last4"][0].zh
    with pytest.raises(services.ValidationFailed) as caught:
        members.apply(env, u.a, {**APPLICANT, "phone": "12345", "charter": False, "birth_date": "2015-01-01"})
    assert set(caught.value.errors) == {"phone", "charter", "birth_date"}
    assert "第一条" in caught.value.errors["charter"][0].zh and "第十五条" in caught.value.errors["birth_date"][0].zh
    with pytest.raises(services.NotFound):
        members.apply(env, u.district, dict(APPLICANT))  # a federation takes no applications
    applied = members.apply(env, u.a, dict(APPLICANT))
    assert u.fire(u.office_a, applied.case_id, "refuse", {"reason": "申请人非本单位职工"}) == "not_admitted"
    seen = members.progress(env, applied.reference, APPLICANT["phone"])
    assert seen.final and seen.reason == "申请人非本单位职工"
    assert members.register_page(env, Actor(u.office_a), u.a).items == []


def test_an_unreviewed_application_goes_to_the_chair_once_overdue(u, env, clock):
    applied = members.apply(env, u.a, dict(APPLICANT))
    clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=TZ))
    u.sweep()
    assert ("union_chair", u.a) in queued(env, "member_application_overdue")
    assert applied.case_id in {t.case_id for t in services.inbox(env, u.chair_a).items}


def test_leaving_keeps_the_row_and_is_refused_to_others_and_twice(u, env):
    member = u.add_member(u.a, "20200001")
    with pytest.raises(services.NotFound):
        members.record_leaving(env, Actor(u.office_b), member, "退休")
    with pytest.raises(services.ValidationFailed) as caught:
        members.record_leaving(env, Actor(u.office_a), member, "")
    assert set(caught.value.errors) == {"reason"}
    members.record_leaving(env, Actor(u.office_a), member, "退休")
    page = members.member_page(env, Actor(u.office_a), member)
    assert (page.member.status, page.member.left_reason, str(page.member.left_on)) == ("left", "退休", "2026-11-23")
    with pytest.raises(services.ValidationFailed):
        members.record_leaving(env, Actor(u.office_a), member, "退休")
    assert members.register_page(env, Actor(u.office_a), u.a).items == []
    assert [r.status for r in members.register_page(env, Actor(u.office_a), u.a, status=None).items] == ["left"]


def test_a_transfer_accepted_moves_the_member_and_keeps_one_register_at_every_step(u, env):
    member = u.add_member(u.a, "20200001")
    person = u.person(member)
    case_id = members.start_transfer(env, Actor(u.office_a), member, u.b, "调往恒达纺织工作")
    view = services.case_view(env, Actor(u.office_b), case_id)  # the receiving office reads it now
    assert view.state == "awaiting" and view.data["accept_due"] == "2026-12-08"
    assert u.on_registers(person) == [(u.a, "20200001")]
    assert ("union_office", u.b) in queued(env, "member_transfer_sent")
    with pytest.raises(services.ValidationFailed):  # no second transfer, no leaving while one is under way
        members.start_transfer(env, Actor(u.office_a), member, u.b)
    with pytest.raises(services.ValidationFailed):
        members.record_leaving(env, Actor(u.office_a), member, "辞职")
    with pytest.raises(services.PermissionDenied):  # only the receiving office accepts
        u.fire(u.office_a, case_id, "accept")
    seen = members.progress(env, view.data["reference"], "13800000001")
    assert seen.state == "awaiting" and seen.to_union_name == "恒达纺织工会"
    assert u.fire(u.office_b, case_id, "accept") == "accepted"
    assert u.on_registers(person) == [(u.b, "202600001")]
    new = services.case_view(env, Actor(u.office_b), case_id).data["new_member"]
    history = members.member_page(env, Actor(u.office_b), new).history
    assert [(h.union_name, h.status, h.joined_how) for h in history] == [
        ("华东机械厂工会", "transferred_out", "import"), ("恒达纺织工会", "member", "transfer_in")]
    with pytest.raises(services.NotFound):  # the sending office keeps its own row, not the new union's
        members.member_page(env, Actor(u.office_a), new)
    assert members.member_page(env, Actor(u.office_a), member).member.destination == "恒达纺织工会"
    assert members.progress(env, view.data["reference"], "13800000001").number == "202600001"
    counts = members.member_counts(env, [u.a, u.b], datetime(2026, 11, 23).date())
    assert (counts[u.a].total, counts[u.a].transferred_out) == (0, 1)
    assert (counts[u.b].total, counts[u.b].transferred_in) == (1, 1)


def test_a_person_is_never_on_two_registers_even_written_directly(u, env):
    member = u.add_member(u.a, "20200001")
    row = dict(union_id=u.b, number="1", name="王芳", gender="female", joined_on=datetime(2026, 1, 1).date(),
               joined_how="import", person=u.person(member))
    with pytest.raises(sa.exc.IntegrityError), env.db.write() as conn:
        memberships.add_rows(conn, [row], env.clock.now())


def test_a_declined_transfer_leaves_the_member_where_they_were(u, env):
    member = u.add_member(u.a, "20200001")
    case_id = members.start_transfer(env, Actor(u.office_a), member, u.b)
    assert u.fire(u.office_b, case_id, "decline", {"reason": "该职工未在我单位报到"}) == "declined"
    assert u.on_registers(u.person(member)) == [(u.a, "20200001")]
    assert ("union_office", u.a) in queued(env, "member_transfer_declined")
    assert services.case_view(env, Actor(u.office_a), case_id).data["reason"] == "该职工未在我单位报到"
    members.start_transfer(env, Actor(u.office_a), member, u.b)  # a new transfer may start


def test_a_missed_deadline_goes_back_to_the_sending_office_which_may_withdraw(u, env, clock):
    member = u.add_member(u.a, "20200001")
    case_id = members.start_transfer(env, Actor(u.office_a), member, u.b)
    clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=TZ))
    u.sweep()
    assert queued(env, "member_transfer_overdue") >= {("union_office", u.a), ("union_office", u.b)}
    assert case_id in {t.case_id for t in services.inbox(env, u.office_a).items}  # the follow-up task
    assert u.fire(u.office_a, case_id, "withdraw", {"reason": "接收方逾期未办理，改为转往外地"}) == "withdrawn"
    with pytest.raises(services.NotFound):  # the receiving union no longer reads a withdrawn transfer
        services.case_view(env, Actor(u.office_b), case_id)
    members.transfer_outside(env, Actor(u.office_a), member, "苏州某电子公司工会", "调往苏州工作")
    assert u.on_registers(u.person(member)) == []
    letter = "".join(members.letter_text(_row(env, member)))
    assert "苏州某电子公司工会" in letter and "20200001" in letter


def test_a_member_left_meanwhile_cannot_be_accepted(u, env):
    member = u.add_member(u.a, "20200001")
    case_id = members.start_transfer(env, Actor(u.office_a), member, u.b)
    with env.db.write() as conn:  # as if it were closed by another path while the transfer waited
        memberships.close(conn, member, "left", datetime(2026, 11, 23).date(), "辞职")
    with pytest.raises(services.ValidationFailed):
        u.fire(u.office_b, case_id, "accept")


def test_the_federation_reads_figures_only(u, env):
    member = u.add_member(u.a, "20200001")
    with pytest.raises(services.NotFound):
        members.register_page(env, Actor(u.fed), u.a)
    with pytest.raises(services.NotFound):
        members.member_page(env, Actor(u.fed), member)
    assert members.member_counts(env, [u.a], datetime(2026, 11, 23).date())[u.a].total == 1


def _row(env, member_id):
    with env.db.read() as conn:
        return conn.execute(_select().where(memberships.members.c.id == member_id)).first()


def test_a_member_asks_and_their_office_checks_then_sends_it(u, env):
    member = u.add_member(u.a, "20200001", phone="13800000001")
    with pytest.raises(services.ValidationFailed) as caught:  # the same answer for a wrong number or phone
        members.request_transfer(env, u.a, "20200001", "13800000002", u.b, "", "10.0.0.1")
    assert "相符" in caught.value.errors["number"][0].zh
    asked = members.request_transfer(env, u.a, "20200001", "13800000001", u.b, "调往恒达纺织", "10.0.0.1")
    assert services.case_view(env, Actor(u.office_a), asked.case_id).state == "requested"
    assert queued(env, "member_transfer_requested") == {("union_office", u.a)}
    assert members.progress(env, asked.reference, "13800000001").state == "requested"
    assert u.fire(u.office_a, asked.case_id, "send") == "awaiting"
    assert ("union_office", u.b) in queued(env, "member_transfer_sent")
    assert u.fire(u.office_b, asked.case_id, "accept") == "accepted"
    assert u.on_registers(u.person(member)) == [(u.b, "202600001")]


def test_the_deadlines_come_from_the_config_and_a_case_keeps_its_own(env):
    settings = Settings(members={"accept_days": 5, "review_days": 10})
    policy = Policy.from_settings(settings)
    env.registry.register(build_transfer(policy))
    env.registry.register(build_admission(policy))
    env.registry.provide(access.NAME, access.MemberAccess)
    u = Unions(env)  # finds the workflows registered
    member = u.add_member(u.a, "20200001")
    case_id = members.start_transfer(env, Actor(u.office_a), member, u.b)
    data = services.case_view(env, Actor(u.office_b), case_id).data
    # 5 days after Monday 23 November ends on Saturday 28th: moved to the next working day (《民法典》 art. 203)
    assert (data["accept_days"], data["accept_due"]) == (5, "2026-11-30")
    applied = members.apply(env, u.a, dict(APPLICANT))
    assert services.case_view(env, Actor(u.office_a), applied.case_id).data["review_due"] == "2026-12-03"
    with pytest.raises(ValueError):
        Settings(members={"accept_days": 0})


def test_admissions_at_the_same_moment_draw_different_numbers(u, env):
    applied = [members.apply(env, u.b, {**APPLICANT, "phone": f"1391234560{n}", "id_number": ""}).case_id
               for n in range(4)]
    barrier = threading.Barrier(len(applied))
    failures: list[BaseException] = []

    def admit(case_id: int) -> None:
        try:
            barrier.wait()
            u.fire(u.office_b, case_id, "admit")
        except BaseException as err:  # noqa: BLE001 - reported below
            failures.append(err)

    threads = [threading.Thread(target=admit, args=(case_id,)) for case_id in applied]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    numbers = {services.case_view(env, Actor(u.office_b), c).data["number"] for c in applied}
    assert numbers == {f"20260000{n}" for n in range(1, 5)}
