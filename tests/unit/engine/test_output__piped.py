"""The Excel file a background export writes through its writer process holds what the in-process writer
writes, cell for cell; a writer that cannot write says why."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from engine.core.i18n import Label
from engine.output.piped import CHUNK, write_xlsx_piped
from engine.output.tables import Column, Sheet, write_xlsx

COLUMNS = (Column("n", Label("序号", "No."), "int", 8), Column("title", Label("案由", "Subject"), "text", 40),
           Column("on", Label("日期", "Date"), "date", 12), Column("rate", Label("满意率", "Rate"), "percent"))


def rows(count: int):
    for i in range(count):
        yield {"n": i + 1, "title": f"关于第{i + 1}项的提案" if i % 7 else "", "on": date(2026, 11, 1 + i % 28),
               "rate": i / count}


def cells(content: bytes) -> list[list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets]


def test_the_writer_process_writes_the_same_cells_as_the_writer_in_process(tmp_path):
    count = 2 * CHUNK + 3  # whole chunks and a part of one
    sheets = [Sheet(Label("提案登记", "Register"), COLUMNS, rows(count)),
              Sheet(Label("统计", "Statistics"), COLUMNS[:2], rows(2))]
    write_xlsx_piped(sheets, tmp_path / "piped.xlsx")
    out = io.BytesIO()
    write_xlsx([Sheet(Label("提案登记", "Register"), COLUMNS, rows(count)),
                Sheet(Label("统计", "Statistics"), COLUMNS[:2], rows(2))], out)
    piped = cells((tmp_path / "piped.xlsx").read_bytes())
    assert piped == cells(out.getvalue())
    assert len(piped[0]) == count + 1 and piped[0][0] == ["序号", "案由", "日期", "满意率"]
    assert piped[0][1] == [1, None, datetime(2026, 11, 1), 0]  # a date cell opens as a date, an empty one empty
    assert piped[0][2][:3] == [2, "关于第2项的提案", datetime(2026, 11, 2)]


def test_a_writer_that_cannot_write_the_file_says_why(tmp_path):
    with pytest.raises(RuntimeError, match="the Excel writer stopped"):
        write_xlsx_piped([Sheet(Label("表", "Sheet"), COLUMNS, rows(10))], tmp_path / "missing" / "x.xlsx")
