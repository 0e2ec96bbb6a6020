"""A term's roster from a CSV file: every row checked and nothing imported if one is wrong, files saved by
Excel on Chinese Windows, re-import replacing the roster, and the rules the roster is checked against."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.errors import ValidationFailed
from engine.store.models import Membership, User
from support.congress import Congress, generated_rows, roster_csv
from support.union import Union
from workflows.congress import services as congress
from workflows.congress.models import Representative


@pytest.fixture
def term(env):
    u = Union(env, roster=False)
    return u, congress.ensure_term(env, u.union, 5)


def rows(env, table) -> list[tuple]:
    with env.db.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.select(table.__table__)))


def person(i: int, **changes: str) -> dict[str, str]:
    return {"username": f"p{i:03d}", "name": f"职工{i:03d}", "email": f"p{i:03d}@example.cn",
            "delegation": "第一代表团", "category": "worker", "sex": "m", "department": "生产部", **changes}


def test_a_file_with_bad_rows_lists_each_error_and_imports_nothing(env, term):
    u, term_id = term
    congress.import_roster(env, term_id, roster_csv([person(1), person(2)]))
    users, reps, members = rows(env, User), rows(env, Representative), rows(env, Membership)
    bad = [
        person(10),                                   # row 2: fine
        person(11, name=""),                          # row 3: no name
        person(12, category="boss", sex="x"),         # row 4: two bad cells
        person(10, name="重名"),                      # row 5: the username of row 2 again
        person(13, email="not-an-address"),           # row 6
        person(14, username="has space"),             # row 7
        person(15, department="部" * 201),            # row 8: too long
        person(16),                                   # row 9: fine
    ]
    with pytest.raises(congress.RosterRejected) as caught:
        congress.import_roster(env, term_id, roster_csv(bad))
    assert [(e.row, e.column) for e in caught.value.rows] == [
        (3, "name"), (4, "category"), (4, "sex"), (5, "username"), (6, "email"), (7, "username"), (8, "department")]
    assert "第 5 行" in caught.value.errors["file"][3].zh and "Repeats row 2" in caught.value.errors["file"][3].en
    # Nothing changed: no account created, the roster as it was.
    assert (rows(env, User), rows(env, Representative), rows(env, Membership)) == (users, reps, members)
    assert [r.username for r in congress.list_roster(env, term_id)] == ["p001", "p002"]


def test_a_missing_column_is_named_and_an_empty_file_refused(env, term):
    _, term_id = term
    with pytest.raises(congress.RosterRejected) as caught:
        congress.import_roster(env, term_id, "username,name,delegation,category,sex\np1,王,一团,worker,m\n".encode())
    assert [(e.row, e.column) for e in caught.value.rows] == [(1, "department")]
    for content in (b"", b"username,name,delegation,category,sex,department\n"):
        with pytest.raises(congress.RosterRejected):
            congress.import_roster(env, term_id, content)
    assert congress.list_roster(env, term_id) == []


def test_a_gbk_file_with_chinese_headers_imports(env, term):
    u, term_id = term
    text = ("用户名,姓名,代表团,类别,性别,部门\r\n"
            "rep1,王建国,第一代表团,一线职工,男,生产部\r\n"
            "zhaoli,赵丽,第二代表团,技术人员,女,技术中心\r\n"
            "qianjl,钱经理,第二代表团,中层及以上管理人员,男,人力资源部\r\n")
    content = text.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # as Excel on Chinese Windows saves it
    imported = congress.import_roster(env, term_id, content)
    assert (imported.added, imported.updated, imported.removed, imported.users_created) == (3, 0, 0, 2)
    roster = {r.username: r for r in congress.list_roster(env, term_id)}
    assert set(roster) == {"rep1", "zhaoli", "qianjl"}
    assert roster["rep1"].user_id == u.rep1 and roster["rep1"].name == "王建国"  # an existing account
    zhao = roster["zhaoli"]
    assert (zhao.name, zhao.delegation, zhao.category, zhao.sex, zhao.department) == (
        "赵丽", "第二代表团", "technical", "f", "技术中心")
    assert roster["qianjl"].category == "manager"
    with env.db.engine.connect() as conn:  # each is a representative of the union now
        m = Membership.__table__
        held = set(conn.execute(sa.select(m.c.user_id).where(m.c.role == "representative",
                                                             m.c.organisation_id == u.union)).scalars())
    assert {r.user_id for r in roster.values()} <= held


def test_a_new_import_replaces_the_roster(env, term):
    _, term_id = term
    congress.import_roster(env, term_id, roster_csv([person(1), person(2), person(3)]))
    again = congress.import_roster(env, term_id, roster_csv([person(2, delegation="第二代表团"), person(4)]))
    assert (again.added, again.updated, again.removed, again.users_created) == (1, 1, 2, 1)
    roster = congress.list_roster(env, term_id)
    assert [(r.username, r.delegation) for r in roster] == [("p004", "第一代表团"), ("p002", "第二代表团")]
    assert services.find_user(env, "p001") is not None  # the account stays; only the roster changed


def checks(env, term_id) -> dict[str, congress.RuleCheck]:
    return {c.name: c for c in congress.check_rules(env, term_id)}


def test_the_rules_are_met_or_not_with_the_numbers(env, term):
    u, term_id = term
    congress.import_roster(env, term_id, roster_csv(generated_rows(29)))
    found = checks(env, term_id)
    assert found["minimum"].met is False and "29" in found["minimum"].figures.en
    assert "30" in found["minimum"].label.zh
    assert found["share_of_staff"].met is None and "not entered" in found["share_of_staff"].figures.en
    assert found["women"].met is None

    congress.import_roster(env, term_id, roster_csv(generated_rows(30)))
    congress.ensure_term(env, u.union, 5, staff_count=1000, women_staff_count=400)
    found = checks(env, term_id)
    assert found["minimum"].met is True
    assert found["share_of_staff"].met is False  # 5% of 1000 staff is 50
    assert "50 needed" in found["share_of_staff"].figures.en and "30 now" in found["share_of_staff"].figures.en
    assert found["managers"].met is True  # 3 of 30 (10%)
    assert found["women"].met is True and "50.0%" in found["women"].figures.en  # 15 of 30; 40% of the staff

    congress.ensure_term(env, u.union, 5, staff_count=600)
    assert checks(env, term_id)["share_of_staff"].met is True  # 30 of 600 is 5%


def test_too_many_managers_and_too_few_women(env, term):
    u, term_id = term
    people = [person(i, category="manager" if i < 10 else "worker", sex="f" if i < 9 else "m") for i in range(40)]
    congress.import_roster(env, term_id, roster_csv(people))
    congress.ensure_term(env, u.union, 5, staff_count=800, women_staff_count=400)
    found = checks(env, term_id)
    assert found["managers"].met is False and "10 managers, 25.0%" in found["managers"].figures.en
    assert found["women"].met is False and "22.5%" in found["women"].figures.en
    people = [person(i, category="manager" if i < 8 else "worker", sex="f" if i < 20 else "m") for i in range(40)]
    congress.import_roster(env, term_id, roster_csv(people))
    found = checks(env, term_id)
    assert found["managers"].met is True  # 8 of 40 is 20%, the most allowed
    assert found["women"].met is True


def test_staff_figures_must_make_sense(env, term):
    u, _ = term
    with pytest.raises(ValidationFailed):
        congress.ensure_term(env, u.union, 5, staff_count=100, women_staff_count=101)
    with pytest.raises(ValidationFailed):
        congress.ensure_term(env, u.union, 0)
    assert congress.ensure_term(env, u.union, 5) == term[1]


def test_a_representative_removed_from_the_roster_after_checking_in_no_longer_counts_as_present(env):
    c = Congress(env, size=30)
    c.check_in_all()
    assert congress.session_status(env, c.session).quorum.present == 30
    congress.import_roster(env, c.term, roster_csv(generated_rows(30, prefix="x")))  # a new roster, nobody present
    status = congress.session_status(env, c.session).quorum
    assert (status.eligible, status.present) == (30, 0)
    assert "representative" not in {r.role for r in services.get_user(env, c.rep1).roles}
    item = congress.add_item(env, Actor(c.office), c.session, kind="motion", title="表决")
    with pytest.raises(services.Refused):
        congress.open_item(env, Actor(c.chair), item)
