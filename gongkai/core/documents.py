"""Generated documents: DOCX pages laid out to GB/T 9704-2012 (spec §5) and PDF through WeasyPrint.

Fonts are named, not shipped (方正小标宋简体, 仿宋_GB2312 and 黑体 are not free to redistribute): Word
substitutes what the user has. PDFs use Debian's Noto CJK fonts, and are refused with the reason when they
are missing instead of printing boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
NO_CHINESE_FONT = (
    "服务器未安装中文字体（Debian 软件包 fonts-noto-cjk），PDF 中的中文会显示为方框，因此未生成 PDF。"
    "请安装该字体（make run 与 make test 会自动安装），或下载 DOCX 版本。"
)


class DocumentUnavailable(Exception):
    """The document cannot be produced (wrong stage, or no Chinese font for the PDF)."""


def font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(
    document, text: str, *, size=16, font_name=BODY_FONT, align=None, indent_chars=0, right_chars=0
):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    added = document.add_paragraph()
    fmt = added.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(29)  # 22 lines in the 225 mm type area
    fmt.space_before = fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = Pt(16 * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(16 * right_chars)
    if align is not None:
        added.alignment = align
    font(added.add_run(text), font_name, size)
    return added


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(footer.add_run("— "), "宋体", 14)
    run = footer.add_run()
    font(run, "宋体", 14)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    font(footer.add_run(" —"), "宋体", 14)


def new_document():
    """An A4 document with the GB/T 9704 margins (top 37, bottom 35, left 28, right 26 mm) and page numbers."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    _page_number_footer(section)
    return document


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def chinese_font_available() -> bool:
    """Whether fontconfig knows a font covering Simplified Chinese (Debian: fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)  # noqa: S607
    return bool(result.stdout.strip())


def html_to_pdf(html: str) -> bytes:
    if not chinese_font_available():
        raise DocumentUnavailable(NO_CHINESE_FONT)
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()
