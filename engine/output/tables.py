"""Writing tables of rows as Excel or CSV files that open well in Chinese Excel, streaming: rows are written as
they come, so memory does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, Literal

import xlsxwriter

from engine.core.i18n import Label

Kind = Literal["text", "int", "date", "percent", "number"]
FORMATS = ("xlsx", "csv")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its key in a row, its header (Chinese and English), how cells are written, its width."""

    key: str
    header: Label
    kind: Kind = "text"
    width: float = 14


@dataclass(frozen=True, slots=True)
class Sheet:
    """A titled table; ``rows`` may be a generator, consumed once."""

    title: Label
    columns: Sequence[Column]
    rows: Iterable[dict[str, Any]]


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if column.kind in ("int", "number", "percent"):
        return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` as a spreadsheet cannot take it for a formula (OWASP, CSV injection): a cell that begins with
    ``= + - @``, a tab or a carriage return gets a single quote in front, which Excel and LibreOffice show as
    text and never evaluate (``=cmd|' /C calc'!A0`` becomes ``'=cmd|' /C calc'!A0``)."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "percent": "0.0%", "int": "0", "number": "0.0", "text": "@"}
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (right from 1900-03-01 on)


def xlsx_cells(columns: Sequence[Column], values: Sequence[Any]) -> list[Any]:
    """A row's values as ``XlsxBook.cells`` writes them: None (an empty cell), text, a 1-tuple of text that would
    read as a formula (written as text with Excel's quote prefix), or a number (a date as its Excel serial day).
    Separate from the writing so that a background export does this half in the process that reads the rows and
    the writer process only writes."""
    out: list[Any] = []
    for column, raw in zip(columns, values, strict=True):
        value = _cell_value(column, raw)
        if value is not None:
            if column.kind == "date":
                value = (value - _EXCEL_EPOCH).days
            elif value.__class__ is str and value.startswith(FORMULA_LEADS):
                value = (value,)
        out.append(value)
    return out


class XlsxBook:
    """An .xlsx workbook written sheet by sheet and row by row: bold frozen header row, column widths, dates as
    dates, text cells as text (identity and staff numbers keep their leading zeros). XlsxWriter's constant-memory
    mode writes each row out as it comes, with inline strings, so memory stays flat whatever the row count."""

    def __init__(self, out: IO[bytes] | str) -> None:
        self.book = book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
        self.formats = {kind: book.add_format({"num_format": fmt, "valign": "top"})
                        for kind, fmt in _NUMBER_FORMATS.items()}
        self.wrapped = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        # A cell that would read as a formula is a string cell marked with Excel's quote prefix: shown as typed,
        # and still text when someone edits it and presses Enter.
        self.quoted = {False: book.add_format({"num_format": "@", "valign": "top", "quote_prefix": True}),
                       True: book.add_format({"num_format": "@", "text_wrap": True, "valign": "top",
                                              "quote_prefix": True})}
        self.ws: Any = None
        self.columns: Sequence[Column] = ()
        self.cell_formats: list[Any] = []
        self.quoted_formats: list[Any] = []
        self.r = 0

    def sheet(self, title: str, columns: Sequence[Column], headers: Sequence[str]) -> None:
        self.ws, self.columns, self.r = self.book.add_worksheet(title[:31]), columns, 0
        self.cell_formats = [self.wrapped if c.kind == "text" and c.width >= 30 else self.formats[c.kind]
                             for c in columns]
        self.quoted_formats = [self.quoted[c.width >= 30] for c in columns]
        self.ws.freeze_panes(1, 0)
        for i, (column, header) in enumerate(zip(columns, headers, strict=True)):
            self.ws.set_column(i, i, column.width)
            self.ws.write_string(0, i, header, self.header)  # headers are the product's own words

    def row(self, values: Sequence[Any]) -> None:
        """One row of the current sheet: the raw values of its columns, in order."""
        self.cells(xlsx_cells(self.columns, values))

    def cells(self, values: Sequence[Any]) -> None:
        """One row of the current sheet, as ``xlsx_cells`` made it."""
        ws, formats = self.ws, self.cell_formats
        self.r = r = self.r + 1
        for i, value in enumerate(values):
            if value is None:
                continue
            if value.__class__ is str:
                ws.write_string(r, i, value, formats[i])
            elif value.__class__ is tuple:  # text that would read as a formula, see ``xlsx_cells``
                ws.write_string(r, i, value[0], self.quoted_formats[i])
            else:
                ws.write_number(r, i, value, formats[i])

    def close(self) -> None:
        self.book.close()


def write_xlsx(sheets: Sequence[Sheet], out: IO[bytes], lang: str = "zh") -> None:
    """An .xlsx workbook, one sheet per table (see ``XlsxBook``)."""
    book = XlsxBook(out)
    for sheet in sheets:
        book.sheet(sheet.title(lang), sheet.columns, [c.header(lang) for c in sheet.columns])
        keys = [c.key for c in sheet.columns]
        for row in sheet.rows:
            book.row([row.get(k) for k in keys])
    book.close()


def csv_lines(sheet: Sheet, lang: str = "zh") -> Iterator[str]:
    """A CSV file as text chunks: UTF-8 with a byte-order mark (so Excel reads the Chinese), dates ISO."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header(lang) for c in sheet.columns])
    yield "\ufeff" + buffer.getvalue()
    for row in sheet.rows:
        buffer.seek(0)
        buffer.truncate()
        values = []
        for column in sheet.columns:
            value = _cell_value(column, row.get(column.key))
            if isinstance(value, str):
                value = formula_safe(value)
            elif column.kind == "percent" and value is not None:
                value = f"{100 * value:.1f}%"
            values.append("" if value is None else value.isoformat() if isinstance(value, date) else value)
        writer.writerow(values)
        yield buffer.getvalue()


def write_csv(sheet: Sheet, out: IO[bytes], lang: str = "zh") -> None:
    for chunk in csv_lines(sheet, lang):
        out.write(chunk.encode("utf-8"))
