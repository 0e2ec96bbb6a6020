"""``unionflow users import``: a term's roster from a CSV file, all or nothing, with the rule checks."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from engine import services
from engine.cli import main
from workflows.congress import services as congress

HEADER = ["username", "name", "email", "delegation", "category", "sex", "department"]
CHINESE_HEADER = ["工号", "姓名", "邮箱", "代表团", "类别", "性别", "部门"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = "建华秀英志强丽娟国栋海燕文斌春梅晓东玉兰振华美玲"


def rows(count: int, *, managers: int = 4, women: int = 14) -> list[list[str]]:
    """``count`` representatives in four delegations: the first ``managers`` are managers, every row below
    ``women`` a woman."""
    found = []
    for i in range(count):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[2 * (i % 13):2 * (i % 13) + 2]
        category = "manager" if i < managers else ("technical" if i % 3 == 0 else "worker")
        found.append([f"rep{i:03d}", name, f"rep{i:03d}@example.cn", f"第{i % 4 + 1}代表团", category,
                      "f" if i < women else "m", "生产制造部"])
    return found


def csv_bytes(header: list[str], body: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    return out.getvalue().encode(encoding)


@pytest.fixture
def union(env) -> int:
    return services.create_organisation(env, "华东精密机械有限公司工会", "union")


def run(env, path, *args: str):
    return CliRunner().invoke(main, ["users", "import", str(path), *args],
                              env={"UNIONFLOW_DATABASE_URL": env.db.url})


def test_a_good_file_replaces_the_roster_and_the_rules_are_checked(env, union, tmp_path):
    known = services.create_user(env, "rep000", "王建华")  # an account that exists already is reused
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(HEADER, rows(36, women=15)))
    result = run(env, path, "--organisation", str(union), "--term", "5", "--staff-count", "700",
                 "--women-staff-count", "280", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Imported the roster of term 5 (organisation {union}): 36 added, 0 updated, 0 removed, 35 accounts created.",
        "Roster rules:",
        "  [met] At least 30 representatives: 36 now",
        "  [met] At least 5% of the staff: 700 staff: 35 needed, 36 now",
        "  [met] Middle and senior managers at most 20%: 4 managers, 11.1%",
        "  [met] Women in proportion to the staff: 15 women (41.7%); women are 40.0% of the staff",
    ]
    (term,) = congress.list_terms(env, union)
    assert (term.number, term.staff_count, term.women_staff_count) == (5, 700, 280)
    roster = congress.list_roster(env, term.id)
    assert len(roster) == 36 and known in {r.user_id for r in roster}
    assert {r.delegation for r in roster} == {"第1代表团", "第2代表团", "第3代表团", "第4代表团"}
    assert services.find_user(env, "rep001").holds("representative")

    # A second file is the roster now: those left out are removed; the staff figures stay as they were.
    path.write_bytes(csv_bytes(HEADER, rows(32, women=13)))
    again = run(env, path, "--organisation", str(union), "--term", "5")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == (f"已导入第 5 届代表名册（组织 {union}）：新增 0 人，更新 32 人，移除 4 人，"
                                            "新建账号 0 个。")
    assert "  [不符合] 代表不少于职工总数的 5%：职工 700 人，需 35 人，现有 32 人" in again.stdout
    assert len(congress.list_roster(env, term.id)) == 32


def test_a_bad_file_lists_every_error_by_row_and_column_and_imports_nothing(env, union, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(HEADER, rows(31)))
    assert run(env, path, "--organisation", str(union), "--term", "5", "--staff-count", "600").exit_code == 0
    (term,) = congress.list_terms(env, union)
    before = congress.list_roster(env, term.id)
    users_before = len(services.list_users(env, limit=500))

    body = rows(40)
    body[2][4] = "boss"  # row 4: the category
    body[5][5] = "x"  # row 7: the sex
    body[5][1] = ""  # row 7: no name
    body[9][0] = "rep001"  # row 11: the username of row 3
    body[20][2] = "not-an-address"  # row 22
    path.write_bytes(csv_bytes(HEADER, body))
    result = run(env, path, "--organisation", str(union), "--term", "5", "--staff-count", "900", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "The file has 5 error(s); nothing was imported:",
        "  row 4, category: Use worker, technical or manager.",
        "  row 7, name: This field is required.",
        "  row 7, sex: Use m or f.",
        "  row 11, username: Repeats row 3.",
        "  row 22, email: Not an e-mail address.",
    ]
    chinese = run(env, path, "--organisation", str(union), "--term", "5")
    assert chinese.exit_code == 1
    assert chinese.stderr.splitlines()[:3] == ["文件有 5 处错误，未导入任何内容：",
                                               "  第 4 行，类别：应为 一线职工、技术人员 或 中层及以上管理人员。",
                                               "  第 7 行，姓名：此项为必填项。"]
    assert congress.list_roster(env, term.id) == before
    assert congress.get_term(env, term.id).staff_count == 600
    assert len(services.list_users(env, limit=500)) == users_before

    # A missing column is named on the header row; a new term is not even created.
    path.write_bytes(csv_bytes([h for h in HEADER if h != "delegation"], [r[:3] + r[4:] for r in rows(31)]))
    missing = run(env, path, "--organisation", str(union), "--term", "6", "--lang", "en")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines()[1:] == ["  row 1, delegation: This column is missing."]
    assert [t.number for t in congress.list_terms(env, union)] == [5]


def test_a_gbk_file_with_chinese_headers_and_words(env, union, tmp_path):
    words = {"worker": "一线职工", "technical": "技术人员", "manager": "中层及以上管理人员", "f": "女", "m": "男"}
    body = [[u, n, e, d, words[c], words[s], dept] for u, n, e, d, c, s, dept in rows(30, managers=3, women=12)]
    path = tmp_path / "名册.csv"
    path.write_bytes(csv_bytes(CHINESE_HEADER, body, "gbk"))
    result = run(env, path, "--organisation", str(union), "--term", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"已导入第 5 届代表名册（组织 {union}）：新增 30 人，更新 0 人，移除 0 人，新建账号 30 个。",
        "名册检查：",
        "  [符合] 代表不少于 30 人：现有 30 人",
        "  [无法判断] 代表不少于职工总数的 5%：未填写职工总数",
        "  [符合] 中层及以上管理人员不超过 20%：管理人员 3 人，占 10.0%",
        "  [无法判断] 女代表比例与女职工比例相适应：女代表 12 人；未填写女职工人数",
    ]
    (term,) = congress.list_terms(env, union)
    roster = {r.username: r for r in congress.list_roster(env, term.id)}
    assert (roster["rep000"].name, roster["rep000"].category, roster["rep000"].sex) == ("王建华", "manager", "f")
    assert roster["rep029"].delegation == "第2代表团" and roster["rep029"].category == "worker"


def test_an_unknown_organisation_or_impossible_staff_figures_are_refused(env, union, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(HEADER, rows(30)))
    nowhere = run(env, path, "--organisation", str(union + 100), "--term", "5", "--lang", "en")
    assert nowhere.exit_code == 1 and f"No organisation {union + 100}." in nowhere.output
    too_many = run(env, path, "--organisation", str(union), "--term", "5", "--staff-count", "100",
                   "--women-staff-count", "120")
    assert too_many.exit_code == 1
    assert too_many.stderr.strip() == "--women-staff-count：女职工人数不能多于职工总数。"
    assert congress.list_terms(env, union) == [] and services.find_user(env, "rep000") is None
