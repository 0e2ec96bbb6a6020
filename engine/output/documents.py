"""Writing a paper form (``reports.Form``) as a Word document: one A4 page, a ruled table like the printed form,
with the East-Asian font set so that Word shows the Chinese in 宋体 rather than a fallback; and a report the office
edits (``write_report_docx``: title, paragraphs, tables)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from engine.output.reports import Form

BODY_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
TOP = WD_CELL_VERTICAL_ALIGNMENT.TOP
LABEL_WIDTH, VALUE_WIDTH = Cm(2.8), Cm(5.2)  # four columns across the 16 cm between A4 margins


def _font(target: object, east_asian: str, size: float | None = None, bold: bool = False) -> None:
    """Set a run's or a style's fonts: Latin and East Asian (``w:eastAsia``), which Word keeps apart."""
    font = target.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.bold = bold or None
    if size is not None:
        font.size = Pt(size)
    r_pr = target.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _write(cell: object, text: str, *, bold: bool = False, center: bool = False) -> None:
    """A cell's text, a paragraph per line (Word ignores line feeds inside a run)."""
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for i, line in enumerate(text.replace("\r", "").split("\n")):
        paragraph = paragraphs[0] if i == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.space_after = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run: Run = paragraph.add_run(line)
        _font(run, BODY_FONT, bold=bold)


def write_docx(form: Form, out: IO[bytes]) -> None:
    """The form as a .docx: title, the line above the table, the table, and the footer line."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = section.right_margin = Cm(2.5)
    _font(document.styles["Normal"], BODY_FONT, 10.5)  # 五号

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(form.title), TITLE_FONT, 18, bold=True)
    heading = document.add_paragraph()
    for i, (label, value) in enumerate(form.heading):
        _font(heading.add_run(("　　" if i else "") + f"{label}：{value}"), BODY_FONT)

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out by; Word reads each cell's width
    for line in form.lines:
        row = table.add_row()
        cells = row.cells
        for c, width in zip(cells, widths, strict=True):
            c.width = width
        row.height, row.height_rule = Cm(0.9), WD_ROW_HEIGHT_RULE.AT_LEAST
        column = 0
        for entry in line:
            label, value = cells[column], cells[column + 1]
            wide = entry.wide or len(line) == 1  # an entry alone on its line runs to the edge
            if wide:
                value = value.merge(cells[3])
            _write(label, entry.label, bold=True, center=True)
            _write(value, entry.value)
            label.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            value.vertical_alignment = TOP if entry.tall else WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if entry.tall:
                row.height = Cm(3)
            column += 4 if wide else 2
    if form.footer:
        footer = document.add_paragraph()
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(footer.add_run(form.footer), BODY_FONT, 9)
    document.save(out)


ReportTable = tuple[str | None, Sequence[str], Iterable[Sequence[str]]]  # heading (or none), columns, rows


def write_report_docx(out: IO[bytes], title: str, paragraphs: Iterable[str], tables: Iterable[ReportTable],
                      printed: date | None = None) -> None:
    """A report the office edits in Word before a meeting: a centred title, indented paragraphs, then each table
    (under its heading when it has one) ruled like the printed form, and the day it was printed at the foot."""
    document = Document()
    _font(document.styles["Normal"], BODY_FONT, 12)
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(head.add_run(title), BODY_FONT, 16, bold=True)
    for text in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(24)
        _font(paragraph.add_run(text), BODY_FONT)
    for heading, columns, rows in tables:
        if heading:
            _font(document.add_paragraph().add_run(heading), BODY_FONT, 13, bold=True)
        table = document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, columns, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, bold=True)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _font(cell.paragraphs[0].add_run(text), BODY_FONT)
    if printed:
        document.add_paragraph(printed.isoformat()).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(out)
