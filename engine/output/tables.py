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


_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "percent": "0.0%", "int": "0", "number": "0.0", "text": "@"}


def write_xlsx(sheets: Sequence[Sheet], out: IO[bytes], lang: str = "zh") -> None:
    """An .xlsx workbook, one sheet per table: bold frozen header row, column widths, dates as dates, text
    cells as text (identity and staff numbers keep their leading zeros). XlsxWriter's constant-memory mode
    writes each row out as it comes, with inline strings, so memory stays flat whatever the row count."""
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
    formats = {kind: book.add_format({"num_format": fmt, "valign": "top"}) for kind, fmt in _NUMBER_FORMATS.items()}
    wrapped = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.title(lang)[:31])
        ws.freeze_panes(1, 0)
        for i, column in enumerate(sheet.columns):
            ws.set_column(i, i, column.width)
            ws.write_string(0, i, column.header(lang), header)
        for r, row in enumerate(sheet.rows, start=1):
            for i, column in enumerate(sheet.columns):
                value = _cell_value(column, row.get(column.key))
                if value is None:
                    continue
                if column.kind == "date":
                    ws.write_datetime(r, i, datetime.combine(value, datetime.min.time()), formats["date"])
                elif column.kind == "text":
                    ws.write_string(r, i, value, wrapped if column.width >= 30 else formats["text"])
                else:
                    ws.write_number(r, i, value, formats[column.kind])
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
            if column.kind == "percent" and value is not None:
                value = f"{100 * value:.1f}%"
            values.append("" if value is None else value.isoformat() if isinstance(value, date) else value)
        writer.writerow(values)
        yield buffer.getvalue()


def write_csv(sheet: Sheet, out: IO[bytes], lang: str = "zh") -> None:
    for chunk in csv_lines(sheet, lang):
        out.write(chunk.encode("utf-8"))
