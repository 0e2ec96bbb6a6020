"""A union's existing register from a CSV (UTF-8 or GBK, as Excel saves it) or an .xlsx file: every row checked,
each error named by its line and column, and nothing written when any row is wrong (all or nothing)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.core.i18n import REQUIRED, Label
from engine.identity.roles import holds_any
from engine.time.calendar import TZ
from workflows.members import memberships
from workflows.members.models import Member
from workflows.members.moves import last4
from workflows.members.rules import LAST4, PHONE
from workflows.members.terms import KEEPERS

members = Member.__table__
# Column names a file may use, in English or Chinese; the second of each is what an error names in Chinese.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "会员编号", "会员证号", "编号"),
    "name": ("name", "姓名"),
    "gender": ("gender", "性别", "sex"),
    "birth_date": ("birth_date", "出生日期", "出生年月"),
    "id_number": ("id_number", "身份证号", "身份证号码", "身份证后四位"),
    "phone": ("phone", "手机号码", "手机", "联系电话"),
    "workplace": ("workplace", "部门", "所在部门", "车间"),
    "joined_on": ("joined_on", "入会日期", "入会时间"),
}
REQUIRED_COLUMNS = ("number", "name", "gender", "joined_on")
GENDER_WORDS = {"女": "female", "f": "female", "female": "female", "男": "male", "m": "male", "male": "male"}
DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MAX_ROWS = 20000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong in one cell: line 2 is the first line after the header."""

    row: int
    column: str
    message: Label

    def text(self, lang: str) -> str:
        names = COLUMNS.get(self.column)
        if lang == "zh":
            return f"第 {self.row} 行" + (f"“{names[1]}”" if names else "") + f"：{self.message.zh}"
        return f"Line {self.row}" + (f", {self.column}" if names else "") + f": {self.message.en}"


class ImportRejected(services.ValidationFailed):
    """The file has errors: nothing was imported; ``rows`` lists each, by line and column."""

    def __init__(self, rows: list[RowError]) -> None:
        self.rows = rows
        super().__init__({"file": [Label(e.text("zh"), e.text("en")) for e in rows]})


def _lines(content: bytes) -> list[list[Any]]:
    if content.startswith(XLSX_MAGIC):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any damaged workbook is one error for the user
            raise ImportRejected([RowError(1, "-", Label("文件无法作为 Excel 工作簿读取。",
                                                         "The file cannot be read as an Excel workbook."))]) from None
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([RowError(1, "-", Label("文件不是 UTF-8 或 GBK 编码的 CSV 文件，也不是 .xlsx 工作簿。",
                                                     "The file is neither a CSV file in UTF-8 or GBK nor .xlsx."))])
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ImportRejected([RowError(1, "-", Label("文件无法按 CSV 格式读取。",
                                                     "The file cannot be read as CSV."))]) from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number Excel kept as a number: 13812345678.0
    return str(value).strip()


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = DAY.match(_text(value))
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


BAD_DAY = Label("请写成日期，如 2018-03-01。", "Write a date such as 2018-03-01.")


def parse(content: bytes, today: date) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The rows, cleaned, and every error found (every row is checked, not just the first bad one)."""
    lines = _lines(content)
    while lines and not any(_text(v) for v in lines[-1]):
        lines.pop()
    if not lines or not any(_text(v) for v in lines[0]):
        return [], [RowError(1, "-", Label("文件为空。", "The file is empty."))]
    aliases = {alias.lower(): key for key, names in COLUMNS.items() for alias in names}
    keys = [aliases.get(_text(h).lower()) for h in lines[0]]
    errors = [RowError(1, c, Label("缺少此列。", "This column is missing.")) for c in REQUIRED_COLUMNS if c not in keys]
    if errors:
        return [], errors
    if len(lines) - 1 > MAX_ROWS:
        return [], [RowError(1, "-", Label(f"一次最多导入 {MAX_ROWS} 行。", f"At most {MAX_ROWS} lines at a time."))]
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, values in enumerate(lines[1:], start=2):
        raw = {k: values[i] if i < len(values) else None for i, k in enumerate(keys) if k}
        if not any(_text(v) for v in raw.values()):
            continue
        row: dict[str, Any] = {}

        def wrong(column: str, message: Label, line: int = line) -> None:
            errors.append(RowError(line, column, message))

        for column in REQUIRED_COLUMNS:
            if not _text(raw.get(column)):
                wrong(column, REQUIRED)
        number, name = _text(raw.get("number")), _text(raw.get("name"))
        for column, value, limit in (("number", number, 30), ("name", name, 100),
                                     ("workplace", _text(raw.get("workplace")), 100)):
            if len(value) > limit or services.bad_characters(value):
                wrong(column, Label(f"不能超过 {limit} 个字。", f"At most {limit} characters."))
        if number in seen:
            wrong("number", Label(f"与第 {seen[number]} 行的会员编号重复。", f"Repeats line {seen[number]}."))
        elif number:
            seen[number] = line
        gender = GENDER_WORDS.get(_text(raw.get("gender")).lower())
        if _text(raw.get("gender")) and gender is None:
            wrong("gender", Label("应为 男 或 女。", "Use 男/女 or m/f."))
        joined = _day(raw.get("joined_on"))
        if _text(raw.get("joined_on")) and (joined is None or joined > today or joined.year < 1925):
            wrong("joined_on", BAD_DAY if joined is None else Label("入会日期不能晚于今天。",
                                                                    "The day cannot be after today."))
        birth = _day(raw.get("birth_date"))
        if _text(raw.get("birth_date")) and (birth is None or birth >= today):
            wrong("birth_date", BAD_DAY)
        phone = _text(raw.get("phone"))
        if phone and not PHONE.match(phone):
            wrong("phone", Label("请填写 11 位手机号码。", "Give an 11-digit mobile number."))
        id_last4 = None
        try:
            id_last4 = last4(_text(raw.get("id_number")))
            if id_last4 is not None and not LAST4.match(id_last4):
                raise services.ValidationFailed({})
        except services.ValidationFailed:
            wrong("id_number", Label("应为 18 位身份证号（校验位正确）或其后四位。",
                                     "An 18-character identity number with a valid check digit, or its last four."))
        row.update(number=number, name=name, gender=gender, birth_date=birth, id_last4=id_last4,
                   phone=phone or None, workplace=_text(raw.get("workplace")) or None, joined_on=joined,
                   joined_how="import", line=line)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "-", Label("文件中没有会员。", "The file lists no members.")))
    return rows, errors


@dataclass(frozen=True, slots=True)
class Imported:
    added: int


def import_members(env: services.Env, actor: Actor, union_id: int, content: bytes) -> Imported:
    """Add the file's members to the union's register, by its office; ImportRejected (nothing written) when any
    row is wrong, a number already on the register included."""
    today = env.clock.now().astimezone(TZ).date()
    with env.db.read() as conn:
        if not holds_any(conn, actor.user_id, union_id, KEEPERS):
            raise services.NotFound("member register", union_id)
    rows, errors = parse(content, today)
    if errors:
        raise ImportRejected(errors)
    with env.db.write() as conn:
        numbers = [r["number"] for r in rows]
        taken: set[str] = set()
        for start in range(0, len(numbers), 500):
            taken |= set(conn.execute(sa.select(members.c.number).where(
                members.c.union_id == union_id, members.c.number.in_(numbers[start:start + 500]))).scalars())
        clashes = [RowError(r["line"], "number", Label("本会名册中已有这个会员编号。",
                                                       "This number is already on the register."))
                   for r in rows if r["number"] in taken]
        if clashes:
            raise ImportRejected(clashes)
        added = memberships.add_rows(conn, ({k: v for k, v in r.items() if k != "line"} | {"union_id": union_id}
                                            for r in rows), env.clock.now())
    return Imported(added)
