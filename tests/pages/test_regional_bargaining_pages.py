"""Regional and industry bargaining on the pages: the federation's staff start it covering several enterprises
(refused beside the field when the list is wrong), the case page shows the covered enterprises and each congress's
result (the art. 36 refusal when one enterprise's congress fails), and each covered enterprise's dashboard shows the
agreement in force marked regional with the leading union, in Chinese and in English."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from engine import services
from engine.time.calendar import TZ
from support.congress_pages import post
from support.regional import FAILED, RESULT, Region
from support.web import PASSWORD, csrf, sign_in


@pytest.fixture
def region(web_env) -> Region:
    return Region(web_env, password=PASSWORD)


@pytest.fixture
def login(app):
    """A browser of its own for each person."""
    return lambda username: sign_in(app.test_client(), username)


def act(client, region: Region, case_id: int, trigger: str, form: dict) -> None:
    version = services.case_view(region.env, services.SYSTEM_ACTOR, case_id).version
    response = post(client, f"/cases/{case_id}/act/{trigger}", {**form, "expected_version": str(version)},
                    form_on=f"/cases/{case_id}")
    assert response.status_code in (302, 422), response.status_code


def at(clock, d, h=10):
    clock.set(datetime(2026, 11 if d > 20 else 12, d, h, tzinfo=TZ))


def test_the_federation_starts_regional_talks_and_a_wrong_list_is_refused_beside_the_field(login, region, clock):
    at(clock, 23)
    client = login("rstaff")
    page = client.get("/bargaining/regional").get_data(as_text=True)
    assert "区域性/行业性集体协商" in page and "测试企业1工会" in page and "外区企业工会" not in page
    form = {"csrf_token": csrf(client, "/bargaining/regional"), "union": region.district,
            "title": "2027年度区域性集体协商", "kind": "collective_contract", "initiator": "union",
            "covered": [str(region.unions[0])], "counterpart": "测试区企业联合会", "topics": "工资增长"}
    response = client.post("/bargaining/regional/new", data=form)
    assert response.status_code == 422 and "至少两家" in response.get_data(as_text=True)
    response = client.post("/bargaining/regional/new", data={**form, "covered": [str(u) for u in region.unions[:3]],
                                                              "employer_reps": [str(region.assoc)]})
    assert response.status_code == 302
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="covered-list"' in page and "测试企业3工会" in page and "牵头：测试区总工会" in page
    assert f'href="/bargaining/regional?union={region.district}"' in page  # back to the federation's page
    letter = client.get(f"/bargaining/{case_id}/request").get_data(as_text=True)
    assert "集体协商要约书" in letter and "测试区总工会" in letter and "测试区企业联合会" in letter
    assert client.get(f"/bargaining/{case_id}/file").status_code == 200
    assert client.get(f"/bargaining/{case_id}/request.docx").status_code == 200
    client = login("roffice1")  # a covered enterprise does not read the talks, nor the federation's page
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get("/bargaining/regional").status_code == 403


def test_one_enterprises_failed_congress_is_shown_with_art_36(login, region, clock):
    at(clock, 23)
    case_id = region.start()
    region.negotiate(case_id)
    region.fire(region.staff, case_id, "put_to_congress", {"congress_mode": "each", "term_years": 2,
                                                           "agreement_title": "测试区区域性集体合同"})
    region.fire(region.staff, case_id, "record_congress_result", {"body": region.unions[0], **RESULT})
    client = login("rstaff")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="congress-bodies"' in page and "尚待审议" in page and "25 / 30 / 28" in page
    act(client, region, case_id, "record_congress_result",
        {"body": str(region.unions[1]), **{k: str(v) for k, v in FAILED.items()}})
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="congress-failed"' in page and "第三十六条" in page and "测试企业2工会" in page


def in_force(region, clock) -> int:
    at(clock, 23)
    case_id = region.start()
    region.negotiate(case_id)
    region.fire(region.staff, case_id, "put_to_congress", {"congress_mode": "regional", "term_years": 2,
                                                           "agreement_title": "测试区区域性集体合同"})
    region.fire(region.staff, case_id, "record_congress_result", RESULT)
    region.fire(region.staff, case_id, "sign", {"signed_on": "2026-11-23"})
    region.fire(region.assoc, case_id, "sign", {"signed_on": "2026-11-23"})
    region.fire(region.assoc, case_id, "file", {"submitted_on": "2026-11-23", "received_on": "2026-11-23"})
    at(clock, 9, 1)
    region.sweep()
    region.fire(region.staff, case_id, "publish", {"published_on": "2026-12-09", "how": "厂务公开栏"})
    return case_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_covered_enterprise_shows_the_agreement_in_force_marked_regional(login, region, clock, lang):
    case_id = in_force(region, clock)
    for i in range(4):
        client = login(f"rchair{i + 1}")
        if lang == "en":
            post(client, "/language", {"lang": "en", "next": "/inbox"}, form_on="/inbox")
        page = client.get(f"/bargaining?union={region.unions[i]}").get_data(as_text=True)
        assert f'id="agreement-{case_id}"' in page and "测试区区域性集体合同" in page
        assert ("区域性/行业性" if lang == "zh" else "Regional / industry") in page
        assert ("牵头：测试区总工会" if lang == "zh" else "Led by 测试区总工会") in page
        assert f"/bargaining/{case_id}/agreement" in page
        agreement = client.get(f"/bargaining/{case_id}/agreement")
        assert agreement.status_code == 200 and "第一条" in agreement.get_data(as_text=True)
    client = login("roffice5")  # not covered (yet)
    page = client.get(f"/bargaining?union={region.unions[4]}").get_data(as_text=True)
    assert f'id="agreement-{case_id}"' not in page
    assert client.get(f"/bargaining/{case_id}/agreement").status_code == 404


def test_the_federation_adds_an_enterprise_from_the_case_page(login, region, clock):
    case_id = in_force(region, clock)
    at(clock, 10)
    client = login("rstaff")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "新增覆盖企业" in page
    form = {"organisation": str(region.unions[4]), "joined_on": "2026-12-10", "basis": "补充协议第1号",
            **{k: str(v) for k, v in RESULT.items()}, "confirmed": "1"}
    act(client, region, case_id, "add_enterprise", {**form, "votes_for": "15"})
    assert region.data(case_id)["covered"] == region.unions[:4]  # refused: 15 of 30 is not more than half
    act(client, region, case_id, "add_enterprise", form)
    assert region.data(case_id)["covered"] == region.unions
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "经变更加入" in page
    client = login("roffice5")
    assert f'id="agreement-{case_id}"' in client.get(f"/bargaining?union={region.unions[4]}").get_data(as_text=True)


def test_the_federation_requests_renewal_in_the_window_with_the_covered_enterprises_ticked(login, region, clock):
    case_id = in_force(region, clock)
    client = login("rstaff")
    page = client.get(f"/bargaining/regional?union={region.district}").get_data(as_text=True)
    assert f'id="agreement-{case_id}"' in page and "renewal-button" not in page  # not in its window yet
    opens = date.fromisoformat(region.data(case_id)["renewal_opens"]) + timedelta(days=1)
    clock.set(datetime(opens.year, opens.month, opens.day, 1, tzinfo=TZ))
    region.sweep()
    region.sweep()
    client = login("rstaff")  # signed in again, nearly two years on
    page = client.get(f"/bargaining/regional?union={region.district}").get_data(as_text=True)
    assert f"/bargaining/regional?union={region.district}&amp;renews={case_id}#new-request" in page
    page = client.get(f"/bargaining/regional?union={region.district}&renews={case_id}").get_data(as_text=True)
    assert "提出续订要约" in page and f'name="renews" value="{case_id}"' in page and "续订测试区区域性集体合同" in page
    for union in region.unions[:4]:
        assert re.search(rf'value="{union}"[^>]*checked', page)
    assert not re.search(rf'value="{region.unions[4]}"[^>]*checked', page)  # never covered
    form = {"csrf_token": csrf(client, f"/bargaining/regional?union={region.district}"), "union": region.district,
            "title": "续订测试区区域性集体合同", "kind": "collective_contract", "initiator": "union",
            "covered": [str(u) for u in region.unions[:4]], "counterpart": "测试区企业联合会", "topics": "续订",
            "renews": str(case_id)}
    response = client.post("/bargaining/regional/new", data=form)
    assert response.status_code == 302
    renewal = int(response.headers["Location"].rsplit("/", 1)[1])
    assert [c.id for c in services.followers(region.env, case_id)] == [renewal]
