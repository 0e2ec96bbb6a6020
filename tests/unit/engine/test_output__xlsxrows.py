"""An export's sheet holds what XlsxWriter's own cell methods would write, cell for cell and byte for byte: text
with markup characters, control characters, spaces at either end, text past Excel's length limit, dates, numbers
and formula-like text with its quote prefix; and the file opens with those values."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter

from engine.output.xlsxrows import RowsWorksheet, XlsxBook, xlsx_cells

KINDS = ("int", "text", "text", "date", "percent")
WIDTHS = (8, 40, 12, 12, 10)
TEXTS = ["a&b<c>d\"e'", " lead", "trail ", "\u3000全角空格", "=1+1", "-2 措施", "@SUM(1)", "\tTab", "x\x01y",
         "_x0041_", "line\nbreak", "普通文字", "长" * 33000, []]


def rows():
    for i, text in enumerate(TEXTS):
        yield [i, text, ["张三", "=李四"] if i % 2 else None, date(2026, 11, 1 + i) if i % 3 else "2026-12-23",
               i / 10]
    yield [None, None, None, None, None]
    yield [99, "", None, datetime(2026, 12, 31, 23, 59), 1.0]


def sheet_xml(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


def test_a_row_written_at_once_is_the_xml_xlsxwriter_writes_cell_by_cell():
    fast = io.BytesIO()
    book = XlsxBook(fast)
    book.sheet("登记", KINDS, WIDTHS, ["号", "案由", "附议人", "日期", "率"])
    for values in rows():
        book.row(values)
    book.close()

    slow = io.BytesIO()  # the same workbook through XlsxWriter's public write_string / write_number
    ref = XlsxBook(slow)
    ws = ref.book.add_worksheet("登记")
    ws.freeze_panes(1, 0)
    for i, (width, header) in enumerate(zip(WIDTHS, ["号", "案由", "附议人", "日期", "率"], strict=True)):
        ws.set_column(i, i, width)
        ws.write_string(0, i, header, ref.header)
    for r, values in enumerate(rows(), start=1):
        for i, value in enumerate(xlsx_cells(KINDS, values)):
            plain = ref.wrapped if KINDS[i] == "text" and WIDTHS[i] >= 30 else ref.formats[KINDS[i]]
            if isinstance(value, tuple):
                ws.write_string(r, i, value[0], ref.quoted[WIDTHS[i] >= 30])
            elif isinstance(value, str):
                ws.write_string(r, i, value, plain)
            elif value is not None:
                ws.write_number(r, i, value, plain)
    ref.close()
    assert sheet_xml(fast.getvalue()) == sheet_xml(slow.getvalue())
    styles = [zipfile.ZipFile(io.BytesIO(b.getvalue())).read("xl/styles.xml") for b in (fast, slow)]
    assert styles[0] == styles[1]

    ws = openpyxl.load_workbook(io.BytesIO(fast.getvalue())).worksheets[0]
    got = list(ws.iter_rows(min_row=2, values_only=True))
    assert got[0] == (0, 'a&b<c>d"e\'', None, datetime(2026, 12, 23), 0)
    assert got[1][1:3] == (" lead", "张三、=李四")
    assert got[2][1] == "trail " and got[3][1] == "\u3000全角空格"
    assert ws.cell(6, 2).value == "=1+1" and ws.cell(6, 2).quotePrefix  # text, never a formula
    assert got[10][1] == "line\nbreak"
    assert len(got[12][1]) == 32767  # cut to the longest text a cell takes, as XlsxWriter cuts it
    assert got[-1] == (99, None, None, datetime(2026, 12, 31), 1)


def test_rows_come_after_the_rows_already_written():
    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    ws = book.add_worksheet("表", worksheet_class=RowsWorksheet)
    plain = book.add_format({})
    ws.start_cells([plain], [plain])
    ws.write_cells(2, ["x"])
    with pytest.raises(ValueError, match="row 1 comes after rows already written"):
        ws.write_cells(1, ["y"])
    book.close()
