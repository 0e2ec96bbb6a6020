"""The demo as the district federation sees it: 恒达纺织's wage agreement signed and not filed past its ten days,
its congress and 新阳电子's held with the quorum and a secret ballot, proposals counted, and each member union's
session as lawful as the demo union's (documents out in time and confirmed before the vote); 瑞丰包装's union,
outside the district, invited to join it and its office yet to answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.store.models import Notification
from engine.time.calendar import TZ
from workflows import register_all
from workflows.congress.models import BallotItem, CongressSession, DocumentReceipt
from workflows.congress.rules import STATUTORY_QUORUM, rules_of
from workflows.demo import load_demo
from workflows.federation import demo as demo_federation
from workflows.federation import services as federation

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo(env, tmp_path) -> services.Env:
    settings = Settings(instance_path=tmp_path / "instance")
    register_all(env.registry, settings)
    load_demo(env, settings, "demo-password-1", now=NOW)
    return env


def test_the_district_sees_its_member_unions_year(demo):
    env = demo
    staff = services.find_user(env, demo_federation.STAFF[1])
    [district] = [r.organisation_id for r in staff.roles]
    view = federation.overview(env, staff.id, district, NOW.year)
    rows = {r["name"]: r for r in view.unions.items}
    assert len(rows) == 1 + len(demo_federation.MEMBER_UNIONS)
    hengda = rows[demo_federation.MEMBER_UNIONS[demo_federation.HENGDA][0]]
    assert (hengda["unfiled"], hengda["filing_overdue"]) == (1, 1)
    # the district's regional agreement counts at each of the five smaller unions it covers
    assert [rows[name]["in_force"] for name, _, _ in demo_federation.MEMBER_UNIONS.values()] == [1] * 5
    assert (hengda["congress_held"], hengda["secret_ballot"], hengda["quorum_met"]) == (1, 1, 1)
    assert (hengda["proposals"], hengda["answered"], hengda["on_time"]) == (2, 1, 1) and hengda["overdue"] >= 2
    xinyang = rows[demo_federation.MEMBER_UNIONS[demo_federation.XINYANG][0]]
    assert (xinyang["congress_held"], xinyang["secret_ballot"], xinyang["quorum_met"]) == (1, 1, 1)
    assert view.unions.items[0]["overdue"] == max(r["overdue"] for r in rows.values())  # most overdue first
    past = [name for name, r in rows.items() if r["flagged"]]
    assert past == [demo_federation.MEMBER_UNIONS["jinding"][0]] and dict(view.summary)["超期未换届"] == "1"
    terms = {r["item"]: r["count"] for r in next(c for c in view.charts if c.key == "terms").rows}
    assert (terms["超期未换届"], terms["半年内届满"], terms["任期内"], terms["未登记任期"]) == (1, 1, 4, 0)
    detail = federation.union_detail(env, staff.id, district, hengda["id"], NOW.year)
    assert len(detail.regional) == 1 and detail.filings == []  # its own agreement is not filed yet
    [regional] = federation.regional_filings(env, staff.id, district)  # the register lists the one it led
    assert regional.case_id == detail.regional[0].case_id and regional.filed_on
    # each member union's session is as lawful as the demo union's
    days = rules_of(env).documents_days
    sessions, items, receipts = CongressSession.__table__, BallotItem.__table__, DocumentReceipt.__table__
    members = set(demo_federation.MEMBER_UNIONS)
    names = {o.name: o.id for o in services.list_organisations(env, kind="union", under=staff.roles[0].organisation_id)}
    ids = {names[demo_federation.MEMBER_UNIONS[k][0]] for k in members}
    with env.db.engine.connect() as conn:
        found = conn.execute(sa.select(sessions).where(sessions.c.organisation_id.in_(ids))).all()
        assert len(found) == 2
        for s in found:
            delivered, opened = s.documents_delivered_at.astimezone(TZ).date(), s.opened_at.astimezone(TZ).date()
            assert delivered > s.collection_closes and delivered + timedelta(days=days) <= opened, s.name
            for item in conn.execute(sa.select(items).where(items.c.session_id == s.id)).all():
                confirmed = conn.execute(sa.select(sa.func.count()).select_from(receipts).where(
                    receipts.c.session_id == s.id, receipts.c.confirmed_at < item.opened_at)).scalar_one()
                assert STATUTORY_QUORUM.met(confirmed, item.eligible) and item.result["passed"], item.title


def test_an_invitation_awaits_the_newcomers_office(demo):
    """瑞丰包装's union sits under the city's federation, outside the district, which invited it yesterday (the last
    working day): its office is told in the app and finds the invitation on its page; the district lists it as
    awaiting the answer; accepting moves the union under the district."""
    env = demo
    staff = services.find_user(env, demo_federation.STAFF[1])
    office = services.find_user(env, demo_federation.NEWCOMER_OFFICE[1])
    [union] = [r.organisation_id for r in office.roles if r.role == "union_office"]
    district = staff.roles[0].organisation_id
    org = services.get_organisation(env, union)
    assert org.name == demo_federation.NEWCOMER and org.parent_id == services.get_organisation(env, district).parent_id
    [invitation] = federation.received(env, office.id, union)
    assert (invitation.federation_id, invitation.status, invitation.note) == (district, "invited",
                                                                              demo_federation.INVITATION_NOTE)
    assert invitation.invited_at < NOW and [i.id for i in federation.sent(env, staff.id, district)] == [invitation.id]
    notes = Notification.__table__
    with env.db.engine.connect() as conn:  # queued for the office, which the outbox tells when the scheduler runs
        told = conn.execute(sa.select(notes.c.kind, notes.c.role, notes.c.payload).where(
            notes.c.organisation_id == union)).all()
    assert [(n.kind, n.role, n.payload["path"]) for n in told] == [
        ("federation_invitation", "union_office", f"/federation/joining?union={union}")]
    assert union in {o.id for o in federation.candidates(env, staff.id, district)}
    federation.answer(env, office.id, invitation.id, True)
    assert union in {o.id for o in services.list_organisations(env, kind="union", under=district)}
