"""The return as an Excel file in a layout the office can change: a template whose cells hold ``{{code}}`` markers
(or are named by a line's code), filled by openpyxl. The package ships ``template.xlsx`` (made by
``make_template``); ``[return] template`` points at an office's own."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from workflows.returns.lines import LINES, SECTIONS, SHARE, share

SHIPPED = Path(__file__).with_name("template.xlsx")
MARKER = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")
PERCENT = "0.0%"


def template_path(configured: str | None) -> Path:
    return Path(configured) if configured else SHIPPED


def make_template(path: Path = SHIPPED) -> None:
    """The shipped layout: a title, then per section its lines with the reported figure, the computed one and the
    note of a correction, each a marker."""
    wb = Workbook()
    ws = wb.active
    ws.title = "统计报表"
    ws["A1"] = "{{union}} {{year}} 年度工会统计报表 / Statistical return"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["代码 Code", "项目 Line", "填报数 Reported", "系统计算数 Computed", "更正说明 Note"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for key, section in SECTIONS.items():
        ws.append(["", f"{section.zh} / {section.en}"])
        ws.cell(ws.max_row, 2).font = Font(bold=True)
        for line in (x for x in LINES if x.section == key):
            computed = "" if line.kind == SHARE else f"{{{{{line.code}__computed}}}}"
            note = "" if line.kind == SHARE else f"{{{{{line.code}__note}}}}"
            ws.append([line.code, f"{line.label.zh} / {line.label.en}", f"{{{{{line.code}}}}}", computed, note])
    ws.append([])
    ws.append(["", "状态 Status", "{{state}}"])
    for column, width in zip("ABCDE", (24, 44, 14, 16, 40), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=4):
        row[4].alignment = Alignment(wrap_text=True)
    wb.save(path)


def _cell_value(key: str, fields: Mapping[str, Any]) -> Any:
    return fields.get(key, "")


def fill(template: Path, fields: Mapping[str, Any]) -> bytes:
    """The template with every marker replaced: a cell that is one marker gets the value itself (a number stays a
    number; a share gets a percent format); a marker inside text is replaced as text. A defined name equal to a
    field's key gets that field's value in the cell it names."""
    wb = load_workbook(template)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or "{{" not in cell.value:
                    continue
                whole = MARKER.fullmatch(cell.value.strip())
                if whole:
                    value = _cell_value(whole.group(1), fields)
                    cell.value = value
                    if isinstance(value, float):
                        cell.number_format = PERCENT
                else:
                    cell.value = MARKER.sub(lambda m: str(_cell_value(m.group(1), fields) or ""), cell.value)
    for name, defined in list(wb.defined_names.items()):
        if name not in fields:
            continue
        for sheet, ref in defined.destinations:
            wb[sheet][ref.replace("$", "").split(":")[0]] = fields[name]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fields_of(union: str, year: int, state: str, values: Mapping[str, int], computed: Mapping[str, int] | None = None,
              notes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the markers are filled with: the union's (or federation's) name, the year, the step, each line's
    reported value (a share as a fraction), and each count's computed value and correction note."""
    fields: dict[str, Any] = {"union": union, "year": year, "state": state}
    for line in LINES:
        if line.kind == SHARE:
            value = share(dict(values), line)
            fields[line.code] = round(value, 4) if value is not None else ""
        else:
            fields[line.code] = values.get(line.code, 0)
            fields[f"{line.code}__computed"] = (computed or values).get(line.code, 0)
            fields[f"{line.code}__note"] = (notes or {}).get(line.code, "")
    return fields
