"""Word documents laid out as GB/T 9704-2012 official documents (公文), built with python-docx for the import
tests and the browser journey: ``gbt9704_docx(**options) -> bytes``.

The default is a complete 通知 of 临沂市发展和改革委员会: the red header (发文机关标志), 文号, the red rule, a
22 pt centred title, 主送机关, a body with ``一、`` headings, a table and an embedded PNG, the attachment note
with two numbered attachments, the signature, the date line, 附注 and the 版记 (抄送, 印发). Each keyword
varies one part; ``None`` (or ``False``) leaves the part out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

ISSUER = "临沂市发展和改革委员会"
DOC_NUMBER = "临发改〔2026〕15号"
TITLE = "临沂市发展和改革委员会关于做好2026年重点项目谋划储备工作的通知"
ADDRESSEE = "各县区发展改革局："
DATE = "2026年3月5日"
DATE_IN_CHINESE = "二〇二六年三月五日"
ATTACHMENTS = ("2026年重点项目储备清单", "重点项目申报表")
TABLE = (("项目名称", "总投资（亿元）", "责任单位"), ("临沂港区物流园", "12.5", "兰山区发展改革局"))
RED = "FF0000"


def png_image(width: int = 40, height: int = 24, colour=(30, 90, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def gbt9704_docx(
    *,
    header: bool = True,
    issuer: str = ISSUER,
    doc_number: str | None = DOC_NUMBER,
    red_rule: bool = True,
    title: str | None = TITLE,
    addressee: str | None = ADDRESSEE,
    heading_styles: bool = False,
    table: bool = True,
    image: bool = True,
    attachments: Sequence[str] = ATTACHMENTS,
    signature: str | None = ISSUER,
    date: str | None = DATE,
    note: str | None = "（此件公开发布）",
    copy_to: str | None = "市委办公室，市人大常委会办公室，市政协办公室。",
    printed_by: str | None = "临沂市发展和改革委员会办公室",
    body: Sequence[str] = (),
    closing: str | None = None,
    seal: bool = False,
    header_in_table: bool = False,
    header_in_text_box: bool = False,
    signature_with_date: bool = False,
) -> bytes:
    """A GB/T 9704 document as .docx bytes.

    ``header=False`` leaves out the red header; ``doc_number="临发改[2026]15号"`` writes wrong brackets;
    ``date=DATE_IN_CHINESE`` writes the date in Chinese numerals, ``date=None`` leaves the date line out;
    ``heading_styles=True`` gives the ``一、`` headings Word's 标题 1 style; ``body`` adds paragraphs,
    ``closing`` a last line of the body (``特此通知``); ``image=2`` puts the same picture in twice; ``seal``
    anchors a red picture (the seal) in the blank line above the signature; ``header_in_table`` puts the red
    header in a table cell, ``header_in_text_box`` in a text box (written twice, as Word does: the drawing and
    its fallback for old readers); ``signature_with_date`` writes both in one paragraph with a line break."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(16)

    def paragraph(text: str = "", *, size: float | None = None, colour: str | None = None, align=None):
        p = document.add_paragraph()
        if text:
            run = p.add_run(text)
            if size:
                run.font.size = Pt(size)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
        if align is not None:
            p.alignment = align
        return p

    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if header and header_in_text_box:
        _text_box(document.add_paragraph(), f"{issuer}文件")
        paragraph()
    elif header and header_in_table:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        run = cell.paragraphs[0].add_run(f"{issuer}文件")
        run.font.size, run.font.color.rgb = Pt(36), RGBColor.from_string(RED)
        paragraph()
    elif header:
        paragraph(f"{issuer}文件", size=36, colour=RED, align=centre)
        paragraph()
        paragraph()
    if doc_number:
        paragraph(doc_number, align=centre)
    if red_rule:
        _border(paragraph(), "bottom", RED, size=18)
    if title:
        paragraph()
        paragraph(title, size=22, align=centre)
        paragraph()
    if addressee:
        paragraph(addressee)
    paragraph("为做好2026年重点项目谋划储备工作，现将有关事项通知如下。")
    heading = "Heading 1" if heading_styles else None
    document.add_paragraph("一、总体要求", style=heading)
    paragraph("坚持项目为王，围绕产业升级和民生改善谋划储备一批重大项目。")
    for text in body:
        paragraph(text)
    document.add_paragraph("二、重点任务", style=heading)
    paragraph("（一）加强项目储备。各县区要按照下表填报储备项目。")
    if table:
        grid = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(TABLE):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for _ in range(int(image)):
        document.add_paragraph().add_run().add_picture(io.BytesIO(png_image()), width=Cm(3))
    document.add_paragraph("三、工作要求", style=heading)
    paragraph("请于2026年3月31日前将项目清单报送市发展改革委。")
    if closing:
        paragraph(closing)
    if attachments:
        paragraph()
        if len(attachments) == 1:
            paragraph(f"附件：{attachments[0]}")
        else:
            for number, name in enumerate(attachments, start=1):
                prefix = "附件：" if number == 1 else "　　　"
                paragraph(f"{prefix}{number}.{name}")
    if signature or date:
        paragraph()
        blank = paragraph()
        if seal:
            blank.add_run().add_picture(io.BytesIO(png_image(colour=(220, 0, 0))), width=Cm(4))
    if signature and date and signature_with_date:
        together = paragraph(signature, align=right)
        together.runs[0].add_break()
        together.add_run(date)
    else:
        if signature:
            paragraph(signature, align=right)
        if date:
            paragraph(date, align=right)
    if note:
        paragraph(note)
    if copy_to or printed_by:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if copy_to:
            _border(paragraph(f"抄送：{copy_to}", size=14), "top", "000000", size=8)
        if printed_by:
            printed_on = "2026年3月5日" if date else "2026年3月6日"
            _border(paragraph(f"{printed_by}　　　　{printed_on}印发", size=14), "bottom", "000000", size=8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0"
 layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">
<wp:align>center</wp:align></wp:positionH><wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset>
</wp:positionV><wp:extent cx="5600000" cy="900000"/><wp:wrapTopAndBottom/><wp:docPr id="90" name="红头"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:txbx><w:txbxContent>{paragraph}</w:txbxContent></wps:txbx>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape style="width:441pt;height:71pt"><v:textbox><w:txbxContent>{paragraph}</w:txbxContent></v:textbox>
</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
TEXT_BOX_PARAGRAPH = (
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="FF0000"/><w:sz w:val="72"/>'
    "</w:rPr><w:t>{text}</w:t></w:r></w:p>"
)


def _text_box(p, text: str) -> None:
    """A red header in a floating text box, as WPS and Word templates often draw it."""
    from docx.oxml import parse_xml

    inner = TEXT_BOX_PARAGRAPH.format(text=text)
    p._p.append(parse_xml(TEXT_BOX.format(paragraph=inner)))


def _border(p, side: str, colour: str, *, size: int) -> None:
    """A paragraph border: GB/T 9704's red rule under the 文号, the 版记's rules."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    p_pr.insert_element_before(borders, *PPR_AFTER_BORDER)


# The children of w:pPr that come after w:pBdr in the schema's order (Word refuses another order).
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
