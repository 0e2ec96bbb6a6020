"""Importing a union's register on both backends, all or nothing: UTF-8 and GBK CSV and .xlsx read alike; every
bad row named by its line and column with nothing written; a number already on the register refused; the command
line says the same."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from engine import services
from engine.cli import main
from engine.core.context import Actor
from support.members import Unions
from workflows.members import services as members

GOOD = ("会员编号,姓名,性别,出生日期,身份证号,手机号码,部门,入会日期\n"
        "HD0001,王秀英,女,1985-03-02,11010519491231002X,13800000001,纺纱车间,2010-05-01\n"
        "HD0002,李强,男,1990/7/15,,13800000002,织造车间,2015年3月1日\n")
BAD = ("会员编号,姓名,性别,入会日期,手机号码\n"
       "HD0001,王秀英,女,2010-05-01,13800000001\n"
       "HD0001,,X,2030-01-01,12345\n"
       "HD0003,张伟,男,昨天,\n")


@pytest.fixture
def u(env):
    return Unions(env)


def register(env, u) -> list[tuple[str, str, str]]:
    return [(r.number, r.name, r.gender) for r in members.register_page(env, Actor(u.office_b), u.b).items]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_good_csv_in_either_encoding_is_imported(u, env, encoding):
    done = members.import_members(env, Actor(u.office_b), u.b, GOOD.encode(encoding))
    assert done.added == 2
    assert register(env, u) == [("HD0002", "李强", "male"), ("HD0001", "王秀英", "female")]
    page = members.register_page(env, Actor(u.office_b), u.b, text="HD0001")
    assert [(r.id_last4, r.birth_date, r.joined_on) for r in page.items] == [
        ("002X", date(1985, 3, 2), date(2010, 5, 1))]


def test_every_bad_row_is_named_and_nothing_is_written(u, env):
    with pytest.raises(members.ImportRejected) as caught:
        members.import_members(env, Actor(u.office_b), u.b, BAD.encode("gbk"))
    assert [(e.row, e.column) for e in caught.value.rows] == [
        (3, "name"), (3, "number"), (3, "gender"), (3, "joined_on"), (3, "phone"), (4, "joined_on")]
    assert caught.value.rows[1].text("zh") == "第 3 行“会员编号”：与第 2 行的会员编号重复。"
    assert register(env, u) == []  # the good line 2 was not written either


def test_a_number_already_on_the_register_refuses_the_whole_file(u, env):
    u.add_member(u.b, "HD0002")
    with pytest.raises(members.ImportRejected) as caught:
        members.import_members(env, Actor(u.office_b), u.b, GOOD.encode())
    assert [(e.row, e.column) for e in caught.value.rows] == [(3, "number")]
    assert [n for n, _, _ in register(env, u)] == ["HD0002"]


def test_an_xlsx_with_dates_and_numbers_as_excel_keeps_them_is_imported(u, env):
    book = Workbook()
    sheet = book.active
    sheet.append(["number", "name", "gender", "joined_on", "phone"])
    sheet.append(["A1", "周敏", "女", datetime(2019, 9, 1), 13800000009])
    out = io.BytesIO()
    book.save(out)
    assert members.import_members(env, Actor(u.office_b), u.b, out.getvalue()).added == 1
    row = members.register_page(env, Actor(u.office_b), u.b).items[0]
    assert (row.joined_on, row.phone) == (date(2019, 9, 1), "13800000009")


def test_only_the_unions_office_imports(u, env):
    for who in (u.office_a, u.fed):
        with pytest.raises(services.NotFound):
            members.import_members(env, Actor(who), u.b, GOOD.encode())


def test_the_command_line_lists_the_errors_and_imports_nothing(u, env, db_url, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(BAD.encode("gbk"))
    runner = CliRunner()
    args = ["members", "import", str(path), "--union", str(u.b), "--as", "office_b"]
    result = runner.invoke(main, args, env={"UNIONFLOW_DATABASE_URL": db_url})
    assert result.exit_code == 1 and "第 3 行“性别”：应为 男 或 女。" in result.output
    path.write_bytes(GOOD.encode())
    result = runner.invoke(main, [*args, "--lang", "en"], env={"UNIONFLOW_DATABASE_URL": db_url})
    assert result.exit_code == 0 and "Imported 2 members." in result.output
