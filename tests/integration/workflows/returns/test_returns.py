"""Statistical returns on both backends: a union's return is computed from what the system holds, a correction is
kept beside the computed figure with its note (none without one), the union submits it, the district federation's
staff receive it and accept it or return it with a reason; the district's consolidation sums the accepted returns
and names the unions missing, and the city's takes in its districts'; outsiders get 404."""

from __future__ import annotations

from datetime import date

import pytest

from config import Settings
from engine import services
from engine.core.context import Actor
from support.acting import act
from workflows import register_all
from workflows.congress import services as congress
from workflows.members import memberships
from workflows.returns import services as returns
from workflows.returns.lines import COUNTS

YEAR = 2026  # the fixture's clock stands in November 2026
REQUEST = {"kind": "problem", "topic": "safety", "text": "车间通风不好。"}


class Tree:
    """City → district → three unions (the first with a roster and worker requests), and a second district with
    one union; each union with its office, each federation with its staff, and an outsider union."""

    def __init__(self, env: services.Env) -> None:
        s = services
        self.city = s.create_organisation(env, "常州市总工会", "federation")
        self.district = s.create_organisation(env, "武进区总工会", "federation", self.city)
        self.other_district = s.create_organisation(env, "新北区总工会", "federation", self.city)
        self.unions = [s.create_organisation(env, name, "union", self.district)
                       for name in ("甲公司工会", "乙公司工会", "丙公司工会")]
        self.far = s.create_organisation(env, "丁公司工会", "union", self.other_district)
        self.offices = []
        for n, union in enumerate([*self.unions, self.far]):
            user = s.create_user(env, f"office{n}", f"办公室{n}")
            s.grant_role(env, user, union, "union_office")
            self.offices.append(user)
        self.staff = s.create_user(env, "staff_district", "顾明远")
        s.grant_role(env, self.staff, self.district, "federation_office")
        self.city_staff = s.create_user(env, "staff_city", "市总工作人员")
        s.grant_role(env, self.city_staff, self.city, "federation_office")
        self.other_staff = s.create_user(env, "staff_other", "新北区工作人员")
        s.grant_role(env, self.other_staff, self.other_district, "federation_office")
        self.worker = s.create_user(env, "worker", "李职工")
        s.grant_role(env, self.worker, self.unions[0], "staff")
        term = congress.ensure_term(env, self.unions[0], 1)
        rows = [("rep1", "王一", "manager", "f"), ("rep2", "王二", "worker", "f"), ("rep3", "王三", "worker", "m"),
                ("rep4", "王四", "technical", "m"), ("rep5", "王五", "worker", "m")]
        congress.import_roster(env, term, ("username,name,email,delegation,category,sex,department\n" + "".join(
            f"{u},{n},,第1代表团,{c},{x},生产部\n" for u, n, c, x in rows)).encode())
        with env.db.write() as conn:  # the first union's member register
            memberships.add_rows(conn, [
                member(self.unions[0], "1", "female", date(2020, 3, 1), "import"),
                member(self.unions[0], "2", "male", date(2026, 2, 1)),  # admitted this year
                member(self.unions[0], "3", "female", date(2026, 5, 1), "transfer_in"),
                member(self.unions[0], "4", "male", date(2019, 1, 1), "import", status="left",
                       left_on=date(2026, 4, 1), left_reason="退休"),
                member(self.unions[0], "5", "female", date(2019, 1, 1), "import", status="transferred_out",
                       left_on=date(2026, 6, 1), left_reason="调动")], env.clock.now())


def member(union: int, number: str, gender: str, joined: date, how: str = "admission", **more: object) -> dict:
    return {"union_id": union, "number": number, "name": "张三", "gender": gender, "joined_on": joined,
            "joined_how": how, **more}


@pytest.fixture
def tree(env):
    register_all(env.registry, Settings())
    return Tree(env)


def readable(env, who, case_id):
    try:
        returns.return_view(env, Actor(who), case_id)
    except (services.NotFound, services.PermissionDenied):
        return False
    return True


def requests_sent(env, t, n, replied):
    for i in range(n):
        case_id = services.start_case(env, Actor(t.worker), "worker_request", t.unions[0], f"诉求{i}",
                                      dict(REQUEST)).case_id
        if i < replied:
            act(env, t.offices[0], case_id, "register", {})
            act(env, t.offices[0], case_id, "reply", {"answer": "已安排检修。"})


def figure(view, code):
    return next(f for _, figures in view.sections for f in figures if f.line.code == code)


def test_the_figures_are_what_the_system_holds(env, tree):
    requests_sent(env, tree, 3, replied=2)
    values = returns.compute(env, tree.unions[0], YEAR)
    assert set(values) == set(COUNTS)
    assert (values["reps_total"], values["reps_women"], values["reps_managers"]) == (5, 2, 1)
    assert (values["requests_received"], values["requests_answered"]) == (3, 2)
    assert (values["members_total"], values["members_women"], values["members_admitted"],
            values["members_transferred_in"], values["members_left"]) == (3, 2, 1, 1, 2)
    assert returns.compute(env, tree.unions[0], 2025)["members_total"] == 3  # on 31 December 2025: 1, 4 and 5
    assert values["congress_sessions"] == values["proposals_submitted"] == values["agreements_in_force"] == 0
    assert returns.compute(env, tree.unions[0], YEAR - 1)["requests_received"] == 0  # another year, none
    case_id = returns.start_return(env, Actor(tree.offices[0]), tree.unions[0], YEAR)
    view = returns.return_view(env, Actor(tree.offices[0]), case_id)
    assert figure(view, "reps_women_share").value == pytest.approx(0.4)
    assert figure(view, "reps_managers_share").value == pytest.approx(0.2)


def test_a_correction_keeps_both_values_and_needs_a_note(env, tree):
    office = tree.offices[0]
    case_id = returns.start_return(env, Actor(office), tree.unions[0], YEAR)
    with pytest.raises(services.ValidationFailed) as refused:
        act(env, office, case_id, "correct", {"line": "reps_total", "value": 6})
    assert "note" in refused.value.errors
    act(env, office, case_id, "correct", {"line": "reps_total", "value": 6, "note": "名册外补选一名代表。"})
    f = figure(returns.return_view(env, Actor(office), case_id), "reps_total")
    assert (f.value, f.computed, f.corrected, f.note) == (6, 5, True, "名册外补选一名代表。")
    assert figure(returns.return_view(env, Actor(office), case_id), "reps_women_share").value == pytest.approx(2 / 6)
    with pytest.raises(services.ValidationFailed):
        returns.start_return(env, Actor(office), tree.unions[0], YEAR)  # one return a union and year
    requests_sent(env, tree, 1, replied=0)
    act(env, office, case_id, "recompute")  # figures anew, the correction kept
    view = returns.return_view(env, Actor(office), case_id)
    assert figure(view, "requests_received").computed == 1 and figure(view, "reps_total").value == 6
    act(env, office, case_id, "clear_correction", {"line": "reps_total"})
    assert figure(returns.return_view(env, Actor(office), case_id), "reps_total").value == 5
    with pytest.raises(services.ValidationFailed):
        act(env, office, case_id, "clear_correction", {"line": "reps_total"})  # nothing left to take back
    department = services.create_organisation(env, "生产部", "department", tree.unions[0])
    with pytest.raises(services.ValidationFailed) as refused:
        returns.start_return(env, Actor(office), department, YEAR)  # a department files no return
    assert "__all__" in refused.value.errors


def test_submitted_returned_and_accepted_by_the_district(env, tree):
    office, staff = tree.offices[0], tree.staff
    case_id = returns.start_return(env, Actor(office), tree.unions[0], YEAR)
    assert not readable(env, staff, case_id)  # a draft is the union's own
    act(env, office, case_id, "submit")
    assert readable(env, staff, case_id) and readable(env, tree.city_staff, case_id)
    assert [t.case_id for t in services.inbox(env, staff).items] == [case_id]
    with pytest.raises(services.ValidationFailed):
        act(env, staff, case_id, "return_for_correction", {})
    act(env, staff, case_id, "return_for_correction", {"return_reason": "代表人数与名册不符。"})
    assert returns.return_view(env, Actor(office), case_id).return_reason == "代表人数与名册不符。"
    act(env, office, case_id, "correct", {"line": "reps_total", "value": 6, "note": "补选一名。"})
    act(env, office, case_id, "submit")
    act(env, staff, case_id, "accept")
    assert returns.return_view(env, Actor(office), case_id).final
    assert returns.return_xlsx(env, staff, case_id)[:2] == b"PK"  # the federation's staff download it too
    for outsider in (tree.offices[1], tree.other_staff, tree.worker):
        assert not readable(env, outsider, case_id)
        with pytest.raises(services.NotFound):
            returns.return_xlsx(env, Actor(outsider), case_id)


def test_the_consolidation_sums_accepted_returns_and_names_the_missing(env, tree):
    requests_sent(env, tree, 2, replied=1)
    first = returns.start_return(env, Actor(tree.offices[0]), tree.unions[0], YEAR)
    act(env, tree.offices[0], first, "correct", {"line": "members_total", "value": 300, "note": "按会员名册。"})
    act(env, tree.offices[0], first, "submit")
    act(env, tree.staff, first, "accept")
    second = returns.start_return(env, Actor(tree.offices[1]), tree.unions[1], YEAR)
    act(env, tree.offices[1], second, "correct", {"line": "members_total", "value": 45, "note": "按会员名册。"})
    act(env, tree.offices[1], second, "submit")
    act(env, tree.staff, second, "accept")
    far = returns.start_return(env, Actor(tree.offices[3]), tree.far, YEAR)
    act(env, tree.offices[3], far, "correct", {"line": "members_total", "value": 7, "note": "按会员名册。"})
    act(env, tree.offices[3], far, "submit")  # submitted, not accepted: not summed

    district = returns.consolidate(env, tree.staff, tree.district, YEAR)
    assert (district.unions, district.accepted) == (3, 2)
    assert district.values["members_total"] == 345 and district.values["members_women"] == 2
    assert district.values["reps_total"] == 5 and district.values["requests_received"] == 2
    assert [(m.name, m.state) for m in district.missing] == [("丙公司工会", "none")]
    city = returns.consolidate(env, tree.city_staff, tree.city, YEAR)
    assert (city.unions, city.accepted, city.values["members_total"]) == (4, 2, 345)
    assert {p.name: (p.accepted, p.values["members_total"]) for p in city.parts} == {
        "武进区总工会": (2, 345), "新北区总工会": (0, 0)}
    assert {(m.name, m.state) for m in city.missing} == {("丙公司工会", "none"), ("丁公司工会", "submitted")}
    act(env, tree.other_staff, far, "accept")
    assert returns.consolidate(env, tree.city_staff, tree.city, YEAR).values["members_total"] == 352
    for outsider, federation in ((tree.offices[0], tree.district), (tree.other_staff, tree.district),
                                 (tree.staff, tree.city), (tree.staff, tree.unions[0])):
        with pytest.raises(services.NotFound):
            returns.consolidate(env, outsider, federation, YEAR)
