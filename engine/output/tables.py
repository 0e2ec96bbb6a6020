"""Writing tables of rows as Excel or CSV files that open well in Chinese Excel, streaming: rows are written as
they come, so memory does not grow with the number of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, Literal

from engine.core.i18n import Label
from engine.output.xlsxrows import FORMULA_LEADS, XlsxBook

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


def formula_safe(text: str) -> str:
    """``text`` as a spreadsheet cannot take it for a formula (OWASP, CSV injection): a cell that begins with
    ``= + - @``, a tab or a carriage return gets a single quote in front, which Excel and LibreOffice show as
    text and never evaluate (``=cmd|' /C calc'!A0`` becomes ``'=cmd|' /C calc'!A0``)."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def write_xlsx(sheets: Sequence[Sheet], out: IO[bytes], lang: str = "zh") -> None:
    """An .xlsx workbook, one sheet per table (see ``XlsxBook``)."""
    book = XlsxBook(out)
    for sheet in sheets:
        book.sheet(sheet.title(lang), [c.kind for c in sheet.columns], [c.width for c in sheet.columns],
                   [c.header(lang) for c in sheet.columns])
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
