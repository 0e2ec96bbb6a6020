"""The streaming .xlsx writer: what Excel (here openpyxl) reads back of every kind of cell, the header row and
the sheet names."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl

from engine.core.i18n import Label
from engine.output.tables import Column, Sheet, write_xlsx

COLUMNS = (Column("no", Label("编号", "No."), "int", 8), Column("text", Label("内容", "Text"), "text", 40),
           Column("who", Label("人员", "People"), "text", 12), Column("day", Label("日期", "Day"), "date", 12),
           Column("rate", Label("比例", "Rate"), "percent", 10), Column("days", Label("天数", "Days"), "number", 10))


def read(sheets, lang="zh"):
    out = io.BytesIO()
    write_xlsx(sheets, out, lang)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue())), out.getvalue()


def test_cells_of_every_kind_read_back_as_written():
    rows = [{"no": 1, "text": "A&B <c> \"d\"\x01 尾", "who": ["王建国", "李秀英"], "day": date(2026, 11, 23),
             "rate": 0.875, "days": 2.5},
            {"no": None, "text": "  leading and trailing  ", "who": "", "day": "2026-12-23",
             "rate": None, "days": float("nan")},
            {"no": 3, "text": "0012", "day": datetime(2027, 1, 2, 15, tzinfo=UTC)}]
    book, _ = read([Sheet(Label("表一", "One"), COLUMNS, iter(rows))])
    sheet = book["表一"]
    assert [c.value for c in sheet[1]] == ["编号", "内容", "人员", "日期", "比例", "天数"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert round(sheet.column_dimensions["B"].width) in (40, 41)
    first, second, third = (list(r) for r in sheet.iter_rows(min_row=2, values_only=True))
    assert first == [1, 'A&B <c> "d" 尾', "王建国、李秀英", datetime(2026, 11, 23), 0.875, 2.5]
    assert second == [None, "  leading and trailing  ", None, datetime(2026, 12, 23), None, None]
    assert third[:4] == [3, "0012", None, datetime(2027, 1, 2)]
    assert sheet["C2"].number_format == "@" and sheet["D2"].number_format == "yyyy\\-mm\\-dd"
    assert sheet["E2"].number_format == "0.0%" and sheet["B2"].alignment.wrap_text


def test_sheets_are_written_in_turn_with_names_excel_accepts():
    seen: list[str] = []

    def later():
        seen.append("second read after the first")
        yield {"no": len(seen)}

    first = Sheet(Label("汇总/明细[1]", "x"), COLUMNS[:1], iter([{"no": 7}]))
    book, raw = read([first, Sheet(Label("汇总/明细[1]", "x"), COLUMNS[:1], later()),
                      Sheet(Label("很长" * 20, "x"), COLUMNS[:1], [])])
    assert book.sheetnames == ["汇总_明细_1_", "汇总_明细_1_ (2)", ("很长" * 20)[:31]]
    assert book.worksheets[1]["A2"].value == 1
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert z.testzip() is None
        assert "[Content_Types].xml" in z.namelist() and "xl/styles.xml" in z.namelist()
