"""Reports offered by name, and a paper form written as a Word document with the East-Asian font set."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from engine.core.errors import NotFound
from engine.core.i18n import Label
from engine.core.registry import Registry
from engine.output.documents import write_docx
from engine.output.reports import Cell, Form, Report, ReportSpec


def nothing(env, actor, lang, **params):  # noqa: ANN001, ANN003, ANN201
    return Report("空", "空")


def test_reports_are_found_by_name_and_a_name_is_taken_once():
    registry = Registry()
    spec = ReportSpec("register", Label("汇编", "Register"), nothing, ("union_office",))
    registry.reports.register(spec)
    registry.reports.register(spec)  # the same spec again: nothing changes
    assert registry.reports.get("register") is spec and "register" in registry.reports
    with pytest.raises(ValueError, match="already registered"):
        registry.reports.register(ReportSpec("register", Label("另一个", "Another"), nothing))
    with pytest.raises(NotFound):
        registry.reports.get("missing")


def test_a_form_becomes_a_ruled_a4_table_with_wide_lines_merged_and_chinese_fonts():
    form = Form("职工代表大会提案表", [("职代会会议", "第五届职代会第三次会议"), ("提案号", "第 7 号")], [
        [Cell("案由", "关于夜班供餐的提案", wide=True)],
        [Cell("提案人", "王建国"), Cell("提交日期", "2026-11-23")],
        [Cell("理由", "第一行\r\n第二行", wide=True, tall=True)],
        [Cell("领导批示", "同意")],  # alone on its line: runs to the edge
    ], "打印日期：2026-11-23")
    out = io.BytesIO()
    write_docx(form, out)
    document = docx.Document(io.BytesIO(out.getvalue()))
    assert document.paragraphs[0].text == "职工代表大会提案表"
    assert document.paragraphs[1].text == "职代会会议：第五届职代会第三次会议　　提案号：第 7 号"
    table = document.tables[0]
    assert [len({id(c._tc) for c in row.cells}) for row in table.rows] == [2, 4, 2, 2]
    assert [c.text for c in table.rows[1].cells] == ["提案人", "王建国", "提交日期", "2026-11-23"]
    assert table.rows[2].cells[1].text == "第一行\n第二行" and table.rows[3].cells[3].text == "同意"
    assert table.rows[2].height.cm == pytest.approx(3, abs=0.01)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("word/document.xml").decode()
    assert xml.count('w:eastAsia="宋体"') >= 10 and 'w:eastAsia="黑体"' in xml
