"""Notices to applicants (告知书) as DOCX laid out to GB/T 9704-2012 (spec §5) and as PDF (WeasyPrint).

The wording follows the Regulation; the unit's seal is a placeholder to be stamped. Fonts are named, not
shipped (方正小标宋简体, 仿宋_GB2312 and 黑体 are not free to redistribute): Word substitutes what the user has.
The PDF uses Debian's Noto CJK fonts, and says so plainly when they are missing instead of printing boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Application, Event, EventKind

KINDS = {
    "reply": "政府信息公开申请答复告知书",
    "correction": "政府信息公开申请补正告知书",
    "extension": "延期答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "信息处理费缴费通知书",
}
SOURCE_EVENT = {
    "reply": EventKind.ANSWERED,
    "correction": EventKind.CORRECTION_REQUESTED,
    "extension": EventKind.EXTENDED,
    "consultation": EventKind.CONSULTATION_STARTED,
    "fee": EventKind.FEE_NOTICE_SENT,
}


class NoticeUnavailable(Exception):
    """The notice cannot be produced (wrong stage, or no Chinese font for the PDF)."""


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    issuer: str
    dated: dt.date


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _event(application: Application, kind: str) -> Event:
    event = application.events.filter(kind=SOURCE_EVENT[kind]).order_by("-on", "-pk").first()
    if event is None:
        raise NoticeUnavailable(f"本申请尚无“{KINDS[kind]}”对应的办理事项。")
    return event


def build(application: Application, kind: str) -> Notice:
    if kind not in KINDS:
        raise NoticeUnavailable("不认识的告知书类型。")
    event = _event(application, kind)
    received = chinese_date(application.received_on)
    desc = application.description.strip()
    paragraphs: list[str]
    if kind == "reply":
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请，申请获取“{desc}”。",
            f"经审查，答复如下：{application.reply_text}",
        ]
        if application.withheld_note:
            paragraphs.append(f"其中不予公开的部分及理由：{application.withheld_note}")
        paragraphs.append(f"依据：{application.legal_basis}。" if application.legal_basis else "")
    elif kind == "correction":
        deadline = dt.date.fromisoformat(event.data["deadline"])
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。经审查，您的申请内容不明确，"
            "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对申请作出补正：",
            event.note or "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述。",
            f"请于{chinese_date(deadline)}前提交补正材料。答复期限自本机关收到补正后的申请之日起计算；"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    elif kind == "extension":
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。因{event.data.get('reason', '')}，"
            "需要延长答复期限。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
            f"答复期限延长{event.data.get('days')}个工作日，延长后的答复期限为{chinese_date(event.due_on_after)}。",
        ]
    elif kind == "consultation":
        paragraphs = [
            f"本机关收到政府信息公开申请，申请获取“{desc}”。该信息可能涉及你方合法权益，"
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。",
            "请自收到本征求意见书之日起15个工作日内提出意见。逾期未提出意见的，本机关将依照条例的规定决定是否公开。",
        ]
    else:
        paragraphs = [
            f"本机关于{received}收到您提出的政府信息公开申请。根据《政府信息公开信息处理费管理办法》，"
            f"您的申请需缴纳信息处理费{event.data.get('amount')}元（计费方式："
            f"{'按件计收' if event.data.get('basis') == 'per_piece' else '按量计收'}，数量{event.data.get('quantity')}）。",
            "请自收到本通知之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    addressee = event.data.get("party") if kind == "consultation" else application.applicant_name
    sequence = Event.objects.filter(
        application__unit=application.unit, on__year=event.on.year, pk__lte=event.pk
    ).count()
    number = f"{application.unit.short_name or application.unit.name}依申〔{event.on.year}〕{sequence}号"
    return Notice(
        kind=kind,
        title=KINDS[kind],
        number=number,
        addressee=addressee,
        paragraphs=[p for p in paragraphs if p],
        issuer=application.unit.name,
        dated=event.on,
    )


# DOCX (GB/T 9704-2012) ------------------------------------------------------------------------------------

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"


def _font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, *, size=16, font=BODY_FONT, align=None, indent_chars=0, right_chars=0):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(29)  # 22 lines in the 225 mm type area
    fmt.space_before = fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = Pt(16 * indent_chars)
    if right_chars:
        fmt.right_indent = Pt(16 * right_chars)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size)
    return paragraph


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    _font(run, "宋体", 14)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "宋体", 14)


def to_docx(notice: Notice) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    _page_number_footer(section)

    _paragraph(document, notice.title, size=22, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "")
    _paragraph(document, f"{notice.addressee}：")
    for text in notice.paragraphs:
        _paragraph(document, text, indent_chars=2)
    _paragraph(document, "")
    _paragraph(document, notice.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _paragraph(document, "（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _paragraph(document, chinese_date(notice.dated), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# PDF ------------------------------------------------------------------------------------------------------


def chinese_font_available() -> bool:
    """Whether fontconfig knows a font covering Simplified Chinese (Debian: fonts-noto-cjk)."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)  # noqa: S607
    return bool(result.stdout.strip())


def to_pdf(notice: Notice) -> bytes:
    if not chinese_font_available():
        raise NoticeUnavailable(
            "服务器未安装中文字体（Debian 软件包 fonts-noto-cjk），PDF 中的中文会显示为方框，因此未生成 PDF。"
            "请安装该字体（make run 与 make test 会自动安装），或下载 DOCX 版本。"
        )
    import weasyprint

    html = render_to_string("foi/notice_pdf.html", {"notice": notice, "dated": chinese_date(notice.dated)})
    return weasyprint.HTML(string=html).write_pdf()


def filename(notice: Notice, extension: str) -> str:
    return f"{notice.title}-{timezone.localdate():%Y%m%d}.{extension}"
