"""The federation's view over /api/v1 on both backends: the federations a token's user staffs, each member
union's figures of a year a page at a time (those needing attention first), one union's figures and lists, the
filings register and the invitations sent; 404 problems for an outsider, for a member union's own office and for
a union not below the federation; 400 or 422 problems for a bad year or page."""

from __future__ import annotations

from datetime import date

import pytest

from engine import services
from support.api import api_app, api_env, bearer, problem
from support.bargaining import Bargaining
from workflows.elections import services as elections
from workflows.federation import services as federation
from workflows.federation.roles import FEDERATION_OFFICE


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


class Tree:
    """A city's federation and a district's under it; the test union (with a filed agreement, its committee past
    its term) and an empty union in the district, a union outside with an invitation awaiting its answer; staff of
    both federations."""

    def __init__(self, env) -> None:
        s = services
        self.u = Bargaining(env, size=12)
        self.city = s.create_organisation(env, "常州市总工会", "federation")
        self.district = s.create_organisation(env, "武进区总工会", "federation", self.city)
        s.move_organisation(env, self.u.union, self.district)
        self.empty = s.create_organisation(env, "恒达纺织工会", "union", self.district)
        self.outside = s.create_organisation(env, "外区工会", "union")
        self.staff = s.create_user(env, "district_staff", "顾明远")
        self.city_staff = s.create_user(env, "city_staff", "常市")
        self.outsider = s.create_user(env, "outsider", "路人")
        s.grant_role(env, self.staff, self.district, FEDERATION_OFFICE)
        s.grant_role(env, self.city_staff, self.city, FEDERATION_OFFICE)
        self.filed = self.u.start(self.u.office)
        self.u.negotiate(self.filed)
        self.u.agree(self.filed)
        elections.record_term(env, self.u.union, date(2021, 6, 1), 5, approved_on=date(2021, 6, 20))
        self.invitation = federation.invite(env, self.staff, self.district, self.outside, "欢迎加入")
        self.tokens = {name: s.create_token(env, user, "测试").secret for name, user in (
            ("staff", self.staff), ("city", self.city_staff), ("outsider", self.outsider),
            ("office", self.u.office))}


@pytest.fixture
def tree(env):
    return Tree(env)


@pytest.fixture
def client(env, tmp_path):
    return api_app(env, tmp_path).test_client()


def get(client, tree: Tree, who: str, path: str, status: int = 200):
    answer = client.get(f"/api/v1{path}", headers=bearer(tree.tokens[who]))
    assert answer.status_code == status, (path, answer.get_data(as_text=True))
    return answer


def test_the_staff_read_their_member_unions_figures_and_lists(client, env, tree):
    assert [f["id"] for f in get(client, tree, "staff", "/federations").json["items"]] == [tree.district]
    assert [f["id"] for f in get(client, tree, "city", "/federations").json["items"]] == [tree.city, tree.district]
    assert get(client, tree, "outsider", "/federations").json["items"] == []
    page = get(client, tree, "staff", f"/federations/{tree.district}/unions?year=2026").json
    assert (page["federation"]["name"], page["year"], page["total"], page["pages"]) == ("武进区总工会", 2026, 2, 1)
    expected = federation.overview(env, tree.staff, tree.district, 2026).unions.items
    assert [u["id"] for u in page["items"]] == [r["id"] for r in expected]  # needing attention first, as the page
    rows = {u["id"]: u for u in page["items"]}
    mine = rows[tree.u.union]
    assert (mine["congress_held"], mine["secret_ballot"], mine["quorum_met"]) == (1, 1, 1)  # the vote on the draft
    assert (mine["in_force"], mine["unfiled"], mine["federation"]) == (0, 0, "武进区总工会")  # filed, under review
    assert (mine["term_ends"], mine["past_term"], page["items"][0]["id"]) == ("2026-06-01", True, tree.u.union)
    assert rows[tree.empty]["proposals"] == 0 and rows[tree.empty]["past_term"] is None  # no term recorded
    assert dict((f["label"], f["value"]) for f in page["summary"])["会员工会"] == "2"
    first = get(client, tree, "staff", f"/federations/{tree.district}/unions?year=2026&per_page=1").json
    second = get(client, tree, "staff", f"/federations/{tree.district}/unions?year=2026&per_page=1&page=2").json
    assert first["pages"] == 2 and [first["items"][0]["id"], second["items"][0]["id"]] == [r["id"] for r in expected]
    english = client.get(f"/api/v1/federations/{tree.district}/unions", headers=bearer(
        tree.tokens["staff"], **{"Accept-Language": "en"})).json
    assert "Member unions" in [f["label"] for f in english["summary"]]
    # the city's staff read the district below it too
    assert get(client, tree, "city", f"/federations/{tree.district}/unions").json["total"] == 2
    detail = get(client, tree, "staff", f"/federations/{tree.district}/unions/{tree.u.union}?year=2026").json
    assert detail["figures"] == mine and detail["year"] == 2026
    assert [(f["case_id"], f["union"]) for f in detail["filings"]] == [(tree.filed, "华东机械厂工会")]
    assert detail["term"] == {"elected_on": "2021-06-01", "term_years": 5, "ends_on": "2026-06-01", "approved": True,
                              "past_term": True, "ending_soon": False, "case_id": None} and detail["supervision"] == 0
    [held] = detail["sessions"]
    assert held["held"] and held["quorum_met"] and held["secret_ballots"] == 1 and held["present"] == held["eligible"]
    filings = get(client, tree, "staff", f"/federations/{tree.district}/filings").json
    assert [f["case_id"] for f in filings["items"]] == [tree.filed] and filings["total"] == 1
    assert filings["items"][0]["filed_on"] == "2026-11-23" and filings["regional"] == []
    [sent] = get(client, tree, "staff", f"/federations/{tree.district}/invitations").json["items"]
    assert (sent["union_id"], sent["status"], sent["note"], sent["answered_at"]) == (tree.outside, "invited",
                                                                                     "欢迎加入", None)


def test_outsiders_and_a_member_unions_office_get_404(client, tree):
    d = tree.district
    paths = (f"/federations/{d}/unions", f"/federations/{d}/unions/{tree.u.union}", f"/federations/{d}/filings",
             f"/federations/{d}/invitations")
    for who in ("outsider", "office"):
        for path in paths:
            body = problem(get(client, tree, who, path, 404), 404)
            assert body["type"].endswith("#problem-not-found"), (who, path)
    assert get(client, tree, "office", "/federations").json["items"] == []
    for path in (f"/federations/{d}/unions/{tree.outside}", f"/federations/{d}/unions/{tree.u.works}",
                 f"/federations/{d}/unions/{tree.city}", "/federations/999999/unions",
                 f"/federations/{tree.u.union}/unions", f"/federations/{tree.outside}/filings",
                 f"/federations/{d}/unions/999999"):
        problem(get(client, tree, "staff", path, 404), 404)
    problem(client.get(f"/api/v1/federations/{d}/unions"), 401)


def test_a_bad_year_or_page_is_a_problem(client, tree):
    """A year outside 1900 to 2200 is refused before any view reads it (400, as every ``?year=``); a year or page
    that is no number, or a page out of range, by the operation's query (422); both name the field."""
    d = tree.district
    for query, status in (("year=abc", 422), ("year=99999", 400), ("year=1899", 400), ("page=0", 422),
                          ("page=x", 422), ("page=99999999999", 400), ("per_page=1000", 422), ("per_page=0", 422)):
        name = query.split("=")[0]
        paths = ([f"/federations/{d}/unions?{query}", f"/federations/{d}/unions/{tree.u.union}?{query}"]
                 if name == "year" else [f"/federations/{d}/unions?{query}", f"/federations/{d}/filings?{query}"])
        for path in paths:
            body = problem(get(client, tree, "staff", path, status), status)
            assert set(body["errors"]) == {name}, (path, body)
