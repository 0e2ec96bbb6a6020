"""The written request as a Word document (python-docx): A4, Chinese set in 宋体 through the East-Asian font
slot (``w:eastAsia``), without which Word shows Chinese in a fallback font."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

if TYPE_CHECKING:
    from workflows.bargaining.services import Letter

BODY_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"


def east_asian(element: Any, font: str) -> None:
    """Set the fonts of a style's or a run's properties: Latin text in ``LATIN_FONT``, Chinese in ``font``."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph(doc: Any, text: str, *, size: float = 14, bold: bool = False, font: str = BODY_FONT,
               align: Any = None, indent: bool = False, space_after: float = 0) -> Any:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.5
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as Chinese paragraphs begin
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    east_asian(run._element, font)
    return paragraph


def letter_document(letter: Letter) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    east_asian(normal.element, BODY_FONT)
    doc.core_properties.title = letter.title
    doc.core_properties.language = "zh-CN"

    _paragraph(doc, letter.title, size=22, bold=True, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER,
               space_after=12)
    _paragraph(doc, letter.addressee)
    _paragraph(doc, letter.opening, indent=True)
    for heading, lines in letter.sections:
        _paragraph(doc, heading, bold=True, font=TITLE_FONT, indent=True)
        for line in lines:
            _paragraph(doc, line, indent=True)
    _paragraph(doc, "")
    _paragraph(doc, f"{letter.sender}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, letter.dated, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # The receipt the other side signs and returns: its date starts the reply period.
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(doc, "回　执", size=18, bold=True, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    for number, line in enumerate(letter.receipt):
        _paragraph(doc, line, indent=number > 0)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
