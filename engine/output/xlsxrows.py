"""The Excel half of writing tables: values made cells, and cells written as XlsxWriter writes them, fast.

It imports nothing of unionflow (only XlsxWriter and the standard library), so that a background export's
writer process, started as ``python -P engine/output/xlsxrows.py PATH`` (see ``engine.output.piped``), is ready
in a tenth of a second instead of the second that importing the engine (SQLAlchemy and the rest) took while the
reader waited for it.

XlsxWriter's ``write_string`` / ``write_number`` cost some microseconds a cell (argument conversion, type checks,
a cell tuple stored, then attribute lists, regular expressions and a file write for each cell when the row is
written out), which bound a large export. ``RowsWorksheet.write_cells`` writes the same XML that XlsxWriter's
constant-memory mode writes for these cells (inline strings, the same escapes, the same style indices given in the
same order), one file write a row. It is a worksheet class as XlsxWriter lets one pass to ``add_worksheet``;
everything else (headers, widths, panes, styles, the package) is XlsxWriter's own."""

from __future__ import annotations

import math
import pickle
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for the start of a formula
_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "percent": "0.0%", "int": "0", "number": "0.0", "text": "@"}
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's serial dates (right from 1900-03-01 on)


def xlsx_cells(kinds: Sequence[str], values: Sequence[Any]) -> list[Any]:
    """A row's values (of columns of these kinds: text, int, date, percent, number) as ``XlsxBook.cells`` writes
    them: None (an empty cell), text, a 1-tuple of text that would read as a formula (written as text with Excel's
    quote prefix), or a number (a date as its Excel serial day). The values ``tables._cell_value`` gives a CSV
    file, inline: it runs for every cell of an export."""
    out: list[Any] = []
    for kind, value in zip(kinds, values, strict=True):
        if value is None or value == "":
            value = None
        elif kind == "date":
            if not isinstance(value, date):  # a datetime is a date too: its own day
                value = date.fromisoformat(str(value)[:10])
            value = value.toordinal() - _EXCEL_EPOCH
        else:
            if kind == "text" and value.__class__ is not str:
                value = "、".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
            if value.__class__ is str and value.startswith(FORMULA_LEADS):
                value = (value,)
        out.append(value)
    return out


# What XlsxWriter escapes in an inline string: control characters (as _xHHHH_, and a literal _xHHHH_ with its
# underscore escaped), two non-characters, and & < > (double quotes and line ends stay as they are).
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_STRMAX = 32767  # the longest cell text Excel takes, in UTF-16 units


def _xml_text(text: str) -> str:
    """``text`` as XlsxWriter writes it in an inline string cell."""
    if len(text) > _STRMAX // 2 and _utf16_len(text) > _STRMAX:
        text = _utf16_truncate(text, _STRMAX)
    if _NEEDS_ESCAPE.search(text) is not None:
        text = Worksheet._escape_control_characters(text)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class RowsWorksheet(Worksheet):
    """A worksheet (constant-memory workbooks only) that also writes whole rows of prepared cells."""

    def start_cells(self, formats: Sequence[Format], quoted: Sequence[Format]) -> None:
        """The format of each column's cells, and of its text cells that carry Excel's quote prefix."""
        self._cell_formats, self._quoted_formats = list(formats), list(quoted)
        self._letters = [xl_col_to_name(i) for i in range(len(formats))]
        self._styles: dict[int, str] = {}

    def _style(self, cell_format: Format) -> str:
        # The style index is given at first use, as XlsxWriter gives it when it writes a cell: the styles part
        # then lists the same formats in the same order.
        style = self._styles.get(id(cell_format))
        if style is None:
            style = self._styles[id(cell_format)] = f' s="{cell_format._get_xf_index()}"'
        return style

    def write_cells(self, row: int, values: Sequence[Any]) -> None:
        """Row ``row`` (0-based, after the rows written before): None leaves a cell empty, text is an inline
        string, a 1-tuple of text is a string with the column's quoted format, anything else a number."""
        if not self.constant_memory:
            raise ValueError("write_cells needs a constant_memory workbook")
        if row <= self.previous_row and (row or self.table):
            raise ValueError(f"row {row} comes after rows already written")
        filled = [i for i, value in enumerate(values) if value is not None]
        if not filled:
            return
        self._write_single_row(row)  # the row written before by XlsxWriter's own methods (the headers), if any
        if self._check_dimensions(row, filled[0]) or self._check_dimensions(row, filled[-1]):
            raise ValueError(f"row {row} is outside the worksheet")
        self._write_row(row, None, self.row_info.get(row))
        number = str(row + 1)
        letters, formats, styles = self._letters, self._cell_formats, self._styles
        parts = []
        for i in filled:
            value = values[i]
            kind = value.__class__
            if kind is str or kind is tuple:
                if kind is tuple:
                    value, cell_format = value[0], self._quoted_formats[i]
                else:
                    cell_format = formats[i]
                style = styles.get(id(cell_format)) or self._style(cell_format)
                text = _xml_text(value)
                space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                parts.append(f'<c r="{letters[i]}{number}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            else:
                if kind is not int and not math.isfinite(value):
                    raise TypeError(f"no finite number: {value!r}")
                style = styles.get(id(formats[i])) or self._style(formats[i])
                parts.append(f'<c r="{letters[i]}{number}"{style}><v>{value:.16G}</v></c>')
        parts.append("</row>")
        self.fh.write("".join(parts))


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
        self.kinds: Sequence[str] = ()
        self.r = 0

    def sheet(self, title: str, kinds: Sequence[str], widths: Sequence[float], headers: Sequence[str]) -> None:
        """A new sheet: its columns' kinds, widths and headers (wide text columns wrap)."""
        self.ws = self.book.add_worksheet(title[:31], worksheet_class=RowsWorksheet)
        self.kinds, self.r = list(kinds), 0
        self.ws.start_cells([self.wrapped if k == "text" and w >= 30 else self.formats[k] for k, w in zip(
            kinds, widths, strict=True)], [self.quoted[w >= 30] for w in widths])
        self.ws.freeze_panes(1, 0)
        for i, (width, header) in enumerate(zip(widths, headers, strict=True)):
            self.ws.set_column(i, i, width)
            self.ws.write_string(0, i, header, self.header)  # headers are the product's own words

    def row(self, values: Sequence[Any]) -> None:
        """One row of the current sheet: the raw values of its columns, in order."""
        self.r += 1
        self.ws.write_cells(self.r, xlsx_cells(self.kinds, values))

    def close(self) -> None:
        self.book.close()


def serve(inbox: IO[bytes], path: str) -> None:
    """The writer process (``engine.output.piped``): a sheet's columns, then its rows in chunks, until told to
    close. The messages hold only plain values (text, numbers, dates, lists), so reading them imports nothing."""
    book = XlsxBook(path)
    while True:
        message: Any = pickle.load(inbox)
        if message[0] == "sheet":
            book.sheet(*message[1:])
        elif message[0] == "rows":
            for values in message[1]:
                book.row(values)
        else:
            book.close()
            return


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.argv[1])
