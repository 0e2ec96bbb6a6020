"""The return's Excel layout: the shipped template marks every line, and an office's own template (set by
``[return] template``) is filled by its markers, inside text too, and by cells named after a line's code."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from config import Settings
from engine.core.registry import Registry
from workflows import register_all
from workflows.returns import workbook
from workflows.returns.lines import COUNTS, LINES


def cells(content: bytes) -> dict[str, object]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}


def test_the_shipped_template_marks_every_line_and_is_what_make_template_writes(tmp_path):
    text = " ".join(str(v) for v in cells(workbook.SHIPPED.read_bytes()).values())
    assert all(f"{{{{{line.code}}}}}" in text for line in LINES)
    assert all(f"{{{{{code}__computed}}}}" in text and f"{{{{{code}__note}}}}" in text for code in COUNTS)
    workbook.make_template(tmp_path / "again.xlsx")
    assert cells((tmp_path / "again.xlsx").read_bytes()) == cells(workbook.SHIPPED.read_bytes())


def test_an_offices_own_template_is_filled_by_markers_and_named_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报"
    ws["A1"] = "填报单位：{{union}}（{{year}} 年）"
    ws["B3"] = "{{ members_total }}"
    ws["B4"] = "{{reps_women_share}}"
    ws["B5"] = "会员 {{members_total}} 人，女会员 {{members_women}} 人"
    wb.defined_names["reps_total"] = DefinedName("reps_total", attr_text="'年报'!$C$7")
    path = tmp_path / "office.xlsx"
    wb.save(path)
    settings = Settings(**{"return": {"template": str(path)}})
    registry = register_all(Registry(), settings)
    assert workbook.template_path(registry.policy("return_template")) == path
    values = dict.fromkeys(COUNTS, 0) | {"members_total": 120, "members_women": 48, "reps_total": 40,
                                         "reps_women": 16}
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.fill(path, workbook.fields_of("甲工会", 2025, "已审核", values))
                                              ))["年报"]
    assert sheet["A1"].value == "填报单位：甲工会（2025 年）"
    assert sheet["B3"].value == 120 and sheet["C7"].value == 40
    assert sheet["B4"].value == 0.4 and sheet["B4"].number_format == workbook.PERCENT
    assert sheet["B5"].value == "会员 120 人，女会员 48 人"
